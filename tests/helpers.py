"""Helpers for tests that go through the Flask client with CSRF protection on."""
from __future__ import annotations

import re
import time

import pyotp

from portal.services import second_factor
from tests.factories import PASSWORD

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str | None = None) -> str:
    """A CSRF token for the client's session, read from a page's form."""
    with client.session_transaction() as session:
        signed_in = "_user_id" in session
    html = client.get(path or ("/account" if signed_in else "/login")).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post(client, url: str, data: dict | None = None, **kw):
    """POST a form with a valid CSRF token."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kw)


def sign_in(client, user, password: str = PASSWORD):
    """Sign in with the password and, for a user with a second factor, a code from their app
    (the current one, or its neighbour when a sign-in in this time step used it already)."""
    response = post(client, "/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    if response.headers["Location"].endswith("/login/code"):
        for code in codes(second_factor.unseal(user.totp_secret)):
            response = post_to(client, "/login/code", {"code": code})
            if response.status_code == 302:
                break
        assert response.status_code == 302, response.get_data(as_text=True)
    return response


def codes(secret: str) -> list[str]:
    """The codes an authenticator app with `secret` could show now: current, next, previous step."""
    totp = pyotp.TOTP(secret)
    now = time.time()
    return [totp.at(now), totp.at(now + 30), totp.at(now - 30)]


def post_to(client, url: str, data: dict):
    """POST a form with the CSRF token of the page at `url` itself."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
