"""The outbox: every message the portal sends is a row here, written in the same transaction
as the change that causes it, and delivered by the worker (portal/delivery/worker.py).

A row holds who gets it, which kind of message it is and the ids it is about; never its text
and never a secret. The text is rendered when it is sent (portal/delivery/messages.py).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from portal.i18n import DEFAULT_LANGUAGE, current_language
from portal.models import OutboxMessage, utcnow
from portal.services import audit
from portal.services.audit import Actor
from portal.services.pagination import Page

log = logging.getLogger("portal.outbox")

# What an admin may do with a message in each status.
RETRYABLE = ("failed", "cancelled")
CANCELLABLE = ("queued", "failed")
MAX_BACKOFF = timedelta(hours=6)


class OutboxError(Exception):
    """An admin's request about a message that its status refuses; the message is for them."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def queue_email(session: Session, *, kind: str, recipient: str, user_id: int | None = None,
                context: dict[str, Any] | None = None) -> OutboxMessage:
    """Add a message to the outbox; the worker is nudged once the caller's transaction commits.
    It is written in its recipient's account language when they chose one (messages.build), else
    in the language of the page that queued it when its recipient is the person on that page (a
    visitor registering or resetting a password, a patient's own confirmation), else English."""
    message = OutboxMessage(kind=kind, channel="email", recipient=recipient, user_id=user_id,
                            context=context or {}, language=_queuer_language(recipient), next_attempt_at=utcnow())
    session.add(message)
    _nudge_worker(session)
    log.info("e-mail queued: %s", kind)
    return message


def _queuer_language(recipient: str) -> str:
    """The page's language when the message is for the person reading it (someone signed out, who
    typed the address, or the signed-in owner of the address), else English: a coordinator's
    notice about a patient is not in the patient's language."""
    from flask import has_request_context
    from flask_login import current_user

    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user.is_authenticated and (current_user.email or "").lower() != recipient.lower():
        return DEFAULT_LANGUAGE
    return current_language()


def _nudge_worker(session: Session) -> None:
    """Ask the worker for a delivery round once the caller's transaction commits."""
    from portal.jobs import after_commit
    from portal.jobs.tasks import deliver_due

    after_commit(session, deliver_due)


def backoff(attempts: int, base_seconds: float) -> timedelta:
    """The wait before the next try after `attempts` tries: base, then twice as long each time."""
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def claim(session: Session, limit: int, token: str, now: datetime | None = None) -> list[int]:
    """Mark up to `limit` due messages as being sent by the worker round `token`, and return
    their ids.

    One statement: a message is claimed by one round only, even with workers on several
    hosts (PostgreSQL skips rows another worker is claiming; SQLite has one writer at a time).
    """
    now = now or utcnow()
    due = (select(OutboxMessage.id).where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = session.scalars(
        update(OutboxMessage).where(OutboxMessage.id.in_(due.scalar_subquery()), OutboxMessage.status == "queued")
        .values(status="sending", claimed_at=now, claim_token=token, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)).all()
    session.commit()
    return sorted(ids)


def still_mine(session: Session, message_id: int, token: str) -> bool:
    """Renew the round's claim on a message just before sending it; False when the claim was
    lost (the round outlasted MAIL_SENDING_LEASE and the message went back to the queue, or an
    admin cancelled it): then this round must not send it."""
    renewed = session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == "sending",
                                    OutboxMessage.claim_token == token)
        .values(claimed_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    session.commit()
    return renewed == 1


def recover_abandoned(session: Session, lease: timedelta, max_attempts: int, now: datetime | None = None) -> int:
    """Put back in the queue the messages whose round stopped before finishing them (its worker
    died), or end them as failed once they have had their attempts.

    Such a message may have reached the server just before the worker stopped: it goes out
    again with the same Message-ID (mail systems such as Gmail show one copy per Message-ID).
    """
    now = now or utcnow()
    stale = (OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - lease)
    failed = session.execute(
        update(OutboxMessage).where(*stale, OutboxMessage.attempts >= max_attempts)
        .values(status="failed", failed_at=now, claimed_at=None, claim_token=None,
                last_error=f"Gave up after {max_attempts} attempts: the worker stopped while sending it.")
        .execution_options(synchronize_session=False)).rowcount or 0
    requeued = session.execute(
        update(OutboxMessage).where(*stale)
        .values(status="queued", next_attempt_at=now, claimed_at=None, claim_token=None,
                last_error="The worker stopped while sending; sent again with the same Message-ID.")
        .execution_options(synchronize_session=False)).rowcount or 0
    session.commit()
    return failed + requeued


def _finish(session: Session, message_id: int, token: str, **values) -> None:
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == "sending",
                                                OutboxMessage.claim_token == token)
                    .values(claimed_at=None, claim_token=None, **values).execution_options(synchronize_session=False))
    session.commit()


def mark_sent(session: Session, message_id: int, token: str, subject: str, status: str = "sent") -> None:
    _finish(session, message_id, token, status=status, subject=subject[:200], sent_at=utcnow(), last_error=None)


def mark_skipped(session: Session, message_id: int, token: str, reason: str, forget_recipient: bool = False) -> None:
    """Nothing to send after all (no such account any more): the row says why."""
    values: dict[str, Any] = {"status": "skipped", "last_error": reason[:500]}
    if forget_recipient:  # an address somebody typed that has no account: not kept
        values["recipient"] = ""
    _finish(session, message_id, token, **values)


def mark_failed(session: Session, message_id: int, token: str, reason: str) -> None:
    _finish(session, message_id, token, status="failed", failed_at=utcnow(), last_error=reason[:500])


def mark_for_retry(session: Session, message_id: int, token: str, reason: str, *, max_attempts: int,
                   base_seconds: float, counted: bool = True) -> str:
    """A passing failure: try again later, or end as failed after `max_attempts` tries.
    `counted=False` gives back a claimed message that was never tried (the server was down)."""
    message = session.get(OutboxMessage, message_id, populate_existing=True)
    if message is None or message.status != "sending" or message.claim_token != token:
        session.rollback()
        return "gone"
    if not counted:
        message.attempts -= 1
    message.claimed_at, message.claim_token = None, None
    if message.attempts >= max_attempts:
        message.status, message.failed_at = "failed", utcnow()
        message.last_error = f"Gave up after {message.attempts} attempts: {reason}"[:500]
    else:
        message.status = "queued"
        message.next_attempt_at = utcnow() + backoff(max(message.attempts, 1), base_seconds)
        message.last_error = reason[:500]
    session.commit()
    return message.status


# --- the admins' Outbox page ---------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxSummary:
    counts: dict[str, int]
    oldest_queued: datetime | None


def summary(session: Session) -> OutboxSummary:
    counts = dict(session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    oldest = session.scalar(select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == "queued"))
    return OutboxSummary(counts={k: int(v) for k, v in counts.items()}, oldest_queued=oldest)


def search(session: Session, *, status: str = "", kind: str = "", page: int = 1, per_page: int = 50
           ) -> Page[OutboxMessage]:
    query = select(OutboxMessage)
    if status:
        query = query.where(OutboxMessage.status == status)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(OutboxMessage.id.desc()).limit(per_page).offset((page - 1) * per_page)).all()
    return Page(rows, page, per_page, total)


def masked_address(address: str) -> str:
    """An address as the Outbox page shows it: enough to recognise, not to read off (j…@example.org)."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else ("—" if not address else "…")


_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def masked_text(text: str | None) -> str:
    """A server's reply as the Outbox page shows it: the addresses it repeats shortened."""
    return _ADDRESS.sub(lambda found: masked_address(found.group(0)), text or "")


def retry(session: Session, actor: Actor, message_id: int) -> OutboxMessage:
    """An admin sends a failed or cancelled message again (its attempts start over)."""
    message = _get(session, message_id)
    if message.status not in RETRYABLE:
        raise OutboxError(_l("This message is %(status)s: only failed or cancelled messages can be retried.",
                               status=message.status), 409)
    if not message.recipient:
        raise OutboxError(_l("This message has no recipient any more: it cannot be sent."), 409)
    message.status, message.attempts, message.next_attempt_at = "queued", 0, utcnow()
    audit.record(session, actor, "outbox.retry", target=f"outbox:{message.id}", details={"kind": message.kind})
    _nudge_worker(session)
    session.commit()
    return message


def cancel(session: Session, actor: Actor, message_id: int) -> OutboxMessage:
    """An admin stops a message that is waiting or failed from being sent."""
    message = _get(session, message_id)
    changed = session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status.in_(CANCELLABLE))
        .values(status="cancelled", last_error=f"Cancelled by an administrator (user {actor.user_id}).")
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:  # it was claimed or sent meanwhile
        session.rollback()
        message = _get(session, message_id)
        raise OutboxError(_l("This message is %(status)s: it can no longer be cancelled.", status=message.status), 409)
    audit.record(session, actor, "outbox.cancel", target=f"outbox:{message_id}", details={"kind": message.kind})
    session.commit()
    return _get(session, message_id)


def _get(session: Session, message_id: int) -> OutboxMessage:
    message = session.get(OutboxMessage, message_id, populate_existing=True)
    if message is None:
        raise OutboxError(_l("There is no such message."), 404)
    return message


def failed_since(session: Session, since: datetime) -> list[tuple[str, int]]:
    """Messages that ended as failed since `since`, counted by kind (the admins' daily summary)."""
    rows = session.execute(
        select(OutboxMessage.kind, func.count()).where(OutboxMessage.status == "failed",
                                                       OutboxMessage.failed_at >= since)
        .group_by(OutboxMessage.kind).order_by(OutboxMessage.kind)).all()
    return [(kind, int(count)) for kind, count in rows]


KEEP_FINISHED = timedelta(days=90)


def purge(session: Session, now: datetime | None = None) -> int:
    """Delete messages sent, logged, skipped or cancelled more than KEEP_FINISHED ago (a failed
    one stays until an admin sends it again or cancels it)."""
    cutoff = (now or utcnow()) - KEEP_FINISHED
    finished = OutboxMessage.status.in_(("sent", "logged", "skipped", "cancelled"))
    count = session.execute(delete(OutboxMessage).where(
        finished, func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) < cutoff)).rowcount or 0
    session.commit()
    return count


def queue_failed_summary(session: Session, now: datetime | None = None) -> int:
    """Queue, once a day, a summary of the messages that failed in the last 24 hours to every
    administrator who can sign in (nothing when none failed). Returns how many were queued."""
    from portal.models import User

    now = now or utcnow()
    rows = failed_since(session, now - timedelta(hours=24))
    already = session.scalar(select(func.count()).where(OutboxMessage.kind == "failed_deliveries",
                                                        OutboxMessage.created_at > now - timedelta(hours=20)))
    if not rows or already:  # several workers run the schedule: one summary a day
        return 0
    admins = session.scalars(select(User).where(User.role == "admin", User.is_enabled.is_(True))).all()
    for admin in admins:
        queue_email(session, kind="failed_deliveries", recipient=admin.email, user_id=admin.id,
                    context={"failed": [list(row) for row in rows]})
    session.commit()
    return len(admins)
