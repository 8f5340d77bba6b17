from __future__ import annotations

from datetime import date

from flask import current_app, jsonify, render_template, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.blueprints.public import bp
from portal.blueprints.public.forms import DirectoryForm, FindMyProgramForm, ProgramProvidersForm, ProviderLookupForm
from portal.extensions import db
from portal.models import ARRANGEMENTS, SPECIALTIES
from portal.services import directory, enrollment
from portal.services.npi import InvalidNPI, normalize_npi
from portal.services.states import STATES, TILE_POSITIONS
from portal.web import fail


@bp.get("/")
def home():
    totals = directory.directory_totals(db.session)
    return render_template("public/home.html", totals=totals)


@bp.get("/programs")
def program_directory():
    form = DirectoryForm(request.args)
    valid = form.validate()
    if valid:
        filters = directory.ProgramFilters(
            q=form.q.data or "",
            state=form.state.data or None,
            arrangement=form.arrangement.data or None,
            specialty=form.specialty.data or None,
            sort=form.sort.data or "relevance",
            page=form.page.data or 1,
            per_page=current_app.config["DIRECTORY_PAGE_SIZE"],
        )
        results = directory.search_programs(db.session, filters)
        counts = directory.state_counts(db.session, filters.arrangement, filters.specialty)
    else:
        filters, results = None, None
        counts = directory.state_counts(db.session)
    status = 200 if valid else 400
    return (
        render_template(
            "public/directory.html",
            form=form,
            filters=filters,
            results=results,
            counts=counts,
            states=STATES,
            tiles=TILE_POSITIONS,
            arrangements=ARRANGEMENTS,
            specialties=SPECIALTIES,
        ),
        status,
    )


@bp.get("/programs/<slug>")
def program_page(slug: str):
    program = directory.get_program(db.session, slug)
    if program is None:
        fail(404, "There is no Collaborative Care program at this address. Try the program directory.")
    form = ProgramProvidersForm(request.args)
    if not form.validate():
        fail(400, "Page must be a whole number, 1 or more.")
    providers = directory.program_providers(db.session, program, form.page.data or 1)
    return render_template(
        "public/program.html", program=program, providers=providers, today=date.today(), states=STATES
    )


@bp.get("/providers")
def provider_lookup():
    form = ProviderLookupForm(request.args)
    today = date.today()
    result = results = None
    npi_error = None
    searched = bool(form.npi.data or form.name.data)
    valid = form.validate()
    if valid and form.npi.data:
        try:
            npi = normalize_npi(form.npi.data)
        except InvalidNPI as error:
            npi_error = str(error)
        else:
            result = directory.provider_by_npi(db.session, npi, today)
    elif valid and form.name.data:
        results = directory.search_providers_by_name(db.session, form.name.data, today, form.page.data or 1)
    status = 400 if (not valid or npi_error) else 200
    return (
        render_template(
            "public/providers.html",
            form=form,
            result=result,
            results=results,
            npi_error=npi_error,
            searched=searched,
            today=today,
        ),
        status,
    )


@bp.get("/care-programs")
def care_programs():
    return render_template("public/care_programs.html", programs=enrollment.catalog(db.session))


@bp.get("/care-programs/<code>")
def care_program(code: str):
    program = enrollment.get_program(db.session, code)
    if program is None:
        fail(404, "There is no such program. See the list of clinical and lifestyle programs.")
    return render_template("public/care_program.html", program=program)


@bp.get("/find-my-program")
def find_my_program():
    form = FindMyProgramForm(request.args)
    valid = form.validate()
    query = form.q.data or ""
    result = None
    if valid and query:
        result = directory.find_care_team_program(db.session, query, date.today())
    return render_template("public/find_my_program.html", form=form, result=result), 200 if valid else 400


@bp.get("/contact")
def contact():
    return render_template("public/contact.html")


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(select(1))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database did not answer")
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})
