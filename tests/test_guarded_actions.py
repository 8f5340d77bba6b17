"""Guarded actions (portal/confirm.py): every destructive admin and office action is a link to a
confirmation page that says what it does; the server acts only on that page's confirmed POST,
and a POST without the confirmation changes nothing and is sent to the page.

(Leaving a program, the patient's guarded action, is in tests/test_enrollment.py.)
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from portal.delivery import outbox
from portal.models import ApiToken, AuditEvent, OutboxMessage, User
from portal.services import accounts
from portal.services.audit import Actor
from tests import factories as f
from tests.helpers import post

CONFIRMED = {"confirmed": "yes"}


@dataclass
class Case:
    client: object
    url: str                      # the action's own URL: GET is its confirmation page
    data: dict                    # the action's choices, as the page's form posts them
    question: str                 # the confirmation page's heading
    says: str                     # a consequence the page must state
    done: Callable[[], bool]      # whether the action happened


def _user(db, user_id: int) -> User:
    db.expire_all()
    return db.get(User, user_id)


def _disable(db, make_client):
    target = f.user("provider", email="desk@office.example")
    db.commit()
    return Case(make_client("admin"), f"/admin/users/{target.id}/enabled", {"enabled": "0"},
                "Disable desk@office.example?",
                "They are signed out everywhere and cannot sign in until an administrator enables the account again.",
                lambda: not _user(db, target.id).is_enabled)


def _end_sessions(db, make_client):
    target = make_client("provider").user
    before = target.session_version
    return Case(make_client("admin"), f"/admin/users/{target.id}/sessions/end", {},
                f"End every session of {target.email}?",
                "They are signed out on every device at their next click, and sign in again with their password "
                "and a code from their authenticator app.",
                lambda: _user(db, target.id).session_version > before)


def _reset_second_factor(db, make_client):
    target = f.user("provider")
    db.commit()
    accounts.create_api_token(db, Actor(role="admin"), target, "desk")
    return Case(make_client("admin"), f"/admin/users/{target.id}/second-factor/reset", {},
                f"Reset the second factor of {target.email}?",
                "The codes of their authenticator app and their recovery codes stop working",
                lambda: _user(db, target.id).totp_secret is None)


def _remove_office_admin(db, make_client):
    target = f.user("provider", is_office_admin=True)
    db.commit()
    return Case(make_client("admin"), f"/admin/users/{target.id}/office-admin", {"office_admin": "0"},
                f"Remove {target.email} as an office administrator?",
                f"They stay office staff of {target.organization.name}.",
                lambda: not _user(db, target.id).is_office_admin)


def _unlink_coordinator(db, make_client):
    org = f.organization(name="Lakeside Physicians")
    casey = f.care_coordinator(org, first_name="Casey", last_name="Nurse", credential="RN")
    target = f.user("provider", organization=org, care_coordinator=casey)
    db.commit()
    return Case(make_client("admin"), f"/admin/users/{target.id}/coordinator", {"coordinator": ""},
                f"Stop {target.email} being the account of Casey Nurse, RN?",
                "From their next click they no longer see Casey Nurse, RN's worklist items and secure messages",
                lambda: _user(db, target.id).care_coordinator_id is None)


def _switch_coordinator(db, make_client):
    org = f.organization(name="Lakeside Physicians")
    casey = f.care_coordinator(org, first_name="Casey", last_name="Nurse", credential="RN")
    robin = f.care_coordinator(org, first_name="Robin", last_name="Lee", credential="RN")
    target = f.user("provider", organization=org, care_coordinator=casey)
    db.commit()
    return Case(make_client("admin"), f"/admin/users/{target.id}/coordinator", {"coordinator": str(robin.id)},
                f"Make {target.email} the account of Robin Lee, RN instead of Casey Nurse, RN?",
                "they see Robin Lee, RN's instead.",
                lambda: _user(db, target.id).care_coordinator_id == robin.id)


def _suspend_organization(db, make_client):
    staff = f.user("provider")
    db.commit()
    org = staff.organization
    return Case(make_client("admin"), f"/admin/organizations/{org.id}/access", {"portal_access": "0"},
                f"Suspend the portal access of {org.name}?",
                "Its 1 office staff account cannot sign in",
                lambda: (db.expire_all(), not db.get(type(org), org.id).portal_access)[1])


def _admin_revokes_token(db, make_client):
    staff = f.user("provider", email="desk@office.example")
    db.commit()
    token, _ = accounts.create_api_token(db, Actor(role="admin"), staff, "front desk")
    return Case(make_client("admin"), f"/admin/tokens/{token.id}/revoke", {"back": "user"},
                f"Revoke the API token {token.prefix}… (front desk) of desk@office.example?",
                "Systems that call the API with it are refused: at once on this server, within 5 seconds on the others. "
                "It has never been used.",
                lambda: (db.expire_all(), db.get(ApiToken, token.id).revoked_at is not None)[1])


def _cancel_message(db, make_client):
    message = outbox.queue_email(db, kind="password_reset", recipient="jordan@example.com")
    db.commit()
    return Case(make_client("admin"), f"/admin/outbox/{message.id}/cancel", {"back": "/admin/outbox?status=queued"},
                "Cancel the “Password reset link” e-mail to j…@example.com?", "It will not be sent.",
                lambda: (db.expire_all(), db.get(OutboxMessage, message.id).status == "cancelled")[1])


def _office_admin_disables_colleague(db, make_client):
    office_admin = make_client("office_admin")
    colleague = f.user("provider", organization=office_admin.user.organization)
    db.commit()
    return Case(office_admin, f"/office/staff/{colleague.id}/enabled", {"enabled": "0"},
                f"Disable {colleague.email}?",
                "cannot sign in until you or another office administrator enables the account again.",
                lambda: not _user(db, colleague.id).is_enabled)


def _office_user_revokes_own_token(db, make_client):
    staff = make_client("provider")
    token, _ = accounts.create_api_token(db, Actor.for_user(staff.user), staff.user, "")
    return Case(staff, f"/office/tokens/{token.id}/revoke", {},
                f"Revoke the API token {token.prefix}… of {staff.user.email}?",
                "A revoked token cannot be used again: to reconnect a system, create a new token.",
                lambda: (db.expire_all(), db.get(ApiToken, token.id).revoked_at is not None)[1])


CASES = {
    "admin disables an account": _disable,
    "admin ends every session": _end_sessions,
    "admin resets a second factor": _reset_second_factor,
    "admin removes an office administrator": _remove_office_admin,
    "admin removes a coordinator link": _unlink_coordinator,
    "admin replaces a coordinator link": _switch_coordinator,
    "admin suspends an organization": _suspend_organization,
    "admin revokes a token": _admin_revokes_token,
    "admin cancels an e-mail": _cancel_message,
    "office admin disables a colleague": _office_admin_disables_colleague,
    "office user revokes their token": _office_user_revokes_own_token,
}


def _page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_the_confirmation_page_says_what_happens_and_changes_nothing(db, make_client, make):
    case = make(db, make_client)
    query = "&".join(f"{k}={v}" for k, v in case.data.items())
    page = _page(case.client, case.url + (f"?{query}" if query else ""))
    assert f"<h1>{case.question}</h1>" in page and case.says in page
    path = urlsplit(case.url).path
    assert f'<form method="post" action="{path}"' in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert 'class="button button-danger"' in page
    for name, value in case.data.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in page
    assert not case.done()


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_the_server_refuses_the_action_without_the_confirmation(db, make_client, make):
    case = make(db, make_client)
    last = db.scalar(select(func.max(AuditEvent.id))) or 0
    response = post(case.client, case.url, case.data)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == urlsplit(case.url).path  # to the confirmation page of the same action
    assert {k: v[0] for k, v in parse_qs(location.query).items()} == {k: v for k, v in case.data.items() if v}
    assert not case.done()
    assert case.question in _page(case.client, response.headers["Location"])
    assert post(case.client, case.url, {**case.data, "confirmed": "no"}).status_code == 302 and not case.done()
    recorded = db.scalars(select(AuditEvent.action).where(AuditEvent.id > last)).all()
    assert not [action for action in recorded if action != "member.view"], recorded  # nothing was done


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_the_confirmed_action_is_done(db, make_client, make):
    case = make(db, make_client)
    response = post(case.client, case.url, {**case.data, **CONFIRMED})
    assert response.status_code == 302
    assert case.done()


def test_the_pages_offer_destructive_actions_as_danger_links_to_their_confirmation(db, make_client):
    admin = make_client("admin")
    org = f.organization()
    casey = f.care_coordinator(org)
    target = f.user("provider", organization=org, is_office_admin=True, care_coordinator=casey)
    db.commit()
    token, _ = accounts.create_api_token(db, Actor(role="admin"), target, "desk")
    page = admin.get(f"/admin/users/{target.id}").get_data(as_text=True)
    for href in (f"/admin/users/{target.id}/enabled?enabled=0", f"/admin/users/{target.id}/sessions/end",
                 f"/admin/users/{target.id}/second-factor/reset",
                 f"/admin/users/{target.id}/office-admin?office_admin=0",
                 f"/admin/tokens/{token.id}/revoke?back=user"):
        assert '<a class="button button-danger' in page and f'href="{href}"' in page, href
    assert f'action="/admin/users/{target.id}/enabled"' not in page  # no one-click disabling
    organizations = admin.get(f"/admin/organizations?q={org.name}").get_data(as_text=True)
    assert f'href="/admin/organizations/{org.id}/access?portal_access=0&amp;q=' in organizations
    office_admin = make_client("office_admin")
    colleague = f.user("provider", organization=office_admin.user.organization)
    db.commit()
    staff = office_admin.get("/office/staff").get_data(as_text=True)
    assert f'href="/office/staff/{colleague.id}/enabled?enabled=0"' in staff


def test_the_one_click_actions_need_no_confirmation(db, make_client):
    """Enabling, restoring, making an office administrator and a first coordinator link undo
    nothing: they are done at once, as before."""
    admin = make_client("admin")
    org = f.organization(portal_access=False)
    casey = f.care_coordinator(org)
    target = f.user("provider", organization=org, is_enabled=False)
    db.commit()
    for url, data in ((f"/admin/users/{target.id}/enabled", {"enabled": "1"}),
                      (f"/admin/users/{target.id}/office-admin", {"office_admin": "1"}),
                      (f"/admin/users/{target.id}/coordinator", {"coordinator": str(casey.id)}),
                      (f"/admin/organizations/{org.id}/access", {"portal_access": "1"})):
        response = post(admin, url, data)
        assert response.status_code == 302 and urlsplit(response.headers["Location"]).path != url, url
    db.expire_all()
    target = db.get(User, target.id)
    assert target.is_enabled and target.is_office_admin and target.care_coordinator_id == casey.id
    assert target.organization.portal_access
    # Nothing to confirm: the GET of a one-click action goes back to where it is offered.
    assert admin.get(f"/admin/users/{target.id}/enabled?enabled=1").headers["Location"].endswith(
        f"/admin/users/{target.id}")


def test_nobody_is_asked_to_confirm_disabling_themselves(make_client):
    admin = make_client("admin")
    response = admin.get(f"/admin/users/{admin.user.id}/enabled?enabled=0", follow_redirects=True)
    assert "You cannot disable your own account" in response.get_data(as_text=True)
    office_admin = make_client("office_admin")
    response = office_admin.get(f"/office/staff/{office_admin.user.id}/enabled?enabled=0", follow_redirects=True)
    assert "You cannot disable your own account" in response.get_data(as_text=True)


def test_a_change_of_role_needs_its_confirmation_box(db, make_client):
    admin = make_client("admin")
    target = f.user("support")
    org = f.organization()
    db.commit()
    response = post(admin, f"/admin/users/{target.id}/role", {"role": "provider", "organization_id": org.id})
    assert response.status_code == 400
    refused = response.get_data(as_text=True)
    assert "Tick the box to confirm: changing the role signs them out everywhere" in refused
    # The user's page again, the choices kept for the second try.
    assert f"<h1>{target.email}</h1>" in refused or target.email in refused
    assert '<option selected value="provider">' in refused and f'value="{org.id}"' in refused
    assert _user(db, target.id).role == "support"
    page = admin.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert 'name="confirm"' in page and "button button-danger" in page
    assert post(admin, f"/admin/users/{target.id}/role", {"role": "provider", "organization_id": org.id,
                                                          "confirm": "y"}).status_code == 302
    assert _user(db, target.id).role == "provider"


def test_what_cannot_be_done_any_more_is_not_asked(db, make_client):
    """A message sent meanwhile, a token revoked meanwhile: the page goes back and says so."""
    admin = make_client("admin")
    message = outbox.queue_email(db, kind="password_reset", recipient="jordan@example.com")
    staff = f.user("provider")
    db.commit()
    message.status = "sent"
    token, _ = accounts.create_api_token(db, Actor(role="admin"), staff, "desk")
    accounts.revoke_api_token(db, Actor(role="admin"), token)
    page = admin.get(f"/admin/outbox/{message.id}/cancel", follow_redirects=True).get_data(as_text=True)
    assert "This message is sent: it can no longer be cancelled." in page
    page = admin.get(f"/admin/tokens/{token.id}/revoke", follow_redirects=True).get_data(as_text=True)
    assert "is revoked already" in page
    assert admin.get("/admin/outbox/999999/cancel").status_code == 404
    assert admin.get("/admin/tokens/999999/revoke").status_code == 404


def test_an_office_user_cannot_open_the_confirmation_for_someone_elses_token_or_colleague(db, make_client):
    staff = make_client("provider")
    other = f.user("provider")
    db.commit()
    token, _ = accounts.create_api_token(db, Actor(role="admin"), other, "desk")
    assert staff.get(f"/office/tokens/{token.id}/revoke").status_code == 404
    office_admin = make_client("office_admin")
    assert office_admin.get(f"/office/staff/{other.id}/enabled?enabled=0").status_code == 404
    assert staff.get(f"/office/staff/{other.id}/enabled?enabled=0").status_code == 403  # not an office admin
