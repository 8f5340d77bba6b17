"""Factories for test data: each call makes a valid row with unique keys; keyword
arguments override any field."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timezone

from portal.extensions import db
from portal.models import (
    Attribution,
    CareCoordinator,
    ClinicalProgram,
    ConsentText,
    Enrollment,
    Member,
    Organization,
    Program,
    Provider,
    ProviderParticipation,
    User,
)
from portal.services import second_factor
from portal.services.npi import make_npi
from portal.services.passwords import hash_password
from portal.services.text import name_key

_seq = itertools.count(1)


def _save(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def organization(**kw) -> Organization:
    n = next(_seq)
    fields = dict(
        external_id=f"ORG{n:05d}", name=f"Test Medical Group {n}", kind="multi_specialty_group",
        city="Springfield", state="IL", is_demo=True,
    )
    fields.update(kw)
    return _save(Organization(**fields))


def program(org: Organization | None = None, **kw) -> Program:
    n = next(_seq)
    org = org or organization(**{k: kw[k] for k in ("city", "state") if k in kw})
    fields = dict(
        slug=f"test-program-{n}", organization=org, name=f"Collaborative Care Program - {org.name}",
        arrangement="primary_care", specialty=None, city=org.city, state=org.state,
        effective_date=date(2015, 1, 1), end_date=None, payment_model="Pay for value.",
        summary="A test arrangement.", partner_organizations="", care_coordination="",
        last_updated=date(2020, 1, 1), is_demo=True,
    )
    fields.update(kw)
    return _save(Program(**fields))


def provider(org: Organization | None = None, *, programs=(), start=date(2016, 1, 1), end=None, **kw) -> Provider:
    n = next(_seq)
    org = org or (programs[0].organization if programs else organization())
    fields = dict(
        npi=make_npi(100_000_000 + n * 7), first_name="Pat", last_name=f"Doctor{n}", credential="MD",
        specialty="Family Medicine", organization=org, is_primary_care=True,
    )
    fields.update(kw)
    prov = _save(Provider(**fields))
    for prog in programs:
        _save(ProviderParticipation(provider=prov, program=prog, start_date=start, end_date=end))
    return prov


def care_coordinator(org: Organization, **kw) -> CareCoordinator:
    n = next(_seq)
    fields = dict(
        organization=org, first_name="Casey", last_name=f"Nurse{n}", credential="RN",
        phone="555-0100", email=f"coordinator{n}@example.org",
    )
    fields.update(kw)
    return _save(CareCoordinator(**fields))


def member(**kw) -> Member:
    n = next(_seq)
    fields = dict(
        member_id=f"CC{n:09d}", first_name="Alex", last_name="Rivera", date_of_birth=date(1980, 5, 17),
        zip="62701", state="IL",
    )
    fields.update(kw)
    fields.setdefault("last_name_key", name_key(fields["last_name"]))
    return _save(Member(**fields))


def attribution(mem: Member, prog: Program, **kw) -> Attribution:
    fields = dict(member=mem, program=prog, start_date=date(2020, 1, 1), end_date=None)
    fields.update(kw)
    return _save(Attribution(**fields))


def clinical_program(**kw) -> ClinicalProgram:
    n = next(_seq)
    fields = dict(
        code=f"test-program-{n}", name=f"Test program {n}", category="lifestyle", summary="Summary.",
        description="Description.", audience="Adults.", after_joining="A coordinator calls.",
        how_to_leave="Withdraw online.", eligibility={"min_age": 18, "requires_attribution": True},
    )
    fields.update(kw)
    return _save(ClinicalProgram(**fields))


PASSWORD = "tangerine-harbor-quietly-42"


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the test staff's authenticator app


def user(role: str = "patient", *, password: str = PASSWORD, **kw) -> User:
    """A user who can sign in with `password`. Patients get a member and office staff an
    organization unless given."""
    n = next(_seq)
    if role == "patient" and "member" not in kw and "member_id" not in kw:
        kw["member"] = member()
    if role == "provider" and "organization" not in kw and "organization_id" not in kw:
        kw["organization"] = organization()
    fields = dict(email=f"{role}{n}@example.com", role=role, display_name=f"Test {role.title()} {n}",
                  password_hash=hash_password(password))
    if role != "patient":  # staff must have a second factor: theirs is set up (tests.helpers.sign_in answers it)
        fields.update(totp_secret=second_factor.seal(TOTP_SECRET), totp_enabled_at=datetime(2026, 1, 5, tzinfo=timezone.utc))
    fields.update(kw)
    return _save(User(**fields))


def consent_text(**kw) -> ConsentText:
    n = next(_seq)
    fields = dict(version=f"test-{n}", body="I agree.")
    fields.update(kw)
    return _save(ConsentText(**fields))


def enrollment(mem: Member, cp: ClinicalProgram, **kw) -> Enrollment:
    n = next(_seq)
    fields = dict(member=mem, clinical_program=cp, status="active", confirmation_code=f"EN-TEST{n:05d}",
                  consent_text=kw.pop("consent", None) or consent_text(), consented_at=datetime(2026, 1, 5, tzinfo=timezone.utc),
                  contact_preference="phone", enrolled_at=datetime(2026, 1, 5, tzinfo=timezone.utc))
    fields.update(kw)
    return _save(Enrollment(**fields))
