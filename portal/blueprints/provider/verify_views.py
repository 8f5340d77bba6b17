"""Office verification pages: one patient (with a confirm-patient step), a CSV batch, the
recent list, provider participation by NPI, and the organization's attributed roster."""
from __future__ import annotations

from datetime import date

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import current_actor, fresh_code_needed
from portal.blueprints.provider import bp
from portal.blueprints.provider.forms import BatchForm, ProviderCheckForm, RosterForm, VerifyForm
from portal.extensions import db, limiter
from portal.models.clinical import shown_text
from portal.services import audit, batch_csv, directory, roster, verification
from portal.services.npi import InvalidNPI, normalize_npi
from portal.services.verification import VerificationError, VerificationResult
from portal.web import download, fail


def user_key() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "anonymous"


verify_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_VERIFY"], scope="verify",
                                    key_func=user_key, methods=["POST"])
batch_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_BATCH"], scope="batch",
                                   key_func=user_key, methods=["POST"])


@bp.route("/verify", methods=["GET", "POST"])
@verify_limit
def verify():
    form = VerifyForm()
    status = 200
    if request.method == "GET" and not form.date_of_service.data:
        form.date_of_service.data = date.today()
    if form.validate_on_submit():
        try:
            query = verification.build_query(form.member_id.data, form.date_of_birth.data, form.last_name.data,
                                             form.date_of_service.data)
        except VerificationError as error:
            form[error.field].errors = [*form[error.field].errors, str(error.message)]
            status = 400
        else:
            reference, result = verification.verify(db.session, current_actor(), query)
            if result.matched:
                return redirect(url_for("provider.verification", reference=reference))
            # No match: the same form, as it was typed, to check and correct (what was typed is
            # shown back only here, never kept).
            return render_template("provider/verify.html", form=form, no_match=reference,
                                   recent=verification.recent(db.session, current_actor(), limit=10))
    elif request.method == "POST":
        status = 400
    return render_template("provider/verify.html", form=form,
                           recent=verification.recent(db.session, current_actor(), limit=10)), status


def _own_record(reference: str):
    record = verification.get_record(db.session, current_user.id, reference)
    if record is None:
        fail(404, _("This verification is not in your recent list: results are kept for 24 hours."))
    return record


@bp.get("/verify/<reference>", endpoint="verification")
def verification_result(reference: str):
    record = _own_record(reference)
    if record.kind == "batch":
        return redirect(url_for("provider.batch_result", reference=reference))
    result = VerificationResult.from_dict(record.summary["result"])
    confirmed = record.summary.get("confirmed", False)
    # Before confirmation the page shows the name and date of birth: a look at member data too.
    audit.record(db.session, current_actor(), "member.view", member_ref=record.query_ref,
                 details={"reference": record.reference, "what": "verification result", "confirmed": confirmed})
    db.session.commit()
    return render_template("provider/verification.html", record=record, result=result, confirmed=confirmed,
                           program_label=shown_text)


@bp.post("/verify/<reference>/confirm")
def confirm_verification(reference: str):
    record = _own_record(reference)
    if request.form.get("answer") == "no":
        flash(_("Check the member ID, date of birth and last name with the patient, then verify again."), "info")
        return redirect(url_for("provider.verify"))
    verification.confirm(db.session, current_actor(), record)
    return redirect(url_for("provider.verification", reference=reference))


@bp.route("/verify/batch", methods=["GET", "POST"])
@batch_limit
def batch():
    form = BatchForm()
    status = 200
    if form.validate_on_submit():
        data = form.file.data.read(batch_csv.MAX_BYTES + 1)
        try:
            rows = batch_csv.read_rows(data)
        except batch_csv.BatchFileError as error:
            form.file.errors = [str(error)]
            status = 400
        else:
            reference = verification.verify_batch(db.session, current_actor(), rows, channel="web-batch")[0]
            return redirect(url_for("provider.batch_result", reference=reference))
    elif request.method == "POST":
        status = 400
    return render_template("provider/batch.html", form=form, max_rows=batch_csv.MAX_ROWS), status


@bp.get("/verify/batch/<reference>")
def batch_result(reference: str):
    record = _own_record(reference)
    if record.kind != "batch":
        fail(404, _("This is not a batch verification."))
    rows = record.summary["rows"]
    counts = {key: sum(1 for row in rows if row["status"] == key) for key in ("match", "no_match", "error")}
    return render_template("provider/batch_result.html", record=record, rows=rows, counts=counts,
                           program_label=shown_text)


@bp.get("/verify/batch/<reference>.csv")
def batch_csv_download(reference: str):
    record = _own_record(reference)
    if record.kind != "batch":
        fail(404, _("This is not a batch verification."))
    audit.record(db.session, current_actor(), "verification.export", details={"reference": reference,
                                                                              "rows": len(record.summary["rows"])})
    db.session.commit()
    return download(batch_csv.result_lines(record.summary["rows"]), f"verification-{reference}")


@bp.get("/verifications")
def recent():
    return render_template("provider/recent.html", records=verification.recent(db.session, current_actor()))


@bp.get("/providers")
def provider_check():
    form = ProviderCheckForm(request.args)
    result, error = None, None
    day = date.today()
    if request.args and form.validate():
        day = form.on.data or day
        if form.npi.data:
            try:
                npi = normalize_npi(form.npi.data)
            except InvalidNPI as invalid:
                error = str(invalid)
            else:
                result = directory.provider_by_npi(db.session, npi, day)
                audit.record(db.session, current_actor(), "provider.verify", target=f"npi:{npi}",
                             outcome="found" if result else "not_found", details={"on": day.isoformat()})
                db.session.commit()
    status = 400 if error or form.errors else 200
    return render_template("provider/provider_check.html", form=form, result=result, error=error, day=day,
                           searched=bool(form.npi.data)), status


def _roster_filters(form: RosterForm, per_page: int = 50) -> roster.RosterFilters:
    return roster.RosterFilters(
        organization_id=current_user.organization_id, as_of=form.as_of.data or date.today(), pcp_id=form.pcp.data,
        coordinator_id=form.coordinator.data, clinical_program=form.program.data or None,
        new_since=form.new_since.data, dropped_since=form.dropped_since.data, page=form.page.data or 1,
        per_page=per_page,
    )


def _valid_roster_form() -> RosterForm:
    form = RosterForm(request.args)
    if not form.validate():
        fail(400, _("Check the roster filters: %(errors)s",
                    errors="; ".join(str(errors[0]) for errors in form.errors.values())))
    return form


@bp.get("/roster")
def roster_view():
    form = _valid_roster_form()
    filters = _roster_filters(form)
    page = roster.roster_page(db.session, current_actor(), filters)
    return render_template("provider/roster.html", form=form, page=page, filters=filters,
                           choices=roster.filter_choices(db.session, current_user.organization_id),
                           organization=current_user.organization, program_label=shown_text)


@bp.get("/roster.csv")
def roster_csv():
    if (ask := fresh_code_needed()) is not None:
        return ask
    filters = _roster_filters(_valid_roster_form())
    return download(roster.export_csv(db.session, current_actor(), filters), "roster")


@bp.get("/roster.json")
def roster_fhir():
    if (ask := fresh_code_needed()) is not None:
        return ask
    filters = _roster_filters(_valid_roster_form())
    group = roster.fhir_group(db.session, current_actor(), filters, current_user.organization)
    response = jsonify(group)
    response.mimetype = "application/fhir+json"
    response.headers["Content-Disposition"] = 'attachment; filename="roster-group.json"'
    return response
