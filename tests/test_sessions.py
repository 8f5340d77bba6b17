"""Sessions kept on the server (portal/services/sessions.py): signing out ends a session for every
copy of its cookie; users see and end their other sessions; an admin ends them all; a new role
ends sessions and API tokens."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models import AuditEvent, UserSession, utcnow
from portal.services import accounts, sessions
from portal.services.audit import Actor
from tests import factories as f
from tests.helpers import post, sign_in


def _copy(app, client):
    """A second client holding a copy of `client`'s session cookie (as an attacker would)."""
    thief = app.test_client()
    cookie = client.get_cookie("session", domain=app.config["SERVER_NAME"])
    thief.set_cookie(cookie.key, cookie.value, domain=app.config["SERVER_NAME"])
    return thief


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_a_cookie_copied_before_sign_out_opens_nothing_after(app, make_client, db):
    owner = make_client("support")
    thief = _copy(app, owner)
    assert _signed_in(thief) and thief.get("/support/log").status_code == 200
    post(owner, "/logout")
    response = thief.get("/support/log")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not _signed_in(thief)
    record = db.scalar(select(UserSession).where(UserSession.user_id == owner.user.id))
    assert record.ended_at is not None and record.end_reason == sessions.SIGNED_OUT


def test_users_see_their_sessions_and_end_the_others(app, make_client, db):
    phone = make_client("patient")
    laptop = app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/133.0"
    sign_in(laptop, phone.user)
    page = phone.get("/account").get_data(as_text=True)
    assert "Where you are signed in" in page and "(this device)" in page and "Firefox on Windows" in page
    assert page.count("End this session") == 1  # not for the session reading the page

    laptop_session = db.scalars(select(UserSession).where(UserSession.user_id == phone.user.id)
                                .order_by(UserSession.id.desc())).first()
    response = post(phone, "/account/sessions/end", {"session": str(laptop_session.id)})
    assert response.status_code == 302
    assert not _signed_in(laptop) and _signed_in(phone)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "auth.sessions_end")) is not None

    sign_in(laptop, phone.user)
    other = app.test_client()
    sign_in(other, phone.user)
    post(phone, "/account/sessions/end")  # every other session
    assert not _signed_in(laptop) and not _signed_in(other) and _signed_in(phone)


def test_nobody_ends_someone_elses_session(app, make_client, db):
    victim = make_client("provider")
    attacker = make_client("provider")
    victim_session = db.scalar(select(UserSession).where(UserSession.user_id == victim.user.id))
    assert post(attacker, "/account/sessions/end", {"session": str(victim_session.id)}).status_code == 302
    assert _signed_in(victim)
    assert post(attacker, "/account/sessions/end", {"session": "1 OR 1=1"}).status_code == 400


def test_an_admin_ends_every_session_of_a_user(make_client, db):
    user_client = make_client("provider")
    admin = make_client("admin")
    response = post(admin, f"/admin/users/{user_client.user.id}/sessions/end", {"confirmed": "yes"})
    assert response.status_code == 302
    assert not _signed_in(user_client)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.sessions_end"))
    assert event.target == f"user:{user_client.user.id}" and event.details == {"count": 1}


def test_a_new_role_ends_sessions_and_api_tokens(app, make_client, db):
    office = make_client("provider")
    _, raw = accounts.create_api_token(db, Actor.for_user(office.user), office.user, "practice system")
    api = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}
    assert api.get("/api/v1/programs", headers=headers).status_code == 200
    accounts.change_role(db, Actor(user_id=f.user("admin").id, role="admin"), office.user, role="support",
                         organization_id=None, member_ref=None)
    assert api.get("/api/v1/programs", headers=headers).status_code == 401
    assert not _signed_in(office)


def test_the_password_change_ends_the_other_sessions_on_the_server(app, make_client, db):
    first = make_client("patient")
    second = app.test_client()
    sign_in(second, first.user)
    accounts.change_password(db, Actor.for_user(first.user), first.user, f.PASSWORD, "a brand new passphrase 42!")
    db.commit()
    live = sessions.list_live(db, first.user, timedelta(hours=1), timedelta(hours=12))
    assert live == []
    assert not _signed_in(second)


def test_old_sessions_are_purged(db):
    user = f.user("patient")
    db.commit()
    token = sessions.start(db, user, "203.0.113.9", "curl/8")
    record = sessions.live(db, user.id, token)
    assert record is not None and sessions.live(db, user.id + 1, token) is None and sessions.live(db, user.id, "x") is None
    record.last_seen_at = utcnow() - sessions.KEEP_ENDED - timedelta(days=1)
    db.commit()
    assert sessions.purge(db) == 1
    assert sessions.live(db, user.id, token) is None


def test_devices_are_named_from_the_user_agent():
    assert sessions.device("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit Version/17.0 "
                           "Mobile/15E148 Safari/604.1") == "Safari on iPhone"
    assert sessions.device("Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36") == "Chrome on Android"
    assert sessions.device("") == "Unknown device"
    assert sessions.device("<script>") == "script"


def test_the_purge_command(app, db):
    user = f.user("patient")
    db.commit()
    sessions.start(db, user, None, None)
    db.scalar(select(UserSession).where(UserSession.user_id == user.id)).ended_at = utcnow() - timedelta(days=31)
    db.commit()
    result = app.test_cli_runner().invoke(args=["sessions", "purge"])
    assert result.exit_code == 0 and "Deleted 1 session record" in result.output
