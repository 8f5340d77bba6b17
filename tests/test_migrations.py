"""Migrations: each step runs on a database that already holds data, and down again."""
from __future__ import annotations

import os

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import create_app


@pytest.fixture
def scratch_url(tmp_path):
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("the PostgreSQL leg migrates its own test database from empty (see conftest)")
    return f"sqlite:///{tmp_path / 'migrate.db'}"


def test_upgrade_keeps_data_and_downgrade_undoes(scratch_url):
    app = create_app({"DATABASE_URL": scratch_url, "SECRET_KEY": "x"})
    with app.app_context():
        from portal.extensions import db

        upgrade(revision="0001")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organizations (id, external_id, name, kind, city, state, is_demo) "
                              "VALUES (1, 'ORG1', 'Group', 'specialist_group', 'Austin', 'TX', 1)"))
            conn.execute(text("INSERT INTO programs (id, slug, organization_id, name, arrangement, specialty, city, "
                              "state, effective_date, payment_model, summary, partner_organizations, "
                              "care_coordination, last_updated, is_demo) VALUES (1, 'p', 1, 'P', 'specialist', "
                              "'oncology', 'Austin', 'TX', '2015-01-01', '', '', '', '', '2020-01-01', 1)"))
            # A message queued before delivery existed, holding a reset link in its text.
            conn.execute(text("INSERT INTO outbox_messages (created_at, kind, channel, recipient, subject, body) "
                              "VALUES ('2026-01-01 00:00:00', 'password_reset', 'email', 'a@example.com', 'Reset', "
                              "'http://x/reset-password?token=SECRET')"))
            conn.execute(text("INSERT INTO assistant_exchanges (created_at, role, audience, question, outcome, "
                              "confidence, candidates, latency_ms, reviewed, tags, note) VALUES ('2026-01-01 00:00:00', "
                              "'anonymous', 'patient', 'how do I enroll', 'answer', 1.0, '[]', 0.5, 0, '', '')"))
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT portal_access FROM organizations WHERE id = 1")).scalar() == 1
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0016"
            # Every user follows the browser's (or the portal's) time zone until they choose one.
            time_zone = {c["name"]: c for c in inspect(conn).get_columns("users")}["time_zone"]
            assert time_zone["nullable"] and time_zone["type"].length == 64
            # An exchange logged before conversations existed is a conversation's first turn.
            assert conn.execute(text("SELECT turn, reading, conversation FROM assistant_exchanges")).one() == (
                1, "new", None)
            # Its text (and the link) is gone, and it is never sent.
            assert conn.execute(text("SELECT status FROM outbox_messages")).scalar() == "cancelled"
            assert "body" not in {c["name"] for c in inspect(conn).get_columns("outbox_messages")}
            assert conn.execute(text("SELECT count(*) FROM programs")).scalar() == 1
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("audit_events")}
        assert "ix_audit_events_batch_verify" in indexes
        downgrade(revision="0014")
        assert "ix_audit_events_batch_verify" not in {i["name"] for i in inspect(db.engine).get_indexes("audit_events")}
        downgrade(revision="0013")
        assert "time_zone" not in {c["name"] for c in inspect(db.engine).get_columns("users")}
        downgrade(revision="0001")
        assert "portal_access" not in {c["name"] for c in inspect(db.engine).get_columns("organizations")}
        downgrade(revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        db.engine.dispose()
