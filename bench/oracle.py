"""Timing oracles: `python -m bench.oracle [--requests 200]`.

Does the time of an answer tell an attacker something the words do not? Times, through the
Flask test client over a fresh SQLite database (the real Argon2 cost), interleaved so that
both sides see the same machine:

- registration with a real member's details (already registered, so nothing is created) against
  made-up details; and with a weak password against each;
- the password reset request for an existing account against an unknown e-mail address.

Prints each pair's medians and their ratio (1.00: nothing to learn); a ratio far from 1 is a
leak. Results are written under bench/results/.
"""
from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from datetime import date

from bench.common import print_table, write_results

PASSWORD = "violet harbor tandem 42 lantern"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per side of each pair")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db
    from portal.models import Member, User
    from portal.services.passwords import hash_password
    from portal.services.text import name_key

    folder = tempfile.mkdtemp()
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/oracle.db", "SECRET_KEY": "bench", "TESTING": True,
                      "RATELIMIT_ENABLED": False, "MAIL_TO_LOG": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        member = Member(member_id="CC100000001", first_name="Rosa", last_name="Rivera", last_name_key=name_key("Rivera"),
                        date_of_birth=date(1975, 3, 9), zip="90503", state="CA")
        db.session.add(member)
        db.session.flush()
        db.session.add(User(email="rosa@example.com", role="patient", password_hash=hash_password(PASSWORD),
                            member_id=member.id))
        db.session.commit()

    client = app.test_client()

    def register(member_id: str, password: str) -> float:
        data = {"member_id": member_id, "date_of_birth": "1975-03-09", "last_name": "Rivera", "zip_code": "90503",
                "email": "someone.new@example.com", "password": password, "confirm": password}
        started = time.perf_counter()
        client.post("/register", data=data)
        return time.perf_counter() - started

    def reset(email: str) -> float:
        started = time.perf_counter()
        client.post("/forgot-password", data={"email": email})
        return time.perf_counter() - started

    pairs = {
        "registration: real member (registered) / made-up details": (
            lambda: register("CC100000001", PASSWORD + " x"), lambda: register("CC999999999", PASSWORD + " x")),
        "registration, weak password: real / made-up": (
            lambda: register("CC100000001", "password1234"), lambda: register("CC999999999", "password1234")),
        "password reset: existing account / unknown e-mail": (
            lambda: reset("rosa@example.com"), lambda: reset("nobody.here@example.com")),
    }
    rows, results = [], {}
    for name, (first, second) in pairs.items():
        first(), second()  # warm-up
        a, b = [], []
        for _ in range(args.requests):
            a.append(first())
            b.append(second())
        ratio = statistics.median(a) / statistics.median(b)
        results[name] = {"median_ms": [round(statistics.median(a) * 1000, 2), round(statistics.median(b) * 1000, 2)],
                         "ratio": round(ratio, 3)}
        rows.append((name, f"{statistics.median(a) * 1000:.2f}", f"{statistics.median(b) * 1000:.2f}", f"{ratio:.2f}"))
    print(f"\nTiming oracles: {args.requests} requests per side, interleaved")
    print_table(rows, ("pair", "first median ms", "second median ms", "ratio"))
    path = write_results("oracle", {"requests": args.requests, "pairs": results})
    print(f"\nresults written to {re.sub(r'^.*?bench/', 'bench/', str(path))}")


if __name__ == "__main__":
    main()
