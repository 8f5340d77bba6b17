"""Delivery: what every page that says a message was sent sends, read back from a real SMTP
server; and what happens when the server refuses, is down for a while, or is too slow."""
from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from portal.delivery import outbox
from portal.delivery.messages import message_id
from portal.delivery.worker import deliver_round
from portal.models import AuditEvent, OutboxMessage, PasswordResetToken, User, utcnow
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


def test_the_outbox_never_holds_a_usable_link(app, db, mail):
    """No secret at rest: the row holds who and what kind; the token is made at sending time
    and stored hashed, so neither the outbox nor the token table gives a working link."""
    user = f.user("provider")
    db.commit()
    _reset(app, user)
    row = _only_message(db)
    assert row.context == {} and not hasattr(row, "body")
    link = link_in(mail.one(user.email))
    raw = link.split("token=")[1]
    stored = db.scalar(select(PasswordResetToken))
    assert raw not in stored.token_hash and raw not in str(_only_message(db).__dict__)


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
    assert post(admin_client, f"/admin/users/{staff.id}/second-factor/reset").status_code == 302
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
        "contact_preference": "phone", "contact_times": "", "consent": "y", "consent_version": consent.version})
    assert response.status_code == 302, response.get_data(as_text=True)
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A confirmation is on its way" in confirmation and "care coordinator," not in confirmation
    assert [m["To"] for m in mail.deliver()] == [user.email]


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
    assert outbox.claim(db, 10) == [_only_message(db).id]
    assert outbox.claim(db, 10) == []  # claimed once only
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
    assert post(admin_client, f"/admin/outbox/{row.id}/cancel").status_code == 302
    assert mail.deliver() == [] and _only_message(db).status == "cancelled"
    again = post(admin_client, f"/admin/outbox/{row.id}/cancel", follow_redirects=True)
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
    assert db.scalar(select(User)) is None


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
