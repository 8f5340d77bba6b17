"""Shared benchmark plumbing: a seeded database to reuse, timing, results as JSON."""
from __future__ import annotations

import json
import os
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def bench_database_url(scale: str) -> str:
    """BENCH_DATABASE_URL, or a SQLite file under instance/ kept between runs."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    (ROOT / "instance").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'instance' / f'bench-{scale}.db'}"


def prepared_app(scale: str, config: dict | None = None, database: str | None = None):
    """The app over a migrated database holding `scale` seed data (seeded on first use).
    `database` names another benchmark database file than the scale's own."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from portal import create_app
    from portal.extensions import db
    from portal.models import Organization
    from portal.services.seed import seed_database

    app = create_app({"DATABASE_URL": bench_database_url(database or scale), **(config or {})})
    with app.app_context():
        upgrade()
        empty = not db.session.scalar(select(func.count(Organization.id)))
        # End the session's transaction first: on PostgreSQL its read lock on organizations
        # would block the seeder's ALTER TABLE (run on another connection) for ever.
        db.session.remove()
        if empty:
            print(f"seeding scale '{scale}' (first run only)...", flush=True)
            started = time.perf_counter()
            seed_database(db.engine, scale, progress=lambda m: print("  " + m, flush=True))
            print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)
        db.session.remove()
    return app


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered), 3), "p95_ms": round(p95, 3), "n": len(ordered)}


def time_calls(call: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def write_results(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{name}-{stamp}.json"
    payload = {"benchmark": name, "at": stamp, "machine": machine(), **payload}
    path.write_text(json.dumps(payload, indent=2))
    return path


def print_table(rows: list[tuple], headers: tuple) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))


def time_against_baseline(cases: dict[str, Callable[[], object]], repeat: int, title: str, warmup: int = 3) -> dict:
    """Time each case, add its p50 as a ratio to the first case's (the baseline timed in the
    same run), print the table and return the results."""
    results = {name: percentiles(time_calls(call, repeat, warmup)) for name, call in cases.items()}
    base = next(iter(results.values()))["p50_ms"]
    rows = []
    for name, r in results.items():
        r["p50_ratio_to_baseline"] = round(r["p50_ms"] / base, 1)
        rows.append((name, f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}", f"{r['p50_ratio_to_baseline']}x"))
    print(f"\n{title}")
    print_table(rows, ("request", "p50 ms", "p95 ms", "p50 / baseline"))
    return results
