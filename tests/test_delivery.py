"""Delivery: what every page that says a message was sent sends, read back from a real SMTP
server; and what happens when the server refuses, is down for a while, or is too slow."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from portal.delivery import outbox
from portal.delivery.messages import message_id
from portal.delivery.worker import deliver_round
from portal.models import AuditEvent, Enrollment, OutboxMessage, PasswordResetToken, utcnow
from tests import factories as f
from tests.helpers import post, sign_in
from tests.smtp import SmtpServer, free_port, html_of, link_in, text_of
from tests.test_auth import NEW_PASSWORD, _registration


def _reset(app, user) -> None:
    """Ask for a password reset as a visitor would."""
    assert post(app.test_client(), "/forgot-password", {"email": user.email}).status_code == 200


def _only_message(db) -> OutboxMessage:
    db.expire_all()
    return db.scalar(select(OutboxMessage))


# --- what is sent, to whom --------------------------------------------------------------------


def test_a_reset_e_mail_has_text_html_the_portal_name_and_why(app, db, mail):
    user = f.user("patient")
    db.commit()
    _reset(app, user)
    message = mail.one(user.email)
    assert message["From"] == app.config["MAIL_DEFAULT_SENDER"] and message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"] == message_id(_only_message(db).id)
    for body in (text_of(message), html_of(message)):
        assert "Collaborative Care Partner Portal" in body and "You get this e-mail because" in body
    assert "<script" not in html_of(message)


def test_the_outbox_never_holds_a_usable_link(app, db, mail, caplog):
    """No secret at rest: the token is made at sending time and stored hashed. Nothing in the
    database, in the job queue or in the log holds the raw token that the e-mail carries."""
    from sqlalchemy import text

    from portal.jobs import queue

    user = f.user("provider")
    db.commit()
    _reset(app, user)
    queued_jobs = [repr(task.__dict__) for task in queue.pending()]
    raw = link_in(mail.one(user.email)).split("token=")[1]
    assert db.scalar(select(PasswordResetToken)) is not None
    for table in ("outbox_messages", "password_reset_tokens", "audit_events"):
        for row in db.execute(text(f"SELECT * FROM {table}")):
            assert raw not in repr(tuple(row)), table
    assert not any(raw in job for job in queued_jobs) and raw not in caplog.text


def test_registration_sends_a_confirmation_and_tells_the_owner_of_an_address_in_use(app, client, db, mail):
    member = f.member(last_name="Rivera", date_of_birth=date(1975, 3, 9), zip="90503")
    other = f.member(last_name="Okafor", date_of_birth=date(1980, 1, 2), zip="10001")
    db.commit()
    response = post(client, "/register", _registration(member))
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "A confirmation is on its way to new.patient@example.com" in page
    welcome = mail.one("new.patient@example.com")
    assert welcome["Subject"] == "Your portal account is ready" and "/login" in text_of(welcome)
    mail.mailbox.clear()
    # Someone else registers with that address: refused generically; the owner hears of it.
    stranger = app.test_client()
    refused = post(stranger, "/register", _registration(other))
    assert refused.status_code == 400 and "its owner is told of this attempt" in refused.get_data(as_text=True)
    notice = mail.one("new.patient@example.com")
    assert notice["Subject"] == "Someone tried to register with your e-mail address"
    assert "Okafor" not in text_of(notice)  # nothing about the other person's details
    # A mismatch tells nobody.
    mail.mailbox.clear()
    post(app.test_client(), "/register", _registration(other, zip_code="99999", email="third@example.com"))
    assert mail.deliver() == []


def test_registering_a_membership_that_has_an_account_tells_its_owner(app, client, db, mail):
    existing = f.user("patient")
    db.commit()
    assert post(client, "/register", _registration(existing.member)).status_code == 400
    assert mail.one(existing.email)["Subject"] == "Someone tried to register with your e-mail address"
    assert mail.to("new.patient@example.com") == []


def test_an_office_admin_invites_staff_who_choose_a_password_from_the_e_mail(app, db, mail, office_admin_client):
    response = post(office_admin_client, "/office/staff/new", {"email": "new.desk@example.com",
                                                               "display_name": "New Desk"})
    assert response.status_code == 302
    page = office_admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "An e-mail inviting them to choose a password is on its way" in page
    invitation = mail.one("new.desk@example.com")
    assert "within 72 hours" in text_of(invitation) and "sign-in code on your phone" in text_of(invitation)
    newcomer = app.test_client()
    newcomer.get(link_in(invitation))
    assert post(newcomer, "/reset-password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_an_invitation_resent_by_an_admin_arrives_with_a_new_link(app, db, mail, admin_client):
    staff = f.user("support", password_hash="!invited")
    db.commit()
    response = post(admin_client, f"/admin/users/{staff.id}/invite")
    assert "is on its way to" in admin_client.get(response.headers["Location"]).get_data(as_text=True)
    first = link_in(mail.one(staff.email))
    post(admin_client, f"/admin/users/{staff.id}/invite")
    links = [link_in(m) for m in mail.to(staff.email)]
    assert len(links) == 2 and first in links and links[0] != links[1]


def test_a_second_factor_reset_is_told_to_its_owner(app, db, mail, admin_client):
    staff = f.user("support")
    db.commit()
    assert post(admin_client, f"/admin/users/{staff.id}/second-factor/reset", {"confirmed": "yes"}).status_code == 302
    notice = mail.one(staff.email)
    assert notice["Subject"] == "Your portal sign-in code was reset" and "call the number below" in text_of(notice)


def test_an_enrollment_of_a_patient_without_coordinator_says_only_what_happens(app, db, mail):
    """No coordinator on file: the page does not claim anyone is told, and nobody else is."""
    member = f.member(date_of_birth=date(1970, 1, 1))
    f.clinical_program(code="tobacco-free", name="Tobacco free", eligibility={})
    consent = f.consent_text()
    user = f.user("patient", member=member)
    db.commit()
    client = app.test_client()
    sign_in(client, user)
    response = post(client, "/my/programs/tobacco-free/enroll", {
        "contact_preference": "phone", "phone": "312-555-0101", "contact_times": "", "consent": "y", "consent_version": consent.version})
    assert response.status_code == 302, response.get_data(as_text=True)
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A confirmation is on its way" in confirmation and "care coordinator," not in confirmation
    assert [m["To"] for m in mail.deliver()] == [user.email]


@pytest.mark.parametrize("zone, day", [(None, "December 2, 2026"), ("Pacific/Honolulu", "December 1, 2026")])
def test_an_e_mail_is_dated_in_its_recipients_time_zone(app, db, mail, zone, day):
    """5 a.m. UTC on December 2 is still December 1 in Honolulu: the patient who chose that zone
    reads the same date in the e-mail as on the portal; without a choice, PORTAL_TIME_ZONE."""
    member = f.member(date_of_birth=date(1970, 1, 1))
    f.clinical_program(code="tobacco-free", name="Tobacco free", eligibility={})
    consent = f.consent_text()
    user = f.user("patient", member=member)
    user.time_zone = zone
    db.commit()
    client = app.test_client()
    sign_in(client, user)
    assert post(client, "/my/programs/tobacco-free/enroll", {
        "contact_preference": "phone", "phone": "312-555-0101", "contact_times": "", "consent": "y",
        "consent_version": consent.version}).status_code == 302
    db.execute(update(Enrollment).values(enrolled_at=datetime(2026, 12, 2, 5, 0, tzinfo=timezone.utc)))
    db.commit()
    (sent,) = mail.deliver()
    assert f"Joined: {day}" in text_of(sent) and f"Joined: {day}" in html_of(sent)


def test_the_admins_get_a_daily_summary_of_failed_deliveries(app, db, mail):
    admin = f.user("admin")
    f.user("admin", is_enabled=False)
    db.add_all([OutboxMessage(kind="invitation", recipient="a@example.com", status="failed", failed_at=utcnow()),
                OutboxMessage(kind="invitation", recipient="b@example.com", status="failed", failed_at=utcnow()),
                OutboxMessage(kind="invitation", recipient="c@example.com", status="failed",
                              failed_at=utcnow() - timedelta(days=3))])
    db.commit()
    assert outbox.queue_failed_summary(db) == 1
    assert outbox.queue_failed_summary(db) == 0  # once a day, however many workers run the schedule
    summary = mail.one(admin.email)
    assert summary["Subject"] == "2 portal messages could not be delivered"
    assert "Invitation to choose a password: 2" in text_of(summary) and "/admin/outbox?status=failed" in text_of(summary)


def test_no_summary_when_nothing_failed(db, mail):
    f.user("admin")
    db.commit()
    assert outbox.queue_failed_summary(db) == 0


# --- when the server does not take the message -----------------------------------------------


def test_a_refused_address_ends_as_failed_with_the_reason_and_an_admin_can_send_it_again(app, db, mail,
                                                                                        admin_client):
    user = f.user("patient")
    db.commit()
    mail.mailbox.mode = "refuse"
    _reset(app, user)
    assert mail.deliver() == []
    row = _only_message(db)
    assert row.status == "failed" and row.attempts == 1 and "550" in row.last_error and row.failed_at
    page = admin_client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "550 5.1.1 No such user here" in page and "Send again" in page and user.email not in page
    mail.mailbox.mode = "accept"
    assert post(admin_client, f"/admin/outbox/{row.id}/retry").status_code == 302
    assert mail.one(user.email)["Subject"] == "Reset your portal password"
    assert _only_message(db).status == "sent"
    assert [e.action for e in db.scalars(select(AuditEvent).where(AuditEvent.action.like("outbox.%")))] == \
        ["outbox.view", "outbox.retry"]


def test_a_server_down_for_a_while_gets_the_message_once_it_is_back(app, db, mail, monkeypatch):
    port = free_port()  # nothing listens here yet
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    user = f.user("patient")
    db.commit()
    _reset(app, user)
    for _ in range(2):
        deliver_round(db, app.config)
        db.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))  # as if the wait had passed
        db.commit()
    row = _only_message(db)
    assert row.status == "queued" and row.attempts == 2 and "Could not reach the mail server" in row.last_error
    server = SmtpServer(port).start()
    try:
        deliver_round(db, app.config)
        received = server.mailbox.to(user.email)
    finally:
        server.stop()
    assert len(received) == 1 and _only_message(db).status == "sent" and _only_message(db).attempts == 3
    client = app.test_client()
    client.get(link_in(received[0]))
    assert post(client, "/reset-password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_the_wait_between_attempts_doubles_and_the_worker_gives_up(app, db, monkeypatch):
    assert [outbox.backoff(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert outbox.backoff(30, 60) == timedelta(hours=6)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    user = f.user("patient")
    db.commit()
    _reset(app, user)
    waits = []
    for _ in range(3):
        before = utcnow()
        deliver_round(db, app.config)
        row = _only_message(db)
        waits.append(round((row.next_attempt_at - before).total_seconds() / 60))
        db.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.commit()
    row = _only_message(db)
    assert waits[:2] == [1, 2] and row.status == "failed" and row.last_error.startswith("Gave up after 3 attempts")


def test_a_server_that_defers_is_tried_again(app, db, mail):
    user = f.user("patient")
    db.commit()
    mail.mailbox.mode = "defer"
    _reset(app, user)
    mail.deliver()
    row = _only_message(db)
    assert row.status == "queued" and "451" in row.last_error and row.next_attempt_at > utcnow()
    mail.mailbox.mode = "accept"
    db.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.commit()
    assert len(mail.to(user.email)) == 1


def test_a_server_too_slow_to_answer_is_given_up_on_and_tried_again(app, db, mail, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 0.3)
    users = [f.user("patient") for _ in range(3)]
    db.commit()
    mail.mailbox.mode, mail.mailbox.delay = "slow", 1.0
    for user in users:
        _reset(app, user)
    mail.deliver()
    rows = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    # The first timed out (one attempt); the others waited without an attempt spent on them.
    assert [r.status for r in rows] == ["queued"] * 3 and [r.attempts for r in rows] == [1, 0, 0]
    assert "timed out" in rows[0].last_error
    mail.mailbox.mode = "accept"
    db.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.commit()
    assert sorted(m["To"] for m in mail.deliver()) == sorted(u.email for u in users)


def test_a_message_claimed_by_a_worker_that_stopped_goes_again_with_the_same_message_id(app, db, mail):
    user = f.user("patient")
    db.commit()
    _reset(app, user)
    assert outbox.claim(db, 10, "stopped-round") == [_only_message(db).id]
    assert outbox.claim(db, 10, "another-round") == []  # claimed once only
    deliver_round(db, app.config)
    assert mail.mailbox.messages == []  # not yet: the lease has not run out
    db.execute(update(OutboxMessage).values(claimed_at=utcnow() - timedelta(hours=1)))
    db.commit()
    deliver_round(db, app.config)
    row = _only_message(db)
    assert row.status == "sent" and mail.mailbox.messages[0]["Message-ID"] == message_id(row.id)


# --- the Outbox page ---------------------------------------------------------------------------


def test_an_admin_cancels_a_queued_message_and_it_is_not_sent(app, db, mail, admin_client):
    user = f.user("patient")
    db.commit()
    _reset(app, user)
    row = _only_message(db)
    page = admin_client.get("/admin/outbox").get_data(as_text=True)
    assert "Password reset link" in page and "Queued: 1" in page and f"{user.email[0]}…@" in page
    assert post(admin_client, f"/admin/outbox/{row.id}/cancel", {"confirmed": "yes"}).status_code == 302
    assert mail.deliver() == [] and _only_message(db).status == "cancelled"
    again = post(admin_client, f"/admin/outbox/{row.id}/cancel", {"confirmed": "yes"}, follow_redirects=True)
    assert "it can no longer be cancelled" in again.get_data(as_text=True)
    assert admin_client.get("/admin/outbox?status=nonsense").status_code == 400
    assert admin_client.get("/admin/outbox?page=abc").status_code == 400


def test_the_outbox_page_warns_when_nothing_can_be_sent(app, db, admin_client, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    page = admin_client.get("/admin/outbox").get_data(as_text=True)
    assert "No mail server is set" in page and "Nothing is being sent" in page


def test_without_a_mail_server_development_writes_messages_to_the_log(app, db, caplog, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setitem(app.config, "MAIL_TO_LOG", True)
    user = f.user("patient")
    db.commit()
    _reset(app, user)
    with caplog.at_level(logging.WARNING, logger="portal.delivery"):
        deliver_round(db, app.config)
    assert "/reset-password?token=" in caplog.text and _only_message(db).status == "logged"


def test_without_a_mail_server_production_keeps_messages_queued(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    user = f.user("patient")
    db.commit()
    _reset(app, user)
    deliver_round(db, app.config)
    assert _only_message(db).status == "queued" and _only_message(db).attempts == 0


def test_a_message_that_cannot_be_written_fails_with_the_reason(app, db, mail):
    db.add(OutboxMessage(kind="no-such-kind", recipient="a@example.com"))
    db.commit()
    mail.deliver()
    row = _only_message(db)
    assert row.status == "failed" and "No template" in row.last_error


@pytest.mark.parametrize("kind", ["enrollment_notice", "withdrawal_notice", "enrollment_confirmation"])
def test_a_message_about_an_enrollment_that_is_gone_is_skipped(db, mail, kind):
    db.add(OutboxMessage(kind=kind, recipient="a@example.com", context={"enrollment_id": 999_999}))
    db.commit()
    assert mail.deliver() == [] and _only_message(db).status == "skipped"


def test_the_hourly_clean_up_deletes_old_rows(app, db):
    """The worker's hourly task (no cron): old outbox rows and spent reset links go; a failed
    message and what is still needed stay."""
    from portal.jobs import tasks

    user = f.user("patient")
    db.flush()
    old = utcnow() - timedelta(days=91)
    db.add_all([OutboxMessage(kind="registration", recipient="a@example.com", status="sent", sent_at=old),
                OutboxMessage(kind="registration", recipient="b@example.com", status="failed", created_at=old),
                OutboxMessage(kind="registration", recipient="c@example.com", status="sent", sent_at=utcnow()),
                PasswordResetToken(user_id=user.id, token_hash="a" * 64, expires_at=utcnow() - timedelta(days=2)),
                PasswordResetToken(user_id=user.id, token_hash="b" * 64, expires_at=utcnow() + timedelta(minutes=5))])
    db.commit()
    tasks.hourly_cleanup.call_local()
    db.expire_all()
    assert sorted(m.recipient for m in db.scalars(select(OutboxMessage))) == ["b@example.com", "c@example.com"]
    assert [t.token_hash[0] for t in db.scalars(select(PasswordResetToken))] == ["b"]


def test_a_round_that_lost_its_claim_does_not_send(app, db, mail):
    """A round that outlasted MAIL_SENDING_LEASE: its message went back to the queue, and
    another round has it; the first must not send it as well."""
    user = f.user("patient")
    db.commit()
    _reset(app, user)
    message = _only_message(db)
    assert outbox.claim(db, 10, "slow-round") == [message.id]
    db.execute(update(OutboxMessage).values(claimed_at=utcnow() - timedelta(hours=1)))
    db.commit()
    deliver_round(db, app.config)  # recovers it and sends it, in a new round
    assert outbox.still_mine(db, message.id, "slow-round") is False
    assert len(mail.mailbox.messages) == 1 and _only_message(db).status == "sent"


def test_an_abandoned_message_that_had_its_attempts_ends_as_failed(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    db.add(OutboxMessage(kind="registration", recipient="a@example.com", status="sending", attempts=2,
                         claim_token="dead", claimed_at=utcnow() - timedelta(hours=1)))
    db.commit()
    deliver_round(db, app.config)
    row = _only_message(db)
    assert row.status == "failed" and "worker stopped" in row.last_error


def test_an_unexpected_error_leaves_no_message_stuck(app, db, mail, monkeypatch):
    """A database error while recording one message: it waits for a retry, the others go out."""
    users = [f.user("patient") for _ in range(3)]
    db.commit()
    for user in users:
        _reset(app, user)
    real = outbox.mark_sent
    calls = []

    def flaky(session, message_id, token, subject, status="sent"):
        calls.append(message_id)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return real(session, message_id, token, subject, status)

    monkeypatch.setattr(outbox, "mark_sent", flaky)
    deliver_round(db, app.config)
    rows = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [r.status for r in rows] == ["queued", "sent", "sent"] and "Unexpected error" in rows[0].last_error


def test_a_refused_sender_holds_every_message_not_just_one(app, db, mail):
    """A 5xx at MAIL FROM is the portal's settings, not the message: nothing ends as failed."""
    users = [f.user("patient") for _ in range(2)]
    db.commit()
    for user in users:
        _reset(app, user)

    async def refuse_sender(server, session, envelope, address, mail_options):
        return "553 5.7.1 Sender not allowed"

    mail.mailbox.handle_MAIL = refuse_sender
    try:
        mail.deliver()
    finally:
        del mail.mailbox.handle_MAIL
    rows = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(r.status, r.attempts) for r in rows] == [("queued", 1), ("queued", 0)]
    assert "refused the portal's sender" in rows[0].last_error


def test_a_recipient_that_is_not_one_address_is_not_sent_to(db, mail):
    """A coordinator's address comes from an imported file: a list must not reach two people."""
    db.add(OutboxMessage(kind="registration", recipient="a@example.com, b@example.com"))
    db.commit()
    assert mail.deliver() == []
    assert _only_message(db).status == "failed" and "not one valid e-mail address" in _only_message(db).last_error


def test_the_coordinators_e_mail_escapes_what_the_patient_typed(app, db, mail, patient_client):
    member = patient_client.user.member
    org = f.organization()
    coordinator = f.care_coordinator(org, email="nurse@group.example")
    f.attribution(member, f.program(org), care_coordinator=coordinator)
    program = f.clinical_program(eligibility={})
    consent = f.consent_text()
    db.commit()
    response = post(patient_client, f"/my/programs/{program.code}/enroll", {
        "contact_preference": "phone", "phone": "312-555-0101", "contact_times": "<script>alert(1)</script> mornings", "consent": "y",
        "consent_version": consent.version})
    assert response.status_code == 302
    html = html_of(mail.one("nurse@group.example"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; mornings" in html


def test_an_inactive_coordinator_is_not_told_and_the_page_does_not_say_so(app, db, mail, patient_client):
    member = patient_client.user.member
    org = f.organization()
    coordinator = f.care_coordinator(org, email="gone@group.example", is_active=False)
    f.attribution(member, f.program(org), care_coordinator=coordinator)
    program = f.clinical_program(eligibility={})
    consent = f.consent_text()
    db.commit()
    response = post(patient_client, f"/my/programs/{program.code}/enroll", {
        "contact_preference": "phone", "phone": "312-555-0101", "contact_times": "", "consent": "y", "consent_version": consent.version})
    page = patient_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "care coordinator," not in page and mail.to("gone@group.example") == []


def test_the_confirmation_page_says_only_what_the_outbox_holds(app, db, patient_client):
    """An enrollment made before e-mail existed (or whose messages were cancelled) claims nothing."""
    program = f.clinical_program(eligibility={})
    enrollment = f.enrollment(patient_client.user.member, program)
    db.commit()
    page = patient_client.get(f"/my/programs/enrollments/{enrollment.confirmation_code}").get_data(as_text=True)
    assert "on its way" not in page and "is told by e-mail" not in page


def test_a_savepoint_rolled_back_keeps_the_outer_transactions_jobs(db):
    from portal.jobs import queue

    outbox.queue_email(db, kind="registration", recipient="a@example.com")
    with db.begin_nested() as savepoint:
        savepoint.rollback()
    db.commit()
    assert [task.name for task in queue.pending()] == ["deliver_due"]


def test_the_minutes_task_sends_what_is_due_without_being_asked(app, db, mail):
    """A message whose nudge was lost (the queue was down when it was written) still goes out:
    the worker's every-minute task sends whatever is due."""
    db.add(OutboxMessage(kind="registration", recipient="lost@example.com", user_id=f.user("patient").id))
    db.commit()
    from portal.jobs import tasks

    tasks.every_minute.call_local()
    assert [m["To"] for m in mail.mailbox.messages] == ["lost@example.com"]
