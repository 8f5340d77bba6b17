""" "Contact me": a request for a person, made from the assistant (after two answers that
missed, "talk to a person" or "Not helpful") or from Contact us; support staff work through
the open ones, oldest first, and mark each done with what happened.

A request holds contact details by design (how to reach the person), so only support staff
and admins see it (the access table), every look is audited, and done requests are deleted
after DONE_KEPT_DAYS (the hourly clean-up).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from portal.i18n import DEFAULT_LANGUAGE, LANGUAGES
from portal.models import ContactRequest
from portal.services import audit
from portal.services.audit import Actor
from portal.services.pagination import Page
from portal.services.text import normal_email, phone_ok, strip_controls

METHODS = {"phone": _l("Phone"), "email": _l("E-mail")}
MAX_ABOUT = 1000
MAX_NAME = 120
MAX_BEST_TIME = 120
MAX_NOTE = 1000
DONE_KEPT_DAYS = 90


class ContactRequestError(ValueError):
    """A request that cannot be stored; `field` names the form field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)  # lazy: str(error) is in the language of the page showing it
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
    language: str = "en"  # the page's language: the one staff reply in


def create(session: Session, actor: Actor, role: str, request: NewRequest, notify: str | None = None) -> ContactRequest:
    """Store a checked request (raises ContactRequestError, changing nothing), audit it, and
    queue a notice to the support team's address `notify` (no personal details in it)."""
    about, name = strip_controls(request.about).strip(), strip_controls(request.name).strip()
    if not about:
        raise ContactRequestError(_l("Say in a few words what you need help with."), "about")
    if len(about) > MAX_ABOUT:
        raise ContactRequestError(_l("Use at most %(num)s characters.", num=MAX_ABOUT), "about")
    if not name or len(name) > MAX_NAME:
        raise ContactRequestError(_l("Enter the name we should ask for."), "name")
    if request.method not in METHODS:
        raise ContactRequestError(_l("Choose how we should contact you."), "method")
    phone = request.phone.strip()
    email = request.email.strip()
    if request.method == "phone" and not phone_ok(phone):
        raise ContactRequestError(_l("Enter a phone number, for example 312-555-0101."), "phone")
    if phone and not phone_ok(phone):
        raise ContactRequestError(_l("Enter a phone number, for example 312-555-0101, or leave it empty."), "phone")
    if request.method == "email" or email:
        email = normal_email(email) or ""
        if not email:
            raise ContactRequestError(_l("Enter an e-mail address, for example name@example.com."), "email")
    row = ContactRequest(
        user_id=actor.user_id, role=role, conversation=request.conversation, topic_id=request.topic_id,
        about=about, name=name, method=request.method, phone=phone, email=email,
        best_time=strip_controls(request.best_time).strip()[:MAX_BEST_TIME],
        language=request.language if request.language in LANGUAGES else DEFAULT_LANGUAGE,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "contact_request.create", target=f"contact_request:{row.id}",
                 details={"method": row.method, "from_assistant": row.conversation is not None,
                          "language": row.language})
    if notify:
        from portal.delivery.outbox import queue_email

        queue_email(session, kind="contact_request_notice", recipient=notify, context={"request_id": row.id})
    session.commit()
    return row


def oldest_open(session: Session) -> datetime | None:
    return session.scalar(select(func.min(ContactRequest.created_at)).where(ContactRequest.status == "open"))


def open_count(session: Session) -> int:
    return session.scalar(select(func.count(ContactRequest.id)).where(ContactRequest.status == "open")) or 0


def search(session: Session, actor: Actor, status: str = "open", page: int = 1, per_page: int = 50) -> Page[ContactRequest]:
    """Open requests oldest first (the queue), or done ones newest first; the look is audited."""
    query = select(ContactRequest).where(ContactRequest.status == status)
    query = query.order_by(ContactRequest.created_at.asc() if status == "open" else ContactRequest.done_at.desc(),
                           ContactRequest.id)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = session.scalars(query.offset((page - 1) * per_page).limit(per_page)).all()
    audit.record(session, actor, "contact_request.view",
                 details={"status": status, "page": page, "requests": [row.id for row in items]})
    session.commit()
    return Page(items, page, per_page, total)


class RequestNotFound(ContactRequestError):
    pass


def mark_done(session: Session, actor: Actor, request_id: int, note: str) -> None:
    """Mark an open request done, once: of two staff pressing at the same time, one succeeds.
    The link to the assistant conversation goes with it (the masked log is not re-identified
    for longer than the request needs it)."""
    note = strip_controls(note).strip()
    if len(note) > MAX_NOTE:
        raise ContactRequestError(_l("A note has at most %(num)s characters.", num=MAX_NOTE), "note")
    changed = session.execute(
        update(ContactRequest).where(ContactRequest.id == request_id, ContactRequest.status == "open")
        .values(status="done", done_at=datetime.now(timezone.utc), done_by_user_id=actor.user_id,
                outcome_note=note, conversation=None)).rowcount
    if not changed:
        session.rollback()
        if session.get(ContactRequest, request_id) is None:
            raise RequestNotFound(_l("This request does not exist."))
        raise ContactRequestError(_l("This request was already marked done."))
    audit.record(session, actor, "contact_request.done", target=f"contact_request:{request_id}")
    session.commit()


def purge_done(session: Session, days: int = DONE_KEPT_DAYS) -> int:
    """Delete requests done more than `days` ago (the caller commits)."""
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    return session.execute(delete(ContactRequest).where(ContactRequest.status == "done",
                                                        ContactRequest.done_at < cutoff)).rowcount or 0
