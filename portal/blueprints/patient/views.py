from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import current_actor
from portal.blueprints.patient import bp
from portal.blueprints.patient.forms import EnrollForm, WithdrawForm
from portal.extensions import db
from portal.forms import show_error
from portal.models import ClinicalProgram, Enrollment, Member
from portal.services import enrollment as service
from portal.services.enrollment import EnrollmentError
from portal.web import fail


def _member() -> Member:
    """The signed-in patient's own member record: the only one this area ever shows."""
    return current_user.member


def _program_or_404(code: str) -> ClinicalProgram:
    program = service.get_program(db.session, code)
    if program is None:
        fail(404, "There is no such program. See the list of programs.")
    return program


def _enrollment_or_404(code: str) -> Enrollment:
    enrollment = service.own_enrollment(db.session, _member(), code)
    if enrollment is None:
        fail(404, "There is no such enrollment in your programs.")
    return enrollment


@bp.get("/care-team")
def care_team():
    attribution = service.care_team(db.session, current_actor(), _member(), date.today())
    return render_template("patient/care_team.html", attribution=attribution, member=_member(),
                           case_management_phone=current_app.config["PORTAL_CASE_MANAGEMENT_PHONE"])


@bp.get("/programs")
def programs():
    member = _member()
    today = date.today()
    enrollments = service.history(db.session, current_actor(), member)
    active_codes = {e.clinical_program.code for e in enrollments if e.status == "active"}
    options = [(program, service.eligibility_for(db.session, member, program, today))
               for program in service.catalog(db.session) if program.code not in active_codes]
    return render_template("patient/programs.html", enrollments=enrollments, options=options,
                           withdraw_form=WithdrawForm())


@bp.route("/programs/<code>/enroll", methods=["GET", "POST"])
def enroll(code: str):
    program = _program_or_404(code)
    member = _member()
    today = date.today()
    try:
        consent = service.current_consent(db.session)
    except EnrollmentError as error:
        fail(error.status, error.message)
    form = EnrollForm()
    status = 200
    if form.validate_on_submit():
        try:
            outcome = service.enroll(db.session, current_actor(), member, program,
                                     contact_preference=form.contact_preference.data,
                                     contact_times=form.contact_times.data or "",
                                     consent_version=form.consent_version.data or "", consented=form.consent.data,
                                     on=today)
        except EnrollmentError as error:
            db.session.rollback()
            show_error(form, error.message, error.field)
            status = error.status
            consent = service.current_consent(db.session)
        else:
            if not outcome.created:
                flash(f"You were already enrolled in {program.name}: nothing was changed.", "info")
            return redirect(url_for("patient.confirmation", code=outcome.enrollment.confirmation_code))
    elif form.is_submitted():
        status = 400
    form.consent_version.data = consent.version
    eligibility = service.eligibility_for(db.session, member, program, today)
    return render_template("patient/enroll.html", program=program, form=form, consent=consent,
                           eligibility=eligibility), status


@bp.get("/programs/enrollments/<code>")
def confirmation(code: str):
    enrollment = _enrollment_or_404(code)
    service.record_view(db.session, current_actor(), _member(), f"enrollment {enrollment.confirmation_code}")
    patient_email, coordinator = service.who_was_told(db.session, enrollment)
    return render_template("patient/confirmation.html", enrollment=enrollment, patient_email=patient_email,
                           coordinator=coordinator)


@bp.post("/programs/enrollments/<code>/withdraw")
def withdraw(code: str):
    enrollment = _enrollment_or_404(code)
    form = WithdrawForm()
    if not form.validate():
        fail(400, "; ".join(errors[0] for errors in form.errors.values()))
    try:
        service.withdraw(db.session, current_actor(), _member(), enrollment, form.reason.data or "")
    except EnrollmentError as error:
        db.session.rollback()
        fail(error.status, error.message)
    patient_email, coordinator = service.who_was_told(db.session, enrollment, withdrawal=True)
    told = [f"a confirmation is on its way to {patient_email}"] if patient_email else []
    if coordinator is not None:
        told.append(f"your care coordinator, {coordinator}, is told by e-mail and will not contact you about "
                    "it again")
    flash(f"You have left {enrollment.clinical_program.name}" + (": " + " and ".join(told) if told else "")
          + ". You can join again at any time.", "success")
    return redirect(url_for("patient.programs"))
