"""Fixtures: one migrated database per test session (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), emptied after every test that uses `db`."""
from __future__ import annotations

import os

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import create_app
from portal.extensions import db as _db
from portal.models import Base

# The tests' apps run in this one process, and Flask-Limiter's limiter is one object that the
# last app built points at its store: counters in memory. The shared stores (the database,
# Redis) are tried against a real gunicorn with four workers in tests/test_workers.py.
os.environ["RATELIMIT_STORAGE_URI"] = "memory://"


class IsolatedClient(FlaskClient):
    """A test client whose requests start with an empty `g`, as in production.

    Tests hold an app context (for the database session); Flask reuses it for the client's
    requests, so without this, values cached in `g` (the signed-in user, the CSRF token)
    would leak from one client's request into another's.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for key in list(g):
                g.pop(key)
        return super().open(*args, **kwargs)


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server for the whole run; `mail` empties it for each test."""
    from tests.smtp import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory, smtp_server):
    from flask_migrate import upgrade

    app = create_app({
        "DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TESTING": True, "SERVER_NAME": "portal.test",
        # Argon2 at its cheapest: hashing speed is not what the tests check.
        "PASSWORD_HASH_COST": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
        "MAIL_TO_LOG": False,
        # Jobs wait in memory until a test runs them (the `mail` fixture, tests.helpers.run_jobs);
        # e-mail goes to the real SMTP server above.
        "JOB_QUEUE_URL": "memory://",
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port, "MAIL_TIMEOUT": 5.0,
        "IMPORT_DIR": str(tmp_path_factory.mktemp("imports")),
        "ADMIN_ACTIVITY_CACHE_SECONDS": 0,  # the tests change the counts between visits
    })
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()  # the migrations themselves build the test schema
    yield app
    with app.app_context():
        _db.engine.dispose()


def empty_all_tables() -> None:
    from portal.extensions import limiter
    from portal.jobs import queue

    queue.flush()
    from portal.services.accounts import token_checks
    from portal.services.directory import clear_caches

    clear_caches()
    token_checks.forget()
    limiter.reset()
    _db.session.remove()
    with _db.engine.begin() as conn:
        tables = Base.metadata.sorted_tables
        if conn.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            # TRUNCATE does not fire the audit table's append-only row triggers.
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            triggers = conn.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")).all()
            for name, _ in triggers:
                conn.execute(text(f"DROP TRIGGER {name}"))
            for table in reversed(tables):
                conn.execute(table.delete())
            for _, sql in triggers:  # restored in the same transaction
                conn.execute(text(sql))


@pytest.fixture
def db(app):
    """The database session inside an app context; every table is emptied afterwards."""
    from portal import jobs

    jobs.init_app(app)  # the queue is one per process: point it back at this app (other tests build apps)
    with app.app_context():
        yield _db.session
        empty_all_tables()


class Mail:
    """What the test SMTP server received, after the worker's jobs have run."""

    def __init__(self, server) -> None:
        self.server = server
        self.mailbox = server.mailbox

    def deliver(self) -> list:
        """Run the queued jobs as the worker would, then one more delivery round."""
        from flask import current_app

        from portal.delivery.worker import deliver_round
        from portal.jobs import run_pending

        run_pending()
        while deliver_round(_db.session, current_app.config).more:
            pass
        return self.mailbox.messages

    def to(self, address: str) -> list:
        self.deliver()
        return self.mailbox.to(address)

    def one(self, address: str):
        received = self.to(address)
        assert len(received) == 1, f"{len(received)} messages to {address}: {[m['Subject'] for m in received]}"
        return received[0]


@pytest.fixture
def mail(app, db, smtp_server):
    smtp_server.mailbox.clear()
    yield Mail(smtp_server)
    smtp_server.mailbox.clear()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture(scope="module")
def demo_app(app):
    """The app over the deterministic demo data set, for read-only page tests."""
    from portal.services.seed import seed_database

    with app.app_context():
        seed_database(_db.engine, "demo")
    yield app
    with app.app_context():
        empty_all_tables()


@pytest.fixture
def demo_client(demo_app):
    with demo_app.app_context():
        yield demo_app.test_client()
        _db.session.remove()


# --- signed-in users of each role -------------------------------------------------------------


@pytest.fixture
def make_client(app, db):
    """A new client signed in as a new user of `role` (office_admin: office staff who manage staff;
    coordinator: office staff who are one of their organization's care coordinators)."""
    from tests import factories as f
    from tests.helpers import sign_in

    def make(role: str, **kw):
        if role == "office_admin":
            user = f.user("provider", is_office_admin=True, **kw)
        elif role == "coordinator":
            organization = kw.pop("organization", None) or f.organization()
            coordinator = kw.pop("care_coordinator", None) or f.care_coordinator(organization)
            user = f.user("provider", organization=organization, care_coordinator=coordinator, **kw)
        else:
            user = f.user(role, **kw)
        db.commit()
        client = app.test_client()
        sign_in(client, user)
        client.user = user
        return client

    return make


@pytest.fixture
def patient_client(make_client):
    return make_client("patient")


@pytest.fixture
def provider_client(make_client):
    return make_client("provider")


@pytest.fixture
def office_admin_client(make_client):
    return make_client("office_admin")


@pytest.fixture
def support_client(make_client):
    return make_client("support")


@pytest.fixture
def admin_client(make_client):
    return make_client("admin")
