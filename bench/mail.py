"""E-mail delivery: `python -m bench.mail [--messages 10000] [--threads 2]`.

Queues N messages in the outbox of a fresh SQLite database (one transaction, as a burst of
enrollments would), starts `flask --app wsgi worker` and times it until every message is
marked sent by a local SMTP server (aiosmtpd, in this process, counting what it receives).
The baseline, in the same run against the same server: the same number of ready-made
messages sent with smtplib over one connection, with no database, templates or queue. Prints
messages per second for both, their ratio, and the worker's peak memory (VmHWM).
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.common import ROOT, print_table, write_results


class Counter:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 Message accepted"


def baseline(port: int, count: int) -> float:
    """Messages per second for smtplib alone, one connection."""
    messages = []
    for n in range(count):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "portal@example.org", f"p{n}@example.com", "Hello"
        message.set_content("Your portal account is ready.\n" * 10)
        message.add_alternative("<p>Your portal account is ready.</p>" * 10, subtype="html")
        messages.append(message)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for message in messages:
            smtp.send_message(message)
    return count / (time.perf_counter() - started)


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return round(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=2, help="worker threads (JOB_WORKERS)")
    args = parser.parse_args()

    from tests.smtp import free_port

    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    folder = Path(tempfile.mkdtemp())
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'mail.db'}", "SECRET_KEY": secrets.token_hex(16),
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port), "PORTAL_URL": "http://portal.example.org",
           "JOB_WORKERS": str(args.threads), "PORTAL_MAIL_TO_LOG": "0"}
    env.pop("JOB_QUEUE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)

    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "MAIL_SERVER", "MAIL_PORT", "PORTAL_URL")})
    from sqlalchemy import func, insert, select

    from portal import create_app
    from portal.extensions import db
    from portal.models import OutboxMessage, User, utcnow

    app = create_app()
    with app.app_context():
        user = User(email="bench@example.org", role="support", display_name="Bench", password_hash="!")
        db.session.add(user)
        db.session.commit()
        now = utcnow()
        db.session.execute(insert(OutboxMessage), [
            {"kind": "registration", "channel": "email", "recipient": f"person{n}@example.com", "user_id": user.id,
             "context": {}, "subject": "", "status": "queued", "attempts": 0, "next_attempt_at": now,
             "created_at": now} for n in range(args.messages)])
        db.session.commit()
        from portal.jobs.tasks import deliver_due

        for _ in range(args.threads):  # one nudge per thread, as a burst of requests would give
            deliver_due()

    log = open(folder / "worker.log", "w")  # noqa: SIM115
    started = time.perf_counter()
    worker = subprocess.Popen([*flask, "worker"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    peak = 0.0
    with app.app_context():
        while True:
            time.sleep(0.5)
            peak = max(peak, peak_rss_mb(worker.pid))
            sent = db.session.scalar(select(func.count()).where(OutboxMessage.status == "sent"))
            db.session.remove()
            if sent == args.messages:
                break
            if worker.poll() is not None:
                raise SystemExit(f"the worker stopped: see {folder / 'worker.log'}")
    seconds = time.perf_counter() - started  # includes the worker's start (about a second)
    peak = max(peak, peak_rss_mb(worker.pid))
    worker.terminate()
    worker.wait(timeout=60)
    received = counter.count
    base_rate = baseline(port, args.messages)
    controller.stop()

    rate = args.messages / seconds
    rows = [("portal worker (queue, database, templates, SMTP)", f"{rate:,.0f}", f"{rate / base_rate:.2f}"),
            ("baseline: smtplib alone, one connection", f"{base_rate:,.0f}", "1.00")]
    print(f"\n{args.messages:,} messages to a local SMTP server, worker with {args.threads} threads")
    print_table(rows, ("sender", "messages/s", "ratio to baseline"))
    print(f"worker peak memory (VmHWM): {peak} MB; the server received {received:,} from the worker")
    path = write_results("mail", {"messages": args.messages, "threads": args.threads, "seconds": round(seconds, 1),
                                  "messages_per_second": round(rate), "baseline_messages_per_second": round(base_rate),
                                  "ratio": round(rate / base_rate, 3), "worker_peak_mb": peak,
                                  "received": received})
    print(f"\nresults written to {re.sub(r'^.*?bench/', 'bench/', str(path))}")


if __name__ == "__main__":
    main()
