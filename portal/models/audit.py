"""The append-only audit trail."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


BATCH_CHANNELS_SQL = "('web-batch', 'api-batch')"


class AuditEvent(Base):
    """Who did what to which record, when, and with what outcome. Never updated or deleted."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_occurred_at", "occurred_at"),
        Index("ix_audit_events_user_occurred", "user_id", "occurred_at"),
        Index("ix_audit_events_action_occurred", "action", "occurred_at"),
        Index("ix_audit_events_member_ref", "member_ref"),
        # The admin dashboard's batch rows per day (portal/services/activity.py), without reading
        # every verification: a partial index of the batch ones only.
        Index("ix_audit_events_batch_verify", "occurred_at",
              postgresql_where=text(f"action = 'member.verify' AND (details ->> 'channel') IN {BATCH_CHANNELS_SQL}"),
              sqlite_where=text(f"action = 'member.verify' AND json_extract(details, '$.channel') IN {BATCH_CHANNELS_SQL}")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    action: Mapped[str] = mapped_column(String(60))
    outcome: Mapped[str] = mapped_column(String(30), default="success")
    # The member's ID as looked up (not a foreign key: a failed lookup has no member row).
    member_ref: Mapped[str | None] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(200))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
