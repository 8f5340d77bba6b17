"""The worker as it runs in production: `flask --app wsgi worker` in its own process, its queue
in a SQLite file, sending to a real SMTP server. A reset asked for on the web arrives within
seconds with a working link; a worker stopped or killed in the middle of a batch loses no
message, and sends none twice when it is stopped (SIGTERM, what systemd, Docker and `kill`
send) rather than killed."""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import post
from tests.smtp import SmtpServer, link_in

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def portal(tmp_path, smtp):
    """A migrated database file, the environment of its worker, and an app on the same files."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}", "SECRET_KEY": secrets.token_hex(16),
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "PORTAL_URL": "http://portal.test",
           "PORTAL_MAIL_TO_LOG": "0", "PYTHONUNBUFFERED": "1", "JOB_WORKERS": "2"}
    for name in ("TEST_DATABASE_URL", "JOB_QUEUE_URL", "PORTAL_ENV", "PORTAL_PRODUCTION"):
        env.pop(name, None)
    flask(env, "db", "upgrade")
    flask(env, "users", "create", "--email", "sam@payer.example", "--role", "support", "--name", "Sam",
          stdin=PASSWORD + "\n")
    return env


def flask(env: dict, *args: str, stdin: str | None = None) -> None:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env, input=stdin,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


class Worker:
    def __init__(self, env: dict, log: Path) -> None:
        self.log = log
        with open(log, "a") as out:  # noqa: PTH123
            self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT,
                                            env=env, stdout=out, stderr=subprocess.STDOUT)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


def web_app(env: dict):
    """The web side, in this process, on the worker's database and queue."""
    from portal import create_app

    return create_app({"DATABASE_URL": env["DATABASE_URL"], "SECRET_KEY": env["SECRET_KEY"],
                       "MAIL_SERVER": env["MAIL_SERVER"], "MAIL_PORT": int(env["MAIL_PORT"])})


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_reset_asked_for_on_the_web_arrives_within_seconds_and_its_link_works(portal, smtp, tmp_path):
    worker = Worker(portal, tmp_path / "worker.log")
    try:
        app = web_app(portal)
        client = app.test_client()
        started = time.monotonic()
        assert post(client, "/forgot-password", {"email": "sam@payer.example"}).status_code == 200
        assert wait_for(lambda: smtp.mailbox.to("sam@payer.example"), 15), (tmp_path / "worker.log").read_text()
        assert time.monotonic() - started < 15
        client.get(link_in(smtp.mailbox.to("sam@payer.example")[0]))
        done = post(client, "/reset-password", {"password": "a new and longer passphrase 7", "confirm":
                                                "a new and longer passphrase 7"})
        assert done.status_code == 302
    finally:
        assert worker.stop() == 0


def _queue_batch(env: dict, count: int):
    """`count` messages queued at once (one transaction), and the worker nudged."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.delivery import outbox
    from portal.models import User

    app = web_app(env)
    with app.app_context():
        user = db.session.scalar(select(User))
        for n in range(count):
            outbox.queue_email(db.session, kind="registration", recipient=f"person{n}@example.com", user_id=user.id)
        db.session.commit()
    return app


def _statuses(app) -> dict[str, int]:
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import OutboxMessage

    with app.app_context():
        rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
        db.session.remove()
    return dict(rows)


@pytest.mark.parametrize("how", ["stopped", "killed"])
def test_a_worker_stopped_or_killed_mid_batch_loses_no_message(portal, smtp, tmp_path, how):
    count = 300
    smtp.mailbox.mode, smtp.mailbox.delay = "slow", 0.01  # about 100 a second: the batch is under way
    env = {**portal, "MAIL_SENDING_LEASE": "1"}
    app = _queue_batch(env, count)
    worker = Worker(env, tmp_path / "worker.log")
    assert wait_for(lambda: len(smtp.mailbox.messages) >= 60, 60), (tmp_path / "worker.log").read_text()
    worker.stop(signal.SIGTERM if how == "stopped" else signal.SIGKILL)
    at_stop = len(smtp.mailbox.messages)
    assert at_stop < count, "the batch ended before the worker was stopped: nothing was tested"
    if how == "stopped":  # it finished what it was sending: nothing is left half-done
        assert "sending" not in _statuses(app)
    worker = Worker(env, tmp_path / "worker.log")
    try:
        assert wait_for(lambda: _statuses(app) == {"sent": count}, 90), (_statuses(app),
                                                                         (tmp_path / "worker.log").read_text())
    finally:
        worker.stop()
    ids = [m["Message-ID"] for m in smtp.mailbox.messages]
    assert len(set(ids)) == count  # none lost
    if how == "stopped":
        assert len(ids) == count  # none twice
    else:
        # Killed (SIGKILL, a power cut): at most the messages being sent at that instant, one per
        # worker thread, can arrive twice, each with its one Message-ID (shown once by mail systems).
        assert len(ids) - count <= int(env["JOB_WORKERS"])


def test_a_job_queued_while_no_worker_runs_is_done_when_one_starts(portal, smtp, tmp_path):
    """An import started from the admin page while the worker is down (a deploy, a restart)
    waits in the queue's file and runs when a worker starts."""
    from portal.extensions import db
    from portal.jobs import tasks
    from portal.models import ImportRun

    app = web_app(portal)
    upload = tmp_path / "0123456789abcdef-organizations.csv"
    upload.write_bytes((ROOT / "docs" / "imports" / "organizations.csv").read_bytes())
    with app.app_context():
        run = ImportRun(kind="organizations", filename="organizations.csv", status="queued", total_rows=2)
        db.session.add(run)
        db.session.commit()
        run_id = run.id
        tasks.run_import(run_id, str(upload), "organizations", False, False)
        db.session.remove()

    def status() -> str:
        with app.app_context():
            value = db.session.get(ImportRun, run_id).status
            db.session.remove()
        return value

    time.sleep(1)
    assert status() == "queued"  # nobody has run it
    worker = Worker(portal, tmp_path / "worker.log")
    try:
        assert wait_for(lambda: status() == "applied", 30), (tmp_path / "worker.log").read_text()
    finally:
        assert worker.stop() == 0
    assert not upload.exists()  # the upload is deleted once imported
