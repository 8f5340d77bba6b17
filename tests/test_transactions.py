"""On PostgreSQL, a request's transaction left open by its view ends with COMMIT if it only
read (psycopg then keeps its prepared statements) and is rolled back if it wrote anything."""
from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select

from portal.extensions import db as _db
from portal.models import AuditEvent, Organization
from tests import factories as f


@pytest.fixture(autouse=True)
def postgresql_only(app):
    with app.app_context():
        if _db.engine.dialect.name != "postgresql":
            pytest.skip("only psycopg forgets its prepared statements on ROLLBACK")


def _prepared_statements(driver_connection) -> int:
    count = driver_connection.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]
    driver_connection.rollback()
    return count


def test_prepared_statements_outlive_a_request_that_only_read(app, db):
    # A fresh app context, as each request has (the tests' own context would hide its end).
    with app.app_context():
        for _ in range(6):  # psycopg prepares a statement from its fifth run
            _db.session.execute(select(func.count(AuditEvent.id)).where(AuditEvent.id > 0))
        driver_connection = _db.session.connection().connection.dbapi_connection
    assert _prepared_statements(driver_connection) >= 1


def test_a_transaction_that_wrote_is_rolled_back_not_committed(app, db):
    with app.app_context():
        _db.session.execute(insert(AuditEvent.__table__).values(action="auth.login", outcome="success", details={}))
        _db.session.execute(select(func.count(AuditEvent.id)))  # a read after the write changes nothing
    assert db.scalar(select(func.count(AuditEvent.id))) == 0


def test_an_unflushed_change_is_never_committed_by_the_teardown(app, db):
    organization = f.organization()
    db.commit()
    with app.app_context():
        _db.session.get(Organization, organization.id).name = "Changed but never committed"
    db.expire_all()
    assert db.get(Organization, organization.id).name != "Changed but never committed"


def test_a_failing_commit_at_the_end_does_not_break_the_request(app, db):
    with app.app_context():  # leaving it must not raise
        _db.session.execute(select(func.count(AuditEvent.id)))
        request_session = _db.session()
        driver_connection = request_session.connection().connection.dbapi_connection
        error = _db.engine.dialect.loaded_dbapi.OperationalError("server closed the connection unexpectedly")

        def commit() -> None:
            raise error

        driver_connection.commit = commit
    del driver_connection.commit
    assert not request_session.in_transaction()  # rolled back and closed by Flask-SQLAlchemy all the same
