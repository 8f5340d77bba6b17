"""The portal as people meet it: gunicorn on a free local port over a fresh SQLite database,
migrated and seeded with the demo data through the real command line, with the accounts the
browser tests sign in with and the seeded members they use picked from the database; beside it
the job worker, which sends e-mail to a real SMTP server started here (`Portal.mailbox`).

Used by tests/browser/conftest.py; `python -m tests.browser.server` starts one by hand and
prints its address and accounts (Ctrl-C stops it), for looking at what a test sees.
"""
from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Good enough for zxcvbn, and the same for every account the tests create.
PASSWORD = "violet harbor tandem 42 lantern"


@dataclass(frozen=True)
class Member:
    member_id: str
    first_name: str
    last_name: str
    date_of_birth: date
    zip: str
    program: str  # the name of the Collaborative Care program the member is attributed to today


@dataclass
class Portal:
    url: str
    database: Path
    log: Path
    accounts: dict[str, str]  # role (patient, provider, support, admin) -> e-mail address
    members: dict[str, Member]  # purpose -> a seeded member (see _pick_members)
    organization_id: int
    organization_name: str  # the office staff's organization
    provider_user_id: int
    npi: str  # a provider participating today
    fallback_question: str
    process: subprocess.Popen | None = field(default=None, repr=False)
    worker: subprocess.Popen | None = field(default=None, repr=False)
    smtp: object = field(default=None, repr=False)  # tests.smtp.SmtpServer

    @property
    def mailbox(self):
        return self.smtp.mailbox

    def stop(self) -> None:
        for process in (self.process, self.worker):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self.smtp is not None:
            self.smtp.stop()
            self.smtp = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flask(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


# Adults attributed today to a program with a coordinator and a PCP, whose program offers the
# tobacco cessation and weight management programs and who are in neither yet.
_ELIGIBLE_MEMBERS = """
SELECT m.member_id, m.first_name, m.last_name, m.date_of_birth, m.zip, p.name
FROM members m
JOIN attributions a ON a.member_id = m.id
JOIN programs p ON p.id = a.program_id
WHERE a.start_date <= :today AND (a.end_date IS NULL OR a.end_date >= :today)
  AND a.pcp_id IS NOT NULL AND a.care_coordinator_id IS NOT NULL
  AND m.date_of_birth <= :adult
  AND length(m.last_name) > 2 AND m.last_name NOT LIKE '%''%' AND m.last_name NOT LIKE '% %'
  AND 2 = (SELECT count(*) FROM program_clinical_programs pc JOIN clinical_programs c ON c.id = pc.clinical_program_id
           WHERE pc.program_id = p.id AND c.code IN ('tobacco-cessation', 'weight-management'))
  AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.member_id = m.id)
ORDER BY m.id
"""
# Attributed today and enrolled in a program, for an office's verification result with content.
_ENROLLED_MEMBERS = """
SELECT m.member_id, m.first_name, m.last_name, m.date_of_birth, m.zip, p.name
FROM members m
JOIN attributions a ON a.member_id = m.id
JOIN programs p ON p.id = a.program_id
WHERE a.start_date <= :today AND (a.end_date IS NULL OR a.end_date >= :today)
  AND EXISTS (SELECT 1 FROM enrollments e WHERE e.member_id = m.id AND e.status = 'active')
ORDER BY m.id
"""


def _pick_members(database: Path) -> tuple[dict[str, Member], int]:
    today = date.today()
    params = {"today": today.isoformat(), "adult": today.replace(year=today.year - 19).isoformat()}
    with sqlite3.connect(database) as conn:
        eligible = [Member(*row[:3], date.fromisoformat(row[3]), *row[4:])
                    for row in conn.execute(_ELIGIBLE_MEMBERS, params).fetchmany(5)]
        enrolled = [Member(*row[:3], date.fromisoformat(row[3]), *row[4:])
                    for row in conn.execute(_ENROLLED_MEMBERS, params).fetchmany(2)]
        # The office staff's organization: the one with the most members attributed today.
        organization_id = conn.execute(
            "SELECT p.organization_id FROM attributions a JOIN programs p ON p.id = a.program_id "
            "WHERE a.end_date IS NULL GROUP BY p.organization_id ORDER BY count(*) DESC, p.organization_id LIMIT 1"
        ).fetchone()[0]
    if len(eligible) < 5 or len(enrolled) < 2:
        raise RuntimeError("the demo data set has too few suitable members for the browser tests")
    members = {
        "registers": eligible[0],   # the patient journey registers with these details
        "keyboard": eligible[1],    # keyboard-only enrollment (account made with the CLI)
        "pages": eligible[2],       # the signed-in patient of the page checks (account made with the CLI)
        "verified": enrolled[0],    # office staff verify this patient
        "batch": enrolled[1],       # and this one in a file
        "batch_other": eligible[3],
        "registers_es": eligible[4],  # the Spanish-speaking patient's journey registers with these
    }
    return members, organization_id


def _post_json(url: str, path: str, body: dict) -> dict:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    data = json.loads(response.read())
    if response.status != 200:
        raise RuntimeError(f"POST {path}: {response.status} {data}")
    return data


# Questions asked through the public API before the tests, so that the support console's
# dashboard, log and review queue have something to show. The first is out of the assistant's
# reach until support staff teach it an alternate phrasing (the support journey does).
FALLBACK_QUESTION = "what does the CC on my card stand for"
SUPPORT_QUESTIONS = [
    (FALLBACK_QUESTION, "patient"),
    ("who is my care coordinator?", "patient"),
    ("is there a cost to join?", "patient"),
    ("can i bring my dog to the clinic", "patient"),
    ("how do I verify a patient's attribution", "provider"),
    ("my doc's nurse keeps phoning, who is she", "patient"),
]


def start(workdir: Path, log_to: Path | None = None) -> Portal:
    """Migrate, seed, create the accounts, start gunicorn and ask the assistant a few questions."""
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "portal.db"
    log = log_to or workdir / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    from tests.smtp import SmtpServer

    smtp = SmtpServer().start()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": secrets.token_hex(32),
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "PORTAL_URL": f"http://127.0.0.1:{port}",
           "PORTAL_MAIL_TO_LOG": "false", "RATELIMIT_ENABLED": "false", "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4", "GUNICORN_MAX_REQUESTS": "0",
           "GUNICORN_ACCESSLOG": "-", "PYTHONUNBUFFERED": "1"}
    for name in ("TEST_DATABASE_URL", "PORTAL_ENV", "PORTAL_PRODUCTION", "PREFERRED_URL_SCHEME", "JOB_QUEUE_URL"):
        env.pop(name, None)
    _flask(env, "db", "upgrade")
    _flask(env, "seed", "--scale", "demo")
    members, organization_id = _pick_members(database)
    accounts = {"provider": "desk@office.example", "support": "support@payer.example",
                "admin": "admin@payer.example", "patient": "pages.patient@example.com",
                "keyboard": "keys.patient@example.com", "second_factor": "tess.twofactor@payer.example"}
    users = [
        ("--email", accounts["provider"], "--role", "provider", "--name", "Dana Desk",
         "--organization", str(organization_id), "--office-admin"),
        ("--email", accounts["support"], "--role", "support", "--name", "Sam Support"),
        ("--email", accounts["admin"], "--role", "admin", "--name", "Ada Admin"),
        ("--email", accounts["patient"], "--role", "patient", "--member-id", members["pages"].member_id),
        ("--email", accounts["keyboard"], "--role", "patient", "--member-id", members["keyboard"].member_id),
        # Only the second-factor journey signs in with this one: its set-up is that journey's.
        ("--email", accounts["second_factor"], "--role", "support", "--name", "Tess Twofactor"),
    ]
    with ThreadPoolExecutor(len(users)) as pool:  # each is a short transaction; SQLite waits its turn
        list(pool.map(lambda args: _flask(env, "users", "create", *args, stdin=PASSWORD + "\n"), users))
    with sqlite3.connect(database) as conn:
        provider_user_id = conn.execute("SELECT id FROM users WHERE email = ?", (accounts["provider"],)).fetchone()[0]
        organization_name = conn.execute("SELECT name FROM organizations WHERE id = ?",
                                         (organization_id,)).fetchone()[0]
        npi = conn.execute("SELECT p.npi FROM providers p JOIN provider_participations pp ON pp.provider_id = p.id "
                           "WHERE pp.end_date IS NULL ORDER BY p.id LIMIT 1").fetchone()[0]

    # The server's log goes to a file: a pipe nobody reads would fill and block the server.
    with open(log, "w") as out:  # noqa: PTH123 (the child keeps its own descriptor)
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    portal = Portal(f"http://127.0.0.1:{port}", database, log, accounts, members, organization_id,
                    organization_name, provider_user_id, npi, FALLBACK_QUESTION, process, worker, smtp)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: see {log}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            portal.stop()
            raise RuntimeError(f"gunicorn did not answer within 60 s: see {log}")
        time.sleep(0.2)
    try:
        for question, audience in SUPPORT_QUESTIONS:
            _post_json(portal.url, "/api/v1/assistant/ask", {"question": question, "audience": audience})
    except Exception:
        portal.stop()
        raise
    return portal


if __name__ == "__main__":
    import tempfile

    running = start(Path(tempfile.mkdtemp(prefix="portal-browser-")))
    print(f"{running.url}  (password for every account: {PASSWORD!r})")
    for role, email in running.accounts.items():
        print(f"  {role:9} {email}")
    for purpose, member in running.members.items():
        print(f"  {purpose:12} {member}")
    try:
        running.process.wait()
    except KeyboardInterrupt:
        running.stop()
