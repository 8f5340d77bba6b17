"""The second factor (portal/services/second_factor.py): staff set up an authenticator app at
their first sign-in and enter a code at every sign-in; a code works once; recovery codes work
once; patients may turn it on; an admin resets it; a few actions ask again for a fresh code."""
from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
from sqlalchemy import select

from portal.models import ApiToken, AuditEvent, RecoveryCode, UserSession, utcnow
from portal.services import accounts, second_factor
from portal.services.audit import Actor
from tests import factories as f
from tests.helpers import codes, post, post_to, sign_in


def _password(client, user):
    response = post(client, "/login", {"email": user.email, "password": f.PASSWORD})
    assert response.status_code == 302
    return response.headers["Location"]


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def _key(page: str) -> str:
    """The key the set-up page shows for typing into the app."""
    return re.search(r'id="totp-key"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def _set_up(client) -> list[str]:
    page = client.get("/login/setup").get_data(as_text=True)
    key = _key(page)
    response = post_to(client, "/login/setup", {"code": pyotp.TOTP(key).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/account/recovery-codes"
    shown = client.get("/account/recovery-codes").get_data(as_text=True)
    return re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", shown)


def test_staff_set_up_the_app_at_their_first_sign_in(app, client, db):
    user = f.user("provider", totp_secret=None, totp_enabled_at=None)
    db.commit()
    _, raw = accounts.create_api_token(db, Actor(role="admin"), user, "system")
    assert _password(client, user) == "/login/setup"
    assert not _signed_in(client)  # the password alone opens nothing
    page = client.get("/login/setup").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page and 'alt="QR code for setting up the authenticator app"' in page
    assert post_to(client, "/login/setup", {"code": "123456"}).status_code == 400
    recovery = _set_up(client)
    assert len(recovery) == 10 and len(set(recovery)) == 10
    assert _signed_in(client)
    assert client.get("/account/recovery-codes").status_code == 302  # shown once
    db.expire_all()
    assert user.totp_enabled_at is not None
    assert all(c.code_hash not in recovery for c in db.scalars(select(RecoveryCode)))  # stored hashed
    assert db.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).revoked_at is not None
    assert app.test_client().get("/api/v1/programs", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_a_code_works_once(app, db):
    user = f.user("provider")
    db.commit()
    code = pyotp.TOTP(f.TOTP_SECRET).now()
    first, second = app.test_client(), app.test_client()
    _password(first, user)
    assert post_to(first, "/login/code", {"code": code}).status_code == 302
    _password(second, user)
    replay = post_to(second, "/login/code", {"code": code})
    assert replay.status_code == 400 and "used already" in replay.get_data(as_text=True)
    assert not _signed_in(second)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "auth.second_factor_failed")) is not None


def test_a_recovery_code_signs_in_once_in_any_spelling(app, client, db):
    user = f.user("admin", totp_secret=None, totp_enabled_at=None)
    db.commit()
    _password(client, user)
    recovery = _set_up(client)
    for attempt, status in ((recovery[3].lower(), 302), (recovery[3], 400)):
        other = app.test_client()
        _password(other, user)
        assert post_to(other, "/login/code", {"code": f" {attempt} "}).status_code == status


def test_the_code_step_expires(app, client, db):
    user = f.user("support")
    db.commit()
    _password(client, user)
    with client.session_transaction() as session:
        session["second_factor_pending"] = {**session["second_factor_pending"], "at": int(time.time()) - 601}
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_patients_may_turn_it_on(make_client, app, db):
    patient = make_client("patient")
    page = patient.get("/account/two-factor").get_data(as_text=True)
    key = _key(page)
    response = post_to(patient, "/account/two-factor", {"code": pyotp.TOTP(key).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/account/recovery-codes"
    db.expire_all()
    assert second_factor.enabled(patient.user)
    again = app.test_client()
    assert _password(again, patient.user) == "/login/code"


def test_an_admin_resets_a_lost_second_factor(make_client, db):
    staff = make_client("provider")
    _, raw = accounts.create_api_token(db, Actor.for_user(staff.user), staff.user, "system")
    admin = make_client("admin")
    assert post(admin, f"/admin/users/{staff.user.id}/second-factor/reset", {"confirmed": "yes"}).status_code == 302
    assert not _signed_in(staff)
    db.expire_all()
    assert staff.user.totp_secret is None and not db.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == staff.user.id)).all()
    assert db.scalar(select(ApiToken).where(ApiToken.user_id == staff.user.id)).revoked_at is not None
    assert _password(staff, staff.user) == "/login/setup"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "user.second_factor_reset")) is not None


def test_a_roster_download_asks_again_for_a_code_after_15_minutes(make_client, db):
    office = make_client("provider")
    assert office.get("/office/roster.csv").status_code == 200
    record = db.scalar(select(UserSession).where(UserSession.user_id == office.user.id, UserSession.ended_at.is_(None)))
    record.second_factor_at = utcnow() - second_factor.FRESH - timedelta(minutes=1)
    db.commit()
    response = office.get("/office/roster.csv")
    assert response.status_code == 302 and response.headers["Location"] == "/account/verify-code?next=/office/roster.csv"
    for code in codes(f.TOTP_SECRET):
        response = post_to(office, "/account/verify-code?next=/office/roster.csv", {"code": code})
        if response.status_code == 302:
            break
    assert response.headers["Location"] == "/office/roster.csv"
    assert office.get("/office/roster.csv").status_code == 200


def test_a_staff_session_without_a_code_is_not_signed_in(app, db):
    """A session from before the second factor was required (or made some other way) opens nothing."""
    user = f.user("support")
    db.commit()
    client = app.test_client()
    sign_in(client, user)
    db.execute(UserSession.__table__.update().values(second_factor_at=None))
    db.commit()
    assert not _signed_in(client)


def test_the_secrets_are_stored_encrypted(client, db):
    user = f.user("support", totp_secret=None, totp_enabled_at=None)
    db.commit()
    _password(client, user)
    page = client.get("/login/setup").get_data(as_text=True)
    key = _key(page)
    post_to(client, "/login/setup", {"code": pyotp.TOTP(key).now()})
    db.expire_all()
    stored = db.get(type(user), user.id).totp_secret
    assert key not in stored and second_factor.unseal(stored) == key
    assert second_factor.unseal("not a token") == ""


def test_a_password_change_keeps_a_user_with_a_second_factor_signed_in(make_client, db):
    staff = make_client("support")
    response = post(staff, "/account/password", {"current_password": f.PASSWORD, "password": "a new passphrase 42 ok",
                                                 "confirm": "a new passphrase 42 ok"})
    assert response.status_code == 302
    assert _signed_in(staff)


def test_wrong_codes_lock_the_account_like_wrong_passwords(app, db):
    user = f.user("provider")
    db.commit()
    for _ in range(5):
        client = app.test_client()
        _password(client, user)
        assert post_to(client, "/login/code", {"code": "000000"}).status_code == 400
    db.expire_all()
    assert user.locked_until is not None
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "auth.lockout")) is not None


def test_codes_in_other_scripts_and_huge_numbers_are_a_400(make_client, app, db):
    user = f.user("support")
    db.commit()
    client = app.test_client()
    _password(client, user)
    assert post_to(client, "/login/code", {"code": "\u0661\u0662\u0663\u0664\u0665\u0666"}).status_code == 400
    staff = make_client("support")
    assert post(staff, "/account/sessions/end", {"session": "9" * 30}).status_code == 400


def test_the_set_up_secret_and_the_recovery_codes_are_sealed_in_the_cookie(client, db):
    user = f.user("support", totp_secret=None, totp_enabled_at=None)
    db.commit()
    _password(client, user)
    page = client.get("/login/setup").get_data(as_text=True)
    key = _key(page)
    with client.session_transaction() as session:
        assert key not in str(dict(session))
    post_to(client, "/login/setup", {"code": pyotp.TOTP(key).now()})
    with client.session_transaction() as session:
        sealed = session["recovery_codes_once"]["codes"]
    shown = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", client.get("/account/recovery-codes").get_data(as_text=True))
    assert len(shown) == 10 and not any(code in sealed for code in shown)
