"""Verification throughput through gunicorn: `python -m bench.verification [--scale full]`.

Starts gunicorn on a free loopback port over the benchmark database (seeded at the given
scale on first use), then sends the same number of requests with the same concurrency to
  - GET /healthz (the baseline: routing, one trivial query), and
  - POST /api/v1/verifications with a Bearer token, for real members (each one a lookup, an
    audit row and a 24-hour recent-list row written),
and prints requests per second and latency percentiles for both, and the ratio of
verification throughput to /healthz throughput measured in the same run. `--mixed` adds a
load of both in turn (page views between verifications, as offices browse). Rate limits are
switched off for the run (they would otherwise be what is measured). Traffic stays on
127.0.0.1 and every loop is bounded.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import ROOT, bench_database_url, percentiles, prepared_app, print_table, write_results

BENCH_EMAIL = "bench.office@example.org"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare(scale: str, samples: int) -> tuple[str, list[dict]]:
    """A token for an office user, and real members' verification requests."""
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import Member, Organization
    from portal.services import accounts
    from portal.services.audit import Actor

    app = prepared_app(scale)
    with app.app_context():
        user = accounts.find_user_by_email(db.session, BENCH_EMAIL)
        if user is None:
            org_id = db.session.scalar(select(func.min(Organization.id)))
            user = accounts.create_user(db.session, Actor(role="admin"), email=BENCH_EMAIL, role="provider",
                                        organization_id=org_id, password="bench-office-password-71")
        _, token = accounts.create_api_token(db.session, Actor(role="admin"), user, "benchmark")
        count = db.session.scalar(select(func.count(Member.id)))
        rng = random.Random(7)
        ids = sorted(rng.sample(range(1, count + 1), min(samples, count)))
        members = db.session.execute(select(Member.member_id, Member.date_of_birth, Member.last_name)
                                     .where(Member.id.in_(ids))).all()
        bodies = [{"member_id": m, "date_of_birth": dob.isoformat(), "last_name": last} for m, dob, last in members]
        # A tenth are misses (a wrong date of birth): the generic no-match path.
        for body in bodies[::10]:
            body["date_of_birth"] = "1900-01-01"
        db.session.remove()
    return token, bodies


def _start_server(port: int, database_url: str, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "HOST": "127.0.0.1",
           "WEB_CONCURRENCY": str(workers), "RATELIMIT_ENABLED": "false", "GUNICORN_ACCESSLOG": "",
           "GUNICORN_MAX_REQUESTS": "0"}
    # The server's log goes to a file: a pipe nobody reads would fill and block the server.
    log = open(ROOT / "instance" / "bench-gunicorn.log", "w")  # noqa: SIM115 (the server writes it until it ends)
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start: see instance/bench-gunicorn.log")


def send(connection: http.client.HTTPConnection, request: tuple) -> tuple[bool, http.client.HTTPConnection]:
    """Send one (method, path, body, headers) request; whether it answered 200, and the
    connection to use next (a new one after a network error)."""
    method, path, body, headers = request
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status == 200, connection
    except OSError:
        return False, http.client.HTTPConnection(connection.host, connection.port, timeout=connection.timeout)


def _load(port: int, requests: int, concurrency: int, make_request) -> dict:
    """Send `requests` requests over `concurrency` keep-alive connections; bounded."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            started = time.perf_counter()
            ok, connection = send(connection, make_request(index))
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += not ok

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"requests": requests, "errors": errors, "seconds": round(wall, 3),
            "rps": round(requests / wall, 1), **percentiles(latencies)}


def worker_memory_mb(server: subprocess.Popen) -> float:
    """The largest resident memory of the server's worker processes, in MB (Linux /proc)."""
    largest = 0
    for child in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                largest = max(largest, int(line.split()[1]))
    return round(largest / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["demo", "full"], default="full")
    parser.add_argument("--requests", type=int, default=1000, help="requests per load, per round")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4")))
    parser.add_argument("--rounds", type=int, default=11,
                        help="alternate healthz and verification loads this many times (shared, noisy machines)")
    parser.add_argument("--mixed", action="store_true",
                        help="also a load of verifications and /healthz in turn, as page views come between them")
    args = parser.parse_args()

    token, bodies = _prepare(args.scale, samples=1000)
    port = _free_port()
    server = _start_server(port, bench_database_url(args.scale), args.workers)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    # Encoded once: the load generator shares the machine's CPUs with the server.
    payloads = [json.dumps(body).encode() for body in bodies]
    rounds: list[tuple[dict, dict]] = []
    mixed: list[float] = []
    try:
        # Warm every worker (imports, connections, compiled statements) before measuring.
        _load(port, args.workers * 50, args.concurrency, lambda i: ("GET", "/healthz", None, {}))
        for _ in range(args.rounds):
            # Each round measures the baseline and verification back to back, so that both
            # see the same machine; the ratio reported is the median round's.
            healthz = _load(port, args.requests, args.concurrency, lambda i: ("GET", "/healthz", None, {}))
            verify = _load(port, args.requests, args.concurrency,
                           lambda i: ("POST", "/api/v1/verifications", payloads[i % len(payloads)], headers))
            rounds.append((healthz, verify))
            if args.mixed:
                both = _load(port, args.requests, args.concurrency,
                             lambda i: ("POST", "/api/v1/verifications", payloads[i % len(payloads)], headers)
                             if i % 2 else ("GET", "/healthz", None, {}))
                mixed.append(round(both["rps"] / healthz["rps"], 3))
        # Fuzzy provider search loads the per-worker name index: the worker's largest state.
        _load(port, args.workers * 4, args.workers, lambda i: ("GET", "/providers?name=maria+garsia", None, {}))
        memory = worker_memory_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    ratios = [round(verify["rps"] / healthz["rps"], 3) for healthz, verify in rounds]
    median = sorted(range(len(rounds)), key=ratios.__getitem__)[len(rounds) // 2]
    (healthz, verify), ratio = rounds[median], ratios[median]
    print(f"\nVerification through gunicorn ({args.workers} workers, {args.concurrency} connections, "
          f"{args.requests} requests each, scale '{args.scale}'); median of {len(rounds)} rounds")
    print_table([
        ("GET /healthz (baseline)", healthz["rps"], healthz["p50_ms"], healthz["p95_ms"], healthz["errors"]),
        ("POST /api/v1/verifications", verify["rps"], verify["p50_ms"], verify["p95_ms"], verify["errors"]),
    ], ("request", "req/s", "p50 ms", "p95 ms", "errors"))
    print(f"ratio of each round: {', '.join(map(str, ratios))}")
    print(f"verification throughput / healthz throughput = {ratio}")
    if mixed:
        print(f"verifications and /healthz in turn, throughput / healthz throughput: median "
              f"{sorted(mixed)[len(mixed) // 2]} (rounds: {', '.join(map(str, mixed))})")
    print(f"largest worker resident memory after the run (name index loaded): {memory} MB")
    path = write_results("verification", {"scale": args.scale, "workers": args.workers,
                                          "concurrency": args.concurrency, "healthz": healthz,
                                          "verification": verify, "ratio": ratio, "round_ratios": ratios,
                                          "mixed_round_ratios": mixed,
                                          "worker_memory_mb": memory})
    print(f"results written to {Path(path).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
