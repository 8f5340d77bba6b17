"""Support console speed with a million logged exchanges: `python -m bench.support`.

Fills the benchmark database `instance/bench-support.db` (demo directory data plus
1,000,000 assistant exchanges over 365 days, written in bulk; first run only), then times
whole requests through the app for a signed-in support user: the dashboard (30 days and a
whole year), the log (first page, filtered by outcome, by text, deep page), the review
queue and a CSV export of one day, each as p50/p95 and as a ratio to /healthz timed in the
same run.
"""
from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta, timezone

from bench.common import prepared_app, time_against_baseline, write_results

EXCHANGES = 1_000_000
QUESTIONS = [
    ("what is collaborative care", "answer", "what-is-collaborative-care"),
    ("how do i enroll in weight management", "answer", "how-to-enroll"),
    ("who is my care coordinator", "answer", "care-coordinator"),
    ("how do i verify a patient", "answer", "verify-patient-enrollment"),
    ("does it cost anything", "answer", "cost-to-patient"),
    ("can i get help with my dental claim", "fallback", None),
    ("programs", "clarify", None),
    ("what is the weather tomorrow", "fallback", None),
    ("how do i sign up for yoga", "fallback", None),
    ("i have chest pain", "emergency", None),
]


def _rows(count: int, seed: int = 11):
    rng = random.Random(seed)
    start = datetime.now(timezone.utc) - timedelta(days=365)
    span = 365 * 86400
    for pk in range(1, count + 1):
        question, outcome, topic = QUESTIONS[int(rng.random() * len(QUESTIONS))]
        variant = f"{question} {rng.choice(['', 'please', 'thanks', '?', 'asap'])}".strip()
        confidence = rng.uniform(0.6, 1.0) if outcome == "answer" else rng.uniform(0.0, 0.6)
        feedback = rng.choice((None, None, None, "helpful", "not_helpful"))
        candidates = [{"topic_id": topic or "how-to-enroll", "score": round(confidence, 3)}]
        yield (pk, start + timedelta(seconds=int(rng.random() * span)), None, rng.choice(("anonymous", "patient")),
               rng.choice(("patient", "provider")), variant, outcome, topic, confidence, candidates, None, feedback,
               rng.uniform(0.1, 2.0), rng.random() < 0.1, None, None, "", "", None)


COLUMNS = ["id", "created_at", "user_id", "role", "audience", "question", "outcome", "topic_id", "confidence",
           "candidates", "picked_suggestion", "feedback", "latency_ms", "reviewed", "reviewed_by_user_id",
           "reviewed_at", "tags", "note", "label"]


def _fill(app) -> int:
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import AssistantExchange, rebuild_daily_stats
    from portal.services.bulk import bulk_insert, deferred_indexes_and_keys, reset_sequences

    with app.app_context():
        existing = db.session.scalar(select(func.count(AssistantExchange.id)))
        if existing >= EXCHANGES:
            with db.engine.begin() as connection:
                rebuild_daily_stats(connection)
            return existing
        print(f"writing {EXCHANGES:,} exchanges (first run only)...", flush=True)
        started = time.perf_counter()
        table = AssistantExchange.__table__
        with db.engine.begin() as connection:
            connection.execute(table.delete())
            with deferred_indexes_and_keys(connection, [table]):
                bulk_insert(connection, table, COLUMNS, _rows(EXCHANGES))
            reset_sequences(connection, [table])
            rebuild_daily_stats(connection)  # bulk rows bypass the ORM listeners that keep them
        print(f"written in {time.perf_counter() - started:.1f} s", flush=True)
        return EXCHANGES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    app = prepared_app("demo", {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}, database="support")
    count = _fill(app)

    from portal.extensions import db
    from portal.services import accounts
    from portal.services.audit import Actor

    with app.app_context():
        user = accounts.find_user_by_email(db.session, "bench.support@example.org") or accounts.create_user(
            db.session, Actor(role="admin"), email="bench.support@example.org", role="support",
            password="bench-support-password-93")
        email = user.email
        db.session.remove()
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": "bench-support-password-93"}).status_code == 302
    today = datetime.now(timezone.utc).date()
    year_ago = (today - timedelta(days=364)).isoformat()

    def get(path):
        def call():
            response = client.get(path)
            response.get_data()
            assert response.status_code == 200, (path, response.status_code)
        return call

    cases = {
        "healthz (baseline)": get("/healthz"),
        "dashboard, last 30 days": get("/support/"),
        "dashboard, whole year": get(f"/support/?date_from={year_ago}&date_to={today.isoformat()}"),
        "log, first page": get("/support/log"),
        "log, outcome=fallback": get("/support/log?outcome=fallback"),
        "log, text search": get("/support/log?q=yoga&date_from=" + (today - timedelta(days=30)).isoformat()),
        "log, page 1000": get("/support/log?page=1000"),
        "review queue": get("/support/queue"),
        "CSV export, one day": get(f"/support/log.csv?date_from={today.isoformat()}&date_to={today.isoformat()}"),
    }
    results = time_against_baseline(
        cases, args.repeat, f"Support console with {count:,} logged exchanges, {args.repeat} requests each", warmup=1)
    path = write_results("support", {"exchanges": count, "results": results})
    print(f"\nresults written to {path.name}")


if __name__ == "__main__":
    main()
