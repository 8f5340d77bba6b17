"""The audit trail: who did what to which record, when, from where, with what outcome.

Events are only ever added (the database refuses updates and deletes). Services call
`record()` inside the same transaction as the change they describe, so an event is never
written for a change that did not happen, nor a change made without its event.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, User
from portal.services.csv_export import csv_lines, stream_rows
from portal.services.pagination import Page

# Actions, by area, as the audit log names them (in the page's language). Later areas add theirs
# here so that the audit log's filter lists them.
ACTIONS = {
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Failed sign-in"),
    "auth.lockout": _l("Account locked"),
    "auth.logout": _l("Signed out"),
    "auth.sessions_end": _l("Ended own other sessions"),
    "auth.second_factor": _l("Entered a second-factor code"),
    "auth.second_factor_failed": _l("Wrong second-factor code"),
    "auth.second_factor_enable": _l("Set up a second factor"),
    "auth.session_expired": _l("Session expired"),
    "auth.register": _l("Registered (patient)"),
    "auth.register_failed": _l("Failed registration"),
    "auth.password_change": _l("Changed password"),
    "auth.time_zone_change": _l("Changed own time zone"),
    "auth.language_change": _l("Changed own language"),
    "auth.password_reset_request": _l("Asked for a password reset"),
    "auth.password_reset_email": _l("Password reset e-mail (sent, or no account)"),
    "auth.password_reset": _l("Reset password"),
    "auth.password_reset_failed": _l("Failed password reset"),
    "user.create": _l("Created user"),
    "user.role_change": _l("Changed role"),
    "user.disable": _l("Disabled user"),
    "user.enable": _l("Enabled user"),
    "user.unlock": _l("Unlocked user"),
    "user.sessions_end": _l("Ended all sessions of a user"),
    "user.second_factor_reset": _l("Reset a user's second factor"),
    "db.role_grant": _l("Granted the web workers' database role"),
    "user.invite": _l("Queued an invitation"),
    "organization.access": _l("Changed organization access"),
    "organization.office_admin": _l("Changed office administrator"),
    "user.coordinator_link": _l("Linked or unlinked a care coordinator account"),
    "token.create": _l("Created API token"),
    "token.revoke": _l("Revoked API token"),
    "token.rejected": _l("Rejected API token"),
    "audit.export": _l("Exported audit log"),
    "audit.view": _l("Viewed the audit log"),
    "import.start": _l("Started an import"),
    "outbox.view": _l("Viewed the outbox"),
    "outbox.retry": _l("Sent a message again"),
    "outbox.cancel": _l("Cancelled a message"),
    "member.view": _l("Viewed member data"),
    "member.verify": _l("Verified a member"),
    "enrollment.create": _l("Enrolled in a program"),
    "enrollment.withdraw": _l("Withdrew from a program"),
    "enrollment.contact_change": _l("Changed how to be contacted about a program"),
    "member.contact_change": _l("Changed own contact details"),
    "worklist.view": _l("Viewed the care coordination worklist"),
    "worklist.contact": _l("Recorded contact with a patient"),
    "worklist.assign": _l("Reassigned a worklist item"),
    "message.send": _l("Sent a secure message"),
    "message.view": _l("Read a secure message thread"),
    "message.export": _l("Exported a secure message thread"),
    "provider.verify": _l("Verified a provider"),
    "roster.view": _l("Viewed the attributed roster"),
    "roster.export": _l("Exported the attributed roster"),
    "verification.export": _l("Exported verification results"),
    "assistant.dashboard_view": _l("Viewed the assistant dashboard"),
    "assistant.conversation_view": _l("Viewed an assistant conversation"),
    "contact_request.create": _l("Asked to be contacted by support"),
    "contact_request.view": _l("Viewed contact requests"),
    "contact_request.done": _l("Marked a contact request done"),
    "assistant.log_view": _l("Viewed the assistant log"),
    "assistant.queue_view": _l("Viewed the review queue"),
    "assistant.export": _l("Exported the assistant log"),
    "assistant.review": _l("Reviewed assistant exchanges"),
    "assistant.phrase_add": _l("Added an assistant phrasing"),
    "assistant.phrase_remove": _l("Removed an assistant phrasing"),
    "assistant.phrase_approve": _l("Approved an emergency phrasing (a second person)"),
    "assistant.purge": _l("Purged old assistant exchanges"),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting, as the view layer knows it: the signed-in user (if any) and their address."""

    user_id: int | None = None
    organization_id: int | None = None
    ip_address: str | None = None
    role: str | None = None
    is_office_admin: bool = False

    @classmethod
    def for_user(cls, user: User | None, ip_address: str | None = None) -> Actor:
        if user is None:
            return cls(ip_address=ip_address)
        return cls(user.id, user.organization_id, ip_address, user.role, user.is_office_admin)


SYSTEM = Actor()


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    outcome: str = "success",
    member_ref: str | None = None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    user_id: int | None = None,
) -> AuditEvent:
    """Add an audit event to the session (committed with the caller's transaction).

    `user_id` overrides the actor's, for events about a user who is not signed in yet
    (a failed sign-in on a known account). Details must never hold a password or token.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        user_id=user_id if user_id is not None else actor.user_id,
        organization_id=actor.organization_id,
        action=action,
        outcome=outcome,
        member_ref=member_ref,
        target=target,
        ip_address=actor.ip_address,
        details=details or {},
    )
    session.add(event)
    return event


_INSERT = insert(AuditEvent.__table__)


def member_view(session: Session, actor: Actor, what: str, member_refs: Iterable[str | None], **details: Any) -> None:
    """A page that shows member data was looked at: one "member.view" event naming the members
    shown (up to 50; `count` says how many), committed. Nothing when no member is shown."""
    refs = list(dict.fromkeys(ref for ref in member_refs if ref))
    if not refs:
        return
    record(session, actor, "member.view", member_ref=refs[0] if len(refs) == 1 else None,
           details={"what": what, "count": len(refs), **({"members": refs[:50]} if len(refs) > 1 else {}), **details})
    session.commit()


def view_log(session: Session, actor: Actor, filters: AuditFilters, page: Page) -> None:
    """Looking at the audit log is itself audited: it shows who did what to which member."""
    record(session, actor, "audit.view", details={**_describe(filters), "page": filters.page, "shown": len(page.items)})
    session.commit()


def _describe(filters: AuditFilters) -> dict[str, Any]:
    return {"user": filters.user_email, "action": filters.action, "member_ref": filters.member_ref,
            "from": filters.date_from.isoformat() if filters.date_from else None,
            "to": filters.date_to.isoformat() if filters.date_to else None}


def record_many(session: Session, actor: Actor, action: str, events: list[dict[str, Any]]) -> None:
    """Add events of one action as a plain INSERT, no ORM objects to flush: a batch
    verification's rows in one multi-row INSERT instead of a round trip each, and the single
    verification's event on its hot path. Each dict holds outcome, member_ref, details."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if events:
        session.connection().execute(_INSERT, [
            {"user_id": actor.user_id, "organization_id": actor.organization_id, "action": action,
             "ip_address": actor.ip_address, "outcome": "success", "target": None, **event} for event in events
        ])


@dataclass(frozen=True)
class AuditFilters:
    user_email: str = ""
    action: str = ""
    member_ref: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    per_page: int = 50


def _filtered(session: Session, filters: AuditFilters) -> Select | None:
    stmt = select(AuditEvent)
    if filters.user_email:
        user_id = session.scalar(select(User.id).where(User.email == filters.user_email.strip().lower()))
        if user_id is None:
            return None
        stmt = stmt.where(AuditEvent.user_id == user_id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.member_ref:
        stmt = stmt.where(AuditEvent.member_ref == filters.member_ref.strip().upper())
    if filters.date_from:
        stmt = stmt.where(AuditEvent.occurred_at >= datetime.combine(filters.date_from, time(), timezone.utc))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time(), timezone.utc)
        stmt = stmt.where(AuditEvent.occurred_at < end)
    return stmt


# The log grows by every verification (hundreds of millions of events a year): a page counts
# the matching events only up to this many, or to the end of the page asked for if further.
COUNT_LIMIT = 10_000


def search(session: Session, filters: AuditFilters) -> Page[AuditEvent]:
    """Events matching the filters, newest first. The total is exact up to COUNT_LIMIT;
    beyond, the page says "more than" (Page.capped)."""
    stmt = _filtered(session, filters)
    if stmt is None:
        return Page([], filters.page, filters.per_page, 0)
    limit = max(COUNT_LIMIT, filters.page * filters.per_page)
    counted = stmt.with_only_columns(AuditEvent.id).limit(limit + 1).subquery()
    total = session.scalar(select(func.count()).select_from(counted)) or 0
    rows = session.scalars(
        stmt.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
    ).all()
    return Page(rows, filters.page, filters.per_page, total, capped=total > limit)


def export_header() -> list[str]:
    """The export's header row, in the reader's language (English: id, occurred_at, user,
    organization_id, action, outcome, member_ref, target, ip_address, details)."""
    return [_("id"), _("occurred_at"), _("user"), _("organization_id"), _("action"), _("outcome"), _("member_ref"),
            _("target"), _("ip_address"), _("details")]


def export_csv(session: Session, actor: Actor, filters: AuditFilters) -> Iterator[str]:
    """The matching events as CSV lines (oldest first). The export itself is audited."""
    record(session, actor, "audit.export", details=_describe(filters))
    session.commit()
    header = export_header()
    stmt = _filtered(session, filters)
    emails = dict(session.execute(select(User.id, User.email)).all()) if stmt is not None else {}

    if stmt is None:
        return csv_lines(header, [])
    table = AuditEvent.__table__
    events = stream_rows(session, stmt.with_only_columns(*table.c).order_by(table.c.occurred_at, table.c.id))
    return csv_lines(header, (
        [event.id, event.occurred_at.isoformat(), emails.get(event.user_id, ""), event.organization_id or "",
         event.action, event.outcome, event.member_ref or "", event.target or "", event.ip_address or "",
         _details_text(event.details)]
        for event in events
    ))


def _details_text(details: dict[str, Any]) -> str:
    return "; ".join(f"{key}={value}" for key, value in sorted(details.items()) if value not in (None, ""))
