"""Access control: every route in the app, for every role, has an expected status.

The table below must name every endpoint of the app: adding a route without deciding who
may use it (here and in portal/access.py) makes `test_every_route_is_in_the_table` fail.
"""
from __future__ import annotations

import pytest

from portal import access
from tests import factories as f
from tests.helpers import csrf_token

ROLES = ("anonymous", "patient", "provider", "office_admin", "coordinator", "support", "admin")
SIGNED_IN = ROLES[1:]


def allowed(roles, ok: int = 200, anonymous: int = 302) -> dict[str, int]:
    """`ok` for the roles that may use the route; others: anonymous -> sign-in, the rest 403.
    A coordinator is office staff too: what "provider" may use, they may."""
    def may(role: str) -> bool:
        return role in roles or (role == "coordinator" and "provider" in roles)

    return {role: ok if may(role) else (anonymous if role == "anonymous" else 403) for role in ROLES}


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


# (endpoint, method, path with {placeholders}, form data, expected status per role)
TABLE = [
    ("static", "GET", "/static/css/portal.css", None, everyone()),
    ("public.home", "GET", "/", None, everyone()),
    ("public.program_directory", "GET", "/programs", None, everyone()),
    ("public.program_page", "GET", "/programs/{program_slug}", None, everyone()),
    ("public.provider_lookup", "GET", "/providers", None, everyone()),
    ("public.healthz", "GET", "/healthz", None, everyone()),
    ("public.set_language", "POST", "/language", {"language": "es", "next": "/"}, everyone(303)),
    ("public.care_programs", "GET", "/care-programs", None, everyone()),
    ("public.contact", "GET", "/contact", None, everyone()),
    ("public.privacy", "GET", "/privacy", None, everyone()),
    ("assistant.page", "GET", "/assistant", None, everyone()),
    ("assistant.ask_json", "POST", "/assistant/ask", {"question": "what is collaborative care"}, everyone()),
    ("assistant.new_conversation", "POST", "/assistant/new", {}, everyone(302)),
    ("assistant.contact", "GET", "/assistant/contact", None, everyone()),
    ("assistant.contact_sent", "GET", "/assistant/contact/sent", None, everyone(302)),  # none sent: to the form
    ("assistant.feedback", "POST", "/assistant/feedback", {"exchange": "999999", "value": "helpful"},
     everyone(400)),  # not an exchange of this session
    ("public.care_program", "GET", "/care-programs/{clinical_code}", None, everyone()),
    ("public.find_my_program", "GET", "/find-my-program?q=garcia", None, everyone(301)),
    ("patient.care_team", "GET", "/my/care-team", None, allowed({"patient"})),
    ("patient.programs", "GET", "/my/programs", None, allowed({"patient"})),
    ("patient.enroll", "GET", "/my/programs/{clinical_code}/enroll", None, allowed({"patient"})),
    ("patient.confirmation", "GET", "/my/programs/enrollments/{others_enrollment}", None,
     allowed({"patient"}, 404)),  # another member's enrollment is not found
    ("patient.withdraw", "POST", "/my/programs/enrollments/{others_enrollment}/withdraw", {},
     allowed({"patient"}, 404)),
    ("patient.leave", "GET", "/my/programs/{clinical_code}/leave", None,
     allowed({"patient"}, 404)),  # not in that program: nothing to leave
    ("patient.contact_preferences", "GET", "/my/programs/enrollments/{others_enrollment}/contact", None,
     allowed({"patient"}, 404)),
    ("patient.contact_details", "GET", "/my/contact-details", None, allowed({"patient"})),
    ("patient.messages_view", "GET", "/my/messages", None, allowed({"patient"})),
    ("patient.new_message", "GET", "/my/messages/new", None, allowed({"patient"})),
    ("patient.thread", "GET", "/my/messages/{others_thread}", None, allowed({"patient"}, 404)),
    # Care coordination: coordinators and office administrators only, and only their own
    # organization's items and threads (another organization's are not found).
    ("provider.worklist_view", "GET", "/office/worklist", None, allowed({"coordinator", "office_admin"})),
    ("provider.work_item", "GET", "/office/worklist/{others_item}", None,
     allowed({"coordinator", "office_admin"}, 404)),
    ("provider.record_contact", "POST", "/office/worklist/{others_item}/contact", {"outcome": "reached"},
     allowed({"coordinator", "office_admin"}, 404)),
    ("provider.write_to_patient", "POST", "/office/worklist/{others_item}/message", {"body": "Hello"},
     allowed({"coordinator", "office_admin"}, 404)),
    ("provider.assign_work_item", "POST", "/office/worklist/{others_item}/assign", {"coordinator": ""},
     allowed({"office_admin"}, 404)),
    ("provider.inbox", "GET", "/office/messages", None, allowed({"coordinator", "office_admin"})),
    ("provider.thread", "GET", "/office/messages/{others_thread}", None,
     allowed({"coordinator", "office_admin"}, 404)),
    ("provider.export_thread", "GET", "/office/messages/{others_thread}/export", None,
     allowed({"coordinator", "office_admin"}, 404)),
    ("provider.link_coordinator", "POST", "/office/staff/{colleague_id}/coordinator", {"coordinator": ""},
     allowed({"office_admin"}, 302)),
    # Signed-in users are sent to their home from the sign-in and registration pages.
    ("auth.login", "GET", "/login", None, {**everyone(302), "anonymous": 200}),
    ("auth.register", "GET", "/register", None, {**everyone(302), "anonymous": 200}),
    ("auth.forgot_password", "GET", "/forgot-password", None, everyone()),
    ("auth.reset_password", "GET", "/reset-password", None, everyone(400)),  # no reset link in the session
    ("auth.account", "GET", "/account", None, allowed(SIGNED_IN)),
    ("auth.time_zone", "GET", "/account/time-zone", None, allowed(SIGNED_IN)),
    ("auth.change_password", "GET", "/account/password", None, allowed(SIGNED_IN)),
    ("auth.end_sessions", "POST", "/account/sessions/end", {}, allowed(SIGNED_IN, 302)),
    ("auth.second_factor", "GET", "/login/code", None, everyone(302)),  # no password given in this session
    ("auth.second_factor_setup", "GET", "/login/setup", None, everyone(302)),
    ("auth.two_factor", "GET", "/account/two-factor", None, allowed(SIGNED_IN)),
    ("auth.verify_code", "GET", "/account/verify-code", None,
     {**allowed(SIGNED_IN), "patient": 302}),  # a patient without a second factor is sent to set one up
    ("auth.recovery_codes", "GET", "/account/recovery-codes", None, allowed(SIGNED_IN, 302)),  # shown once only
    ("auth.keepalive", "POST", "/session/keepalive", {}, allowed(SIGNED_IN, 302)),
    ("provider.home", "GET", "/office/", None, allowed({"provider", "office_admin"})),
    ("provider.revoke_token", "POST", "/office/tokens/{own_token_id}/revoke", {},
     allowed({"provider", "office_admin"}, 404)),  # not their own token
    ("provider.verify", "GET", "/office/verify", None, allowed({"provider", "office_admin"})),
    ("provider.verification", "GET", "/office/verify/{own_reference}", None,
     allowed({"provider", "office_admin"}, 404)),  # another user's verification is not found
    ("provider.confirm_verification", "POST", "/office/verify/{own_reference}/confirm", {"answer": "yes"},
     allowed({"provider", "office_admin"}, 404)),
    ("provider.batch", "GET", "/office/verify/batch", None, allowed({"provider", "office_admin"})),
    ("provider.batch_result", "GET", "/office/verify/batch/{own_reference}", None,
     allowed({"provider", "office_admin"}, 404)),
    ("provider.batch_csv_download", "GET", "/office/verify/batch/{own_reference}.csv", None,
     allowed({"provider", "office_admin"}, 404)),
    ("provider.recent", "GET", "/office/verifications", None, allowed({"provider", "office_admin"})),
    ("provider.provider_check", "GET", "/office/providers?npi={npi}", None, allowed({"provider", "office_admin"})),
    ("provider.roster_view", "GET", "/office/roster", None, allowed({"provider", "office_admin"})),
    ("provider.roster_csv", "GET", "/office/roster.csv", None, allowed({"provider", "office_admin"})),
    ("provider.roster_fhir", "GET", "/office/roster.json", None, allowed({"provider", "office_admin"})),
    ("provider.staff", "GET", "/office/staff", None, allowed({"office_admin"})),
    ("provider.add_staff", "GET", "/office/staff/new", None, allowed({"office_admin"})),
    ("provider.set_staff_enabled", "POST", "/office/staff/{colleague_id}/enabled", {"enabled": "1"},
     allowed({"office_admin"}, 302)),
    ("support.dashboard", "GET", "/support/", None, allowed({"support", "admin"})),
    ("support.log", "GET", "/support/log", None, allowed({"support", "admin"})),
    ("support.log_csv", "GET", "/support/log.csv", None, allowed({"support", "admin"})),
    ("support.log_eval_tsv", "GET", "/support/log.tsv", None, allowed({"support", "admin"})),
    ("support.exchange", "GET", "/support/log/{exchange_id}", None, allowed({"support", "admin"})),
    ("support.review", "POST", "/support/review", {"exchange": "{exchange_id}"}, allowed({"support", "admin"}, 302)),
    ("support.queue", "GET", "/support/queue", None, allowed({"support", "admin"})),
    ("support.phrases", "GET", "/support/phrases", None, allowed({"support", "admin"})),
    ("support.remove_phrase", "POST", "/support/phrases/999999/remove", {}, allowed({"support", "admin"}, 404)),
    ("support.approve_phrase", "POST", "/support/phrases/999999/approve", {}, allowed({"support", "admin"}, 404)),
    ("support.teach_emergency", "POST", "/support/emergency-phrases", {"emergency_kind": "crisis",
     "phrase": "going to the woods with a rope"}, allowed({"support", "admin"}, 302)),
    ("support.requests", "GET", "/support/requests", None, allowed({"support", "admin"})),
    ("support.request_done", "POST", "/support/requests/999999/done", {}, allowed({"support", "admin"}, 404)),
    ("support.conversation", "GET", "/support/conversations/nosuchkey", None, allowed({"support", "admin"}, 404)),
    ("support.draft", "POST", "/support/draft", {"question": "how do I fly"}, allowed({"support", "admin"})),
    ("admin.dashboard", "GET", "/admin/", None, allowed({"admin"})),
    ("admin.users", "GET", "/admin/users", None, allowed({"admin"})),
    ("admin.create_user", "GET", "/admin/users/new", None, allowed({"admin"})),
    ("admin.user_detail", "GET", "/admin/users/{colleague_id}", None, allowed({"admin"})),
    ("admin.change_role", "POST", "/admin/users/{colleague_id}/role", {"role": "nonsense"}, allowed({"admin"}, 400)),
    ("admin.set_enabled", "POST", "/admin/users/{colleague_id}/enabled", {"enabled": "1"}, allowed({"admin"}, 302)),
    ("admin.unlock", "POST", "/admin/users/{colleague_id}/unlock", {}, allowed({"admin"}, 302)),
    ("admin.end_sessions", "POST", "/admin/users/{colleague_id}/sessions/end", {}, allowed({"admin"}, 302)),
    ("admin.reset_second_factor", "POST", "/admin/users/{colleague_id}/second-factor/reset", {},
     allowed({"admin"}, 302)),
    ("admin.resend_invitation", "POST", "/admin/users/{colleague_id}/invite", {}, allowed({"admin"}, 302)),
    ("admin.link_coordinator", "POST", "/admin/users/{colleague_id}/coordinator", {"coordinator": ""},
     allowed({"admin"}, 302)),
    ("admin.set_office_admin", "POST", "/admin/users/{colleague_id}/office-admin", {"office_admin": "0"},
     allowed({"admin"}, 302)),
    ("admin.organizations", "GET", "/admin/organizations", None, allowed({"admin"})),
    ("admin.organization_access", "POST", "/admin/organizations/{organization_id}/access", {"portal_access": "1"},
     allowed({"admin"}, 302)),
    ("admin.tokens", "GET", "/admin/tokens", None, allowed({"admin"})),
    ("admin.revoke_token", "POST", "/admin/tokens/{own_token_id}/revoke", {}, allowed({"admin"}, 302)),
    ("admin.audit_log", "GET", "/admin/audit", None, allowed({"admin"})),
    ("admin.imports", "GET", "/admin/imports", None, allowed({"admin"})),
    ("admin.import_run", "GET", "/admin/imports/999999", None, allowed({"admin"}, 404)),
    ("admin.audit_export", "GET", "/admin/audit.csv", None, allowed({"admin"})),
    ("admin.outbox", "GET", "/admin/outbox", None, allowed({"admin"})),
    ("admin.outbox_retry", "POST", "/admin/outbox/999999/retry", {}, allowed({"admin"}, 404)),
    ("admin.outbox_cancel", "POST", "/admin/outbox/999999/cancel", {}, allowed({"admin"}, 404)),
    # The API takes Bearer tokens only: a signed-in session is not enough.
    ("api.provider", "GET", "/api/v1/providers/{npi}", None, everyone(401)),
    ("api.verifications", "POST_JSON", "/api/v1/verifications", {}, everyone(401)),
    ("api.verifications_batch", "POST_JSON", "/api/v1/verifications/batch", {}, everyone(401)),
    ("api.programs", "GET", "/api/v1/programs", None, everyone(401)),
    ("api.roster_api", "GET", "/api/v1/roster", None, everyone(401)),
    ("api.openapi", "GET", "/api/v1/openapi.json", None, everyone()),
    ("api.docs", "GET", "/api/v1/docs", None, everyone()),
    ("api.assistant_ask", "POST_JSON", "/api/v1/assistant/ask", {"question": "what is a care coordinator"},
     everyone()),  # public
    # Last: it ends the session.
    ("auth.logout", "POST", "/logout", {}, allowed(SIGNED_IN, 302)),
]


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == {row[0] for row in TABLE}


def test_every_endpoint_has_an_access_rule(app):
    for rule in app.url_map.iter_rules():
        assert access.rule_for(rule.endpoint) is not None, rule.endpoint


@pytest.fixture
def world(db, make_client):
    clients = {"anonymous": None}
    for role in SIGNED_IN:
        clients[role] = make_client(role)
    office = clients["office_admin"].user.organization
    colleague = f.user("provider", organization=office)
    program = f.program(office)
    doctor = f.provider(programs=[program])
    token_owner = f.user("provider", organization=office)
    db.commit()
    from portal.services import accounts
    from portal.services.audit import Actor

    token, _ = accounts.create_api_token(db, Actor(role="admin"), token_owner, "test")
    from portal.services import verification

    reference, _ = verification.verify(db, Actor.for_user(token_owner), verification.build_query(
        "CC000000001", "1970-01-01", "Nobody"))
    clinical = f.clinical_program()
    f.consent_text()
    others = f.enrollment(f.member(), clinical)
    db.commit()
    from portal.models import AssistantExchange

    # Another organization's patient, with a worklist item and a message thread.
    from portal.models import MessageThread, WorkItem, utcnow

    elsewhere = f.organization()
    others_item = WorkItem(kind="enrollment", enrollment_id=others.id, member_id=others.member_id,
                           clinical_program_id=clinical.id, organization_id=elsewhere.id, status="open",
                           due_at=utcnow(), attempts=0)
    others_thread = MessageThread(member_id=others.member_id, organization_id=elsewhere.id, subject="Hello")
    db.add_all([others_item, others_thread])
    exchange = AssistantExchange(audience="patient", question="hello?", outcome="fallback")
    db.add(exchange)
    db.commit()
    values = {"exchange_id": exchange.id, "clinical_code": clinical.code, "others_enrollment": others.confirmation_code,
              "program_slug": program.slug, "colleague_id": colleague.id, "organization_id": office.id,
              "own_token_id": token.id, "npi": doctor.npi, "own_reference": reference,
              "others_item": others_item.id, "others_thread": others_thread.id}
    return clients, values


@pytest.mark.parametrize("role", ROLES)
def test_route_role_table(app, world, role):
    clients, values = world
    client = clients[role] or app.test_client()
    failures = []
    for endpoint, method, path, data, expected in TABLE:
        url = path.format(**values)
        data = {key: value.format(**values) for key, value in data.items()} if data else data
        if method == "POST_JSON":  # the API: no CSRF token, and the session cookie does not count
            response = client.post(url, json=data)
        elif method == "POST":
            response = client.post(url, data={**data, "csrf_token": csrf_token(client)})
        else:
            response = client.get(url)
        response.close()  # streamed downloads end here
        if response.status_code != expected[role]:
            failures.append(f"{role} {method} {url}: {response.status_code}, expected {expected[role]}")
        elif expected[role] == 302 and role == "anonymous" and endpoint not in (
                "auth.login", "auth.register", "assistant.new_conversation", "assistant.contact_sent"):
            assert response.headers["Location"].startswith("/login"), url
    assert not failures, "\n".join(failures)


def test_denial_is_the_default_for_an_unlisted_endpoint(app, database_url):
    from portal import create_app

    fresh = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"})

    @fresh.get("/_unlisted")
    def unlisted():
        return "should not be reachable"

    response = fresh.test_client().get("/_unlisted")
    assert response.status_code == 403
    assert "should not be reachable" not in response.get_data(as_text=True)


@pytest.mark.parametrize("target, safe", [
    ("/account", True), ("/programs?state=CA", True), ("//evil.example/x", False), ("/\\evil.example", False),
    ("https://evil.example/", False), ("javascript:alert(1)", False), ("", False), (None, False),
    ("/ok\r\nSet-Cookie: x=1", False), ("account", False),
])
def test_next_is_only_a_local_path(target, safe):
    assert access.is_safe_next(target) is safe
