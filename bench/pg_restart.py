"""Does the portal survive a PostgreSQL restart under load? `python -m bench.pg_restart`

Starts gunicorn over a PostgreSQL database (BENCH_DATABASE_URL, default the `test` database on
127.0.0.1), keeps sending /healthz, program-directory and member-verification requests (reads, and a
write with its audit row) from a few threads, restarts
the PostgreSQL server in the middle (pg_ctlcluster, as on the development and CI machines), and
reports how many requests failed, for how long, and that requests succeed again afterwards
without restarting the app. Needs the right to restart the local server (root here); traffic
stays on 127.0.0.1 and the run is bounded in time.
"""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import threading
import time
from pathlib import Path

from bench.verification import _free_port, _prepare, _start_server, send

DURATION = 30.0  # seconds of load; the restart happens after a third of it


def _cluster() -> list[str]:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[0]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    from flask_migrate import upgrade

    from portal import create_app

    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        upgrade()
    os.environ["BENCH_DATABASE_URL"] = url
    token, bodies = _prepare("demo", samples=200)  # an office's API token; seeds demo data if empty
    port = _free_port()
    server = _start_server(port, url, workers=2)
    results: list[tuple[float, bool, str]] = []
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    # In turn /healthz, the directory and a verification (a write with its audit row).
    requests = [request for body in bodies[:20] for request in (
        ("GET", "/healthz", None, {}), ("GET", "/programs?state=CA", None, {}),
        ("POST", "/api/v1/verifications", json.dumps(body), headers))]
    lock = threading.Lock()
    started = time.monotonic()
    stop = started + DURATION

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        index = 0
        while time.monotonic() < stop:
            request = requests[index % len(requests)]
            ok, connection = send(connection, request)
            with lock:
                results.append((time.monotonic() - started, ok, request[0]))
            index += 1
            time.sleep(0.01)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(DURATION / 3)
    restart_at = time.monotonic() - started
    subprocess.run([*_cluster(), "restart"], check=True, capture_output=True, timeout=60)
    restarted_at = time.monotonic() - started
    for thread in threads:
        thread.join()
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()

    failures = [t for t, ok, _ in results if not ok]
    after = [ok for t, ok, _ in results if t > restarted_at + 2]
    writes = sum(method == "POST" for _, _, method in results)
    print(f"{len(results):,} requests ({writes:,} verifications) over {DURATION:.0f} s; PostgreSQL restarted "
          f"from {restart_at:.1f} s to {restarted_at:.1f} s")
    if failures:
        failed_writes = sum(not ok and method == "POST" for _, ok, method in results)
        print(f"{len(failures)} failed ({failed_writes} of them verifications), between {min(failures):.1f} s "
              f"and {max(failures):.1f} s")
    else:
        print("none failed")
    print(f"after the restart: {sum(after):,} of {len(after):,} succeeded")
    recovered = bool(after) and all(after[len(after) // 2:])
    print("RECOVERED by itself" if recovered else "NOT RECOVERED")
    raise SystemExit(0 if recovered else 1)


if __name__ == "__main__":
    main()
