"""Care coordination for office staff: the worklist of enrollments and withdrawals, secure
messages with patients, and (office administrators) which staff account is which coordinator.

Who may open these pages is in portal/access.py (coordinators and office administrators);
what each of them sees is decided by portal/care/ (their own patients, or their organization's).
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import current_actor, fresh_code_needed
from portal.blueprints import coordinator_links
from portal.blueprints.provider import bp
from portal.blueprints.provider.forms import (
    AssignForm,
    ContactOutcomeForm,
    WorklistFilterForm,
)
from portal.blueprints.provider.views import _staff_member
from portal.care import CareError, coordinators, messages, worklist
from portal.care.contacts import reach
from portal.extensions import db
from portal.blueprints.messaging import thread_page
from portal.forms import NewMessageForm, show_error, valid_query
from portal.models import utcnow
from portal.models.care import WorkItem
from portal.models.clinical import CONTACT_PREFERENCES
from portal.services import enrollment as enrollment_service
from portal.web import download, fail


def _coordinator_choices() -> list[tuple[str, str]]:
    return [(str(c.id), c.display_name) for c in coordinators.coordinators(db.session, current_user.organization_id)]


def _item_or_404(item_id: int) -> WorkItem:
    item = worklist.get(db.session, current_user, item_id)
    if item is None:
        fail(404, _("There is no such item on your worklist."))
    return item


@bp.get("/worklist")
def worklist_view():
    form = WorklistFilterForm(request.args)
    form.program.choices += [(p.code, p.label) for p in enrollment_service.catalog(db.session)]
    office_admin = coordinators.sees_organization(current_user)
    if office_admin:
        form.coordinator.choices += [("0", _("Not assigned")), *_coordinator_choices()]
    valid_query(form)
    chosen = form.coordinator.data
    filters = worklist.Filters(status=form.status.data or "open", program=form.program.data or "",
                               kind=form.kind.data or "", coordinator=int(chosen) if office_admin and chosen else None,
                               page=form.page.data or 1)
    page = worklist.worklist(db.session, current_actor(), current_user, filters)
    return render_template("provider/worklist.html", form=form, page=page, office_admin=office_admin,
                           preferences=CONTACT_PREFERENCES, coordinator=coordinators.coordinator_of(current_user))


@bp.get("/worklist/<int:item_id>")
def work_item(item_id: int):
    item = _item_or_404(item_id)
    return _render_item(item, ContactOutcomeForm(), status=200)


def _render_item(item: WorkItem, form: ContactOutcomeForm, status: int, message_form: NewMessageForm | None = None):
    worklist.record_view(db.session, current_actor(), item)
    form.outcome.choices = worklist.outcome_choices(item)
    assign_form = None
    if coordinators.sees_organization(current_user):
        assign_form = AssignForm(coordinator=str(item.care_coordinator_id or ""))
        assign_form.coordinator.choices += _coordinator_choices()
    threads = messages.office_threads_with(db.session, current_user, item.member)
    contactable = item.id in worklist.contactable(db.session, [item])
    write_form = message_form or NewMessageForm()
    return render_template("provider/work_item.html", item=item, form=form, assign_form=assign_form,
                           where=reach(db.session, item.member) if contactable else None,
                           can_write=contactable and messages.patient_reads_messages(db.session, item.member),
                           write_form=write_form, preferences=CONTACT_PREFERENCES, threads=threads,
                           overdue=item.is_overdue(utcnow())), status


@bp.post("/worklist/<int:item_id>/contact")
def record_contact(item_id: int):
    item = _item_or_404(item_id)
    form = ContactOutcomeForm()
    form.outcome.choices = worklist.outcome_choices(item)
    if not form.validate_on_submit():
        return _render_item(item, form, status=400)
    try:
        worklist.record_contact(db.session, current_actor(), current_user, item, form.outcome.data,
                                form.note.data or "")
    except CareError as error:
        db.session.rollback()
        show_error(form, str(error.message), error.field)
        return _render_item(_item_or_404(item_id), form, status=error.status)
    label = dict(worklist.outcome_choices(item))[form.outcome.data]
    flash(_("Recorded: %(outcome)s. The item is done.", outcome=label) if item.status == "done"
          else _("Recorded: %(outcome)s. It stays open for another try.", outcome=label), "success")
    return redirect(url_for("provider.worklist_view") if item.status == "done"
                    else url_for("provider.work_item", item_id=item.id))


@bp.post("/worklist/<int:item_id>/message")
def write_to_patient(item_id: int):
    """Write first to the patient of an item: how someone who asked for a portal message is contacted."""
    item = _item_or_404(item_id)
    form = NewMessageForm()
    if not form.validate_on_submit():
        return _render_item(item, ContactOutcomeForm(), 400, form)
    if item.id not in worklist.contactable(db.session, [item]):
        fail(409, _("You can write first to a patient only while their item is open and they are still your "
                    "organization's patient."))
    try:
        thread = messages.start_from_office(db.session, current_actor(), current_user, item,
                                            subject=form.subject.data or "", body=form.body.data)
    except CareError as error:
        db.session.rollback()
        show_error(form, str(error.message), error.field)
        return _render_item(_item_or_404(item_id), ContactOutcomeForm(), error.status, form)
    flash(_("Your message is sent. The patient gets an e-mail saying there is a new message, without its text. "
            "Record the contact on the worklist item when you are done."), "success")
    return redirect(url_for("provider.thread", thread_id=thread.id))


@bp.post("/worklist/<int:item_id>/assign")
def assign_work_item(item_id: int):
    item = _item_or_404(item_id)
    form = AssignForm()
    form.coordinator.choices += _coordinator_choices()
    if not form.validate_on_submit():
        fail(400, _("Choose a care coordinator from the list."))
    try:
        worklist.assign(db.session, current_actor(), current_user, item,
                        int(form.coordinator.data) if form.coordinator.data else None)
    except CareError as error:
        db.session.rollback()
        fail(error.status, str(error.message))
    flash(_("The item is reassigned."), "success")
    return redirect(url_for("provider.work_item", item_id=item.id))


# --- secure messages -----------------------------------------------------------------------------


def _thread_or_404(thread_id: int):
    thread = messages.office_thread(db.session, current_user, thread_id)
    if thread is None:
        fail(404, _("There is no such message thread."))
    return thread


@bp.get("/messages")
def inbox():
    page = messages.office_threads(db.session, current_actor(), current_user,
                                   request.args.get("page", 1, type=int) or 1)
    return render_template("provider/inbox.html", page=page)


@bp.route("/messages/<int:thread_id>", methods=["GET", "POST"])
def thread(thread_id: int):
    return thread_page(_thread_or_404(thread_id), "provider/thread.html", "provider.thread",
                       _("Your answer is sent. The patient gets an e-mail saying there is a new message, without its "
                         "text."))


@bp.get("/messages/<int:thread_id>/export")
def export_thread(thread_id: int):
    conversation = _thread_or_404(thread_id)
    if (ask := fresh_code_needed()) is not None:  # a download of health information, as the roster's
        return ask
    return download(messages.export(db.session, current_actor(), conversation),
                    f"messages-{conversation.member.member_id}-{conversation.id}", "txt", "text/plain")


# --- which staff account is which coordinator (office administrators) ---------------------------


@bp.route("/staff/<int:user_id>/coordinator", methods=["GET", "POST"])
def link_coordinator(user_id: int):
    """Which coordinator a staff account is; removing or replacing a link (the account loses
    access to those patients) is confirmed first, on its own page (GET)."""
    user = _staff_member(user_id)
    raw = request.values.get("coordinator", "")
    choices = dict(_coordinator_choices())
    if raw and raw not in choices:
        fail(400, _("Choose a care coordinator of your organization from the list."))
    return coordinator_links.link_or_confirm(user, raw, url_for("provider.staff"), "provider/_officenav.html")
