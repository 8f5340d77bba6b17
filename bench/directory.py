"""Directory search speed at the seeds' scale: `python -m bench.directory [--scale full|demo]`.

Times whole requests through the app (routing, queries, rendering) for fuzzy provider name
search over every provider, typo-tolerant program search and NPI lookup, and reports each
as p50/p95 and as a ratio to /healthz timed in the same run, so the figures compare across
machines and noisy neighbours.
"""
from __future__ import annotations

import argparse

from bench.common import prepared_app, time_against_baseline, write_results

PROVIDER_QUERIES = ["maria garsia", "jon smith", "nunez", "robert o'brien", "linda chen md", "patel"]
PROGRAM_QUERIES = ["helthcare partners torance", "cardiology texas", "lakeside", "orthopedic"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["demo", "full"], default="full")
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()

    app = prepared_app(args.scale)
    client = app.test_client()
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import Provider

    with app.app_context():
        providers = db.session.scalar(select(func.count(Provider.id)))
        sample_npi = db.session.scalar(select(Provider.npi).order_by(Provider.id).offset(providers // 2).limit(1))

    def cycle(paths):
        state = {"i": 0}

        def call():
            path = paths[state["i"] % len(paths)]
            state["i"] += 1
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return call

    cases = {
        "healthz (baseline)": cycle(["/healthz"]),
        "provider name search (fuzzy)": cycle([f"/providers?name={q}" for q in PROVIDER_QUERIES]),
        "provider NPI lookup": cycle([f"/providers?npi={sample_npi}"]),
        "program search (fuzzy)": cycle([f"/programs?q={q}" for q in PROGRAM_QUERIES]),
        "directory by state": cycle(["/programs?state=CA", "/programs?state=TX&sort=name"]),
    }
    results = time_against_baseline(
        cases, args.repeat, f"Directory search at scale '{args.scale}': {providers:,} providers, {args.repeat} requests each")
    path = write_results("directory", {"scale": args.scale, "providers": providers, "results": results})
    print(f"\nresults written to {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
