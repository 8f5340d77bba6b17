"""What the admin overview charts, per day of a period in the reader's time zone: member
verifications (single and batch rows), imports by outcome, e-mails by what became of them, and
failed sign-ins by reason. Also who the user ids shown on admin pages are (`people`).

Each count is one grouped query, never rows loaded into Python: rows are grouped by UTC hour
in the database and the hours are added up into the reader's days here, so that a day is the
reader's midnight to midnight, summer time included. The audit log's counts use its
(action, occurred_at) index; imports and the outbox (90 days kept) are small and read whole.
(Zones whose offset is not a whole number of hours, India or Newfoundland, count the events of
a part-hour at a day's edge in the neighbouring day.)

Verifications are the big one (the audit log's comment expects hundreds of millions a year).
Their total per hour is read from the audit log's (action, occurred_at) index alone (an
index-only scan on PostgreSQL); the batch rows among them are counted by a second query whose
WHERE clause is exactly the predicate of a partial index that would make it index-only too:
    CREATE INDEX ix_audit_events_batch_verify ON audit_events (occurred_at)
    WHERE action = 'member.verify' AND (details ->> 'channel') IN ('web-batch', 'api-batch')
Without that index it reads the period's verification rows. Either way the cost grows with
the verifications in the period (about 1 s per 2 million on PostgreSQL 15); at the volumes the
audit log expects, counts per hour kept in a table of their own (filled by the worker from the
events added since it last ran) would make it constant. Until then each worker reuses its
counts for ADMIN_ACTIVITY_CACHE_SECONDS (`counted_activity`), and the page says when they
were counted.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import Session

from portal.models import ApiToken, AuditEvent, ImportRun, Member, Organization, OutboxMessage, User
from portal.services.imports import KIND_NAMES

# The series of each chart, bottom of the bar first: key, what people read (in the page's
# language), and the stored values it counts.
BATCH_CHANNELS = ("web-batch", "api-batch")
VERIFICATIONS = (("single", _l("Single verifications"), ("single",)), ("batch", _l("Batch rows"), ("batch",)))
IMPORTS = (("applied", _l("Applied"), ("applied",)), ("dry_run", _l("Checked only (dry run)"), ("dry_run",)),
           ("rejected", _l("Rejected (errors in the file)"), ("rejected",)), ("failed", _l("Failed"), ("failed",)),
           ("running", _l("Still running"), ("queued", "running")))
EMAILS = (("sent", _l("Sent"), ("sent", "logged")), ("waiting", _l("Waiting to be sent"), ("queued", "sending")),
          ("failed", _l("Failed"), ("failed",)), ("not_sent", _l("Cancelled or skipped"), ("cancelled", "skipped")))
SIGN_INS = (("bad_password", _l("Wrong password"), ("auth.login_failed:bad_password",)),
            ("unknown", _l("Unknown e-mail address"), ("auth.login_failed:unknown_account",)),
            ("refused", _l("Locked, disabled or suspended account"),
             ("auth.login_failed:locked", "auth.login_failed:disabled", "auth.login_failed:organization_suspended")),
            ("second_factor", _l("Wrong second-factor code"), ("auth.second_factor_failed:",)))
SIGN_IN_ACTIONS = ("auth.login_failed", "auth.second_factor_failed")
PERIODS = (7, 30, 90)  # days the overview offers; 30 by default
DEFAULT_PERIOD = 30


@dataclass(frozen=True)
class Counts:
    """One series of a chart: a count for each day of the period."""

    key: str
    name: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Activity:
    days: tuple[date, ...]
    zone: str
    verifications: tuple[Counts, ...]
    imports: tuple[Counts, ...]
    emails: tuple[Counts, ...]
    sign_ins: tuple[Counts, ...]


_COUNTED: dict[tuple, tuple[datetime, Activity]] = {}
_COUNTED_LOCK = threading.Lock()


def counted_activity(session: Session, date_from: date, date_to: date, zone: str, now: datetime,
                     keep_seconds: float, database: str = "") -> tuple[Activity, datetime]:
    """daily_activity, reused by this worker for `keep_seconds` (the counts read the whole
    period's audit log): the counts and when they were counted."""
    key = (database, date_from, date_to, zone)
    with _COUNTED_LOCK:
        kept = _COUNTED.get(key)
    if kept is not None and keep_seconds > 0 and (now - kept[0]).total_seconds() < keep_seconds:
        return kept[1], kept[0]
    counts = daily_activity(session, date_from, date_to, zone)
    with _COUNTED_LOCK:
        if len(_COUNTED) >= 64:  # a few periods times the zones admins read in
            _COUNTED.clear()
        _COUNTED[key] = (now, counts)
    return counts, now


def period(days: int, zone: str, now: datetime) -> tuple[date, date]:
    """The last `days` days up to today, in the zone."""
    today = now.astimezone(ZoneInfo(zone)).date()
    return today - timedelta(days=days - 1), today


def daily_activity(session: Session, date_from: date, date_to: date, zone: str) -> Activity:
    """The overview's four charts for the days from `date_from` to `date_to` (in `zone`)."""
    if date_to < date_from:
        raise ValueError("the period ends before it starts")
    tz = ZoneInfo(zone)
    start = datetime.combine(date_from, time(), tz).astimezone(timezone.utc)
    end = datetime.combine(date_to + timedelta(days=1), time(), tz).astimezone(timezone.utc)
    days = tuple(date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1))
    hour = _hour_expression(session)

    def grouped(column, key: ColumnElement, *where) -> list[tuple[datetime | str, str, int]]:
        # Grouped over a subquery's columns: PostgreSQL would not match the two copies of an
        # expression holding bound parameters (the JSON path) in SELECT and GROUP BY.
        inner = select(hour(column).label("hour"), key.label("key")).where(column >= start, column < end, *where)
        inner = inner.subquery()
        return [(h, k or "", int(n)) for h, k, n in session.execute(
            select(inner.c.hour, inner.c.key, func.count()).group_by(inner.c.hour, inner.c.key))]

    event = AuditEvent
    # Literal values, not bound parameters: a partial index's predicate is matched only
    # against values the planner can see (PostgreSQL's generic plans of prepared statements).
    verify = event.action == literal_column("'member.verify'")
    every = grouped(event.occurred_at, literal_column("'single'"), verify)
    batch = grouped(event.occurred_at, literal_column("'batch'"), verify,
                    _channel(session).in_([literal_column(f"'{c}'") for c in BATCH_CHANNELS]))
    verifications = every + batch + [(h, "single", -n) for h, _, n in batch]  # single: all less the batch rows
    sign_ins = grouped(event.occurred_at, event.action + literal_column("':'") + func.coalesce(event.outcome, ""),
                       event.action.in_(SIGN_IN_ACTIONS))
    # A second-factor failure's outcome is always "success": what counts is its action.
    sign_ins = [(h, "auth.second_factor_failed:" if k.startswith("auth.second_factor_failed:") else k, n)
                for h, k, n in sign_ins]
    imports = grouped(ImportRun.started_at, ImportRun.status)
    emails = grouped(OutboxMessage.created_at, OutboxMessage.status)
    return Activity(days, zone, _series(VERIFICATIONS, verifications, days, tz), _series(IMPORTS, imports, days, tz),
                    _series(EMAILS, emails, days, tz), _series(SIGN_INS, sign_ins, days, tz))


def _hour_expression(session: Session):
    """The UTC hour a moment is in: a timestamp on PostgreSQL (date_trunc, cheaper than text),
    text on SQLite ("2026-11-03 14"); `_utc_hour` reads either."""
    if session.get_bind().dialect.name == "postgresql":
        return lambda column: func.date_trunc(literal_column("'hour'"), func.timezone(literal_column("'UTC'"), column))
    return lambda column: func.strftime(literal_column("'%Y-%m-%d %H'"), column)


def _channel(session: Session) -> ColumnElement:
    """A verification event's channel (web, api, web-batch, api-batch), the path written out."""
    if session.get_bind().dialect.name == "postgresql":
        return AuditEvent.details.op("->>")(literal_column("'channel'"))
    return func.json_extract(AuditEvent.details, literal_column("'$.channel'"))


def _utc_hour(value: datetime | str) -> datetime:
    if isinstance(value, str):
        return datetime.strptime(value, "%Y-%m-%d %H").replace(tzinfo=timezone.utc)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _series(spec, rows: list[tuple[datetime | str, str, int]], days: tuple[date, ...],
            tz: ZoneInfo) -> tuple[Counts, ...]:
    index = {day: n for n, day in enumerate(days)}
    series_of = {stored: key for key, _, values in spec for stored in values}
    values = {key: [0] * len(days) for key, _, _ in spec}
    for hour, stored, count in rows:
        key = series_of.get(stored)
        n = index.get(_utc_hour(hour).astimezone(tz).date())
        if key is not None and n is not None:
            values[key][n] += count
    return tuple(Counts(key, name, tuple(values[key])) for key, name, _ in spec)


# --- who the ids are ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str  # the display name; may be empty
    email: str
    role: str
    member_ref: str | None  # a patient's member ID

    @property
    def label(self) -> str:
        return self.name or self.email


def people(session: Session, ids: Iterable[int | None]) -> dict[int, Person]:
    """The accounts with these ids, in one query (ids of deleted accounts are left out)."""
    wanted = sorted({int(i) for i in ids if i})
    if not wanted:
        return {}
    rows = session.execute(
        select(User.id, User.display_name, User.email, User.role, Member.member_id)
        .outerjoin(Member, User.member_id == Member.id).where(User.id.in_(wanted)))
    return {row[0]: Person(*row) for row in rows}


@dataclass(frozen=True)
class Target:
    """An audit event's target ("organization:5") as people read it: its kind, id and name."""
    kind: str
    id: int
    label: str


def targets(session: Session, raw: Iterable[str | None]) -> dict[str, Target]:
    """Names for the organization, token and import targets among these, one query per kind."""
    wanted: dict[str, set[int]] = {"organization": set(), "token": set(), "import": set()}
    for target in raw:
        kind, _sep, number = (target or "").partition(":")
        if kind in wanted and number.isascii() and number.isdigit() and len(number) <= 9:
            wanted[kind].add(int(number))
    found: dict[str, Target] = {}
    if wanted["organization"]:
        for id_, name, city, state in session.execute(select(Organization.id, Organization.name, Organization.city,
                                                             Organization.state).where(Organization.id.in_(wanted["organization"]))):
            found[f"organization:{id_}"] = Target("organization", id_, f"{name} ({city}, {state})")
    if wanted["token"]:
        for id_, prefix, name in session.execute(select(ApiToken.id, ApiToken.prefix, ApiToken.name)
                                                 .where(ApiToken.id.in_(wanted["token"]))):
            found[f"token:{id_}"] = Target("token", id_, _("API token %(prefix)s… (%(name)s)", prefix=prefix, name=name)
                                           if name else _("API token %(prefix)s…", prefix=prefix))
    if wanted["import"]:
        for id_, kind, filename in session.execute(select(ImportRun.id, ImportRun.kind, ImportRun.filename)
                                                   .where(ImportRun.id.in_(wanted["import"]))):
            found[f"import:{id_}"] = Target("import", id_, _("Import of %(kind)s (%(file)s)", file=filename,
                                                             kind=KIND_NAMES.get(kind, kind.replace("_", " "))))
    return found


def target_user_id(target: str | None) -> int | None:
    """The user id of an audit event's target "user:42", if it is one."""
    if target and target.startswith("user:") and target[5:].isdigit():
        return int(target[5:])
    return None
