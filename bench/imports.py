"""Full-scale import speed: `python -m bench.imports`.

Writes the full-scale seed's directory and its 2,650,000 members with their current
attribution as import files (instance/bench-import/*.csv, first run only), imports them in
order into an empty database (SQLite instance/bench-import.db, or BENCH_IMPORT_DATABASE_URL),
then imports the members file a second time (nothing changes: the idempotent pass), and prints
the time and rows per second of each step.
"""
from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from bench.common import ROOT, prepared_app, print_table, write_results

FILES = ROOT / "instance" / "bench-import"
ORDER = ("organizations", "programs", "providers", "coordinators", "members")
QUERIES = {
    "organizations": ("external_id,name,kind,city,state,website",
                      "SELECT external_id, name, kind, city, state, website FROM organizations ORDER BY id"),
    "programs": ("slug,organization_external_id,name,arrangement,specialty,city,state,effective_date,end_date,"
                 "payment_model,summary,last_updated,partner_organizations,care_coordination",
                 "SELECT p.slug, o.external_id, p.name, p.arrangement, p.specialty, p.city, p.state, p.effective_date, "
                 "p.end_date, p.payment_model, p.summary, p.last_updated, p.partner_organizations, p.care_coordination "
                 "FROM programs p JOIN organizations o ON o.id = p.organization_id ORDER BY p.id"),
    "providers": ("npi,first_name,last_name,credential,specialty,organization_external_id,primary_care,program_slug,"
                  "start_date,end_date",
                  "SELECT v.npi, v.first_name, v.last_name, v.credential, v.specialty, o.external_id, "
                  "CASE WHEN v.is_primary_care THEN 'yes' ELSE 'no' END, p.slug, pp.start_date, pp.end_date "
                  "FROM provider_participations pp JOIN providers v ON v.id = pp.provider_id "
                  "JOIN organizations o ON o.id = v.organization_id JOIN programs p ON p.id = pp.program_id ORDER BY pp.id"),
    "coordinators": ("organization_external_id,email,first_name,last_name,credential,phone",
                     "SELECT o.external_id, c.email, c.first_name, c.last_name, c.credential, c.phone "
                     "FROM care_coordinators c JOIN organizations o ON o.id = c.organization_id ORDER BY c.id"),
    "members": ("member_id,first_name,last_name,date_of_birth,zip,state,program_slug,pcp_npi,coordinator_email,"
                "attribution_start,status",
                "SELECT m.member_id, m.first_name, m.last_name, m.date_of_birth, m.zip, m.state, p.slug, v.npi, "
                "c.email, a.start_date, 'new' FROM members m JOIN attributions a ON a.member_id = m.id AND a.end_date IS NULL "
                "JOIN programs p ON p.id = a.program_id LEFT JOIN providers v ON v.id = a.pcp_id "
                "LEFT JOIN care_coordinators c ON c.id = a.care_coordinator_id ORDER BY m.id"),
}


def _export() -> None:
    from sqlalchemy import text

    from portal.extensions import db

    app = prepared_app("full")
    FILES.mkdir(parents=True, exist_ok=True)
    with app.app_context(), db.engine.connect() as connection:
        for kind, (header, query) in QUERIES.items():
            path = FILES / f"{kind}.csv"
            if path.exists():
                continue
            print(f"writing {path.relative_to(ROOT)}...", flush=True)
            with open(path, "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(header.split(","))
                for row in connection.execution_options(yield_per=50_000).execute(text(query)):
                    writer.writerow(["" if value is None else value for value in row])


def main() -> None:
    from flask_migrate import downgrade, upgrade

    from portal import create_app
    from portal.extensions import db
    from portal.services.imports import run_import

    _export()
    url = os.environ.get("BENCH_IMPORT_DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'bench-import.db'}"
    app = create_app({"DATABASE_URL": url})
    rows, results = [], {}
    with app.app_context():
        downgrade(revision="base")  # an empty database every run
        upgrade()
        for kind in (*ORDER, "members"):
            label = kind if kind not in results else "members again (no changes)"
            started = time.perf_counter()
            with open(FILES / f"{kind}.csv", "rb") as stream:
                report = run_import(db.engine, kind, stream, f"{kind}.csv")
            seconds = time.perf_counter() - started
            assert report.error_count == 0, report.errors[:5]
            results[label] = {"rows": report.valid_rows, "seconds": round(seconds, 2),
                              "rows_per_second": round(report.valid_rows / seconds), "counts": report.counts}
            rows.append((label, f"{report.valid_rows:,}", f"{seconds:.1f}", f"{report.valid_rows / seconds:,.0f}"))
        db.engine.dispose()
    print(f"\nImports into an empty database ({url.split(':')[0]})")
    print_table(rows, ("file", "rows", "seconds", "rows/s"))
    path = write_results("imports", {"database": url.split(":")[0], "results": results})
    print(f"\nresults written to {Path(path).name}")


if __name__ == "__main__":
    main()
