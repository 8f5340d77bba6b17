"""Who may open which page: one table, enforced for every request before any view runs.

Each endpoint is covered by a rule for its own name or, failing that, for its blueprint.
An endpoint with no rule is refused (deny by default), and the route/role table test fails
until the new route gets an entry there and here.

Also here: signing users in and out of the session (recorded on the server, see
portal/services/sessions.py), idle and absolute session timeouts, and safe `next` redirects.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from portal.care.coordinators import coordinator_of
from portal.extensions import db, login_manager
from portal.models import User, UserSession
from portal.services import accounts, second_factor, sessions
from portal.services.audit import Actor
from portal.web import fail

ANYONE = frozenset({"anonymous", "patient", "provider", "support", "admin"})
SIGNED_IN = frozenset({"patient", "provider", "support", "admin"})
# An office administrator is office staff ("provider") who may also manage their office's staff.
OFFICE_ADMIN = frozenset({"office_admin"})
# Care coordination: office staff linked to one of their organization's care coordinators, and
# office administrators (who see the whole organization's worklist and messages).
COORDINATION = frozenset({"coordinator", "office_admin"})
TOKEN = "token"  # JSON API: a Bearer token, checked by the api blueprint; no session

BLUEPRINT_RULES: dict[str, frozenset[str] | str] = {
    "public": ANYONE,
    "auth": ANYONE,
    "assistant": ANYONE,
    "patient": frozenset({"patient"}),
    "provider": frozenset({"provider"}),
    "support": frozenset({"support", "admin"}),
    "admin": frozenset({"admin"}),
    "api": TOKEN,
}
ENDPOINT_RULES: dict[str, frozenset[str] | str] = {
    "static": ANYONE,
    "auth.logout": SIGNED_IN,
    "auth.account": SIGNED_IN,
    "auth.time_zone": SIGNED_IN,
    "auth.change_password": SIGNED_IN,
    "auth.end_sessions": SIGNED_IN,
    "auth.two_factor": SIGNED_IN,
    "auth.verify_code": SIGNED_IN,
    "auth.recovery_codes": SIGNED_IN,
    "auth.keepalive": SIGNED_IN,
    # Public API calls; every other API call needs a token.
    "api.openapi": ANYONE,
    "api.docs": ANYONE,
    "api.assistant_ask": ANYONE,
    "provider.staff": OFFICE_ADMIN,
    "provider.add_staff": OFFICE_ADMIN,
    "provider.set_staff_enabled": OFFICE_ADMIN,
    "provider.link_coordinator": OFFICE_ADMIN,
    "provider.worklist_view": COORDINATION,
    "provider.work_item": COORDINATION,
    "provider.record_contact": COORDINATION,
    "provider.write_to_patient": COORDINATION,
    "provider.assign_work_item": OFFICE_ADMIN,
    "provider.inbox": COORDINATION,
    "provider.thread": COORDINATION,
    "provider.export_thread": COORDINATION,
}


def rule_for(endpoint: str) -> frozenset[str] | str | None:
    if endpoint in ENDPOINT_RULES:
        return ENDPOINT_RULES[endpoint]
    blueprint = endpoint.rpartition(".")[0]
    return BLUEPRINT_RULES.get(blueprint) if blueprint else None


def current_roles() -> set[str]:
    if not current_user.is_authenticated:
        return {"anonymous"}
    roles = {current_user.role}
    if current_user.role == "provider":
        if current_user.is_office_admin:
            roles.add("office_admin")
        if coordinator_of(current_user) is not None:
            roles.add("coordinator")
    return roles


def current_actor() -> Actor:
    """The acting user and their address, for services and the audit trail."""
    return Actor.for_user(current_user if current_user.is_authenticated else None, request.remote_addr)


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no //evil.example or /\\evil.example."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(char) < 32 or char == "\\" for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def home_for(user: User) -> str:
    return {
        "admin": url_for("admin.dashboard"),
        "provider": url_for("provider.home"),
        "support": url_for("support.dashboard"),
        "patient": url_for("patient.care_team"),
    }.get(user.role, url_for("auth.account"))


def sign_in(user: User, second_factor: bool = False) -> None:
    """Start a new session for `user`, recorded on the server: the old session's contents are
    dropped (no fixation) and the old session ended. `second_factor`: a code was just accepted;
    a signed-in user's new session (after a password change) keeps the time of their last code."""
    previous = current_session()
    carried = previous.second_factor_at if previous is not None and previous.user_id == user.id else None
    sign_out(sessions.SIGNED_OUT)
    login_user(user)
    session.permanent = True
    now = int(time.time())
    session["auth_at"] = now
    session["seen_at"] = now
    session["sid"] = sessions.start(db.session, user, request.remote_addr, request.headers.get("User-Agent"),
                                    second_factor=second_factor or carried)


# --- the second factor between the password and the session ------------------------------------

PENDING = "second_factor_pending"  # the session key of a sign-in waiting for its code
PENDING_SECONDS = 600


def needs_second_factor(user: User) -> bool:
    return second_factor.required(user) or second_factor.enabled(user)


def begin_second_factor(user: User, next_target: str | None) -> None:
    """The password was right: the session waits (10 minutes at most) for a code, or for the
    second factor's set-up, before it is signed in."""
    sign_out(sessions.SIGNED_OUT)
    session[PENDING] = {"user": user.id, "version": user.session_version, "at": int(time.time()),
                         "next": next_target if is_safe_next(next_target) else None}


def pending_user() -> User | None:
    data = session.get(PENDING)
    if not isinstance(data, dict) or int(time.time()) - int(data.get("at", 0)) > PENDING_SECONDS:
        return None
    user = db.session.get(User, int(data.get("user", 0)))
    if user is None or user.session_version != data.get("version") or not accounts.can_sign_in(user):
        return None
    return user


def finish_second_factor(user: User) -> str:
    """Sign the waiting user in (a code was accepted); returns where to go next."""
    target = (session.get(PENDING) or {}).get("next")
    sign_in(user, second_factor=True)
    return target if is_safe_next(target) else home_for(user)


def fresh_code_needed() -> Response | None:
    """For the actions that ask again for a code (an API token, a role change, a roster or audit
    log download): a redirect to the code page when this session's last code is too old."""
    if second_factor.is_fresh(current_user, current_session()):
        return None
    back = request.full_path.rstrip("?") if request.method == "GET" else None
    if back is None and request.referrer:
        parts = urlsplit(request.referrer)
        back = parts.path + (f"?{parts.query}" if parts.query else "") if parts.netloc == request.host else None
    flash(_("For this, enter a code from your authenticator app first (codes are asked again after %(minutes)s "
            "minutes).", minutes=int(second_factor.FRESH.total_seconds() // 60)), "info")
    return redirect(url_for("auth.verify_code", next=back if is_safe_next(back) else None))


def sign_out(reason: str = sessions.SIGNED_OUT) -> None:
    """End the session on the server (a copy of its cookie opens nothing) and in the browser."""
    record = g.pop("user_session", None)
    if record is not None:
        sessions.end(db.session, record, reason)
    logout_user()
    session.clear()


def current_session() -> UserSession | None:
    """The server's record of the signed-in session of this request."""
    return g.get("user_session")


def idle_timeout_seconds(role: str) -> int:
    return current_app.config["IDLE_TIMEOUT_MINUTES"].get(role, 15) * 60


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of a session, or None when the session is stale (version bumped) or the
    account can no longer sign in."""
    pk, _, version = user_id.partition(".")
    if not pk.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(pk))
    if user is None or user.session_version != int(version) or not accounts.can_sign_in(user):
        return None
    record = sessions.live(db.session, user.id, session.get("sid"))
    if record is None:  # ended on the server: signed out, ended from elsewhere, or never recorded
        return None
    if needs_second_factor(user) and record.second_factor_at is None:
        return None  # a session from before the second factor was required: sign in again
    g.user_session = record
    return user


def _expire_session(reason: str) -> Response:
    expired_user = current_user._get_current_object()
    accounts.record_logout(db.session, Actor.for_user(expired_user, request.remote_addr), expired=True)
    sign_out(sessions.EXPIRED)
    flash(reason, "info")
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target.rstrip("?") if target and is_safe_next(target) else None))


def _enforce() -> Response | None:
    endpoint = request.endpoint
    if endpoint is None:  # no route: the 404 or 405 handler answers
        return None
    if current_user.is_authenticated and endpoint != "static":
        now = int(time.time())
        auth_at, seen_at = session.get("auth_at", 0), session.get("seen_at", 0)
        if now - auth_at > current_app.config["SESSION_MAX_HOURS"] * 3600:
            return _expire_session(_("For your security you were signed out: sessions last at most %(hours)s hours. "
                                     "Please sign in again.", hours=current_app.config["SESSION_MAX_HOURS"]))
        if now - seen_at > idle_timeout_seconds(current_user.role):
            minutes = idle_timeout_seconds(current_user.role) // 60
            return _expire_session(_("For your security you were signed out after %(minutes)s minutes without "
                                     "activity. Please sign in again.", minutes=minutes))
        session["seen_at"] = now
        sessions.touch(db.session, g.user_session)
    elif session.get("_user_id") and not current_user.is_authenticated:
        # The session of a user since disabled, suspended or given a new password or role.
        pk = str(session["_user_id"]).partition(".")[0]
        accounts.record_logout(db.session, Actor(int(pk) if pk.isdigit() else None, ip_address=request.remote_addr),
                               expired=True, outcome="revoked")
        session.clear()
    rule = rule_for(endpoint)
    if rule is None:
        fail(403, _("This page is not available."))
    if rule == TOKEN:
        return None
    roles = current_roles()
    if roles & rule:
        return None
    if roles == {"anonymous"}:
        if request.path.startswith("/api/"):
            return jsonify({"error": {"status": 401, "title": "Sign-in required"}}), 401
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target if is_safe_next(target) else None))
    fail(403, _("Your account does not have access to this page."))
    return None


def register(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are checked in _enforce (versions, timeouts)
    app.before_request(_enforce)

    @app.context_processor
    def session_settings() -> dict:
        if not current_user.is_authenticated:
            return {"idle_timeout": None, "may": _may}
        return {"idle_timeout": idle_timeout_seconds(current_user.role),
                "idle_warning": current_app.config["IDLE_WARNING_SECONDS"], "may": _may}


def _may(endpoint: str) -> bool:
    """Whether the signed-in user may open `endpoint` (templates show only the links that work)."""
    rule = rule_for(endpoint)
    return isinstance(rule, frozenset) and bool(rule & current_roles())
