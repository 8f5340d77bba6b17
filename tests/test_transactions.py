"""A request's transaction left open by its view: committed if it only read (the PostgreSQL
driver keeps its prepared statements), rolled back if it wrote anything."""
from __future__ import annotations

import pytest
from sqlalchemy import event, func, insert, select

from portal.extensions import db as _db
from portal.models import AuditEvent


@pytest.fixture
def endings(app, db):
    """The transaction endings the engine sees: "commit" or "rollback", in order."""
    seen: list[str] = []

    def on_commit(connection) -> None:
        seen.append("commit")

    def on_rollback(connection) -> None:
        seen.append("rollback")

    event.listen(_db.engine, "commit", on_commit)
    event.listen(_db.engine, "rollback", on_rollback)
    yield seen
    event.remove(_db.engine, "commit", on_commit)
    event.remove(_db.engine, "rollback", on_rollback)


def test_a_transaction_that_only_read_is_committed(app, db, endings):
    # A fresh app context, as each request has (the tests' own context would hide its end).
    with app.app_context():
        assert _db.session.execute(select(func.count(AuditEvent.id))).scalar() == 0
    assert endings == ["commit"]


def test_a_context_that_never_used_the_database_ends_nothing(app, db, endings):
    with app.app_context():
        pass
    assert endings == []


def test_a_transaction_that_wrote_is_rolled_back_not_committed(app, db, endings):
    with app.app_context():
        _db.session.execute(insert(AuditEvent.__table__).values(action="auth.login", outcome="success", details={}))
        _db.session.execute(select(func.count(AuditEvent.id)))  # a read after the write changes nothing
    assert endings == ["rollback"]
    assert db.scalar(select(func.count(AuditEvent.id))) == 0


def test_an_unflushed_change_is_never_committed_by_the_teardown(app, db, endings):
    from tests import factories as f

    organization = f.organization()
    db.commit()
    endings.clear()
    with app.app_context():
        _db.session.get(type(organization), organization.id).name = "Changed but never committed"
    assert "commit" not in endings
    db.expire_all()
    assert db.get(type(organization), organization.id).name != "Changed but never committed"


def test_a_failing_commit_at_the_end_does_not_break_the_request(app, db, monkeypatch):
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    def lost(self) -> None:
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    with app.app_context():  # leaving it must not raise
        _db.session.execute(select(func.count(AuditEvent.id)))
        request_session = _db.session()
        monkeypatch.setattr(Session, "commit", lost)
    monkeypatch.undo()
    assert not request_session.in_transaction()  # closed by Flask-SQLAlchemy's teardown all the same
