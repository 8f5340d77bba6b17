"""Signed-in sessions kept on the server (`UserSession`): started at sign-in, checked on every
request, ended by signing out, from another device, or by a change to the account.

The browser's cookie holds a random token; the database holds its SHA-256 hash. A session is
live while it has not ended; the check is a primary-key-sized lookup by hash, so it holds on
every worker and host at once: a cookie copied before "Sign out" opens nothing afterwards.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from portal.models import User, UserSession, utcnow
from portal.services import audit
from portal.services.audit import Actor

TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often per session
KEEP_ENDED = timedelta(days=30)  # ended sessions are kept for the record, then purged
PURGE_ONE_IN = 50  # one sign-in in this many purges the old records

SIGNED_OUT = "signed_out"
ENDED_BY_USER = "ended_by_user"
ENDED_BY_ADMIN = "ended_by_admin"
PASSWORD_CHANGED = "password_changed"
ROLE_CHANGED = "role_changed"
DISABLED = "disabled"
SECOND_FACTOR_CHANGED = "second_factor"
EXPIRED = "expired"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, ip_address: str | None, user_agent: str | None,
          second_factor: bool | datetime | None = None) -> str:
    """A new live session for `user` (`second_factor`: True when a code was just accepted, or
    when the last one was, carried over from the session this one replaces); returns the token
    for the cookie (not stored)."""
    token = secrets.token_urlsafe(32)
    accepted = utcnow() if second_factor is True else second_factor or None
    session.add(UserSession(user_id=user.id, token_hash=_hash(token), ip_address=(ip_address or "")[:45],
                            user_agent=(user_agent or "")[:200], second_factor_at=accepted))
    session.commit()
    if secrets.randbelow(PURGE_ONE_IN) == 0:  # old records go without a cron job too
        purge(session)
    return token


def live(session: Session, user_id: int, token: str | None) -> UserSession | None:
    """The live session of this user that the token opens, if any."""
    if not token or len(token) > 100:
        return None
    record = session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if record is None or record.user_id != user_id or record.ended_at is not None:
        return None
    return record


def touch(session: Session, record: UserSession, now: datetime | None = None) -> None:
    """Note that the session was used (at most once a minute: a write per request would cost)."""
    now = now or utcnow()
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
        session.commit()


def end(session: Session, record: UserSession, reason: str) -> None:
    if record.ended_at is None:
        record.ended_at = utcnow()
        record.end_reason = reason
    session.commit()


def end_all(session: Session, user: User, reason: str, keep: UserSession | None = None) -> int:
    """End every live session of `user` (except `keep`) in the current transaction; the caller commits."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    return session.execute(query.values(ended_at=utcnow(), end_reason=reason)).rowcount or 0


def list_live(session: Session, user: User, idle: timedelta, max_age: timedelta) -> list[UserSession]:
    """The user's sessions that could still be used: not ended, not idle nor older than allowed."""
    now = utcnow()
    return list(session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None),
        UserSession.created_at > now - max_age, UserSession.last_seen_at > now - idle - TOUCH_EVERY)
        .order_by(UserSession.last_seen_at.desc())))


def end_other(session: Session, actor: Actor, user: User, session_id: int | None,
              current: UserSession | None) -> int:
    """The user ends one of their other sessions (`session_id`) or, with None, all of them."""
    if session_id is None:
        count = end_all(session, user, ENDED_BY_USER, keep=current)
    else:
        record = session.get(UserSession, session_id)
        if record is None or record.user_id != user.id or record.ended_at is not None \
                or (current is not None and record.id == current.id):
            return 0
        record.ended_at, record.end_reason, count = utcnow(), ENDED_BY_USER, 1
    if count:
        audit.record(session, actor, "auth.sessions_end", target=f"user:{user.id}", details={"count": count})
    session.commit()
    return count


def purge(session: Session, now: datetime | None = None) -> int:
    """Delete sessions ended more than KEEP_ENDED ago, and live ones unused for as long."""
    cutoff = (now or utcnow()) - KEEP_ENDED
    result = session.execute(delete(UserSession).where(
        (UserSession.ended_at < cutoff) | (UserSession.last_seen_at < cutoff)))
    session.commit()
    return result.rowcount or 0


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("CriOS/", "Chrome"),
             ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def device(user_agent: str) -> str:
    """ "Firefox on Windows" from a User-Agent header; "Unknown device" when it tells nothing (in the
    language of the page that shows it: My account calls it while rendering)."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or (re.sub(r"[^\w./ -]", "", user_agent)[:40] or _("Unknown device"))
