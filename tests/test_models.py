"""The database enforces the domain's invariants itself."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from portal.extensions import db as _db
from portal.models import Base, ConsentText, Enrollment, Program
from tests import factories as f


def _fails(session, make):
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            make()
            session.flush()


def test_provider_npi_is_unique(db):
    prov = f.provider()
    _fails(db, lambda: f.provider(npi=prov.npi))


def test_one_open_attribution_per_member(db):
    prog = f.program()
    mem = f.member()
    f.attribution(mem, prog, start_date=date(2019, 1, 1), end_date=date(2019, 12, 31))
    f.attribution(mem, prog, start_date=date(2020, 1, 1))
    _fails(db, lambda: f.attribution(mem, f.program(), start_date=date(2021, 1, 1)))


def test_attribution_period_must_be_ordered(db):
    _fails(db, lambda: f.attribution(f.member(), f.program(), start_date=date(2020, 1, 1), end_date=date(2019, 1, 1)))


def test_program_specialty_matches_arrangement(db):
    _fails(db, lambda: f.program(arrangement="primary_care", specialty="cardiology"))
    _fails(db, lambda: f.program(arrangement="specialist", specialty=None))
    _fails(db, lambda: f.program(arrangement="specialist", specialty="dermatology"))
    assert f.program(arrangement="specialist", specialty="oncology").specialty_label == "Oncology"


def test_organization_kind_is_checked(db):
    _fails(db, lambda: f.organization(kind="hospital"))


def test_at_most_one_active_enrollment_per_member_and_program(db):
    mem = f.member()
    cp = f.clinical_program()
    consent = ConsentText(version="test-1", body="I agree.")
    db.add(consent)
    now = datetime.now(timezone.utc)

    def enroll(code, status="active"):
        db.add(
            Enrollment(
                member=mem, clinical_program=cp, status=status, confirmation_code=code,
                consent_text=consent, consented_at=now, contact_preference="phone",
            )
        )
        db.flush()

    enroll("EN-1", "withdrawn")
    enroll("EN-2")
    _fails(db, lambda: enroll("EN-3"))
    enroll("EN-4", "completed")


def test_datetimes_come_back_timezone_aware(db):
    consent = ConsentText(version="tz-1", body="Body")
    db.add(consent)
    db.commit()
    db.expire_all()
    assert db.get(ConsentText, consent.id).effective_at.tzinfo is not None


def test_migrations_match_the_models(app):
    """The schema built by the migrations is exactly the models' schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), _db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == []
        assert set(inspect(conn).get_table_names()) >= set(Base.metadata.tables)


def test_program_active_period(db):
    prog = f.program(effective_date=date(2015, 1, 1), end_date=date(2020, 12, 31))
    assert isinstance(prog, Program)
    assert prog.is_active_on(date(2016, 6, 1))
    assert not prog.is_active_on(date(2021, 1, 1))
    assert not prog.is_active_on(date(2014, 12, 31))
