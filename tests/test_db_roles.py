"""The web workers' PostgreSQL role (portal/services/db_roles.py): it reads and writes what the
portal needs, and cannot change, remove or unprotect an audit event. PostgreSQL leg only."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from portal.services.db_roles import RoleError, grant_app_role

ROLE = "portal_web_ci"


@pytest.fixture
def web_engine(app, db, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SKIPPED: database roles are PostgreSQL's (the PostgreSQL leg runs this)")
    owner = db.get_bind()
    with owner.begin() as connection:
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": ROLE}).scalar() is None:
            connection.exec_driver_sql(f"CREATE ROLE {ROLE} LOGIN")
    result = app.test_cli_runner().invoke(args=["dbrole", "grant", ROLE])
    assert result.exit_code == 0, result.output
    engine = create_engine(make_url(database_url).set(username=ROLE, password=None))
    yield engine
    engine.dispose()


def _refused(engine, statement: str) -> bool:
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(statement)
    except DBAPIError as error:
        return "permission denied" in str(error) or "must be owner" in str(error)
    return False


def test_the_web_role_cannot_wipe_or_unprotect_the_audit_trail(web_engine):
    with web_engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO audit_events (occurred_at, action, outcome, details) "
                                   "VALUES (now(), 'auth.login', 'success', '{}')")
        assert connection.exec_driver_sql("SELECT count(*) FROM audit_events").scalar() >= 1
    for statement in ("TRUNCATE audit_events", "UPDATE audit_events SET outcome = 'x'", "DELETE FROM audit_events",
                      "ALTER TABLE audit_events DISABLE TRIGGER ALL", "DROP TABLE audit_events CASCADE",
                      "UPDATE alembic_version SET version_num = '0001'"):
        assert _refused(web_engine, statement), statement


def test_the_web_role_reads_and_writes_the_rest(web_engine):
    with web_engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO organizations (external_id, name, kind, city, state, is_demo, "
                                   "portal_access) VALUES ('ORG-CI', 'CI group', 'specialist_group', 'Austin', 'TX', "
                                   "false, true)")
        connection.exec_driver_sql("UPDATE organizations SET city = 'Dallas' WHERE external_id = 'ORG-CI'")
        connection.exec_driver_sql("DELETE FROM organizations WHERE external_id = 'ORG-CI'")
        connection.exec_driver_sql("SELECT version_num FROM alembic_version")


def test_grant_refuses_what_it_cannot_do(app, db, database_url):
    if not database_url.startswith("postgresql"):
        with pytest.raises(RoleError):
            grant_app_role(db.get_bind(), "portal_web")
        return
    with pytest.raises(RoleError):
        grant_app_role(db.get_bind(), "Robert'); DROP TABLE users;--")
    with pytest.raises(RoleError):
        grant_app_role(db.get_bind(), "no_such_role_here")
