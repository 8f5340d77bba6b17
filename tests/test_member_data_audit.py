"""Every look at member data leaves an audit event: each route of the access table, opened by
each role over a world where one member's identifiers are known, is checked; a page or download
that shows the member's ID or name must have written an audit event in that request. A new route
(which tests/test_access.py forces into its table) is checked the moment it is added."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.models import AuditEvent
from portal.services import accounts, verification
from portal.services.audit import Actor
from tests import factories as f
from tests.helpers import sign_in
from tests.test_access import ROLES, TABLE

MEMBER_ID = "CC987654321"
LAST_NAME = "Quillfeather"


@pytest.fixture
def world(app, db):
    office = f.organization(name="Harbor Physicians")
    program = f.program(office, name="Collaborative Care - Harbor Physicians")
    clinical = f.clinical_program()
    program.clinical_programs.append(clinical)
    doctor = f.provider(programs=[program], first_name="Ines", last_name="Ortiz")
    coordinator = f.care_coordinator(office, first_name="Casey", last_name="Nurse")
    member = f.member(member_id=MEMBER_ID, first_name="Wren", last_name=LAST_NAME, date_of_birth=date(1961, 2, 3))
    f.attribution(member, program, pcp=doctor, care_coordinator=coordinator)
    f.consent_text()
    enrollment = f.enrollment(member, clinical)
    users = {"patient": f.user("patient", member=member), "provider": f.user("provider", organization=office),
             "office_admin": f.user("provider", organization=office, is_office_admin=True),
             "coordinator": f.user("provider", organization=office, care_coordinator=coordinator),
             "support": f.user("support"), "admin": f.user("admin")}
    colleague = f.user("provider", organization=office)
    db.commit()
    token, _ = accounts.create_api_token(db, Actor(role="admin"), users["provider"], "test")
    reference, _ = verification.verify(db, Actor.for_user(users["provider"]), verification.build_query(
        MEMBER_ID, "1961-02-03", LAST_NAME))
    from portal.models import AssistantExchange

    from portal.care import messages, worklist

    exchange = AssistantExchange(audience="patient", question="hello?", outcome="fallback")
    db.add(exchange)
    item = worklist.open_item(db, "enrollment", enrollment, member.attributions[0])
    team = messages.care_team(db, member.attributions[0])
    thread = messages.start(db, Actor.for_user(users["patient"]), users["patient"], team, subject="Hello",
                            body="A question")
    db.commit()
    clients = {"anonymous": app.test_client()}
    for role, user in users.items():
        clients[role] = app.test_client()
        sign_in(clients[role], user)
    values = {"exchange_id": exchange.id, "clinical_code": clinical.code,
              "others_enrollment": enrollment.confirmation_code, "program_slug": program.slug,
              "colleague_id": users["patient"].id, "organization_id": office.id, "own_token_id": token.id,
              "npi": doctor.npi, "own_reference": reference, "others_item": item.id, "others_thread": thread.id}
    return clients, values, colleague


def _audit_count(db) -> int:
    return db.scalar(select(func.count(AuditEvent.id)))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_that_shows_member_data_audits_it(world, db, role):
    clients, values, _ = world
    client = clients[role]
    unaudited = []
    for endpoint, method, path, _, _ in TABLE:
        if method != "GET" or endpoint in ("auth.logout",):
            continue
        before = _audit_count(db)
        response = client.get(path.format(**values))
        body = response.get_data(as_text=True)
        if response.status_code == 200 and (MEMBER_ID in body or LAST_NAME in body):
            db.expire_all()
            if _audit_count(db) == before:
                unaudited.append(f"{role} GET {path}")
    assert not unaudited, "member data shown without an audit event:\n" + "\n".join(unaudited)
