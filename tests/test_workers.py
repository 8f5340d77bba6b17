"""Controls that must hold across processes, tried against a real gunicorn with 4 workers: a
rate limit lets through its value, not its value times the workers, with the embedded default
store (the portal's database) and with Redis; a session signed out on one worker is over on all;
an assistant conversation continues on whichever worker answers;
and the requests gunicorn refuses itself still get the security headers and echo nothing back.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyotp
import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 4
LIMIT = 12
PASSWORD = "violet harbor tandem 42 lantern"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_answers() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means no Redis to test with
        return False
    return True


def _start(tmp_path: Path, storage: str | None) -> tuple[subprocess.Popen, int, dict]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}", "SECRET_KEY": "workers-test",
           "PORT": str(port), "WEB_CONCURRENCY": str(WORKERS), "GUNICORN_ACCESSLOG": "",
           "RATELIMIT_ASSISTANT": f"{LIMIT} per hour", "PORTAL_MAIL_TO_LOG": "0"}
    env.pop("RATELIMIT_STORAGE_URI", None)
    if storage:
        env["RATELIMIT_STORAGE_URI"] = storage
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=120)
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return process, port, env
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _request(port: int, method: str, path: str, body: bytes | None = None,
             headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # a new connection: any worker
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(params=["portal-db", "redis"])
def served(request, tmp_path):
    if request.param == "redis":
        if not _redis_answers():
            pytest.skip(f"SKIPPED: no Redis answers at {REDIS_URL}")
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    process, port, env = _start(tmp_path, REDIS_URL if request.param == "redis" else None)
    yield port, env
    process.terminate()
    process.wait(timeout=30)


def test_a_limit_holds_across_four_workers(served):
    port, _ = served
    body = json.dumps({"question": "how do I enroll in a program", "audience": "patient"}).encode()

    def ask(_: int) -> int:
        return _request(port, "POST", "/api/v1/assistant/ask", body, {"Content-Type": "application/json"})[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(ask, range(LIMIT * 3)))
    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == 2 * LIMIT


def _cookie(headers: dict) -> str:
    return headers["Set-Cookie"].split(";", 1)[0]


def _csrf(port: int, path: str, cookie: str | None = None) -> tuple[str, str]:
    status, headers, html = _request(port, "GET", path, headers={"Cookie": cookie} if cookie else {})
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', html).group(1).decode()
    return token, _cookie(headers) if "Set-Cookie" in headers else cookie


def test_a_session_signed_out_on_one_worker_is_over_on_every_worker(served):
    port, env = served
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "users", "create", "--email", "desk@example.org",
                    "--role", "support"], cwd=ROOT, env=env, input=f"{PASSWORD}\n{PASSWORD}\n", text=True,
                   check=True, capture_output=True, timeout=120)
    token, cookie = _csrf(port, "/login")
    form = f"csrf_token={token}&email=desk%40example.org&password={PASSWORD.replace(' ', '+')}".encode()
    status, headers, _ = _request(port, "POST", "/login", form,
                                  {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302 and headers["Location"] == "/login/setup"  # staff: the second factor first
    pending = _cookie(headers)
    _, headers, page = _request(port, "GET", "/login/setup", headers={"Cookie": pending})
    pending = _cookie(headers) if "Set-Cookie" in headers else pending  # the new secret waits in the session
    key = re.search(rb'id="totp-key"[^>]*>([A-Z2-7 ]+)<', page).group(1).decode().replace(" ", "")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
    status, headers, _ = _request(port, "POST", "/login/setup", f"csrf_token={token}&code={pyotp.TOTP(key).now()}".encode(),
                                  {"Cookie": pending, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302
    signed_in = _cookie(headers)
    # Every worker answers the copied cookie before sign-out...
    assert {_request(port, "GET", "/support/log", headers={"Cookie": signed_in})[0] for _ in range(12)} == {200}
    token, current = _csrf(port, "/account", signed_in)  # the owner's browser carries on with its cookie
    status, _, _ = _request(port, "POST", "/logout", f"csrf_token={token}".encode(),
                            {"Cookie": current, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302
    # ...and none after it, for the copy made before.
    assert {_request(port, "GET", "/support/log", headers={"Cookie": signed_in})[0] for _ in range(12)} == {302}


def test_a_conversation_continues_on_whichever_worker_answers(served):
    """The context lives in the database: "2", on a new connection to any of the workers, picks the
    second option its own conversation's last answer showed (alone it means nothing); five
    conversations side by side never cross."""
    port, _ = served

    def ask(question: str, conversation: str | None = None) -> dict:
        body = {"question": question, "audience": "patient", **({"conversation_id": conversation} if conversation else {})}
        status, _, data = _request(port, "POST", "/api/v1/assistant/ask", json.dumps(body).encode(),
                                   {"Content-Type": "application/json"})
        assert status == 200, data
        return json.loads(data)

    programs = ["diabetes", "heart disease", "weight management", "stress management", "tobacco cessation"]
    firsts = [ask(f"tell me about the {program} program") for program in programs]
    with ThreadPoolExecutor(max_workers=5) as pool:
        picks = list(pool.map(lambda first: ask("2", first["conversation_id"]), firsts))  # the 2nd option shown
    assert len({first["conversation_id"] for first in firsts}) == 5
    assert [pick["conversation_id"] for pick in picks] == [first["conversation_id"] for first in firsts]
    assert [pick["topic_id"] for pick in picks] == [first["suggestions"][1]["topic_id"] for first in firsts]
    assert {pick["outcome"] for pick in picks} == {"answer"}


def test_the_default_store_is_the_database(monkeypatch, tmp_path):
    from portal.config import load_config

    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'p.db'}"
    config = load_config(tmp_path, {"DATABASE_URL": url, "SECRET_KEY": "x"})
    assert config["RATELIMIT_STORAGE_URI"] == "portal-db://"
    assert config["RATELIMIT_STORAGE_OPTIONS"] == {"database_url": url}
    assert load_config(tmp_path, {"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})["RATELIMIT_STORAGE_URI"] == "memory://"


def test_the_database_store_counts_in_fixed_windows(app, database_url):
    """The store itself, on the test database (SQLite here, PostgreSQL in that leg)."""
    from portal.ratelimit import DatabaseStorage

    store = DatabaseStorage("portal-db://", database_url=database_url)
    assert store.check()
    store.reset()
    assert [store.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert store.get("k") == 3 and store.get("other") == 0
    assert time.time() < store.get_expiry("k") <= time.time() + 60
    assert store.incr("short", 1) == 1
    time.sleep(1.1)
    assert store.get("short") == 0 and store.incr("short", 1) == 1  # a new window starts at 1
    store.clear("k")
    assert store.get("k") == 0
    assert store.reset() >= 1


@pytest.mark.parametrize("request_bytes", [
    b"GET /office/roster?member=CC123456789 HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
    b"NOT A REQUEST LINE CC123456789\r\n\r\n",
], ids=["header too long", "malformed request line"])
def test_requests_gunicorn_refuses_get_the_security_headers_and_no_echo(tmp_path, request_bytes):
    process, port, _ = _start(tmp_path, "memory://")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(request_bytes)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
    finally:
        process.terminate()
        process.wait(timeout=30)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 4")
    assert b"Content-Security-Policy: default-src 'none'" in head and b"X-Content-Type-Options: nosniff" in head
    assert b"CC123456789" not in answer and b"aaaa" not in answer
