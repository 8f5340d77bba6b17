from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import confirm
from portal.access import current_actor
from portal.blueprints.patient import bp
from portal.blueprints.patient.forms import (
    ContactDetailsForm,
    ContactPreferenceForm,
    EnrollForm,
    LeaveForm,
)
from portal.care import CareError, contacts, messages, worklist
from portal.extensions import db
from portal.i18n import current_language
from portal.blueprints.messaging import thread_page
from portal.forms import NewMessageForm, show_error
from portal.models import ClinicalProgram, Enrollment, Member, MemberContact
from portal.services import enrollment as service
from portal.services.enrollment import EnrollmentError
from portal.web import fail


def _member() -> Member:
    """The signed-in patient's own member record: the only one this area ever shows."""
    return current_user.member


def _program_or_404(code: str) -> ClinicalProgram:
    program = service.get_program(db.session, code)
    if program is None:
        fail(404, _("There is no such program. See the list of programs."))
    return program


def _enrollment_or_404(code: str) -> Enrollment:
    enrollment = service.own_enrollment(db.session, _member(), code)
    if enrollment is None:
        fail(404, _("That confirmation number is not one of your programs. See My programs."))
    return enrollment


@bp.get("/care-team")
def care_team():
    attribution = service.care_team(db.session, current_actor(), _member(), date.today())
    return render_template("patient/care_team.html", attribution=attribution, member=_member(),
                           team=messages.care_team(db.session, attribution),
                           case_management_phone=current_app.config["PORTAL_CASE_MANAGEMENT_PHONE"])


@bp.get("/programs")
def programs():
    member = _member()
    today = date.today()
    enrollments = service.history(db.session, current_actor(), member)
    active_codes = {e.clinical_program.code for e in enrollments if e.status == "active"}
    options = [(program, service.eligibility_for(db.session, member, program, today))
               for program in service.catalog(db.session) if program.code not in active_codes]
    team = messages.care_team(db.session, service.current_attribution(db.session, member.id, today))
    return render_template("patient/programs.html", enrollments=enrollments, options=options,
                           team=team, where=contacts.reach(db.session, member))


@bp.route("/programs/<code>/enroll", methods=["GET", "POST"])
def enroll(code: str):
    program = _program_or_404(code)
    member = _member()
    today = date.today()
    try:
        consent = service.current_consent(db.session)
    except EnrollmentError as error:
        fail(error.status, str(error.message))
    where = contacts.reach(db.session, member)
    form = EnrollForm(phone=where.phone)
    form.offer(service.portal_messages_available(db.session, service.current_attribution(db.session, member.id, today)))
    status = 200
    if form.validate_on_submit():
        try:
            outcome = service.enroll(db.session, current_actor(), member, program,
                                     contact_preference=form.contact_preference.data,
                                     contact_times=form.contact_times.data or "", phone=form.phone.data or "",
                                     consent_version=form.consent_version.data or "", consented=form.consent.data,
                                     on=today, consent_language=form.consent_language.data or "en")
        except EnrollmentError as error:
            db.session.rollback()
            show_error(form, str(error.message), error.field)
            status = error.status
            consent = service.current_consent(db.session)
        else:
            if not outcome.created:
                flash(_("You had already joined %(program)s: nothing was changed.", program=program.label), "info")
            return redirect(url_for("patient.confirmation", code=outcome.enrollment.confirmation_code))
    elif form.is_submitted():
        status = 400
    shown = service.consent_in(consent, current_language())
    form.consent_version.data, form.consent_language.data = consent.version, shown.language
    eligibility = service.eligibility_for(db.session, member, program, today)
    return render_template("patient/enroll.html", program=program, form=form, consent=shown,
                           eligibility=eligibility, where=where), status


@bp.get("/programs/enrollments/<code>")
def confirmation(code: str):
    enrollment = _enrollment_or_404(code)
    service.record_view(db.session, current_actor(), _member(), f"enrollment {enrollment.confirmation_code}")
    patient_email, coordinator = service.who_was_told(db.session, enrollment)
    return render_template("patient/confirmation.html", enrollment=enrollment, patient_email=patient_email,
                           coordinator=coordinator, follow_up=worklist.follow_up(db.session, enrollment)
                           if enrollment.status == "active" else None)


# --- leaving a program: a page that says what it means first ------------------------------------


@bp.route("/programs/<code>/leave", methods=["GET", "POST"])
def leave(code: str):
    """What leaving the program means, an optional reason, and the button that leaves it (a
    POST without the page's confirmation field comes back here and changes nothing)."""
    program = _program_or_404(code)
    enrollment = service.own_active_enrollment(db.session, _member(), program)
    if enrollment is None:
        fail(404, _("You are not in %(program)s at the moment: there is nothing to leave. See My programs.",
                    program=program.label))
    if request.method == "POST" and not confirm.confirmed():
        return redirect(url_for("patient.leave", code=program.code))
    return _leave(enrollment)


@bp.post("/programs/enrollments/<code>/withdraw")
def withdraw(code: str):
    """The old address of the "Leave" button (by confirmation number): it leaves only from the
    confirmation page's form; any other POST is sent to that page."""
    enrollment = _enrollment_or_404(code)
    if not confirm.confirmed():
        return redirect(url_for("patient.leave", code=enrollment.clinical_program.code))
    return _leave(enrollment)


def _leave(enrollment: Enrollment):
    member = _member()
    form = LeaveForm()
    status = 200
    if form.validate_on_submit():
        try:
            reason = service.leave_reason(form.reason.data or "", form.details.data or "")
            service.withdraw(db.session, current_actor(), member, enrollment, reason)
        except EnrollmentError as error:
            db.session.rollback()
            if error.status != 400:  # left a moment ago (another tab): nothing more to ask
                fail(error.status, str(error.message))
            show_error(form, str(error.message), error.field)
            status = error.status
        else:
            flash(_left_message(enrollment), "success")
            return redirect(url_for("patient.programs"))
    elif form.is_submitted():
        status = 400
    service.record_view(db.session, current_actor(), member, f"leave {enrollment.confirmation_code}")
    return render_template("patient/leave.html", form=form, enrollment=enrollment, program=enrollment.clinical_program,
                           leaving=service.leaving(db.session, member, enrollment, date.today())), status


def _left_message(enrollment: Enrollment) -> str:
    """What the patient is told once they left: who was told, as the outbox and the worklist hold it
    (one whole sentence for each case, so that every language can say it its own way)."""
    patient_email, coordinator = service.who_was_told(db.session, enrollment, withdrawal=True)
    program = enrollment.clinical_program.label
    on_worklist = worklist.on_a_read_worklist(db.session, enrollment, "withdrawal")
    if patient_email and on_worklist:
        return _("You have left %(program)s: a confirmation is on its way to %(email)s and your care team sees it "
                 "on their worklist and will not contact you about it again. You can join it again later while it "
                 "accepts new members and you are eligible.", program=program, email=patient_email)
    if patient_email and coordinator is not None:
        return _("You have left %(program)s: a confirmation is on its way to %(email)s and your care coordinator, "
                 "%(coordinator)s, is told by e-mail and will not contact you about it again. You can join it again "
                 "later while it accepts new members and you are eligible.", program=program, email=patient_email,
                 coordinator=coordinator)
    if patient_email:
        return _("You have left %(program)s: a confirmation is on its way to %(email)s. You can join it again later "
                 "while it accepts new members and you are eligible.", program=program, email=patient_email)
    if on_worklist:
        return _("You have left %(program)s: your care team sees it on their worklist and will not contact you "
                 "about it again. You can join it again later while it accepts new members and you are eligible.",
                 program=program)
    if coordinator is not None:
        return _("You have left %(program)s: your care coordinator, %(coordinator)s, is told by e-mail and will not "
                 "contact you about it again. You can join it again later while it accepts new members and you are "
                 "eligible.", program=program, coordinator=coordinator)
    return _("You have left %(program)s. You can join it again later while it accepts new members and you are "
             "eligible.", program=program)


# --- how to reach the patient ------------------------------------------------------------------------


@bp.route("/contact-details", methods=["GET", "POST"])
def contact_details():
    member = _member()
    service.record_view(db.session, current_actor(), member, "contact details")
    where = contacts.reach(db.session, member)
    contact = db.session.get(MemberContact, member.id)
    form = ContactDetailsForm(phone=where.phone, email=contact.email if contact else "")
    status = 200
    if form.validate_on_submit():
        try:
            contacts.update_details(db.session, current_actor(), member, phone=form.phone.data or "",
                                    email=form.email.data or "")
        except CareError as error:
            db.session.rollback()
            show_error(form, str(error.message), error.field)
            status = error.status
        else:
            flash(_("Your contact details are saved. Your care team sees the new ones from now on."), "success")
            return redirect(url_for("auth.account"))
    elif form.is_submitted():
        status = 400
    return render_template("patient/contact_details.html", form=form, where=where,
                           account_email=current_user.email), status


@bp.route("/programs/enrollments/<code>/contact", methods=["GET", "POST"])
def contact_preferences(code: str):
    enrollment = _enrollment_or_404(code)
    member = _member()
    if enrollment.status != "active":
        fail(409, _("You are no longer in this program: nobody will contact you about it."))
    service.record_view(db.session, current_actor(), member, f"contact preferences {enrollment.confirmation_code}")
    available = service.portal_messages_available(
        db.session, service.current_attribution(db.session, member.id, date.today()))
    where = contacts.reach(db.session, member)
    form = ContactPreferenceForm(contact_preference=enrollment.contact_preference,
                                 contact_times=enrollment.contact_times, phone=where.phone)
    form.offer(available or enrollment.contact_preference == "portal")
    status = 200
    if form.validate_on_submit():
        try:
            contacts.change_preference(db.session, current_actor(), member, enrollment,
                                       preference=form.contact_preference.data, times=form.contact_times.data or "",
                                       phone=form.phone.data or "", portal_available=available)
        except CareError as error:
            db.session.rollback()
            show_error(form, str(error.message), error.field)
            status = error.status
        else:
            flash(_("Saved: your care team will contact you about %(program)s the new way.",
                    program=enrollment.clinical_program.label), "success")
            return redirect(url_for("patient.programs"))
    elif form.is_submitted():
        status = 400
    return render_template("patient/contact_preferences.html", form=form, enrollment=enrollment,
                           where=where), status


# --- secure messages with the care team ------------------------------------------------------------


def _team():
    member = _member()
    return messages.care_team(db.session, service.current_attribution(db.session, member.id, date.today()))


def _thread_or_404(thread_id: int):
    thread = messages.patient_thread(db.session, _member(), thread_id)
    if thread is None:
        fail(404, _("There is no such message in your messages."))
    return thread


@bp.get("/messages")
def messages_view():
    member = _member()
    service.record_view(db.session, current_actor(), member, "messages")
    return render_template("patient/messages.html", threads=messages.patient_threads(db.session, member),
                           team=_team())


@bp.route("/messages/new", methods=["GET", "POST"])
def new_message():
    team = _team()
    program = service.get_program(db.session, request.args.get("program", "")) if request.args.get("program") else None
    form = NewMessageForm()
    status = 200
    if form.validate_on_submit():
        try:
            thread = messages.start(db.session, current_actor(), current_user, team, subject=form.subject.data or "",
                                    body=form.body.data, program=program)
        except CareError as error:
            db.session.rollback()
            show_error(form, str(error.message), error.field)
            status = error.status
        else:
            flash(_("Your message is sent to %(addressee)s. You will get an e-mail when they answer; the answer "
                    "itself is only here, in the portal.", addressee=team.addressee), "success")
            return redirect(url_for("patient.thread", thread_id=thread.id))
    elif form.is_submitted():
        status = 400
    return render_template("patient/new_message.html", form=form, team=team, program=program), status


@bp.route("/messages/<int:thread_id>", methods=["GET", "POST"])
def thread(thread_id: int):
    return thread_page(_thread_or_404(thread_id), "patient/thread.html", "patient.thread", _("Your answer is sent."))
