""" "Contact me": a request for a person, made from the assistant (after two answers that
missed, "talk to a person" or "Not helpful") or from Contact us; support staff work through
the open ones, oldest first, and mark each done with what happened.

A request holds contact details by design (how to reach the person), so only support staff
and admins see it (the access table), every look is audited, and done requests are deleted
after DONE_KEPT_DAYS (the hourly clean-up).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from portal.models import ContactRequest
from portal.services import audit
from portal.services.audit import Actor
from portal.services.pagination import Page
from portal.services.text import strip_controls

METHODS = {"phone": "Phone", "email": "E-mail"}
MAX_ABOUT = 1000
MAX_NAME = 120
MAX_BEST_TIME = 120
MAX_NOTE = 1000
DONE_KEPT_DAYS = 90
_PHONE = re.compile(r"^\+?[0-9 ().-]{7,25}$")


class ContactRequestError(ValueError):
    """A request that cannot be stored; `field` names the form field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewRequest:
    about: str
    name: str
    method: str
    phone: str = ""
    email: str = ""
    best_time: str = ""
    topic_id: str | None = None
    conversation: str | None = None  # the assistant conversation's log key


def create(session: Session, actor: Actor, role: str, request: NewRequest) -> ContactRequest:
    """Store a checked request (raises ContactRequestError, changing nothing) and audit it."""
    about, name = strip_controls(request.about).strip(), strip_controls(request.name).strip()
    if not about:
        raise ContactRequestError("Say in a few words what you need help with.", "about")
    if len(about) > MAX_ABOUT:
        raise ContactRequestError(f"Use at most {MAX_ABOUT} characters.", "about")
    if not name or len(name) > MAX_NAME:
        raise ContactRequestError("Enter the name we should ask for.", "name")
    if request.method not in METHODS:
        raise ContactRequestError("Choose how we should contact you.", "method")
    phone = request.phone.strip()
    email = request.email.strip()
    if request.method == "phone" and not _PHONE.match(phone):
        raise ContactRequestError("Enter a phone number, for example 312-555-0101.", "phone")
    if phone and not _PHONE.match(phone):
        raise ContactRequestError("Enter a phone number, for example 312-555-0101, or leave it empty.", "phone")
    if request.method == "email" or email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ContactRequestError("Enter an e-mail address, for example name@example.com.", "email") from None
    row = ContactRequest(
        user_id=actor.user_id, role=role, conversation=request.conversation, topic_id=request.topic_id,
        about=about, name=name, method=request.method, phone=phone, email=email,
        best_time=strip_controls(request.best_time).strip()[:MAX_BEST_TIME],
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "contact_request.create", target=f"contact_request:{row.id}",
                 details={"method": row.method, "from_assistant": row.conversation is not None})
    session.commit()
    return row


def open_count(session: Session) -> int:
    return session.scalar(select(func.count(ContactRequest.id)).where(ContactRequest.status == "open")) or 0


def search(session: Session, actor: Actor, status: str = "open", page: int = 1, per_page: int = 50) -> Page[ContactRequest]:
    """Open requests oldest first (the queue), or done ones newest first; the look is audited."""
    query = select(ContactRequest).where(ContactRequest.status == status)
    query = query.order_by(ContactRequest.created_at.asc() if status == "open" else ContactRequest.done_at.desc(),
                           ContactRequest.id)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = session.scalars(query.offset((page - 1) * per_page).limit(per_page)).all()
    audit.record(session, actor, "contact_request.view", details={"status": status, "page": page, "shown": len(items)})
    session.commit()
    return Page(items, page, per_page, total)


def mark_done(session: Session, actor: Actor, request_id: int, note: str) -> ContactRequest:
    row = session.get(ContactRequest, request_id)
    if row is None:
        raise ContactRequestError("This request does not exist.")
    if row.status == "done":
        raise ContactRequestError("This request was already marked done.")
    note = strip_controls(note).strip()
    if len(note) > MAX_NOTE:
        raise ContactRequestError(f"A note has at most {MAX_NOTE} characters.", "note")
    row.status, row.done_at, row.done_by_user_id, row.outcome_note = "done", datetime.now(timezone.utc), \
        actor.user_id, note
    audit.record(session, actor, "contact_request.done", target=f"contact_request:{row.id}")
    session.commit()
    return row


def purge_done(session: Session, days: int = DONE_KEPT_DAYS) -> int:
    """Delete requests done more than `days` ago (the caller commits)."""
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    return session.execute(delete(ContactRequest).where(ContactRequest.status == "done",
                                                        ContactRequest.done_at < cutoff)).rowcount or 0
