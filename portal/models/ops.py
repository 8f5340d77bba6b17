"""Operational records: the notification outbox, imports, recent verifications and rate-limit counters."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


OUTBOX_STATUSES = ("queued", "sending", "sent", "failed", "cancelled", "skipped", "logged")


class OutboxMessage(Base):
    """A message to deliver, written in the same transaction as the change that causes it.

    It holds no text: what to say is rendered from `kind` and `context` when it is sent, so that
    no reset or invitation link (a secret) is ever stored. The worker claims a message
    (`sending`), sends it, and marks it `sent`; a passing failure puts it back in the queue until
    `next_attempt_at`, a lasting one ends it as `failed` with `last_error`.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20), default="email")
    recipient: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The language it is written in when its recipient chose none: the page's when it was queued.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    subject: Mapped[str] = mapped_column(String(200), default="")  # filled in when it is sent
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))  # the worker round sending it
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportRun(Base):
    """One data import: what file, what it changed, what it rejected."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    dry_run: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Why a failed import failed (its worker's heartbeat is kept in the job queue's storage).
    failure: Mapped[str | None] = mapped_column(String(500))


class VerificationRecord(Base):
    """A verification an office user ran, kept 24 hours for their "recent" list."""

    __tablename__ = "verification_records"
    __table_args__ = (Index("ix_verification_records_user_created", "user_id", "created_at"),
                      Index("ix_verification_records_created", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20), default="member")
    query_ref: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RateLimitCounter(Base):
    """One fixed-window rate-limit counter, shared by every worker (portal/ratelimit.py)."""

    __tablename__ = "rate_limit_counters"

    counter_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # a Unix time, as the limits library counts
