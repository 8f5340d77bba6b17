"""The database role the portal runs as on PostgreSQL: everything it needs, and no way to wipe
the audit trail.

Migrations, seeding and full-size imports run as the tables' owner (they create tables, build
indexes, run ANALYZE). The web workers connect as another role, given here: read and write on
every table but `audit_events`, where it may only INSERT and SELECT. Without UPDATE, DELETE and
TRUNCATE, and not being the owner (so no ALTER TABLE ... DISABLE TRIGGER, no DROP), that role
cannot change or remove an audit event whatever code it runs, on top of the table's append-only
triggers. Grant again after every `flask db upgrade` that adds a table (`flask dbrole grant`
is idempotent).
"""
from __future__ import annotations

import re

from sqlalchemy import Engine, text

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
APPEND_ONLY = ("audit_events",)
READ_ONLY = ("alembic_version",)


class RoleError(ValueError):
    pass


def grant_app_role(engine: Engine, role: str) -> list[str]:
    """Give `role` (an existing PostgreSQL role) what the web workers need; returns the statements run."""
    if engine.dialect.name != "postgresql":
        raise RoleError("Database roles are a PostgreSQL matter: SQLite has none (its file's permissions decide).")
    if not _ROLE_NAME.fullmatch(role):
        raise RoleError("A role name is lower-case letters, digits and underscores.")
    with engine.connect() as connection:
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar() is None:
            raise RoleError(f"There is no role {role!r}: create it first (CREATE ROLE {role} LOGIN PASSWORD '...').")
        owner = connection.execute(text("SELECT current_user")).scalar()
    if owner == role:
        raise RoleError("Grant to the web workers' role while connected as the tables' owner, not as that role.")
    quoted = f'"{role}"'
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        *(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {quoted}" for table in APPEND_ONLY),
        *(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {quoted}" for table in READ_ONLY),
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    return statements
