"""Sign-in, lockout, sessions and timeouts, registration, passwords and resets, CSRF."""
from __future__ import annotations

import logging
import re
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, OutboxMessage, PasswordResetToken, User, utcnow
from portal.services.accounts import GENERIC_LOGIN_ERROR, GENERIC_REGISTRATION_ERROR
from tests import factories as f
from tests.factories import PASSWORD
from tests.smtp import html_of, link_in, text_of
from tests.helpers import codes, csrf_token, post, post_to, sign_in

NEW_PASSWORD = "lantern-orchard-sideways-97"


def actions(db, **where) -> list[str]:
    stmt = select(AuditEvent.action).order_by(AuditEvent.id)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditEvent, key) == value)
    return list(db.scalars(stmt))


def events(db, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


# --- signing in -------------------------------------------------------------------------------


def test_sign_in_goes_to_the_role_home_and_is_audited(client, db):
    user = f.user("provider")
    db.commit()
    response = sign_in(client, user)
    assert response.headers["Location"] == "/office/"
    event = events(db, "auth.login")[-1]
    assert event.user_id == user.id and event.ip_address == "127.0.0.1"
    assert db.get(User, user.id).last_login_at is not None


def test_sign_in_follows_a_local_next_only(client, db):
    user = f.user("patient")
    db.commit()
    response = post(client, "/login", {"email": user.email, "password": PASSWORD, "next": "/programs?state=CA"})
    assert response.headers["Location"] == "/programs?state=CA"
    post(client, "/logout")
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = post(client, "/login", {"email": user.email, "password": PASSWORD, "next": evil})
        assert response.headers["Location"] == "/my/care-team", evil
        post(client, "/logout")


def test_protected_page_sends_anonymous_users_to_sign_in_and_back(client, db):
    user = f.user("admin")
    db.commit()
    response = client.get("/admin/users?role=admin")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/admin/users?role%3Dadmin"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="/admin/users?role=admin"' in page
    response = post(client, "/login", {"email": user.email, "password": PASSWORD, "next": "/admin/users?role=admin"})
    assert response.headers["Location"] == "/login/code"  # staff: the second factor first, then back
    response = post_to(client, "/login/code", {"code": codes(f.TOTP_SECRET)[0]})
    assert response.headers["Location"] == "/admin/users?role=admin"


@pytest.mark.parametrize("email, password", [
    ("nobody@example.com", PASSWORD),  # unknown account
    ("{email}", "wrong-password-entirely-1"),  # wrong password
])
def test_failed_sign_in_is_generic_and_audited(client, db, email, password):
    user = f.user("patient")
    db.commit()
    response = post(client, "/login", {"email": email.format(email=user.email), "password": password})
    assert response.status_code == 401
    assert GENERIC_LOGIN_ERROR.split(".")[0] in response.get_data(as_text=True)
    assert events(db, "auth.login_failed")


def test_five_failures_lock_the_account_for_15_minutes(client, db, app):
    user = f.user("support")
    db.commit()
    for _ in range(5):
        assert post(client, "/login", {"email": user.email, "password": "not-the-password-xx"}).status_code == 401
    db.refresh(user)
    assert user.locked_until is not None
    assert timedelta(minutes=14) < user.locked_until - utcnow() <= timedelta(minutes=15)
    assert len(events(db, "auth.lockout")) == 1
    # The right password does not help while locked, and the message stays the same.
    response = post(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 401 and GENERIC_LOGIN_ERROR.split(".")[0] in response.get_data(as_text=True)
    assert events(db, "auth.login_failed")[-1].outcome == "locked"
    # Once the lock has passed, the account signs in again.
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.commit()
    sign_in(client, user)


def test_disabled_user_cannot_sign_in(client, db):
    user = f.user("provider", is_enabled=False)
    db.commit()
    assert post(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 401
    assert events(db, "auth.login_failed")[-1].outcome == "disabled"


def test_suspended_organization_staff_cannot_sign_in(client, db):
    user = f.user("provider")
    user.organization.portal_access = False
    db.commit()
    assert post(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 401
    assert events(db, "auth.login_failed")[-1].outcome == "organization_suspended"


def test_sign_in_renews_the_session(client, db):
    user = f.user("patient")
    db.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}.{user.session_version}"


def test_sign_in_is_rate_limited_per_account(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_PER_ACCOUNT", "3 per minute")
    user = f.user("patient")
    db.commit()
    statuses = [post(client, "/login", {"email": user.email, "password": "wrong-wrong-wrong-1"}).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    # Another account from the same address is not affected by this account's limit.
    other = f.user("patient")
    db.commit()
    assert post(client, "/login", {"email": other.email, "password": PASSWORD}).status_code == 302


def test_sign_in_is_rate_limited_per_address(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_PER_IP", "2 per minute")
    statuses = [post(client, "/login", {"email": f"someone{i}@example.com", "password": "x" * 12}).status_code
                for i in range(3)]
    assert statuses == [401, 401, 429]
    assert "Too many requests" in post(client, "/login", {"email": "a@example.com", "password": "x"}).get_data(as_text=True)


def test_sign_out_ends_the_session_and_is_audited(patient_client, db):
    assert patient_client.get("/logout").status_code == 405  # sign-out is a POST with a CSRF token
    response = post(patient_client, "/logout")
    assert response.status_code == 302
    assert patient_client.get("/account").status_code == 302
    assert "auth.logout" in actions(db)


# --- sessions ---------------------------------------------------------------------------------


def _age_session(client, *, idle: int = 0, since_sign_in: int = 0) -> None:
    with client.session_transaction() as session:
        now = int(time.time())
        session["seen_at"] = now - idle
        session["auth_at"] = now - max(idle, since_sign_in)


def test_staff_are_signed_out_after_15_idle_minutes(provider_client, db):
    _age_session(provider_client, idle=15 * 60 + 5)
    response = provider_client.get("/office/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/office/")
    page = provider_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after 15 minutes without activity" in page
    assert events(db, "auth.session_expired")[-1].user_id == provider_client.user.id


def test_patients_have_30_idle_minutes(patient_client):
    _age_session(patient_client, idle=20 * 60)
    assert patient_client.get("/account").status_code == 200
    _age_session(patient_client, idle=30 * 60 + 5)
    assert patient_client.get("/account").status_code == 302


def test_activity_keeps_the_session_alive_and_the_page_warns(admin_client):
    _age_session(admin_client, idle=14 * 60)
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert 'data-idle-timeout="900"' in page and 'id="session-warning"' in page and "Stay signed in" in page
    _age_session(admin_client, idle=14 * 60)
    response = admin_client.post("/session/keepalive", data={"csrf_token": csrf_token(admin_client, "/admin/")},
                                 headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["status"] == "ok"
    with admin_client.session_transaction() as session:
        assert int(time.time()) - session["seen_at"] < 5


def test_sessions_last_12_hours_at_most(patient_client):
    _age_session(patient_client, idle=60, since_sign_in=12 * 3600 + 60)
    response = patient_client.get("/account")
    assert response.status_code == 302
    assert "at most 12 hours" in patient_client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_disabled_users_live_session_ends(provider_client, db):
    user = db.get(User, provider_client.user.id)
    user.is_enabled = False
    db.commit()
    response = provider_client.get("/office/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert events(db, "auth.session_expired")[-1].outcome == "revoked"


def test_session_cookie_flags(client, db, app, database_url, monkeypatch):
    user = f.user("patient")
    db.commit()
    cookie = sign_in(client, user).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    from portal import create_app

    monkeypatch.setenv("PREFERRED_URL_SCHEME", "https")
    assert create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"}).config["SESSION_COOKIE_SECURE"] is True


def test_production_config_needs_secret_key_and_database_url(monkeypatch):
    from portal import create_app
    from portal.config import ConfigError

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY and DATABASE_URL and PORTAL_URL"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "s" * 32)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PORTAL_URL", "https://portal.example.org")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["MAIL_TO_LOG"] is False


# --- CSRF -----------------------------------------------------------------------------------------


def test_forms_refuse_a_missing_or_wrong_csrf_token(client, db):
    user = f.user("patient")
    db.commit()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 400
    bad = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": "forged"})
    assert bad.status_code == 400
    assert not events(db, "auth.login")


def test_state_changes_with_the_session_need_the_csrf_token(admin_client, db):
    target = f.user("provider")
    db.commit()
    response = admin_client.post(f"/admin/users/{target.id}/enabled", data={"enabled": "0"})
    assert response.status_code == 400
    db.refresh(target)
    assert target.is_enabled


# --- registration -----------------------------------------------------------------------------------


def _registration(member, **overrides) -> dict:
    data = {"member_id": member.member_id, "date_of_birth": member.date_of_birth.isoformat(),
            "last_name": member.last_name, "zip_code": member.zip, "email": "new.patient@example.com",
            "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    data.update(overrides)
    return data


def test_patient_registers_with_matching_member_details(client, db):
    member = f.member(last_name="Núñez-O'Brien", date_of_birth=date(1975, 3, 9), zip="90503")
    db.commit()
    response = post(client, "/register", _registration(member, last_name="nunez obrien", member_id=member.member_id.lower()))
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "new.patient@example.com"))
    assert user.role == "patient" and user.member_id == member.id
    assert user.password_hash.startswith("$argon2id$") and NEW_PASSWORD not in user.password_hash
    assert client.get("/account").status_code == 200
    assert events(db, "auth.register")[-1].member_ref == member.member_id


@pytest.mark.parametrize("field, value", [
    ("zip_code", "90210"), ("last_name", "Smith"), ("date_of_birth", "1975-03-10"), ("member_id", "CC000000000"),
])
def test_registration_mismatch_is_generic(client, db, field, value):
    member = f.member(last_name="Rivera", date_of_birth=date(1975, 3, 9), zip="90503")
    db.commit()
    response = post(client, "/register", _registration(member, **{field: value}))
    assert response.status_code == 400
    assert GENERIC_REGISTRATION_ERROR.split(".")[0] in response.get_data(as_text=True)
    assert db.scalar(select(User).where(User.email == "new.patient@example.com")) is None
    assert events(db, "auth.register_failed")[-1].outcome == "no_match"


def test_registering_a_member_who_has_an_account_is_refused_generically(client, db):
    existing = f.user("patient")
    db.commit()
    response = post(client, "/register", _registration(existing.member))
    assert response.status_code == 400
    assert GENERIC_REGISTRATION_ERROR.split(".")[0] in response.get_data(as_text=True)
    assert events(db, "auth.register_failed")[-1].outcome == "already_registered"
    assert db.scalar(select(User).where(User.email == "new.patient@example.com")) is None


@pytest.mark.parametrize("overrides, message", [
    ({"password": "password1234", "confirm": "password1234"}, "common password"),
    ({"password": "short", "confirm": "short"}, "at least 12 characters"),
    ({"confirm": "something-else-entirely"}, "not the same"),
    ({"password": "x" * 1_000_000, "confirm": "x"}, "at most 128 characters"),
    ({"email": "not an e-mail"}, "not valid"),
    ({"email": "jürgen@example.com"}, "no accents"),
    ({"zip_code": "9050"}, "5-digit ZIP"),
    ({"date_of_birth": "2023-02-31"}, "date of birth"),
])
def test_registration_explains_bad_input(client, db, overrides, message):
    member = f.member()
    db.commit()
    response = post(client, "/register", _registration(member, **overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(User).where(User.member_id == member.id)) is None


def test_registration_with_an_email_in_use_is_refused_generically(client, db):
    other = f.user("support")
    member = f.member()
    db.commit()
    response = post(client, "/register", _registration(member, email=other.email.upper()))
    assert response.status_code == 400 and GENERIC_REGISTRATION_ERROR.split(".")[0] in response.get_data(as_text=True)
    assert "already exists" not in response.get_data(as_text=True)
    assert events(db, "auth.register_failed")[-1].outcome == "email_in_use"


def test_registration_answers_alike_whether_the_member_details_are_real(client, db):
    """No oracle: a weak password gets the same error with real and with made-up member details,
    and a strong one the same generic refusal for a registered member, a used e-mail and no member."""
    member = f.member(last_name="Rivera", date_of_birth=date(1975, 3, 9), zip="90503")
    registered = f.user("patient")
    db.commit()
    weak = {"password": "password1234", "confirm": "password1234"}
    real = post(client, "/register", _registration(member, **weak)).get_data(as_text=True)
    made_up = post(client, "/register", _registration(member, member_id="CC000000000", **weak)).get_data(as_text=True)
    assert "common password" in real and "common password" in made_up

    def refusal(**overrides) -> str:
        response = post(client, "/register", _registration(registered.member, **overrides))
        assert response.status_code == 400
        text = response.get_data(as_text=True)
        return re.sub(r'value="[^"]*"', "", text[text.index("<main"):])  # what was typed is shown back

    assert refusal() == refusal(member_id="CC000000000") == refusal(email=registered.email)


# --- passwords ------------------------------------------------------------------------------------


def test_change_password(make_client, app, db):
    client = make_client("patient")
    other_device = app.test_client()
    sign_in(other_device, client.user)
    wrong = post(client, "/account/password", {"current_password": "not-my-password-1", "password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "current password is not right" in wrong.get_data(as_text=True)
    weak = post(client, "/account/password", {"current_password": PASSWORD, "password": "qwertyuiop12",
                                              "confirm": "qwertyuiop12"})
    assert weak.status_code == 400
    response = post(client, "/account/password", {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this session continues
    assert other_device.get("/account").status_code == 302  # the other one ended
    outcomes = [e.outcome for e in events(db, "auth.password_change")]
    assert outcomes == ["wrong_current_password", "success"]


def _reset_link(mail, address: str) -> str:
    """The link of the one reset e-mail the SMTP server received for `address`."""
    return "http://portal.test" + link_in(mail.one(address))


def test_password_reset_flow(client, db, mail, caplog):
    caplog.set_level(logging.DEBUG)
    user = f.user("provider", locked_until=utcnow() + timedelta(minutes=10))
    db.commit()
    sent = post(client, "/forgot-password", {"email": user.email})
    assert sent.status_code == 200 and "If an account uses this address" in sent.get_data(as_text=True)
    assert db.scalar(select(PasswordResetToken)) is None  # the link is made when the e-mail is sent
    message = mail.one(user.email)
    assert message["Subject"] == "Reset your portal password" and "within 30 minutes" in text_of(message)
    assert "Choose a new password" in html_of(message) and "You get this e-mail because" in text_of(message)
    link = _reset_link(mail, user.email)
    token = link.split("token=")[1]
    stored_message = db.scalar(select(OutboxMessage))
    assert stored_message.status == "sent" and token not in str(stored_message.context)  # no secret at rest
    stored = db.scalar(select(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    assert token not in stored.token_hash  # only a hash is stored
    assert timedelta(minutes=29) < stored.expires_at - utcnow() <= timedelta(minutes=30)

    response = client.get(link.replace("http://portal.test", ""))
    assert response.status_code == 302 and response.headers["Location"] == "/reset-password"  # token off the URL
    assert client.get("/reset-password").status_code == 200
    done = post(client, "/reset-password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    sign_in(client, user, NEW_PASSWORD)  # also unlocked
    assert "auth.password_reset" in actions(db)

    # Single use: the same link again fails, and the failure is audited.
    post(client, "/logout")
    client.get(link.replace("http://portal.test", ""))
    assert client.get("/reset-password").status_code == 400
    replay = client.post("/reset-password", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                                  "csrf_token": csrf_token(client, "/forgot-password")})
    assert replay.status_code == 400
    assert "auth.password_reset_failed" in actions(db)
    # No password and no token ever reach the log.
    assert token not in caplog.text and NEW_PASSWORD not in caplog.text and PASSWORD not in caplog.text


def test_expired_reset_link(client, db, mail):
    user = f.user("patient")
    db.commit()
    post(client, "/forgot-password", {"email": user.email})
    link = _reset_link(mail, user.email)
    for stored in db.scalars(select(PasswordResetToken)):
        stored.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    client.get(link.replace("http://portal.test", ""))
    response = client.get("/reset-password")
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


def test_forgot_password_for_an_unknown_address_looks_the_same(client, db, mail):
    response = post(client, "/forgot-password", {"email": "nobody@example.com"})
    assert response.status_code == 200 and "If an account uses this address" in response.get_data(as_text=True)
    assert mail.deliver() == []  # nothing is sent, and the address typed is not kept
    message = db.scalar(select(OutboxMessage))
    assert message.status == "skipped" and message.recipient == ""
    assert [e.outcome for e in events(db, "auth.password_reset_email")] == ["no_account"]


def test_account_page_shows_the_profile(patient_client):
    page = patient_client.get("/account").get_data(as_text=True)
    assert patient_client.user.email in page and patient_client.user.member.member_id in page
    assert "Change my password" in page


def _redis_answers() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="no Redis server at 127.0.0.1:6379")
def test_rate_limit_counters_can_live_in_redis(app, database_url):
    """With RATELIMIT_STORAGE_URI set, every worker and host shares the same counters: two
    processes (two workers) count against one limit."""
    import os
    import subprocess
    import sys

    script = """
import sys
from portal import create_app
from portal.extensions import limiter

app = create_app({"WTF_CSRF_ENABLED": False})
if sys.argv[1] == "reset":
    with app.app_context():
        limiter.reset()
for _ in range(int(sys.argv[2])):
    print(app.test_client().post("/login", data={"email": "a@example.com", "password": "b" * 12}).status_code)
"""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "x",
           "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15", "RATELIMIT_LOGIN_PER_IP": "2 per minute"}

    def worker(*args: str) -> list[str]:
        result = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert worker("reset", "2") == ["401", "401"]
    assert worker("keep", "1") == ["429"]  # the other process's attempts counted
    worker("reset", "0")


def test_the_reset_request_does_the_same_work_for_known_and_unknown_addresses(client, db):
    """The request only queues: one outbox row and one audit event, whatever the address, so the
    answer's time does not tell known addresses from unknown ones (bench/oracle.py measures it)."""
    user = f.user("patient")
    db.commit()
    for address in (user.email, "nobody@example.com"):
        assert post(client, "/forgot-password", {"email": address}).status_code == 200
    assert [m.recipient for m in db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))] == \
        [user.email, "nobody@example.com"]
    assert [(e.user_id, e.outcome) for e in events(db, "auth.password_reset_request")] == [(None, "success")] * 2
    assert db.scalar(select(PasswordResetToken)) is None
