"""The deterministic data generator (services.seed) and the bulk loader it uses (services.bulk).

Self-contained: each test database is a SQLite file built with Base.metadata.create_all.
The full scale is not run here (it takes about a minute); a scaled-down "full" runs its
code path instead.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from portal.models import (
    SPECIALTIES,
    Attribution,
    Base,
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
    program_clinical_programs,
)
from portal.services import passwords, seed
from portal.services.bulk import bulk_insert
from portal.services.npi import is_valid_npi
from portal.services.seed import SeedError, demo_accounts, seed_database
from portal.services.text import name_key


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    return engine


def _digests(engine: Engine) -> dict[str, str]:
    """A digest of every table's rows, ordered by primary key."""
    digests = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            digest = hashlib.sha256()
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
            digests[table.name] = digest.hexdigest()
    return digests


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[tuple[Engine, dict[str, int]]]:
    engine = _engine(tmp_path_factory.mktemp("seed") / "demo.db")
    counts = seed_database(engine, "demo")
    yield engine, counts
    engine.dispose()


@pytest.fixture
def demo_engine(demo) -> Engine:
    return demo[0]


def _scalar(engine: Engine, stmt):
    with engine.connect() as conn:
        return conn.execute(stmt).scalar()


def _rows(engine: Engine, stmt) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(stmt).all())


# --- determinism and transaction ---------------------------------------------------------


def test_same_seed_gives_identical_data(demo_engine, tmp_path):
    again = _engine(tmp_path / "again.db")
    seed_database(again, "demo")
    assert _digests(again) == _digests(demo_engine)
    again.dispose()


def test_other_seed_gives_other_members(demo_engine, tmp_path):
    other = _engine(tmp_path / "other.db")
    seed_database(other, "demo", rng_seed=7)
    assert _digests(other)["members"] != _digests(demo_engine)["members"]
    other.dispose()


def test_counts_returned_match_the_tables(demo):
    engine, counts = demo
    with engine.connect() as conn:
        for table, count in counts.items():
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == count, table
    assert counts["members"] == 5_000
    assert 200 <= counts["enrollments"] <= 500


def test_refuses_a_database_that_holds_data(demo_engine):
    before = _digests(demo_engine)
    with pytest.raises(SeedError, match="already holds data"):
        seed_database(demo_engine, "demo")
    assert _digests(demo_engine) == before


def test_refuses_an_unknown_scale(tmp_path):
    engine = _engine(tmp_path / "empty.db")
    with pytest.raises(SeedError, match="Unknown scale"):
        seed_database(engine, "huge")
    engine.dispose()


def test_a_failure_leaves_nothing_behind(tmp_path):
    engine = _engine(tmp_path / "fail.db")
    indexes_before = _rows(engine, text("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"))

    def fail_after_providers(message: str) -> None:
        if message.startswith("providers"):  # written, with their indexes dropped for the load
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        seed_database(engine, "demo", progress=fail_after_providers)
    assert _scalar(engine, select(func.count()).select_from(Organization)) == 0
    assert _scalar(engine, select(func.count()).select_from(Provider)) == 0
    assert _rows(engine, text("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")) == indexes_before
    seed_database(engine, "demo")  # and the database can still be seeded
    engine.dispose()


def test_full_scale_code_path_keeps_the_directory_and_exact_totals(demo_engine, tmp_path, monkeypatch):
    # The full scale's shape (exact provider totals, coordinators per member count) at a
    # size a test can afford.
    monkeypatch.setitem(seed._SCALES, "full", seed._Scale(2_000, seed._ProviderTotals(6_000, 1_200, 2_500), 100))
    engine = _engine(tmp_path / "full.db")
    progress: list[str] = []
    counts = seed_database(engine, "full", progress=progress.append)
    assert counts["providers"] == 6_000 + 1_200 + 2_500
    assert _scalar(engine, select(func.count()).where(Provider.is_primary_care)) == 6_000
    assert counts["members"] == 2_000
    # The directory does not depend on the scale.
    full, demo = _digests(engine), _digests(demo_engine)
    for table in ("organizations", "programs", "program_clinical_programs", "clinical_programs", "consent_texts"):
        assert full[table] == demo[table], table
    assert progress[0].startswith("programs:") and progress[-1].startswith("members:")
    engine.dispose()


# --- the directory -------------------------------------------------------------------------


def test_primary_care_arrangements_in_exactly_32_states(demo_engine):
    primary_care = Program.arrangement == "primary_care"
    assert _scalar(demo_engine, select(func.count()).where(primary_care)) >= 236
    assert _scalar(demo_engine, select(func.count(func.distinct(Program.state))).where(primary_care)) == 32


def test_every_specialty_has_specialist_arrangements(demo_engine):
    rows = _rows(demo_engine, select(Program.specialty, func.count()).where(Program.arrangement == "specialist")
                 .group_by(Program.specialty))
    assert {specialty: count for specialty, count in rows} == {specialty: 4 for specialty in SPECIALTIES}
    kinds = _rows(demo_engine, select(Organization.kind).join(Program).where(Program.arrangement == "specialist"))
    assert {kind for (kind,) in kinds} == {"specialist_group"}


def test_the_real_program_from_the_source_documents(demo_engine):
    with demo_engine.connect() as conn:
        program = conn.execute(select(Program).where(Program.slug == seed.HCP_SLUG)).one()
        organization = conn.execute(select(Organization).where(Organization.id == program.organization_id)).one()
        offered = conn.execute(
            select(func.count()).where(program_clinical_programs.c.program_id == program.id)
        ).scalar()
    assert program.name == "Cigna Collaborative Accountable Care (CAC) Program - HealthCare Partners Medical Group"
    assert (program.city, program.state, program.arrangement) == ("Torrance", "CA", "primary_care")
    assert program.effective_date == date(2013, 4, 1)
    assert program.last_updated == date(2014, 6, 1)
    assert program.end_date is None
    assert not program.is_demo and not organization.is_demo
    assert organization.name == "HealthCare Partners Medical Group"
    assert "pay for value" in program.payment_model
    assert "care coordination services" in program.payment_model
    assert "case managers" in program.care_coordination
    assert not program.summary.startswith("Demo data")
    assert offered == 5


def test_generated_programs_say_they_are_demo_data(demo_engine):
    rows = _rows(demo_engine, select(Program.slug, Program.name, Program.summary, Program.is_demo, Organization.is_demo)
                 .join(Organization).where(Program.slug != seed.HCP_SLUG))
    assert len(rows) >= 255
    for slug, name, summary, program_is_demo, organization_is_demo in rows:
        assert program_is_demo and organization_is_demo, slug
        assert "demo data" in name and summary.startswith("Demo data:"), slug


def test_slugs_are_unique_and_url_safe(demo_engine):
    slugs = [slug for (slug,) in _rows(demo_engine, select(Program.slug))]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)


def test_program_dates_are_in_range(demo_engine):
    rows = _rows(demo_engine, select(Program.effective_date, Program.end_date, Program.last_updated))
    assert all(date(2008, 1, 1) <= effective <= date(2021, 12, 31) for effective, _, _ in rows)
    ended = [(effective, end) for effective, end, _ in rows if end]
    assert 1 <= len(ended) <= 10
    assert all(effective < end < date(2025, 1, 1) for effective, end in ended)
    assert all(updated >= effective for effective, _, updated in rows)


def test_each_program_offers_clinical_programs(demo_engine):
    rows = _rows(demo_engine, select(Program.arrangement, func.count(program_clinical_programs.c.clinical_program_id))
                 .join(program_clinical_programs).group_by(Program.id))
    assert len(rows) == _scalar(demo_engine, select(func.count()).select_from(Program))
    assert all(count >= 3 for arrangement, count in rows if arrangement == "primary_care")


def test_clinical_catalog_and_consent(demo_engine):
    with demo_engine.connect() as conn:
        catalog = {row.code: row for row in conn.execute(select(ClinicalProgram))}
        consent = conn.execute(select(ConsentText)).one()
    assert set(catalog) == {"weight-management", "stress-management", "tobacco-cessation", "diabetes", "heart-disease"}
    assert {code for code, row in catalog.items() if row.category == "chronic"} == {"diabetes", "heart-disease"}
    for row in catalog.values():
        assert row.eligibility == {"min_age": 18, "requires_attribution": True}
        assert all((row.summary, row.description, row.audience, row.after_joining, row.how_to_leave))
    assert consent.version == "2026-01"
    assert "withdraw at any time" in consent.body


# --- providers and coordinators ------------------------------------------------------------


def test_npis_are_valid_and_unique(demo_engine):
    npis = [npi for (npi,) in _rows(demo_engine, select(Provider.npi))]
    assert len(npis) == len(set(npis)) > 2_500
    assert all(npi.startswith("1") and is_valid_npi(npi) for npi in npis)


def test_every_provider_participates_in_their_group_s_program(demo_engine):
    missing = _scalar(demo_engine, select(func.count()).select_from(Provider).where(
        ~select(ProviderParticipation.id).join(Program, Program.id == ProviderParticipation.program_id)
        .where(ProviderParticipation.provider_id == Provider.id, Program.organization_id == Provider.organization_id)
        .exists()
    ))
    assert missing == 0
    rows = _rows(demo_engine, select(ProviderParticipation.start_date, ProviderParticipation.end_date,
                                     Program.effective_date).join(Program))
    assert all(start >= effective and (end is None or end >= start) for start, end, effective in rows)
    assert any(end is not None for _, end, _ in rows)
    participations = _scalar(demo_engine, select(func.count()).select_from(ProviderParticipation))
    assert participations > _scalar(demo_engine, select(func.count()).select_from(Provider))  # some in two


def test_care_coordinators(demo_engine):
    rows = _rows(demo_engine, select(CareCoordinator.organization_id, func.count()).group_by(
        CareCoordinator.organization_id))
    assert len(rows) == _scalar(demo_engine, select(func.count()).select_from(Organization))
    assert all(2 <= count <= 4 for _, count in rows)
    for credential, phone, email in _rows(demo_engine, select(CareCoordinator.credential, CareCoordinator.phone,
                                                              CareCoordinator.email)):
        assert credential in ("RN", "RN, CCM")
        assert re.fullmatch(r"\d{3}-555-01\d\d", phone)
        assert re.fullmatch(r"[a-z0-9.]+@[a-z0-9-]+\.example\.org", email)


# --- members, attributions, enrollments ------------------------------------------------------


def test_members(demo_engine):
    rows = _rows(demo_engine, select(Member.member_id, Member.last_name, Member.last_name_key,
                                     Member.date_of_birth, Member.zip))
    assert len({member_id for member_id, *_ in rows}) == len(rows)
    assert all(re.fullmatch(r"CC\d{9}", member_id) for member_id, *_ in rows)
    assert all(key == name_key(last) for _, last, key, _, _ in rows)
    assert all(date(1935, 1, 1) <= born <= date(2024, 12, 31) for *_, born, _ in rows)
    assert any(born > date(2008, 1, 1) for *_, born, _ in rows)  # some minors
    assert all(re.fullmatch(r"\d{5}", zip_code) for *_, zip_code in rows)


def test_current_attributions_name_a_pcp_and_coordinator_of_the_group(demo_engine):
    current = Attribution.end_date.is_(None)
    bad_pcp = _scalar(demo_engine, select(func.count()).select_from(Attribution)
                      .join(Program, Program.id == Attribution.program_id)
                      .join(Provider, Provider.id == Attribution.pcp_id)
                      .where(current, (Provider.organization_id != Program.organization_id)
                             | ~Provider.is_primary_care))
    bad_coordinator = _scalar(demo_engine, select(func.count()).select_from(Attribution)
                              .join(Program, Program.id == Attribution.program_id)
                              .join(CareCoordinator, CareCoordinator.id == Attribution.care_coordinator_id)
                              .where(current, CareCoordinator.organization_id != Program.organization_id))
    no_pcp = _rows(demo_engine, select(Program.arrangement).join(Attribution)
                   .where(current, Attribution.pcp_id.is_(None)).distinct())
    assert (bad_pcp, bad_coordinator) == (0, 0)
    assert no_pcp in ([], [("specialist",)])  # specialist groups have no PCPs
    # Current attributions are to programs still running, and to the member's state.
    rows = _rows(demo_engine, select(Program.end_date, Program.state, Member.state, Attribution.start_date,
                                     Program.effective_date).join(Attribution.program).join(Attribution.member)
                 .where(current))
    assert all(end is None and state == member_state and effective <= start <= date(2026, 1, 1)
               for end, state, member_state, start, effective in rows)


def test_one_open_attribution_per_member_at_most(demo_engine):
    open_counts = _rows(demo_engine, select(func.count()).select_from(Attribution)
                        .where(Attribution.end_date.is_(None)).group_by(Attribution.member_id))
    assert max(count for (count,) in open_counts) == 1
    members = _scalar(demo_engine, select(func.count()).select_from(Member))
    without_current = members - len(open_counts)
    assert 0.01 * members <= without_current <= 0.03 * members
    attributed = _scalar(demo_engine, select(func.count(func.distinct(Attribution.member_id))))
    assert attributed == members
    # Ended attributions end before the current one starts.
    earlier = Attribution.__table__.alias("earlier")
    overlapping = _scalar(demo_engine, select(func.count()).select_from(Attribution).join(
        earlier, earlier.c.member_id == Attribution.member_id
    ).where(Attribution.end_date.is_(None), earlier.c.end_date >= Attribution.start_date))
    assert overlapping == 0


def test_enrollments(demo_engine):
    with demo_engine.connect() as conn:
        enrollments = conn.execute(select(Enrollment)).all()
        offered = set(conn.execute(select(program_clinical_programs)).all())
        current = dict(conn.execute(select(Attribution.member_id, Attribution.program_id)
                                    .where(Attribution.end_date.is_(None))).all())
        born = dict(conn.execute(select(Member.id, Member.date_of_birth)).all())
    codes = [row.confirmation_code for row in enrollments]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"EN-[A-Z0-9]{8}", code) for code in codes)
    active = [(row.member_id, row.clinical_program_id) for row in enrollments if row.status == "active"]
    assert len(active) == len(set(active))
    assert {row.status for row in enrollments} == {"active", "withdrawn"}
    for row in enrollments:
        assert (current[row.member_id], row.clinical_program_id) in offered
        assert born[row.member_id] <= date(row.enrolled_at.year - 18, 1, 1)
        assert row.enrolled_at.tzinfo is not None and row.consented_at == row.enrolled_at
        assert row.contact_preference in ("phone", "email", "portal")
        assert (row.status == "withdrawn") == (row.withdrawn_at is not None)


# --- the people behind the demo accounts -----------------------------------------------------------


def test_seed_database_makes_no_account(demo_engine):
    # The demo accounts (random passwords) are `flask seed`'s step after the data: the data
    # itself stays the same for the same rng_seed.
    assert _scalar(demo_engine, select(func.count()).select_from(User)) == 0


def test_the_demo_people_are_picked_the_same_way_every_time(demo_engine):
    today = date(2026, 12, 1)
    with Session(demo_engine) as session:
        people = demo_accounts.choose_people(session, today)
        again = demo_accounts.choose_people(session, today)
        assert people.program.slug == seed.HCP_SLUG and people.organization.id == people.program.organization_id
        assert (people.patient.id, people.coordinator.id, people.verify.id) == \
            (again.patient.id, again.coordinator.id, again.verify.id)
        current = session.scalars(select(Attribution).where(Attribution.member_id.in_(
            [people.patient.id, people.verify.id]), Attribution.end_date.is_(None))).all()
        assert {a.program_id for a in current} == {people.program.id}
        assert {a.member_id: a.care_coordinator_id for a in current}[people.patient.id] == people.coordinator.id
        assert people.coordinator.organization_id == people.organization.id and people.coordinator.is_active
        assert people.verify.id != people.patient.id
        for member in (people.patient, people.verify):
            assert member.date_of_birth <= date(2007, 12, 1) and member.last_name.isascii()
            assert session.scalar(select(Enrollment.id).where(Enrollment.member_id == member.id,
                                                              Enrollment.status == "active"))


def test_demo_passwords_are_random_and_meet_the_policy():
    made = {demo_accounts.new_password() for _ in range(50)}
    assert len(made) == 50
    for password in made:
        assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password) and not set(password) & set("ilo01")
        passwords.check_policy(password, ("patient@demo.example",))


# --- bulk loading ------------------------------------------------------------------------------


def test_bulk_insert_streams_batches_and_checks_columns(tmp_path):
    engine = _engine(tmp_path / "bulk.db")
    table = Organization.__table__
    columns = ["id", "external_id", "name", "kind", "city", "state", "is_demo"]
    rows = ((n, f"X{n}", f"Group {n}", "specialist_group", "Reno", "NV", n % 2 == 0) for n in range(1, 11))
    with engine.begin() as conn:
        assert bulk_insert(conn, table, columns, rows, batch_size=3) == 10
        with pytest.raises(ValueError, match="is_demo"):
            bulk_insert(conn, table, columns[:-1], [])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).where(Organization.is_demo)).scalar() == 5
    engine.dispose()
