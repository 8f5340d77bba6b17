"""The example import files (docs/imports/, what the README's import commands use) add to the
demo data: imported into the demo database, in order, every row is new (new organizations,
program, providers, coordinator, members) and nothing of the demo directory is changed or
named twice. (Their import on an empty database: tests/test_imports.py.)"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db as _db
from portal.models import CareCoordinator, Member, Organization, Program, Provider
from portal.services.imports import run_import

DOCS = Path(__file__).resolve().parent.parent / "docs" / "imports"
ORDER = ("organizations", "programs", "providers", "coordinators", "members")


def _rows(kind: str) -> list[dict[str, str]]:
    with open(DOCS / f"{kind}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _fold(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


@pytest.fixture
def session(demo_app):
    with demo_app.app_context():
        yield _db.session
        _db.session.remove()


def test_the_example_files_name_nothing_of_the_demo_data(session):
    organizations = {external_id: _fold(name) for external_id, name in session.execute(
        select(Organization.external_id, Organization.name))}
    for row in _rows("organizations"):
        assert row["external_id"] not in organizations, row
        assert _fold(row["name"]) not in organizations.values(), row
    programs = session.execute(select(Program.slug, Program.name)).all()
    for row in _rows("programs"):
        assert row["slug"] not in {slug for slug, _ in programs}, row
        assert _fold(row["name"]) not in {_fold(name) for _, name in programs}, row
    npis = set(session.scalars(select(Provider.npi)))
    assert not {row["npi"] for row in _rows("providers")} & npis
    emails = set(session.scalars(select(CareCoordinator.email)))
    assert not {row["email"] for row in _rows("coordinators")} & emails
    members = set(session.scalars(select(Member.member_id)))
    assert not {row["member_id"] for row in _rows("members")} & members


def test_importing_them_into_the_demo_data_adds_rows_and_changes_none(demo_app, session):
    def count(model) -> int:
        session.expire_all()
        return session.scalar(select(func.count()).select_from(model))

    before = {model: count(model) for model in (Organization, Program, Provider, CareCoordinator, Member)}
    reports = {}
    for kind in ORDER:
        with open(DOCS / f"{kind}.csv", "rb") as stream:
            reports[kind] = run_import(_db.engine, kind, stream, f"{kind}.csv")
        assert reports[kind].error_count == 0 and reports[kind].applied, (kind, reports[kind].errors)
    counts = {kind: report.counts for kind, report in reports.items()}
    assert counts["organizations"]["organizations_created"] == len(_rows("organizations"))
    assert not counts["organizations"].get("organizations_updated")
    assert counts["programs"].get("programs_created") == len(_rows("programs"))
    assert not counts["programs"].get("programs_updated")
    assert counts["providers"]["providers_created"] == len({row["npi"] for row in _rows("providers")})
    assert counts["providers"]["providers_updated"] == 0
    assert counts["members"]["attributions_opened"] == len(_rows("members"))
    assert not counts["members"].get("members_updated")
    assert count(Organization) == before[Organization] + len(_rows("organizations"))
    assert count(Program) == before[Program] + len(_rows("programs"))
    assert count(Provider) == before[Provider] + len({row["npi"] for row in _rows("providers")})
    assert count(CareCoordinator) == before[CareCoordinator] + len(_rows("coordinators"))
    assert count(Member) == before[Member] + len(_rows("members"))
    # No organization or program of the directory is named twice.
    for model in (Organization, Program):
        names = session.scalars(select(func.lower(model.name))).all()
        assert len(names) == len(set(names)), model.__name__
