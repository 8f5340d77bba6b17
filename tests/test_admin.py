"""The admin area and the office administrator's staff page: users, roles, organizations'
access, API tokens, the audit log and its export."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from portal.models import ApiToken, AuditEvent, OutboxMessage, User, utcnow
from portal.services import accounts, audit
from portal.services.accounts import AccountError
from portal.services.audit import Actor
from tests import factories as f
from tests.factories import PASSWORD
from tests.smtp import link_in
from tests.helpers import csrf_token, post, sign_in
from tests.test_auth import NEW_PASSWORD, actions, events

CONFIRMED = {"confirmed": "yes"}  # the confirmation page's field (portal/confirm.py)


def _accept_invitation(app, mail, email: str) -> None:
    path = link_in(mail.to(email)[-1])
    client = app.test_client()
    client.get(path)
    assert post(client, "/reset-password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_admin_creates_office_staff_who_accept_the_invitation(admin_client, app, db, mail):
    org = f.organization()
    db.commit()
    response = post(admin_client, "/admin/users/new", {"email": "Front.Desk@Example.com", "display_name": "Front Desk",
                                                        "role": "provider", "organization_id": org.id})
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "front.desk@example.com"))
    assert user.organization_id == org.id and user.role == "provider"
    assert {"user.create", "user.invite"} <= set(actions(db))
    # Before accepting the invitation, no password works.
    assert post(app.test_client(), "/login", {"email": user.email, "password": "!invited"}).status_code == 401
    _accept_invitation(app, mail, user.email)
    sign_in(app.test_client(), user, NEW_PASSWORD)


@pytest.mark.parametrize("data, message", [
    ({"role": "provider"}, "need an existing organization"),
    ({"role": "provider", "organization_id": 999_999}, "need an existing organization"),
    ({"role": "patient", "member_id": "CC999999999"}, "member ID of an existing member"),
    ({"role": "superuser"}, "Not a valid choice"),
    ({"role": "support", "email": "bad address"}, "not valid"),
])
def test_create_user_explains_bad_input(admin_client, db, data, message):
    response = post(admin_client, "/admin/users/new", {"email": "someone@example.com", **data})
    assert response.status_code in (400, 403)
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(User).where(User.email == "someone@example.com")) is None


def test_user_search(admin_client, db):
    f.user("support", email="alice.support@example.com", display_name="Alice Jones")
    f.user("provider", email="bob.office@example.com")
    db.commit()
    page = admin_client.get("/admin/users?q=alice").get_data(as_text=True)
    assert "alice.support@example.com" in page and "bob.office@example.com" not in page
    page = admin_client.get("/admin/users?role=provider").get_data(as_text=True)
    assert "bob.office@example.com" in page and "alice.support@example.com" not in page
    assert admin_client.get("/admin/users?role=emperor").status_code == 400
    assert admin_client.get("/admin/users?page=abc").status_code == 400


def test_change_role_ends_the_users_sessions(admin_client, app, db):
    target = f.user("support")
    org = f.organization()
    db.commit()
    target_client = app.test_client()
    sign_in(target_client, target)
    response = post(admin_client, f"/admin/users/{target.id}/role", {"role": "provider", "organization_id": org.id,
                                                                     "confirm": "y"})
    assert response.status_code == 302
    db.refresh(target)
    assert target.role == "provider" and target.organization_id == org.id
    assert target_client.get("/account").status_code == 302
    event = events(db, "user.role_change")[-1]
    assert event.details["from"] == "support" and event.details["to"] == "provider"
    assert event.user_id == admin_client.user.id


def test_admin_cannot_change_own_role_or_disable_self(admin_client, db):
    me = admin_client.user
    post(admin_client, f"/admin/users/{me.id}/role", {"role": "support", "confirm": "y"})
    post(admin_client, f"/admin/users/{me.id}/enabled", {"enabled": "0", **CONFIRMED})
    db.refresh(me)
    assert me.role == "admin" and me.is_enabled


def test_disable_enable_and_unlock(admin_client, db):
    target = f.user("provider", locked_until=utcnow() + timedelta(minutes=10), failed_logins=3)
    db.commit()
    post(admin_client, f"/admin/users/{target.id}/enabled", {"enabled": "0", **CONFIRMED})
    db.refresh(target)
    assert not target.is_enabled
    post(admin_client, f"/admin/users/{target.id}/enabled", {"enabled": "1"})
    post(admin_client, f"/admin/users/{target.id}/unlock")
    db.refresh(target)
    assert target.is_enabled and target.locked_until is None and target.failed_logins == 0
    assert actions(db)[-3:] == ["user.disable", "user.enable", "user.unlock"]


def test_suspending_an_organization_stops_its_staff_and_tokens(admin_client, app, db):
    staff = f.user("provider")
    db.commit()
    _, raw = accounts.create_api_token(db, Actor(role="admin"), staff, "desk")
    doctor = f.provider()
    db.commit()
    api = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}
    assert api.get(f"/api/v1/providers/{doctor.npi}", headers=headers).status_code == 200
    staff_client = app.test_client()
    sign_in(staff_client, staff)
    post(admin_client, f"/admin/organizations/{staff.organization_id}/access", {"portal_access": "0", **CONFIRMED})
    assert "Suspended" in admin_client.get("/admin/organizations").get_data(as_text=True)
    assert api.get(f"/api/v1/providers/{doctor.npi}", headers=headers).status_code == 401
    assert staff_client.get("/office/").status_code == 302
    assert post(app.test_client(), "/login", {"email": staff.email, "password": PASSWORD}).status_code == 401
    post(admin_client, f"/admin/organizations/{staff.organization_id}/access", {"portal_access": "1"})
    assert api.get(f"/api/v1/providers/{doctor.npi}", headers=headers).status_code == 200
    assert [e.details["portal_access"] for e in events(db, "organization.access")] == [False, True]


# --- API tokens --------------------------------------------------------------------------------


def test_token_is_shown_once_stored_hashed_and_revocable(admin_client, app, db):
    staff = f.user("provider")
    doctor = f.provider()
    db.commit()
    page = post(admin_client, "/admin/tokens", {"email": staff.email, "name": "eligibility system"})
    assert page.status_code == 200
    raw = re.search(r'class="token-once">(ccp_[^<]+)<', page.get_data(as_text=True)).group(1)
    token = db.scalar(select(ApiToken).where(ApiToken.user_id == staff.id))
    assert raw not in token.token_hash and token.prefix == raw[:12]
    assert raw not in admin_client.get("/admin/tokens").get_data(as_text=True)  # never shown again

    api = app.test_client()
    response = api.get(f"/api/v1/providers/{doctor.npi}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json["npi"] == doctor.npi
    db.refresh(token)
    assert token.last_used_at is not None

    post(admin_client, f"/admin/tokens/{token.id}/revoke", CONFIRMED)
    response = api.get(f"/api/v1/providers/{doctor.npi}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401 and response.json["error"]["status"] == 401
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert {"token.create", "token.revoke", "token.rejected"} <= set(actions(db))


def test_tokens_of_disabled_users_stop_working(app, db):
    staff = f.user("provider")
    doctor = f.provider()
    db.commit()
    _, raw = accounts.create_api_token(db, Actor(role="admin"), staff, "desk")
    staff.is_enabled = False
    db.commit()
    response = app.test_client().get(f"/api/v1/providers/{doctor.npi}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


@pytest.mark.parametrize("seconds", [5, 0])
def test_a_token_check_is_reused_for_a_few_seconds_at_most(app, db, monkeypatch, seconds):
    """Another process revokes the token (straight in the database, as a second worker would):
    this process notices within API_TOKEN_CHECK_SECONDS, or at once when that is 0."""
    clock = [1000.0]
    monkeypatch.setattr(accounts, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    monkeypatch.setitem(app.config, "API_TOKEN_CHECK_SECONDS", seconds)
    staff = f.user("provider")
    doctor = f.provider()
    db.commit()
    token, raw = accounts.create_api_token(db, Actor(role="admin"), staff, "desk")
    api = app.test_client()

    def status() -> int:
        return api.get(f"/api/v1/providers/{doctor.npi}", headers={"Authorization": f"Bearer {raw}"}).status_code

    assert status() == 200
    db.execute(update(ApiToken).where(ApiToken.id == token.id).values(revoked_at=utcnow()))
    db.commit()
    clock[0] += 4.9
    assert status() == (200 if seconds else 401)
    clock[0] += 0.1
    assert status() == 401
    assert status() == 401  # a refusal is never kept: each one is checked and audited
    assert len(events(db, "token.rejected")) == (2 if seconds else 3)


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer ccp_" + "x" * 500])
def test_api_refuses_missing_or_bad_tokens(client, header):
    response = client.get("/api/v1/providers/1234567893", headers={"Authorization": header} if header else {})
    assert response.status_code == 401


def test_api_is_rate_limited_per_token(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_API", "2 per minute")
    staff = f.user("provider")
    doctor = f.provider()
    db.commit()
    _, raw = accounts.create_api_token(db, Actor(role="admin"), staff, "desk")
    _, other = accounts.create_api_token(db, Actor(role="admin"), staff, "desk 2")
    api = app.test_client()
    statuses = [api.get(f"/api/v1/providers/{doctor.npi}", headers={"Authorization": f"Bearer {raw}"}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = api.get(f"/api/v1/providers/{doctor.npi}", headers={"Authorization": f"Bearer {raw}"})
    assert limited.json["error"]["status"] == 429
    assert api.get(f"/api/v1/providers/{doctor.npi}", headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_office_user_manages_own_tokens(provider_client, db):
    page = post(provider_client, "/office/", {"name": "front desk"}).get_data(as_text=True)
    raw = re.search(r'class="token-once">(ccp_[^<]+)<', page).group(1)
    token = db.scalar(select(ApiToken).where(ApiToken.prefix == raw[:12]))
    assert token.user_id == provider_client.user.id
    post(provider_client, f"/office/tokens/{token.id}/revoke", CONFIRMED)
    db.refresh(token)
    assert token.revoked_at is not None


# --- office administrators ---------------------------------------------------------------------


def test_office_admin_adds_and_disables_staff_of_own_organization_only(office_admin_client, db):
    me = office_admin_client.user
    colleague = f.user("provider", organization=me.organization)
    stranger = f.user("provider")
    db.commit()
    page = office_admin_client.get("/office/staff").get_data(as_text=True)
    assert colleague.email in page and stranger.email not in page

    # A tampered organization field is ignored: new staff always join the admin's own office.
    response = post(office_admin_client, "/office/staff/new", {"email": "new.staff@example.com",
                                                               "organization_id": stranger.organization_id})
    assert response.status_code == 302
    added = db.scalar(select(User).where(User.email == "new.staff@example.com"))
    assert added.organization_id == me.organization_id and added.role == "provider"

    assert post(office_admin_client, f"/office/staff/{colleague.id}/enabled",
                {"enabled": "0", **CONFIRMED}).status_code == 302
    assert post(office_admin_client, f"/office/staff/{stranger.id}/enabled",
                {"enabled": "0", **CONFIRMED}).status_code == 404
    db.refresh(colleague)
    db.refresh(stranger)
    assert not colleague.is_enabled and stranger.is_enabled


def test_service_refuses_office_admin_outside_their_organization(db):
    admin_of_a = f.user("provider", is_office_admin=True)
    other_org = f.organization()
    db.commit()
    actor = Actor.for_user(admin_of_a)
    with pytest.raises(AccountError) as refused:
        accounts.create_user(db, actor, email="x@example.com", role="provider", organization_id=other_org.id)
    assert refused.value.status == 403
    with pytest.raises(AccountError):
        accounts.create_user(db, actor, email="y@example.com", role="admin")
    plain = Actor.for_user(f.user("provider", organization=admin_of_a.organization))
    with pytest.raises(AccountError):
        accounts.create_user(db, plain, email="z@example.com", role="provider",
                             organization_id=admin_of_a.organization_id)
    assert db.scalar(select(User).where(User.email.in_(["x@example.com", "y@example.com", "z@example.com"]))) is None


# --- the audit log -----------------------------------------------------------------------------


def _event(db, **kw) -> AuditEvent:
    event = audit.record(db, Actor(kw.pop("user_id", None)), kw.pop("action", "member.view"), **kw)
    db.commit()
    return event


def test_audit_log_filters(admin_client, db):
    other = f.user("provider")
    db.commit()
    _event(db, user_id=other.id, member_ref="CC000000123")
    _event(db, action="user.unlock")
    by_member = admin_client.get("/admin/audit?member=cc000000123").get_data(as_text=True)
    assert "CC000000123" in by_member and "Showing 1 to 1 of 1 events" in by_member
    by_user = admin_client.get(f"/admin/audit?user={other.email}").get_data(as_text=True)
    assert "Showing 1 to 1 of 1 events" in by_user
    by_action = admin_client.get("/admin/audit?action=user.unlock").get_data(as_text=True)
    assert "Showing 1 to 1 of 1 events" in by_action
    assert "No event matches" in admin_client.get("/admin/audit?user=nobody@example.com").get_data(as_text=True)
    today = utcnow().date()
    yesterday = today - timedelta(days=1)
    assert "Showing 1 to 1 of 1 events" in admin_client.get(
        f"/admin/audit?action=user.unlock&date_from={today}&date_to={today}").get_data(as_text=True)
    assert "No event matches" in admin_client.get(
        f"/admin/audit?action=user.unlock&date_to={yesterday}").get_data(as_text=True)
    assert admin_client.get("/admin/audit?date_from=2026-02-31").status_code == 400
    assert admin_client.get("/admin/audit?date_from=2026-03-02&date_to=2026-03-01").status_code == 400
    assert admin_client.get("/admin/audit?action=drop+table").status_code == 400


def test_audit_log_counts_a_huge_log_only_up_to_a_limit(admin_client, db, monkeypatch):
    monkeypatch.setattr(audit, "COUNT_LIMIT", 3)
    for _ in range(5):
        _event(db, action="user.unlock")
    page = audit.search(db, audit.AuditFilters(action="user.unlock", per_page=2))
    assert page.capped and page.total == 4 and page.has_next and len(page.items) == 2
    # Beyond the limit, the count reaches the end of the page asked for: exact on the last one.
    last = audit.search(db, audit.AuditFilters(action="user.unlock", per_page=2, page=3))
    assert not last.capped and last.total == 5 and not last.has_next and len(last.items) == 1

    for _ in range(50):  # the web page shows 50 events a page
        _event(db, action="user.unlock")
    text = admin_client.get("/admin/audit?action=user.unlock").get_data(as_text=True)
    assert "Showing 1 to 50 of more than 50 events, newest first." in text
    assert "Page 1</span>" in text and "Page 1 of" not in text and 'rel="next"' in text
    text = admin_client.get("/admin/audit?action=user.unlock&page=2").get_data(as_text=True)
    assert "Showing 51 to 55 of 55 events" in text and "Page 2 of 2" in text


def test_audit_export_is_csv_neutralized_and_audited(admin_client, db):
    _event(db, target="=HYPERLINK(\"http://evil.example\")", member_ref="CC000000777")
    response = admin_client.get("/admin/audit.csv?member=CC000000777")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:5] == ["id", "occurred_at", "user", "organization_id", "action"]
    assert len(rows) == 2 and rows[1][7].startswith("'=HYPERLINK")
    export = events(db, "audit.export")[-1]
    assert export.user_id == admin_client.user.id and export.details["member_ref"] == "CC000000777"


def test_audit_events_are_append_only_in_the_database(db):
    event = _event(db, member_ref="CC000000001")
    with pytest.raises(DBAPIError):
        db.execute(update(AuditEvent).where(AuditEvent.id == event.id).values(outcome="tampered"))
        db.flush()
    db.rollback()
    with pytest.raises(DBAPIError):
        db.execute(AuditEvent.__table__.delete().where(AuditEvent.id == event.id))
        db.flush()
    db.rollback()
    assert db.get(AuditEvent, event.id).outcome == "success"


def test_no_route_updates_or_deletes_audit_events():
    """Append-only in code too: nothing outside the migration issues UPDATE/DELETE on the table."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent / "portal"
    for source in root.rglob("*.py"):
        code = source.read_text()
        assert not re.search(r"(update|delete)\(\s*AuditEvent", code), source
        assert "session.delete(event" not in code, source


def test_csrf_token_helper_reads_the_form(admin_client):
    assert csrf_token(admin_client, "/admin/tokens")


def test_audit_export_streams_more_rows_than_one_chunk(admin_client, db):
    audit.record_many(db, Actor(), "member.view", [{"member_ref": f"CC{i:09d}", "details": {}} for i in range(2500)])
    db.commit()
    body = admin_client.get("/admin/audit.csv?action=member.view").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2501 and rows[-1][6] == "CC000002499"


@pytest.mark.parametrize("days", ["²", "7.0", "-30", "1" * 40])
def test_the_overview_refuses_a_period_it_does_not_offer(make_client, days):
    assert make_client("admin").get("/admin/", query_string={"days": days}).status_code == 400
