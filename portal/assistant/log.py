"""The support console's view of the assistant's log: searching it, one exchange or one
conversation, the CSV and TSV exports, the dashboard, and retention.

Everything is computed in the database (aggregates, indexed filters, pages), never by
loading the log into Python, so it holds up with a million exchanges. Every look and every
purge writes an audit event.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from portal.i18n import LANGUAGES
from portal.models import AssistantDailyStat, AssistantExchange, AssistantPhrase, rebuild_daily_stats, utcnow
from portal.services import audit
from portal.services.audit import Actor
from portal.services.csv_export import csv_lines, safe_csv_cell, stream_rows
from portal.services.pagination import Page

OUTCOMES = ("answer", "clarify", "fallback", "emergency")


class SupportError(Exception):
    """A refused support action; `message` is for the person (a lazy message is made text now, in
    the request's language: left lazy, a template would take it as safe HTML, unescaped)."""

    def __init__(self, message: str, status: int = 400, field: str | None = None):
        super().__init__(str(message))
        self.message, self.status, self.field = str(message), status, field


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), timezone.utc)


# --- the log ----------------------------------------------------------------------------------


def record_exchange(session: Session, *, user_id: int | None, role: str, audience: str, question: str,
                    outcome: str, topic_id: str | None, confidence: float, candidates: list[dict[str, Any]],
                    latency_ms: float, tags: str = "", conversation: str | None = None, turn: int = 1,
                    reading: str = "new", previous_topic_id: str | None = None,
                    language: str = "en") -> AssistantExchange:
    """Add one (already masked) exchange to the log; the caller commits. `language` is the
    answer's language ("en" or "es"): support staff filter by it, and the review queue never
    groups questions of two languages together."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    exchange = AssistantExchange(
        user_id=user_id, role=role, audience=audience, question=question, outcome=outcome, topic_id=topic_id,
        confidence=confidence, candidates=candidates, latency_ms=latency_ms, tags=tags, conversation=conversation,
        turn=turn, reading=reading, previous_topic_id=previous_topic_id, language=language)
    session.add(exchange)
    return exchange


@dataclass(frozen=True)
class LogFilters:
    date_from: date | None = None
    date_to: date | None = None
    outcome: str = ""
    topic: str = ""
    audience: str = ""
    role: str = ""
    feedback: str = ""  # helpful | not_helpful | none
    confidence_min: float | None = None
    confidence_max: float | None = None
    reviewed: str = ""  # yes | no
    language: str = ""  # en | es; "" for any
    q: str = ""
    page: int = 1
    per_page: int = 50

    def describe(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(self).items()
                if v not in (None, "") and k not in ("page", "per_page")}


def _filtered(filters: LogFilters) -> Select:
    stmt = select(AssistantExchange)
    if filters.date_from:
        stmt = stmt.where(AssistantExchange.created_at >= _start(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(AssistantExchange.created_at < _start(filters.date_to + timedelta(days=1)))
    for column, value in ((AssistantExchange.outcome, filters.outcome), (AssistantExchange.topic_id, filters.topic),
                          (AssistantExchange.audience, filters.audience), (AssistantExchange.role, filters.role),
                          (AssistantExchange.language, filters.language)):
        if value:
            stmt = stmt.where(column == value)
    if filters.feedback == "none":
        stmt = stmt.where(AssistantExchange.feedback.is_(None))
    elif filters.feedback:
        stmt = stmt.where(AssistantExchange.feedback == filters.feedback)
    if filters.confidence_min is not None:
        stmt = stmt.where(AssistantExchange.confidence >= filters.confidence_min)
    if filters.confidence_max is not None:
        stmt = stmt.where(AssistantExchange.confidence <= filters.confidence_max)
    if filters.reviewed:
        stmt = stmt.where(AssistantExchange.reviewed.is_(filters.reviewed == "yes"))
    if filters.q:
        pattern = "%" + filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(AssistantExchange.question.ilike(pattern, escape="\\"))
    return stmt


def search_log(session: Session, actor: Actor, filters: LogFilters) -> Page[AssistantExchange]:
    stmt = _filtered(filters)
    total = session.scalar(select(func.count()).select_from(stmt.with_only_columns(AssistantExchange.id).subquery()))
    rows = session.scalars(stmt.order_by(AssistantExchange.created_at.desc(), AssistantExchange.id.desc())
                           .limit(filters.per_page).offset((filters.page - 1) * filters.per_page)).all()
    audit.record(session, actor, "assistant.log_view", details={**filters.describe(), "page": filters.page})
    session.commit()
    return Page(rows, filters.page, filters.per_page, total or 0)


def get_exchange(session: Session, actor: Actor, exchange_id: int) -> AssistantExchange | None:
    exchange = session.get(AssistantExchange, exchange_id)
    if exchange is not None:
        audit.record(session, actor, "assistant.log_view", target=f"exchange:{exchange_id}")
        session.commit()
    return exchange


def conversation_turns(session: Session, actor: Actor, key: str) -> list[AssistantExchange]:
    """The logged turns of one conversation (by its log key), in order; the look is audited."""
    if not key or len(key) > 32:
        return []
    turns = list(session.scalars(select(AssistantExchange).where(AssistantExchange.conversation == key)
                                 .order_by(AssistantExchange.turn, AssistantExchange.id).limit(200)))
    if turns:
        audit.record(session, actor, "assistant.conversation_view", target=f"conversation:{key}",
                     details={"turns": len(turns)})
        session.commit()
    return turns


LOG_COLUMNS = ("id", "created_at", "role", "audience", "question", "outcome", "topic_id", "confidence",
               "candidates", "picked_suggestion", "feedback", "latency_ms", "reviewed", "label", "tags", "note",
               "language")


def export_csv(session: Session, actor: Actor, filters: LogFilters) -> Iterator[str]:
    audit.record(session, actor, "assistant.export", details={**filters.describe(), "format": "csv"})
    session.commit()
    table = AssistantExchange.__table__
    rows = stream_rows(session, _filtered(filters).with_only_columns(*table.c).order_by(table.c.id))
    return csv_lines(LOG_COLUMNS, (
        [e.id, e.created_at.isoformat(), e.role, e.audience, e.question, e.outcome, e.topic_id or "", e.confidence,
         "; ".join(f"{c['topic_id']} {c['score']}" for c in e.candidates or []), e.picked_suggestion or "",
         e.feedback or "", e.latency_ms, "yes" if e.reviewed else "no", e.label or "", e.tags, e.note, e.language]
        for e in rows
    ))


def export_eval_tsv(session: Session, actor: Actor, filters: LogFilters) -> Iterator[str]:
    """Reviewed, labelled exchanges as `expected<TAB>audience<TAB>question` lines."""
    audit.record(session, actor, "assistant.export", details={**filters.describe(), "format": "eval-tsv"})
    session.commit()
    stmt = _filtered(filters).where(AssistantExchange.reviewed.is_(True), AssistantExchange.label.is_not(None))

    def lines() -> Iterator[str]:
        yield "expected\taudience\tquestion\n"
        columns = (AssistantExchange.label, AssistantExchange.audience, AssistantExchange.question)
        for exchange in stream_rows(session, stmt.with_only_columns(*columns).order_by(AssistantExchange.id)):
            question = " ".join(exchange.question.replace("\t", " ").split())
            if question:  # a spreadsheet would run "=..." as a formula: neutralized as in the CSV
                yield f"{exchange.label}\t{exchange.audience}\t{safe_csv_cell(question)}\n"

    return lines()


# --- the dashboard -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    days: list[tuple[str, int]]
    total: int
    outcomes: dict[str, int]
    feedback: dict[str, int]
    top_topics: list[tuple[str, int]]
    unanswered: list[tuple[str, str, int]]  # question, its language, how often
    median_latency_ms: float | None
    # The same days as dates, and each outcome's questions on each of them (the charts).
    dates: list[date] = field(default_factory=list)
    outcomes_per_day: dict[str, list[int]] = field(default_factory=dict)

    def rate(self, outcome: str) -> float:
        return self.outcomes.get(outcome, 0) / self.total if self.total else 0.0


SAMPLE = 20_000  # newest exchanges of a period used for the median and the unanswered list


def dashboard(session: Session, actor: Actor, date_from: date, date_to: date, audience: str = "") -> Dashboard:
    """The period's counts come from the daily stats (a few rows per day, kept up to date as
    exchanges are logged and rated); the median answer time and the most frequent unanswered
    questions come from the period's newest SAMPLE exchanges."""
    stats = AssistantDailyStat
    in_period = [stats.day >= date_from, stats.day <= date_to]
    if audience:
        in_period.append(stats.audience == audience)
    total_questions = func.sum(stats.questions)

    outcomes: dict[str, int] = {}
    feedback: dict[str, int] = {}
    for outcome, given, count in session.execute(
            select(stats.outcome, stats.feedback, total_questions).where(*in_period)
            .group_by(stats.outcome, stats.feedback)):
        outcomes[outcome] = outcomes.get(outcome, 0) + int(count)
        feedback[given or "none"] = feedback.get(given or "none", 0) + int(count)
    total = sum(outcomes.values())
    dates = [date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)]
    index = {day.isoformat(): n for n, day in enumerate(dates)}
    per_outcome = {outcome: [0] * len(dates) for outcome in OUTCOMES}
    for day, outcome, count in session.execute(
            select(stats.day, stats.outcome, total_questions).where(*in_period).group_by(stats.day, stats.outcome)):
        n = index.get(str(day))
        if n is not None and outcome in per_outcome:
            per_outcome[outcome][n] += int(count)
    days = [(day.isoformat(), sum(values[n] for values in per_outcome.values())) for n, day in enumerate(dates)]
    top_topics = [(topic, int(count)) for topic, count in session.execute(
        select(stats.topic_id, total_questions).where(*in_period, stats.outcome == "answer", stats.topic_id != "")
        .group_by(stats.topic_id).order_by(total_questions.desc(), stats.topic_id).limit(10))]

    table = AssistantExchange
    where = _filtered(LogFilters(date_from=date_from, date_to=date_to, audience=audience)).whereclause
    unanswered_sample = (select(table.question, table.language)
                         .where(where, table.outcome.in_(("fallback", "clarify")))
                         .order_by(table.created_at.desc()).limit(SAMPLE).subquery())
    # The same words asked in two languages are two needs (and two answers to write).
    unanswered = [(question, language, count) for question, language, count in session.execute(
        select(unanswered_sample.c.question, unanswered_sample.c.language, func.count())
        .group_by(unanswered_sample.c.question, unanswered_sample.c.language)
        .order_by(func.count().desc(), unanswered_sample.c.question, unanswered_sample.c.language).limit(10))]
    latency_sample = (select(table.latency_ms).where(where).order_by(table.created_at.desc()).limit(SAMPLE)
                      .subquery())
    sampled = min(total, SAMPLE)
    median = session.scalar(select(latency_sample.c.latency_ms).order_by(latency_sample.c.latency_ms)
                            .limit(1).offset(sampled // 2)) if sampled else None

    audit.record(session, actor, "assistant.dashboard_view",
                 details={"from": date_from.isoformat(), "to": date_to.isoformat(), "audience": audience})
    session.commit()
    return Dashboard(days, total, outcomes, feedback, top_topics, unanswered, median, dates, per_outcome)



# --- retention ----------------------------------------------------------------------------------------


def unlink_users(session: Session, hours: int, batch: int = 1000) -> int:
    """Drop the link from exchanges to the user who asked once it is no longer needed.

    The link serves only while the asker's session can still rate an answer or pick a
    suggestion (a session lasts at most SESSION_MAX_HOURS); personal answers are made when
    asked and need no stored link. After that, an exchange keeps only the asker's role."""
    cutoff = utcnow() - timedelta(hours=hours)
    expired = (select(AssistantExchange.id).where(AssistantExchange.user_id.is_not(None),
                                                  AssistantExchange.created_at < cutoff)
               .limit(batch).scalar_subquery())
    return session.execute(update(AssistantExchange).where(AssistantExchange.id.in_(expired))
                           .values(user_id=None)).rowcount or 0


def purge(session: Session, days: int) -> int:
    """Delete exchanges older than `days` days (staff phrasings keep their text)."""
    cutoff = utcnow() - timedelta(days=days)
    old = select(AssistantExchange.id).where(AssistantExchange.created_at < cutoff)
    session.execute(update(AssistantPhrase).where(AssistantPhrase.source_exchange_id.in_(old))
                    .values(source_exchange_id=None))
    removed = session.execute(delete(AssistantExchange).where(AssistantExchange.created_at < cutoff)).rowcount or 0
    # The daily counts follow the log: days before the cutoff go, the cutoff's day is recounted.
    rebuild_daily_stats(session.connection(), last_day=cutoff.date())
    audit.record(session, Actor(role="admin", ip_address="cli"), "assistant.purge",
                 details={"days": days, "removed": removed})
    session.commit()
    return removed


def purge_log(session: Session, days: int, link_hours: int, source: str) -> tuple[int, int]:
    """The assistant log's retention (the CLI and the worker's nightly task): delete exchanges
    older than `days`, unlink the asking user from those older than `link_hours`; audited."""
    removed = purge(session, days)
    unlinked = 0
    while batch := unlink_users(session, link_hours):
        unlinked += batch
        session.commit()
    audit.record(session, Actor(role="admin", ip_address=source), "assistant.purge",
                 details={"unlinked": unlinked, "hours": link_hours})
    session.commit()
    return removed, unlinked
