"""Imports of organizations, programs, providers, coordinators and members (both databases)."""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db as _db
from portal.models import Attribution, CareCoordinator, ImportRun, Member, Organization, Program, Provider, ProviderParticipation
from portal.services.imports import ImportFileError, run_import

DOCS = Path(__file__).resolve().parent.parent / "docs" / "imports"
ORDER = ("organizations", "programs", "providers", "coordinators", "members")


def _run(kind, content: bytes | str, **options):
    data = content.encode() if isinstance(content, str) else content
    return run_import(_db.engine, kind, io.BytesIO(data), f"{kind}.csv", **options)


def _count(db, model):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


@pytest.fixture
def directory(db):
    """The example files under docs/imports, imported in order."""
    reports = {kind: _run(kind, (DOCS / f"{kind}.csv").read_bytes()) for kind in ORDER}
    return reports


def test_example_files_import_and_reimport_changes_nothing(db, directory):
    for kind, report in directory.items():
        assert report.error_count == 0 and report.applied, (kind, report.errors)
    assert directory["organizations"].counts["organizations_created"] == 2
    assert directory["providers"].counts == {"providers_created": 2, "providers_updated": 0,
                                             "participations_created": 2, "participations_updated": 0}
    assert directory["members"].counts["attributions_opened"] == 2
    ana = db.scalar(select(Member).where(Member.member_id == "CC900000002"))
    assert ana.last_name_key == "nunezobrien" and ana.date_of_birth == date(1975, 3, 9)
    chen = db.scalar(select(Provider).where(Provider.npi == "1003000126"))
    part = db.scalar(select(ProviderParticipation).where(ProviderParticipation.provider_id == chen.id))
    assert part.start_date == date(2016, 1, 1) and part.end_date == date(2023, 12, 31)
    again = {kind: _run(kind, (DOCS / f"{kind}.csv").read_bytes()) for kind in ORDER}
    for kind, report in again.items():
        assert not any(report.counts.values()), (kind, report.counts)
    assert _count(db, Attribution) == 2 and _count(db, Member) == 2
    assert _count(db, ImportRun) == 10


def test_members_changed_and_dropped(db, directory):
    header = "member_id,first_name,last_name,date_of_birth,zip,state,program_slug,pcp_npi,coordinator_email,attribution_start,attribution_end,status\n"
    report = _run("members", header
                  + "CC900000001,Alex,Rivera-Lopez,1980-05-17,60601,IL,lakeside-physicians-chicago-il,1003000126,,2025-02-01,,changed\n"
                  + "CC900000002,Ana,Núñez-O'Brien,1975-03-09,60602,IL,lakeside-physicians-chicago-il,,,2024-03-01,2025-06-30,dropped\n")
    assert report.error_count == 0
    assert report.counts["members_updated"] == 1 and report.counts["attributions_moved"] == 1
    assert report.counts["attributions_dropped"] == 1 and report.counts["attributions_opened"] == 1
    alex = db.scalar(select(Member).where(Member.member_id == "CC900000001"))
    periods = sorted((a.start_date, a.end_date) for a in db.scalars(select(Attribution).where(Attribution.member_id == alex.id)))
    assert periods == [(date(2024, 1, 1), date(2025, 1, 31)), (date(2025, 2, 1), None)]
    ana = db.scalar(select(Member).where(Member.member_id == "CC900000002"))
    assert db.scalar(select(Attribution.end_date).where(Attribution.member_id == ana.id)) == date(2025, 6, 30)


def test_bad_rows_are_reported_and_the_valid_ones_applied(db, directory):
    header = "member_id,first_name,last_name,date_of_birth,zip,state,program_slug,pcp_npi,coordinator_email,attribution_start,status\n"
    rows = [
        "CC900000010,Ok,One,1990-01-01,60601,IL,lakeside-physicians-chicago-il,,,2024-01-01,new",
        "CC900000011,Bad,Date,1990-02-31,60601,IL,lakeside-physicians-chicago-il,,,2024-01-01,new",
        "CC900000012,Bad,Npi,1990-01-01,60601,IL,lakeside-physicians-chicago-il,1234567890,,2024-01-01,new",
        "CC900000013,Bad,Program,1990-01-01,60601,IL,nowhere,,,2024-01-01,new",
        "CC900000010,Dup,Licate,1990-01-01,60601,IL,lakeside-physicians-chicago-il,,,2024-01-01,new",
        "CC900000014,Unknown,Pcp,1990-01-01,60601,IL,lakeside-physicians-chicago-il,1003000134,,2024-01-01,new",
        "CC900000015,Cut,Off,1990-01-01,60601",
    ]
    report = _run("members", header + "\n".join(rows) + "\n")
    problems = {(e["line"], e["column"]) for e in report.errors}
    assert problems == {(3, "date_of_birth"), (4, "pcp_npi"), (5, "program_slug"), (6, "member_id"),
                        (7, "pcp_npi"), (8, "")}
    assert report.applied and report.counts["members_created"] == 1
    assert db.scalar(select(Member.member_id).where(Member.member_id == "CC900000010"))


def test_all_or_nothing_and_dry_run_change_nothing(db, directory):
    header = "member_id,first_name,last_name,date_of_birth,zip,state,program_slug,attribution_start\n"
    good = "CC900000020,Good,Row,1990-01-01,60601,IL,lakeside-physicians-chicago-il,2024-01-01\n"
    bad = "CC900000021,Bad,Row,1990-01-01,6060,IL,lakeside-physicians-chicago-il,2024-01-01\n"
    before = _count(db, Member)
    strict = _run("members", header + good + bad, all_or_nothing=True)
    assert not strict.applied and strict.error_count == 1 and _count(db, Member) == before
    dry = _run("members", header + good, dry_run=True)
    assert not dry.applied and dry.counts["members_created"] == 1 and _count(db, Member) == before
    assert "would change" in dry.summary()


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"name,city\nA,B\n", "lacks the column(s) external_id"),
    ("external_id,name,kind,city,state\nX,M\u00fcller,specialist_group,Austin,TX\n".encode("latin-1"), "not UTF-8"),
])
def test_unreadable_files_change_nothing(db, content, message):
    with pytest.raises(ImportFileError, match=re.escape(message)):
        _run("organizations", content)
    assert _count(db, Organization) == 0


def test_bom_and_other_date_formats(db):
    content = "\ufeffexternal_id,name,kind,city,state\nORG-X,X Group,specialist_group,Austin,TX\n".encode()
    assert _run("organizations", content).counts["organizations_created"] == 1
    content = ("slug,organization_external_id,name,arrangement,specialty,city,state,effective_date,payment_model,"
               "summary,last_updated\nx-onc,ORG-X,X Oncology,specialist,oncology,Austin,TX,20150301,Pay,Sum,06/01/2024\n")
    report = _run("programs", content)
    assert report.error_count == 0, report.errors
    program = db.scalar(select(Program).where(Program.slug == "x-onc"))
    assert program.effective_date == date(2015, 3, 1) and program.last_updated == date(2024, 6, 1)
    bad = _run("programs", content.replace("oncology", ""))
    assert bad.errors[0]["column"] == "specialty"


def test_cli_import(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "organizations", str(DOCS / "organizations.csv"), "--dry-run"])
    assert result.exit_code == 0 and "would change" in result.output and _count(db, Organization) == 0
    result = runner.invoke(args=["import", "organizations", str(DOCS / "organizations.csv")])
    assert result.exit_code == 0 and "organizations_created 2" in result.output
    assert _count(db, CareCoordinator) == 0


def _run_jobs(db) -> None:
    from portal.jobs import run_pending

    run_pending()
    db.expire_all()


def test_admin_page_imports_in_the_worker_with_progress(admin_client, db):
    from portal.models import AuditEvent
    from tests.helpers import post

    response = post(admin_client, "/admin/imports", {
        "kind": "organizations", "file": (io.BytesIO((DOCS / "organizations.csv").read_bytes()), "orgs.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    run_page = response.headers["Location"]
    run_id = int(run_page.rsplit("/", 1)[1])
    waiting = admin_client.get(run_page).get_data(as_text=True)
    assert "Waiting for the worker" in waiting and 'http-equiv="refresh"' in waiting
    _run_jobs(db)
    run = db.get(ImportRun, run_id)
    assert run.status == "applied" and run.counts["organizations_created"] == 2 and run.user_id == admin_client.user.id
    page = admin_client.get(run_page).get_data(as_text=True)
    assert "Applied" in page and "organizations created: 2" in page and 'http-equiv="refresh"' not in page
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "import.start")).details["rows"] == 2
    listing = admin_client.get("/admin/imports").get_data(as_text=True)
    assert "orgs.csv" in listing


def test_admin_page_reports_an_unreadable_file(admin_client, db):
    from tests.helpers import post

    response = post(admin_client, "/admin/imports", {"kind": "members", "file": (io.BytesIO(b"nope,nothing\n1,2\n"), "x.csv")},
                    content_type="multipart/form-data")
    _run_jobs(db)
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Failed: nothing was changed" in page and "lacks the column(s) member_id" in page


def test_an_import_whose_worker_stopped_ends_as_failed_with_the_reason(admin_client, db):
    """A worker killed in the middle of an import leaves it running; the minute's task of any
    worker ends it as failed once its heartbeat is old (the import's transaction was lost)."""
    from datetime import timedelta

    from portal.jobs import queue
    from portal.jobs.tasks import WORKER_STOPPED, _heartbeat_key, end_stopped_imports
    from portal.models import utcnow

    alive = ImportRun(kind="members", filename="a.csv", status="running", started_at=utcnow() - timedelta(hours=1))
    dead = ImportRun(kind="members", filename="b.csv", status="running", started_at=utcnow() - timedelta(hours=1))
    young = ImportRun(kind="members", filename="c.csv", status="running", started_at=utcnow())
    db.add_all([alive, dead, young])
    db.commit()
    import time

    queue.put(_heartbeat_key(alive.id), time.time())
    queue.put(_heartbeat_key(dead.id), time.time() - 3600)
    assert end_stopped_imports() == 1
    db.expire_all()
    assert (alive.status, dead.status, young.status) == ("running", "failed", "running")
    assert dead.failure == WORKER_STOPPED
    assert "worker running this import stopped" in admin_client.get(f"/admin/imports/{dead.id}").get_data(as_text=True)


def test_an_import_that_breaks_unexpectedly_is_marked_failed_not_running(admin_client, db, monkeypatch):
    from portal.services import imports as imports_service
    from tests.helpers import post

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports_service, "run_import", broken)
    response = post(admin_client, "/admin/imports", {
        "kind": "organizations", "file": (io.BytesIO((DOCS / "organizations.csv").read_bytes()), "orgs.csv")},
        content_type="multipart/form-data")
    run_id = int(response.headers["Location"].rsplit("/", 1)[1])
    _run_jobs(db)
    run = db.get(ImportRun, run_id)
    assert run.status == "failed" and "unexpected error" in run.errors[0]["message"]
    assert "disk on fire" not in admin_client.get(response.headers["Location"]).get_data(as_text=True)
