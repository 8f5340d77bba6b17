"""The assistant's log and the staff-approved phrases that tune it."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


class AssistantExchange(Base):
    """One question and the assistant's answer. The question is masked before storage."""

    __tablename__ = "assistant_exchanges"
    __table_args__ = (
        CheckConstraint("outcome IN ('answer', 'clarify', 'fallback', 'emergency')", name="outcome"),
        CheckConstraint("feedback IS NULL OR feedback IN ('helpful', 'not_helpful')", name="feedback"),
        Index("ix_assistant_exchanges_created_at", "created_at"),
        Index("ix_assistant_exchanges_outcome_created", "outcome", "created_at"),
        Index("ix_assistant_exchanges_topic_created", "topic_id", "created_at"),
        Index("ix_assistant_exchanges_reviewed_created", "reviewed", "created_at"),
        Index("ix_assistant_exchanges_label", "label"),
        Index("ix_assistant_exchanges_dashboard", "created_at", "audience", "outcome", "feedback", "topic_id",
              "latency_ms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(20), default="anonymous")
    audience: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))
    topic_id: Mapped[str | None] = mapped_column(String(80))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    picked_suggestion: Mapped[str | None] = mapped_column(String(80))
    feedback: Mapped[str | None] = mapped_column(String(20))
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_by_user_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tags: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Set by a reviewer: the topic that should have answered, EMERGENCY or FALLBACK; reviewed
    # exchanges with a label are exported in the `python -m faq eval` format.
    label: Mapped[str | None] = mapped_column(String(80))


class AssistantPhrase(Base):
    """A staff-approved alternate phrasing or negative example of a knowledge-base topic."""

    __tablename__ = "assistant_phrases"
    __table_args__ = (
        CheckConstraint("kind IN ('alternate', 'negative')", name="kind"),
        Index(
            "uq_assistant_phrases_active_phrase",
            "normalized",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    phrase: Mapped[str] = mapped_column(String(500))
    normalized: Mapped[str] = mapped_column(String(500))
    source_exchange_id: Mapped[int | None] = mapped_column(ForeignKey("assistant_exchanges.id"))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
