from __future__ import annotations

from datetime import date

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.blueprints.public import bp
from portal.blueprints.public.forms import DirectoryForm, ProgramProvidersForm, ProviderLookupForm
from portal.extensions import db
from portal.models import ARRANGEMENTS, SPECIALTIES
from portal.services import directory, enrollment
from portal.services.seed import demo_accounts
from portal.services.states import STATES, TILE_POSITIONS
from portal.web import fail


@bp.get("/")
def home():
    totals = directory.directory_totals(db.session)
    # Development only, and only once `flask seed` made the demo accounts: how to try each role.
    demo = None if current_app.config["PORTAL_PRODUCTION"] else demo_accounts.overview(db.session)
    return render_template("public/home.html", totals=totals, demo=demo)


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
        fail(404, _("There is no Collaborative Care program at this address. Try the program directory."))
    form = ProgramProvidersForm(request.args)
    if not form.validate():
        fail(400, _("Page must be a whole number, 1 or more."))
    providers = directory.program_providers(db.session, program, form.page.data or 1)
    return render_template(
        "public/program.html", program=program, providers=providers, today=date.today(), states=STATES
    )


@bp.get("/providers")
def provider_lookup():
    """The one search for doctors: by name, medical group or NPI."""
    form = ProviderLookupForm(request.args)
    valid = form.validate()
    query = form.query
    result = None
    if valid and query:
        as_npi = bool(form.npi.data) and not form.q.data
        result = directory.find_doctor(db.session, query, date.today(), form.page.data or 1, as_npi=as_npi)
    status = 400 if not valid or (result and result.npi_error) else 200
    return render_template("public/providers.html", form=form, query=query, result=result), status


@bp.get("/care-programs")
def care_programs():
    return render_template("public/care_programs.html", programs=enrollment.catalog(db.session))


@bp.get("/care-programs/<code>")
def care_program(code: str):
    program = enrollment.get_program(db.session, code)
    if program is None:
        fail(404, _("There is no such program. See the list of clinical and lifestyle programs."))
    return render_template("public/care_program.html", program=program)


@bp.get("/find-my-program")
def find_my_program():
    """The former second doctor search, kept for links people saved: now the one search."""
    query = request.args.get("q", "")[:200]
    return redirect(url_for("public.provider_lookup", **({"q": query} if query else {})), 301)


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


@bp.post("/language")
def set_language():
    """The language switch at the foot of every page: remembered in a cookie and, for a signed-in
    user, in their account (their e-mails follow it too); then back to the page it was used on."""
    from flask_login import current_user

    from portal.access import current_actor, is_safe_next
    from portal.i18n import COOKIE, COOKIE_MAX_AGE, valid_language
    from portal.services import preferences

    language = valid_language(request.form.get("language"))
    if language is None:
        fail(400, _("Choose English or Spanish."))
    target = request.form.get("next", "")
    response = redirect(target if is_safe_next(target) else url_for("public.home"), 303)
    response.set_cookie(COOKIE, language, max_age=COOKIE_MAX_AGE, secure=current_app.config["SESSION_COOKIE_SECURE"],
                        httponly=True, samesite="Lax")
    if current_user.is_authenticated:
        preferences.set_language(db.session, current_actor(), current_user, language)
    return response
