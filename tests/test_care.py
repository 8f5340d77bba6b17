"""The care coordinator's side: coordinator accounts, the worklist, secure messages, patients'
contact details and preferences, and what the patient is told after joining."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from portal.care import CareError, coordinators, worklist
from portal.formatting import long_date, long_datetime
from portal.models import AuditEvent, Enrollment, Message, MessageThread, WorkItem, utcnow
from portal.services.audit import Actor
from tests import factories as f
from tests.helpers import post
from tests.smtp import link_in, text_of


@pytest.fixture
def office(db):
    org = f.organization(name="Lakeside Physicians")
    program = f.program(org, name="Collaborative Care - Lakeside Physicians")
    tobacco = f.clinical_program(code="tobacco-cessation", name="Tobacco free")
    weight = f.clinical_program(code="weight-management", name="Weight management")
    program.clinical_programs.extend([tobacco, weight])
    casey = f.care_coordinator(org, first_name="Casey", last_name="Nurse", credential="RN")
    robin = f.care_coordinator(org, first_name="Robin", last_name="Lee", credential="RN")
    member = f.member(first_name="Alex", last_name="Rivera", date_of_birth=date(1980, 5, 17))
    f.attribution(member, program, care_coordinator=casey)
    f.consent_text(version="2026-01")
    db.commit()
    return {"org": org, "program": program, "tobacco": tobacco, "weight": weight, "casey": casey, "robin": robin,
            "member": member}


@pytest.fixture
def patient(make_client, office):
    return make_client("patient", member=office["member"])


@pytest.fixture
def casey(make_client, office):
    return make_client("coordinator", organization=office["org"], care_coordinator=office["casey"])


@pytest.fixture
def robin(make_client, office):
    return make_client("coordinator", organization=office["org"], care_coordinator=office["robin"])


@pytest.fixture
def office_admin(make_client, office):
    return make_client("office_admin", organization=office["org"])


def _join(client, code="tobacco-cessation", **overrides):
    data = {"contact_preference": "portal", "phone": "", "contact_times": "weekday mornings", "consent": "y",
            "consent_version": "2026-01", **overrides}
    return post(client, f"/my/programs/{code}/enroll", data)


def _item(db) -> WorkItem:
    db.expire_all()
    return db.scalars(select(WorkItem).order_by(WorkItem.id.desc())).first()


# --- the journey -------------------------------------------------------------------------------------


def test_join_worklist_message_answer_contacted_withdraw(app, patient, casey, office, db, mail):
    response = _join(patient)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = patient.get(response.headers["Location"]).get_data(as_text=True)
    item = _item(db)
    due = long_date(item.due_at, app.config["PORTAL_TIME_ZONE"])
    assert "Casey Nurse, RN, at Lakeside Physicians has it on their worklist to contact you with a message here" \
        in " ".join(page.split())
    assert f"within 2 business days: by {due}" in page and "weekday mornings" in page

    worklist_page = casey.get("/office/worklist").get_data(as_text=True)
    assert "Alex Rivera" in worklist_page and "Portal message, weekday mornings" in worklist_page

    response = post(patient, "/my/messages/new?program=tobacco-cessation", {"subject": "", "body": "When do we start?"})
    assert response.status_code == 302
    conversation = db.scalar(select(MessageThread))
    assert conversation.subject == "About Tobacco free" and conversation.care_coordinator_id == office["casey"].id
    notice = mail.one(casey.user.email)
    assert notice["Subject"] == "You have a new secure message"
    assert "When do we start" not in text_of(notice) and "Tobacco" not in text_of(notice)
    assert link_in(notice).endswith(f"/office/messages/{conversation.id}")

    assert "1 unread message" in casey.get("/office/").get_data(as_text=True)
    assert "When do we start?" in casey.get(f"/office/messages/{conversation.id}").get_data(as_text=True)
    response = post(casey, f"/office/messages/{conversation.id}", {"body": "Tomorrow at 9, by phone if you like."})
    assert response.status_code == 302
    assert "0 unread messages" in casey.get("/office/").get_data(as_text=True)
    mail.mailbox.clear()
    notice = mail.one(patient.user.email)
    assert "Tomorrow at 9" not in text_of(notice)
    thread_page = patient.get(f"/my/messages/{conversation.id}").get_data(as_text=True)
    assert "Tomorrow at 9, by phone if you like." in thread_page and "Casey Nurse, RN" in thread_page
    assert db.scalar(select(func.count(Message.id)).where(Message.read_at.is_(None))) == 0

    response = post(casey, f"/office/worklist/{item.id}/contact", {"outcome": "reached", "note": "Starts tomorrow."})
    assert response.status_code == 302
    item = _item(db)
    assert item.status == "done" and item.last_outcome == "reached" and item.contacts[0].note == "Starts tomorrow."

    page = " ".join(patient.get("/my/programs/tobacco-cessation/leave").get_data(as_text=True).split())
    assert "Your care coordinator, Casey Nurse, RN, at Lakeside Physicians sees on their worklist that you left, " \
           "and will not contact you about Tobacco free again." in page
    assert "still has it on their worklist" not in page  # reached already: no follow-up to close
    assert "Your care coordinator, Casey Nurse, RN, at Lakeside Physicians sees what you choose and write" in page
    response = post(patient, "/my/programs/tobacco-cessation/leave",
                    {"confirmed": "yes", "reason": "doctor", "details": ""})
    assert response.status_code == 302
    flashed = patient.get("/my/programs").get_data(as_text=True)
    assert "your care team sees it on their worklist and will not contact you about it again" in flashed
    left = _item(db)
    assert left.kind == "withdrawal" and left.status == "open"
    page = casey.get("/office/worklist").get_data(as_text=True)
    assert "Left Tobacco free" in page
    assert "I prefer to work on this with my doctor." in casey.get(f"/office/worklist/{left.id}").get_data(as_text=True)
    assert post(casey, f"/office/worklist/{left.id}/contact", {"outcome": "reached"}).status_code == 400  # only noted
    assert post(casey, f"/office/worklist/{left.id}/contact", {"outcome": "noted"}).status_code == 302
    assert _item(db).status == "done"


def test_a_withdrawal_before_contact_closes_the_open_item(patient, casey, db):
    _join(patient)
    page = " ".join(patient.get("/my/programs/tobacco-cessation/leave").get_data(as_text=True).split())
    assert "Your care coordinator, Casey Nurse, RN, still has it on their worklist to contact you to get started: " \
           "that follow-up is closed when you leave, so nobody contacts you about joining." in page
    post(patient, "/my/programs/tobacco-cessation/leave", {"confirmed": "yes"})
    joined = db.scalar(select(WorkItem).where(WorkItem.kind == "enrollment"))
    assert joined.status == "done" and joined.last_outcome == "withdrawn"


# --- the worklist ------------------------------------------------------------------------------------


def test_each_coordinator_sees_only_their_own_patients_and_the_office_admin_all(patient, casey, robin,
                                                                                 office_admin, db):
    _join(patient)
    item = _item(db)
    assert "Alex Rivera" in casey.get("/office/worklist").get_data(as_text=True)
    assert "Alex Rivera" not in robin.get("/office/worklist").get_data(as_text=True)
    assert robin.get(f"/office/worklist/{item.id}").status_code == 404
    assert post(robin, f"/office/worklist/{item.id}/contact", {"outcome": "reached"}).status_code == 404
    assert post(robin, f"/office/worklist/{item.id}/assign", {"coordinator": ""}).status_code == 403
    assert "Alex Rivera" in office_admin.get("/office/worklist").get_data(as_text=True)

    # The office administrator gives the item to Robin: Casey no longer sees it.
    response = post(office_admin, f"/office/worklist/{item.id}/assign", {"coordinator": str(robin.user.care_coordinator_id)})
    assert response.status_code == 302
    assert "Alex Rivera" in robin.get("/office/worklist").get_data(as_text=True)
    assert casey.get(f"/office/worklist/{item.id}").status_code == 404
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "worklist.assign")) is not None


def test_overdue_items_stand_out_and_filters_narrow_the_list(patient, casey, office, db):
    _join(patient)
    _join(patient, "weight-management", contact_preference="phone", phone="312-555-0199")
    items = db.scalars(select(WorkItem).order_by(WorkItem.id)).all()
    items[0].created_at = utcnow() - timedelta(days=6)
    items[0].due_at = utcnow() - timedelta(days=2)
    db.commit()
    page = casey.get("/office/worklist").get_data(as_text=True)
    assert page.count("Overdue: nobody has tried") == 1
    assert page.index("Joined Tobacco free") < page.index("Joined Weight management")  # oldest first
    assert "312-555-0199" in page
    overdue = casey.get("/office/worklist?status=overdue").get_data(as_text=True)
    assert "Joined Tobacco free" in overdue and "Joined Weight management" not in overdue
    weight = casey.get("/office/worklist?program=weight-management").get_data(as_text=True)
    assert "Joined Weight management" in weight and "Joined Tobacco free" not in weight
    assert "1 open item" not in casey.get("/office/").get_data(as_text=True)
    home = casey.get("/office/").get_data(as_text=True)
    assert "2 open items" in home and "1 overdue" in home
    # A try that did not reach them keeps the item open, and it is no longer overdue.
    assert post(casey, f"/office/worklist/{items[0].id}/contact", {"outcome": "no_answer"}).status_code == 302
    assert "1 overdue" not in casey.get("/office/").get_data(as_text=True)
    assert _item(db).status == "open"
    assert casey.get("/office/worklist?status=bogus").status_code == 400
    assert casey.get("/office/worklist?page=abc").status_code == 400


def test_two_coordinators_closing_an_item_at_once_record_it_once(patient, casey, office_admin, db):
    _join(patient)
    item = _item(db)
    first = worklist.get(db, casey.user, item.id)
    worklist.record_contact(db, Actor.for_user(casey.user), casey.user, first, "reached", "")
    with pytest.raises(CareError, match="closed a moment ago"):
        worklist.record_contact(db, Actor.for_user(office_admin.user), office_admin.user, item, "declined", "")
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "worklist.contact")) == 1


def test_business_days_skip_the_weekend():
    friday = datetime(2026, 12, 4, 15, 0, tzinfo=timezone.utc)
    assert coordinators.follow_up_due(friday) == datetime(2026, 12, 8, 15, 0, tzinfo=timezone.utc)  # Tuesday
    saturday = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
    assert coordinators.follow_up_due(saturday).weekday() == 1
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    assert coordinators.follow_up_due(monday) == datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)


# --- secure messages: who can read ----------------------------------------------------------------


def test_only_the_patient_their_coordinator_and_office_admins_read_a_thread(patient, casey, robin, office_admin,
                                                                            make_client, db, office):
    post(patient, "/my/messages/new", {"subject": "Refill", "body": "A private question"})
    conversation = db.scalar(select(MessageThread))
    for client in (casey, office_admin):
        assert "A private question" in client.get(f"/office/messages/{conversation.id}").get_data(as_text=True)
        assert client.get(f"/office/messages/{conversation.id}/export").status_code == 200
    plain_staff = make_client("provider", organization=office["org"])
    other_patient = make_client("patient")
    elsewhere = make_client("office_admin")
    assert robin.get(f"/office/messages/{conversation.id}").status_code == 404
    assert elsewhere.get(f"/office/messages/{conversation.id}").status_code == 404
    assert plain_staff.get(f"/office/messages/{conversation.id}").status_code == 403
    assert other_patient.get(f"/my/messages/{conversation.id}").status_code == 404
    assert post(other_patient, f"/my/messages/{conversation.id}", {"body": "hijack"}).status_code == 404
    assert post(robin, f"/office/messages/{conversation.id}", {"body": "hijack"}).status_code == 404
    for role in ("support", "admin"):
        assert make_client(role).get(f"/office/messages/{conversation.id}").status_code == 403
    assert "A private question" not in robin.get("/office/messages").get_data(as_text=True)


def test_an_office_admin_reading_does_not_mark_the_coordinators_messages_read(patient, casey, office_admin, db):
    post(patient, "/my/messages/new", {"subject": "", "body": "Hello"})
    conversation = db.scalar(select(MessageThread))
    office_admin.get(f"/office/messages/{conversation.id}")
    db.expire_all()
    assert db.scalar(select(Message)).read_at is None
    casey.get(f"/office/messages/{conversation.id}")
    db.expire_all()
    assert db.scalar(select(Message)).read_at is not None


def test_the_export_holds_the_thread_and_is_audited(patient, casey, db):
    post(patient, "/my/messages/new", {"subject": "Refill", "body": "Line one\nLine two"})
    conversation = db.scalar(select(MessageThread))
    post(casey, f"/office/messages/{conversation.id}", {"body": "Answered."})
    response = casey.get(f"/office/messages/{conversation.id}/export")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain" and "attachment" in response.headers["Content-Disposition"]
    assert "Subject: Refill" in text and "Line one\nLine two" in text and "Answered." in text
    assert "Alex Rivera (patient)" in text and "(care team)" in text
    # Dates and times as everywhere: in the reader's zone (no cookie: the portal's), the zone shown.
    first = db.scalar(select(Message).order_by(Message.id))
    assert "born May 17, 1980" in text
    assert f"--- {long_datetime(first.created_at, 'America/New_York')}, Alex Rivera (patient)" in text
    assert "UTC" not in text
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "message.export")) is not None


def test_bad_messages_get_a_clear_400_and_nothing_is_stored(patient, casey, db):
    assert post(patient, "/my/messages/new", {"body": ""}).status_code == 400
    assert post(patient, "/my/messages/new", {"body": "x" * 5001}).status_code == 400
    assert post(patient, "/my/messages/new", {"subject": "s" * 121, "body": "ok"}).status_code == 400
    assert db.scalar(select(func.count(MessageThread.id))) == 0
    page = post(patient, "/my/messages/new", {"body": "<script>alert(1)</script>"})
    conversation = db.scalar(select(MessageThread))
    html = casey.get(f"/office/messages/{conversation.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert page.status_code == 302


def test_nobody_to_read_portal_messages_means_no_portal_option(make_client, db):
    org = f.organization()
    program = f.program(org)
    tobacco = f.clinical_program(code="tobacco-cessation", name="Tobacco free")
    program.clinical_programs.append(tobacco)
    member = f.member()
    f.attribution(member, program, care_coordinator=f.care_coordinator(org))
    f.consent_text(version="2026-01")
    db.commit()
    patient = make_client("patient", member=member)
    form = patient.get("/my/programs/tobacco-cessation/enroll").get_data(as_text=True)
    assert 'value="portal"' not in form
    assert _join(patient).status_code == 400  # a tampered form is refused
    assert db.scalar(select(func.count(Enrollment.id))) == 0
    assert "Nobody at" in patient.get("/my/messages").get_data(as_text=True)
    assert post(patient, "/my/messages/new", {"body": "Hello"}).status_code == 409


# --- contact details and preferences ------------------------------------------------------------------


def test_contact_details_and_preferences_show_on_the_worklist(patient, casey, db):
    _join(patient)
    assert post(patient, "/my/contact-details", {"phone": "abc", "email": ""}).status_code == 400
    assert post(patient, "/my/contact-details", {"phone": "312-555-0142", "email": "alex@home.example"}).status_code == 302
    assert "312-555-0142" in patient.get("/account").get_data(as_text=True)
    enrollment = db.scalar(select(Enrollment))
    url = f"/my/programs/enrollments/{enrollment.confirmation_code}/contact"
    assert post(patient, url, {"contact_preference": "phone", "phone": "", "contact_times": ""}).status_code == 400
    assert post(patient, url, {"contact_preference": "phone", "phone": "312-555-0142",
                               "contact_times": "after 5 pm"}).status_code == 302
    item = _item(db)
    page = casey.get(f"/office/worklist/{item.id}").get_data(as_text=True)
    assert "312-555-0142" in page and "alex@home.example" in page and "Phone, after 5 pm" in page
    # A phone number asked for by a program cannot be removed without changing the program's preference.
    assert post(patient, "/my/contact-details", {"phone": "", "email": ""}).status_code == 409
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"member.contact_change", "enrollment.contact_change"} <= actions
    viewed = db.scalars(select(AuditEvent).where(AuditEvent.action == "member.view",
                                                 AuditEvent.user_id == casey.user.id)).all()
    assert viewed and all(event.member_ref == enrollment.member.member_id or event.details.get("members")
                          for event in viewed)


def test_a_call_needs_a_phone_number_when_joining(patient, db):
    response = _join(patient, contact_preference="phone", phone="")
    assert response.status_code == 400
    assert db.scalar(select(func.count(Enrollment.id))) == 0
    assert _join(patient, contact_preference="phone", phone="312-555-0100").status_code == 302


# --- coordinator accounts ---------------------------------------------------------------------------


def test_office_admin_links_a_colleague_and_the_link_gives_access(office_admin, make_client, office, db):
    colleague = make_client("provider", organization=office["org"])
    assert colleague.get("/office/worklist").status_code == 403
    url = f"/office/staff/{colleague.user.id}/coordinator"
    assert post(office_admin, url, {"coordinator": str(office["robin"].id)}).status_code == 302
    assert colleague.get("/office/worklist").status_code == 200
    other_org_coordinator = f.care_coordinator(f.organization())
    db.commit()
    assert post(office_admin, url, {"coordinator": str(other_org_coordinator.id)}).status_code == 400
    # Removing the link is confirmed first: without the confirmation nothing changes.
    unconfirmed = post(office_admin, url, {"coordinator": ""})
    assert unconfirmed.status_code == 302 and "/coordinator" in unconfirmed.headers["Location"]
    assert colleague.get("/office/worklist").status_code == 200
    page = office_admin.get(unconfirmed.headers["Location"]).get_data(as_text=True)
    assert f"Stop {colleague.user.email} being the account of {office['robin'].display_name}?" in page
    assert post(office_admin, url, {"coordinator": "", "confirmed": "yes"}).status_code == 302
    assert colleague.get("/office/worklist").status_code == 403
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "user.coordinator_link")).all()
    assert len(events) == 2


def test_a_coordinator_is_linked_to_one_account_and_never_across_organizations(db, office):
    first = f.user("provider", organization=office["org"])
    second = f.user("provider", organization=office["org"])
    stranger = f.user("provider")
    db.commit()
    admin = Actor(role="admin")
    coordinators.link(db, admin, first, office["casey"].id)
    with pytest.raises(CareError, match="already linked"):
        coordinators.link(db, admin, second, office["casey"].id)
    with pytest.raises(CareError, match="organization"):
        coordinators.link(db, admin, stranger, office["casey"].id)
    with pytest.raises(CareError, match="cannot manage"):
        coordinators.link(db, Actor(role="provider", organization_id=stranger.organization_id, is_office_admin=True),
                          first, None)
    office["casey"].is_active = False
    db.commit()
    assert coordinators.coordinator_of(first) is None  # an inactive coordinator's account sees nothing


def test_admin_links_from_the_user_page(make_client, office, db):
    admin = make_client("admin")
    staff = f.user("provider", organization=office["org"])
    db.commit()
    page = admin.get(f"/admin/users/{staff.id}").get_data(as_text=True)
    assert "Casey Nurse, RN" in page
    assert post(admin, f"/admin/users/{staff.id}/coordinator", {"coordinator": str(office["casey"].id)}).status_code == 302
    db.expire_all()
    assert staff.care_coordinator_id == office["casey"].id
    assert post(admin, f"/admin/users/{staff.id}/coordinator", {"coordinator": "x1"}).status_code == 400


def test_a_role_change_ends_the_coordinator_link(db, office):
    from portal.services import accounts

    staff = f.user("provider", organization=office["org"], care_coordinator=office["casey"])
    admin = f.user("admin")
    db.commit()
    accounts.change_role(db, Actor.for_user(admin), staff, role="support", organization_id=None,
                         member_ref=None)
    assert staff.care_coordinator_id is None


def test_cli_creates_a_coordinator_account_and_links_one(app, db, office):
    runner = app.test_cli_runner()
    org, casey = office["org"], office["casey"]
    listed = runner.invoke(args=["users", "coordinators", "--organization", str(org.id)])
    assert "Casey Nurse, RN\t(no account)" in listed.output
    result = runner.invoke(args=["users", "create", "--email", "casey@lakeside.example", "--role", "provider",
                                 "--organization", str(org.id), "--coordinator", str(casey.id)],
                           input=f"{f.PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "care coordinator Casey Nurse, RN" in result.output
    refused = runner.invoke(args=["users", "create", "--email", "robin@lakeside.example", "--role", "provider",
                                  "--organization", str(org.id), "--coordinator", str(casey.id)],
                            input=f"{f.PASSWORD}\n")
    assert refused.exit_code != 0 and "already linked" in refused.output
    from portal.models import User

    assert db.scalar(select(User).where(User.email == "robin@lakeside.example")) is None  # nothing half made
    moved = runner.invoke(args=["users", "link-coordinator", "--email", "casey@lakeside.example", "--none"])
    assert moved.exit_code == 0 and "no longer" in moved.output
    linked = runner.invoke(args=["users", "link-coordinator", "--email", "casey@lakeside.example",
                                 "--coordinator", str(office["robin"].id)])
    assert linked.exit_code == 0 and "Robin Lee, RN" in linked.output


# --- what a review of the first version found -----------------------------------------------------


def test_the_office_writes_first_to_a_patient_who_asked_for_a_portal_message(patient, casey, db, mail):
    _join(patient)
    item = _item(db)
    response = post(casey, f"/office/worklist/{item.id}/message", {"subject": "", "body": "Welcome! When can we talk?"})
    assert response.status_code == 302, response.get_data(as_text=True)
    conversation = db.scalar(select(MessageThread))
    assert conversation.subject == "About Tobacco free" and conversation.care_coordinator_id == item.care_coordinator_id
    notice, = [m for m in mail.to(patient.user.email) if m["Subject"] == "You have a new secure message"]
    assert "Welcome" not in text_of(notice) and link_in(notice).endswith(f"/my/messages/{conversation.id}")
    listing = patient.get("/my/messages").get_data(as_text=True)
    assert "1 new from your care team" in listing
    assert "Welcome! When can we talk?" in patient.get(f"/my/messages/{conversation.id}").get_data(as_text=True)
    assert post(casey, f"/office/worklist/{item.id}/message", {"body": ""}).status_code == 400
    post(casey, f"/office/worklist/{item.id}/contact", {"outcome": "reached"})
    assert post(casey, f"/office/worklist/{item.id}/message", {"body": "Again"}).status_code == 409  # item done


def test_contact_details_are_shown_only_while_a_follow_up_is_due_and_the_patient_is_still_here(patient, casey, db,
                                                                                               office):
    _join(patient, contact_preference="phone", phone="312-555-0177")
    item = _item(db)
    assert "312-555-0177" in casey.get(f"/office/worklist/{item.id}").get_data(as_text=True)
    attribution = office["member"].attributions[0]
    attribution.end_date = date(2020, 6, 30)  # the patient has left the group
    db.commit()
    assert "312-555-0177" not in casey.get(f"/office/worklist/{item.id}").get_data(as_text=True)
    assert "312-555-0177" not in casey.get("/office/worklist").get_data(as_text=True)
    assert post(casey, f"/office/worklist/{item.id}/message", {"body": "Hello"}).status_code == 409


def test_a_withdrawal_item_shows_no_contact_details(patient, casey, db):
    _join(patient, contact_preference="phone", phone="312-555-0177")
    post(patient, "/my/programs/tobacco-cessation/leave", {"confirmed": "yes"})
    page = casey.get(f"/office/worklist/{_item(db).id}").get_data(as_text=True)
    assert "312-555-0177" not in page and "Write to" not in page


def test_when_the_coordinator_is_no_longer_active_the_office_admins_read_and_the_patient_is_told_so(
        patient, casey, office_admin, office, db):
    post(patient, "/my/messages/new", {"body": "Hello"})
    office["casey"].is_active = False
    db.commit()
    conversation = db.scalar(select(MessageThread))
    office_admin.get(f"/office/messages/{conversation.id}")
    db.expire_all()
    assert db.scalar(select(Message)).read_at is not None  # the office administrators are its readers now
    _join(patient)
    page = patient.get(f"/my/programs/enrollments/{db.scalar(select(Enrollment)).confirmation_code}").get_data(
        as_text=True)
    assert "The care team at Lakeside Physicians has it on their worklist" in " ".join(page.split())
    assert "Casey Nurse" not in page.split("What happens next")[1]


def test_a_patient_cannot_send_into_a_thread_nobody_reads(patient, casey, office, db):
    post(patient, "/my/messages/new", {"body": "Hello"})
    conversation = db.scalar(select(MessageThread))
    casey.user.is_enabled = False  # the coordinator's account is gone, and the group has no office administrator
    db.commit()
    response = post(patient, f"/my/messages/{conversation.id}", {"body": "Anyone?"})
    assert response.status_code == 409 and "Nobody at your medical group reads portal messages" in \
        response.get_data(as_text=True)
    assert db.scalar(select(func.count(Message.id))) == 1


def test_numbers_too_large_for_the_database_are_not_found(casey, patient):
    huge = "9" * 25
    for url in (f"/office/worklist/{huge}", f"/office/messages/{huge}", f"/office/messages/{huge}/export"):
        assert casey.get(url).status_code == 404, url
    assert patient.get(f"/my/messages/{huge}").status_code == 404
    assert post(casey, f"/office/worklist/{huge}/contact", {"outcome": "reached"}).status_code == 404


def test_long_names_and_programs_fit_their_columns(make_client, db):
    org = f.organization()
    program = f.program(org)
    long = f.clinical_program(code="long-program", name="L" * 118)
    program.clinical_programs.append(long)
    coordinator = f.care_coordinator(org, first_name="F" * 80, last_name="N" * 80, credential="RN, CCM, MSN, BSN")
    member = f.member(first_name="A" * 80, last_name="B" * 80)
    f.attribution(member, program, care_coordinator=coordinator)
    db.commit()
    patient = make_client("patient", member=member)
    nurse = make_client("coordinator", organization=org, care_coordinator=coordinator)
    assert post(patient, "/my/messages/new?program=long-program", {"body": "Hi"}).status_code == 302
    conversation = db.scalar(select(MessageThread))
    assert len(conversation.subject) <= 120
    assert post(nurse, f"/office/messages/{conversation.id}", {"body": "Hello"}).status_code == 302
    assert all(len(m.author_name) <= 160 for m in db.scalars(select(Message)))


def test_the_patients_contact_pages_are_audited(patient, db):
    _join(patient, contact_preference="phone", phone="312-555-0100")
    before = db.scalar(select(func.count(AuditEvent.id)))
    patient.get("/my/contact-details")
    patient.get(f"/my/programs/enrollments/{db.scalar(select(Enrollment)).confirmation_code}/contact")
    db.expire_all()
    assert db.scalar(select(func.count(AuditEvent.id))) == before + 2


def test_a_disabled_account_cannot_be_linked(db, office):
    staff = f.user("provider", organization=office["org"], is_enabled=False)
    db.commit()
    with pytest.raises(CareError, match="disabled"):
        coordinators.link(db, Actor(role="admin"), staff, office["casey"].id)
