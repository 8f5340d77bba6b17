"""Fixtures: one migrated database per test session (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), emptied after every test that uses `db`."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from portal import create_app
from portal.extensions import db as _db
from portal.models import Base


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
def app(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TESTING": True})
    with app.app_context():
        upgrade()  # the migrations themselves build the test schema
    yield app
    with app.app_context():
        _db.engine.dispose()


def empty_all_tables() -> None:
    from portal.services.directory import clear_caches

    clear_caches()
    _db.session.remove()
    with _db.engine.begin() as conn:
        tables = Base.metadata.sorted_tables
        if conn.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())


@pytest.fixture
def db(app):
    """The database session inside an app context; every table is emptied afterwards."""
    with app.app_context():
        yield _db.session
        empty_all_tables()


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
