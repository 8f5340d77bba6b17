"""In production the demo accounts are never made: `flask seed` refuses (exit status 1, a clear
message, nothing created) unless told --no-demo-accounts, and so does `users demo-accounts`;
the home page never shows the demo panel. Checked in-process and through the real command line
with PORTAL_ENV=production (how config.py detects production)."""
from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.models import ImportRun, Member, Organization, User
from portal.services.audit import Actor
from portal.services.seed import demo_accounts

ROOT = Path(__file__).resolve().parent.parent


def _count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_seed_refuses_in_production_and_creates_nothing(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_PRODUCTION", True)
    runner = app.test_cli_runner()
    for args in (["seed", "--scale", "demo"], ["seed", "--scale", "demo", "--if-empty"],
                 ["users", "demo-accounts"], ["users", "demo-accounts", "--reset-passwords"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output)
        assert "Refused" in result.output and "production" in result.output, args
        assert "othing was created" in result.output, args  # "Nothing was created", "nothing was created"
        assert (_count(db, Organization), _count(db, Member), _count(db, User)) == (0, 0, 0), args
    with pytest.raises(demo_accounts.DemoAccountsError, match="production"):
        demo_accounts.ensure(db, Actor(role="admin", ip_address="cli"), production=True)


def test_production_may_load_the_data_without_accounts(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_PRODUCTION", True)
    result = app.test_cli_runner().invoke(args=["seed", "--scale", "demo", "--no-demo-accounts"])
    assert result.exit_code == 0, result.output
    assert _count(db, Organization) > 0 and _count(db, User) == 0
    assert "password" not in result.output.lower()
    # The demo accounts' step is refused there too, and the home page has no demo panel.
    refused = app.test_cli_runner().invoke(args=["users", "demo-accounts"])
    assert refused.exit_code == 1 and _count(db, User) == 0
    monkeypatch.setitem(app.config, "PORTAL_PRODUCTION", False)
    made = app.test_cli_runner().invoke(args=["users", "demo-accounts"])
    assert made.exit_code == 0 and _count(db, User) == len(demo_accounts.ROLES)
    assert "try-the-demo" in app.test_client().get("/").get_data(as_text=True)
    monkeypatch.setitem(app.config, "PORTAL_PRODUCTION", True)
    assert "try-the-demo" not in app.test_client().get("/").get_data(as_text=True)


def test_not_on_a_database_people_were_imported_into(app, db):
    """Imported people may be real: no demo accounts then, and no demo member on the home page."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed", "--scale", "demo", "--no-demo-accounts"]).exit_code == 0
    db.add(ImportRun(kind="members", filename="members.csv", status="applied"))
    db.commit()
    refused = runner.invoke(args=["users", "demo-accounts"])
    assert refused.exit_code == 1 and "imported" in refused.output and _count(db, User) == 0
    with pytest.raises(demo_accounts.DemoAccountsError, match="imported"):
        demo_accounts.ensure(db, Actor(role="admin", ip_address="cli"), production=False)
    db.query(ImportRun).delete()
    db.commit()
    assert runner.invoke(args=["users", "demo-accounts"]).exit_code == 0
    assert "try-the-demo" in app.test_client().get("/").get_data(as_text=True)
    db.add(ImportRun(kind="providers", filename="providers.csv", status="applied"))
    db.commit()
    assert "try-the-demo" not in app.test_client().get("/").get_data(as_text=True)


@pytest.mark.parametrize("variable", [("PORTAL_ENV", "production"), ("PORTAL_PRODUCTION", "1")])
def test_the_real_command_refuses_with_portal_env_production(tmp_path, variable):
    database = tmp_path / "portal.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": secrets.token_hex(16),
           "PORTAL_MAIL_TO_LOG": "false"}
    for name in ("TEST_DATABASE_URL", "PORTAL_ENV", "PORTAL_PRODUCTION", "JOB_QUEUE_URL"):
        env.pop(name, None)

    def flask(*args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                              env={**env, **extra}, capture_output=True, text=True, timeout=300)

    assert flask("db", "upgrade").returncode == 0
    production = {variable[0]: variable[1], "PORTAL_URL": "https://portal.example"}
    for args in (("seed", "--scale", "demo"), ("users", "demo-accounts", "--reset-passwords")):
        done = flask(*args, **production)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Refused" in done.stderr and "development only" in done.stderr
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM members) "
                            "+ (SELECT count(*) FROM users)").fetchone()[0] == 0
