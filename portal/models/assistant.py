"""The assistant's log and the staff-approved phrases that tune it."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    func,
    inspect,
    select,
    text,
)
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
    # The conversation: its log key (not the id the asker holds, so the log cannot continue
    # it), the turn's number, how the turn was read (faq.conversation.READINGS) and the topic
    # the conversation was on before it.
    conversation: Mapped[str | None] = mapped_column(String(32), index=True)
    turn: Mapped[int] = mapped_column(Integer, default=1)
    reading: Mapped[str] = mapped_column(String(20), default="new")
    previous_topic_id: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")  # en | es


class AssistantConversation(Base):
    """A conversation's server-side memory: the engine's context (topic ids, counters and the
    knowledge base's own words; never what the asker typed). Found by the hash of the id the
    asker holds; expires after a spell without a question and is then deleted."""

    __tablename__ = "assistant_conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    log_key: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(10))  # web | api
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    turns: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ContactRequest(Base):
    """ "Contact me": someone asked the assistant (or the Contact us page) for a person. Support
    staff see it in their queue and mark it done; done requests are deleted after a while."""

    __tablename__ = "contact_requests"
    __table_args__ = (
        CheckConstraint("method IN ('phone', 'email')", name="method"),
        CheckConstraint("status IN ('open', 'done')", name="status"),
        Index("ix_contact_requests_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(20), default="anonymous")
    conversation: Mapped[str | None] = mapped_column(String(32))  # the assistant conversation's log key
    topic_id: Mapped[str | None] = mapped_column(String(80))
    about: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(120))
    method: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    best_time: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")  # en | es


class AssistantPhrase(Base):
    """A staff-approved alternate phrasing or negative example of a knowledge-base topic, or
    an emergency phrasing (`topic_id` is then the emergency kind: crisis, violence, poison or
    medical). Alternates and negatives take effect when added; an emergency phrasing only once a
    second support user or an admin has approved it (`approved_at`)."""

    __tablename__ = "assistant_phrases"
    __table_args__ = (
        CheckConstraint("kind IN ('alternate', 'negative', 'emergency')", name="kind"),
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
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")  # en | es
    normalized: Mapped[str] = mapped_column(String(500))
    source_exchange_id: Mapped[int | None] = mapped_column(ForeignKey("assistant_exchanges.id"))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def pending(self) -> bool:
        """An emergency phrasing waiting for a second person's approval."""
        return self.approved_at is None and self.removed_at is None


class AssistantDailyStat(Base):
    """How many questions were asked per UTC day, audience, outcome, feedback and topic: the
    support dashboard reads these few rows instead of scanning every exchange. Kept up to
    date by the listeners below on every exchange added or rated through the ORM; bulk
    loads and purges call `rebuild_daily_stats`."""

    __tablename__ = "assistant_daily_stats"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    audience: Mapped[str] = mapped_column(String(20), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(20), primary_key=True)
    feedback: Mapped[str] = mapped_column(String(20), primary_key=True)  # "" when none given
    topic_id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "" when none
    questions: Mapped[int] = mapped_column(Integer, default=0)


def _stat_key(day: date, audience: str, outcome: str, feedback: str | None, topic_id: str | None) -> dict[str, Any]:
    return {"day": day, "audience": audience, "outcome": outcome, "feedback": feedback or "",
            "topic_id": topic_id or ""}


def _bump(connection, key: dict[str, Any], delta: int) -> None:
    table = AssistantDailyStat.__table__
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(**key, questions=delta)
    connection.execute(statement.on_conflict_do_update(
        index_elements=list(key), set_={"questions": table.c.questions + statement.excluded.questions}))


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(timezone.utc).date()


@event.listens_for(AssistantExchange, "after_insert")
def _count_exchange(_mapper, connection, exchange: AssistantExchange) -> None:
    _bump(connection, _stat_key(_utc_day(exchange.created_at), exchange.audience, exchange.outcome,
                                exchange.feedback, exchange.topic_id), 1)


@event.listens_for(AssistantExchange, "after_update")
def _move_rated_exchange(_mapper, connection, exchange: AssistantExchange) -> None:
    history = inspect(exchange).attrs.feedback.history
    if not history.has_changes():
        return
    day = _utc_day(exchange.created_at)
    before = history.deleted[0] if history.deleted else None
    _bump(connection, _stat_key(day, exchange.audience, exchange.outcome, before, exchange.topic_id), -1)
    _bump(connection, _stat_key(day, exchange.audience, exchange.outcome, exchange.feedback, exchange.topic_id), 1)


def rebuild_daily_stats(connection, first_day: date | None = None, last_day: date | None = None) -> None:
    """Recount the stats of a range of days (all days when not given) from the exchanges."""
    stats, exchanges = AssistantDailyStat.__table__, AssistantExchange.__table__
    if connection.dialect.name == "postgresql":
        day = func.date(func.timezone("UTC", exchanges.c.created_at))
    else:
        day = func.date(exchanges.c.created_at)
    delete = stats.delete()
    where = []
    if first_day:
        delete = delete.where(stats.c.day >= first_day)
        where.append(exchanges.c.created_at >= datetime.combine(first_day, datetime.min.time(), timezone.utc))
    if last_day:
        delete = delete.where(stats.c.day <= last_day)
        where.append(exchanges.c.created_at < datetime.combine(last_day, datetime.min.time(), timezone.utc)
                     + timedelta(days=1))
    connection.execute(delete)
    feedback = func.coalesce(exchanges.c.feedback, "")
    topic = func.coalesce(exchanges.c.topic_id, "")
    grouped = (select(day, exchanges.c.audience, exchanges.c.outcome, feedback, topic, func.count())
               .where(*where).group_by(day, exchanges.c.audience, exchanges.c.outcome, feedback, topic))
    connection.execute(stats.insert().from_select(
        ["day", "audience", "outcome", "feedback", "topic_id", "questions"], grouped))
