"""Member verification for physician offices: is this patient attributed to a Collaborative
Care program on the date of service, and in which clinical and lifestyle programs are they
enrolled?

A verification needs member ID + date of birth + last name. Anything that does not match
exactly one member answers the same generic "no match", whichever field was wrong. A match
returns the minimum necessary: name and date of birth (to confirm the patient), the
attribution on the date of service (program, group, PCP, care coordinator and phone,
period) and enrollments. No address, no diagnoses.

One verification costs one query (the member by its unique ID, with its attributions and
enrollments) and one audit INSERT, plus a recent-list INSERT for results seen in the portal;
a batch costs one query per chunk of rows, whatever its size. Every verification, batch row
and roster access is audited.
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, bindparam, delete, insert, select
from sqlalchemy.orm import Session, aliased

from portal.models import (
    Attribution,
    CareCoordinator,
    ClinicalProgram,
    Enrollment,
    Member,
    Organization,
    Program,
    Provider,
    VerificationRecord,
    clinician_name,
    period_covers,
    utcnow,
)
from portal.services import audit
from portal.services.audit import Actor
from portal.services.text import name_key, strip_controls

if TYPE_CHECKING:
    from flask_babel.speaklater import LazyString

# The API's answer for no match (a contract for programs: English; the pages say it themselves).
NO_MATCH = ("No match. We could not find a member with these details. Check the member ID, date of birth and "
            "last name against the patient's ID card and try again.")
RECENT_HOURS = 24
# Expired records are never shown (reads filter on age); deleting them is done by
# `flask verifications purge` (cron) and, as a safety net, by one verification in PURGE_EVERY.
PURGE_EVERY = 50
_NAME_PUNCTUATION = frozenset(" -'.,\u2019")
IN_CLAUSE_CHUNK = 500


class VerificationError(ValueError):
    """Input that cannot be verified; `field` names the input field at fault. The message is
    lazy: it is written in the language of the page (or answer) it is shown on."""

    def __init__(self, message: str | LazyString, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class VerificationQuery:
    member_id: str
    date_of_birth: date
    last_name: str
    date_of_service: date

    @property
    def member_ref(self) -> str:
        return normalize_member_id(self.member_id)


def normalize_member_id(raw: str) -> str:
    return strip_controls(raw or "").replace(" ", "").upper()[:40]


# --- parsing and validation (shared by the web form, the CSV batch and the API) -------------


def parse_date(raw: Any, field: str) -> date:
    """The date of `field` ("date_of_birth" or "date_of_service"), or VerificationError."""
    if isinstance(raw, date):
        return raw
    text = strip_controls(str(raw or ""))
    birth = field == "date_of_birth"
    if not text:
        raise VerificationError(_l("Date of birth is missing.") if birth else _l("Date of service is missing."), field)
    try:
        return date.fromisoformat(text) if len(text) == 10 and text[4] == "-" else _us_date(text)
    except ValueError:
        shown = text[:20]
        raise VerificationError(
            _l("Date of birth \u201c%(text)s\u201d is not a real date: use YYYY-MM-DD (or MM/DD/YYYY).", text=shown)
            if birth else
            _l("Date of service \u201c%(text)s\u201d is not a real date: use YYYY-MM-DD (or MM/DD/YYYY).", text=shown),
            field) from None


def _us_date(text: str) -> date:
    month, day, year = text.split("/")
    if len(year) != 4:
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def build_query(member_id: Any, date_of_birth: Any, last_name: Any, date_of_service: Any = None,
                today: date | None = None) -> VerificationQuery:
    """A validated query from raw input, or VerificationError naming the field at fault."""
    today = today or date.today()
    member_ref = normalize_member_id(str(member_id or ""))
    if not member_ref:
        raise VerificationError(_l("Member ID is missing."), "member_id")
    if len(member_ref) > 20 or not member_ref.isalnum():
        raise VerificationError(_l("Member ID has letters and digits only, at most 20."), "member_id")
    born = parse_date(date_of_birth, "date_of_birth")
    if born > today:
        raise VerificationError(_l("Date of birth is in the future."), "date_of_birth")
    if born.year < 1900:
        raise VerificationError(_l("Date of birth is before 1900."), "date_of_birth")
    last = strip_controls(str(last_name or ""))
    if not last:
        raise VerificationError(_l("Last name is missing."), "last_name")
    if len(last) > 80 or not name_key(last) or not all(ch.isalpha() or ch in _NAME_PUNCTUATION for ch in last):
        raise VerificationError(_l("Last name can have letters, spaces, hyphens and apostrophes only, at most 80."),
                                "last_name")
    service = parse_date(date_of_service, "date_of_service") if date_of_service not in (None, "") else today
    if service < born:
        raise VerificationError(_l("Date of service is before the date of birth."), "date_of_service")
    if abs((service - today).days) > 366 * 2:
        raise VerificationError(_l("Date of service must be within two years of today."), "date_of_service")
    return VerificationQuery(member_ref, born, last, service)


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrollmentInfo:
    program: str
    category: str
    status: str
    since: str  # ISO date


@dataclass(frozen=True)
class AttributionInfo:
    program: str
    program_slug: str
    organization: str
    pcp: str | None
    pcp_npi: str | None
    care_coordinator: str | None
    care_coordinator_phone: str | None
    start_date: str
    end_date: str | None


@dataclass(frozen=True)
class VerificationResult:
    """What an office may see. `matched` False carries nothing but the generic message."""

    matched: bool
    member_id: str
    date_of_service: str
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: str | None = None
    attribution: AttributionInfo | None = None
    enrollments: list[EnrollmentInfo] = field(default_factory=list)

    @property
    def attributed(self) -> bool:
        return self.attribution is not None

    def to_dict(self) -> dict[str, Any]:
        if not self.matched:
            return {"match": False, "message": NO_MATCH}
        # Field by field (dataclasses.asdict deep-copies every value: slow on the hot path).
        return {"match": True, "member_id": self.member_id, "date_of_service": self.date_of_service,
                "first_name": self.first_name, "last_name": self.last_name, "date_of_birth": self.date_of_birth,
                "attribution": dict(vars(self.attribution)) if self.attribution else None,
                "enrollments": [dict(vars(e)) for e in self.enrollments], "attributed": self.attributed}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VerificationResult:
        if not data.get("match"):
            return cls(False, data.get("member_id", ""), data.get("date_of_service", ""))
        attribution = AttributionInfo(**data["attribution"]) if data.get("attribution") else None
        return cls(True, data["member_id"], data["date_of_service"], data["first_name"], data["last_name"],
                   data["date_of_birth"], attribution, [EnrollmentInfo(**e) for e in data.get("enrollments", [])])


def _on(moment: datetime | None) -> date | None:
    return moment.astimezone(timezone.utc).date() if moment else None


def _enrollment_status(row: Row, day: date) -> tuple[str, date] | None:
    """The enrollment's status on `day`, and since when; None if it had not started."""
    enrolled = _on(row.enrolled_at)
    if enrolled is None or enrolled > day:
        return None
    for status, moment in (("withdrawn", row.withdrawn_at), ("completed", row.completed_at)):
        ended = _on(moment)
        if ended and ended <= day:
            return status, ended
    return "active", enrolled


def _clinician(first: str | None, last: str | None, credential: str | None) -> str | None:
    return clinician_name(first, last, credential) if first is not None else None  # None: no one (outer join)


def _result(member: Row, query: VerificationQuery, attributions: Iterable[Row],
            enrollments: Iterable[Row]) -> VerificationResult:
    day = query.date_of_service
    current = next((a for a in attributions if period_covers(a.start_date, a.end_date, day)), None)
    attribution = None
    if current is not None:
        attribution = AttributionInfo(
            program=current.program, program_slug=current.program_slug, organization=current.organization,
            pcp=_clinician(current.pcp_first, current.pcp_last, current.pcp_credential), pcp_npi=current.pcp_npi,
            care_coordinator=_clinician(current.cc_first, current.cc_last, current.cc_credential),
            care_coordinator_phone=current.cc_phone,
            start_date=current.start_date.isoformat(),
            end_date=current.end_date.isoformat() if current.end_date else None,
        )
    infos = []
    for enrollment in sorted(enrollments, key=lambda e: (e.clinical_program, e.enrolled_at)):
        status = _enrollment_status(enrollment, day)
        if status:
            infos.append(EnrollmentInfo(enrollment.clinical_program, enrollment.category, status[0],
                                        status[1].isoformat()))
    # One line per clinical program: the latest enrollment's status.
    latest = {info.program: info for info in infos}
    return VerificationResult(True, member.member_id, day.isoformat(), member.first_name, member.last_name,
                              member.date_of_birth.isoformat(), attribution, list(latest.values()))


def _matches(member: Row | None, query: VerificationQuery) -> bool:
    return member is not None and member.date_of_birth == query.date_of_birth \
        and member.last_name_key == name_key(query.last_name)


# The hot path of every verification: plain column rows (no ORM objects to build), from
# statements built once (SQLAlchemy's compiled cache serves every call), run on the session's
# connection.
_PCP, _COORDINATOR = aliased(Provider), aliased(CareCoordinator)
# Members by their IDs, each with all their attributions and all their enrollments in one
# query: a row per (attribution, enrollment) pair, NULLs where a member has none. Members
# have one or two of each, so the product stays small, and it saves a round trip.
_MEMBER_DETAILS = (
    select(Member.id.label("pk"), Member.member_id, Member.first_name, Member.last_name, Member.last_name_key,
           Member.date_of_birth, Attribution.id.label("attribution_id"), Attribution.start_date,
           Attribution.end_date, Program.name.label("program"), Program.slug.label("program_slug"),
           Organization.name.label("organization"), _PCP.first_name.label("pcp_first"),
           _PCP.last_name.label("pcp_last"), _PCP.credential.label("pcp_credential"), _PCP.npi.label("pcp_npi"),
           _COORDINATOR.first_name.label("cc_first"), _COORDINATOR.last_name.label("cc_last"),
           _COORDINATOR.credential.label("cc_credential"), _COORDINATOR.phone.label("cc_phone"),
           Enrollment.id.label("enrollment_id"), Enrollment.enrolled_at, Enrollment.withdrawn_at,
           Enrollment.completed_at, ClinicalProgram.name.label("clinical_program"), ClinicalProgram.category)
    .select_from(Member)
    .outerjoin(Attribution, Attribution.member_id == Member.id)
    .outerjoin(Program, Program.id == Attribution.program_id)
    .outerjoin(Organization, Organization.id == Program.organization_id)
    .outerjoin(_PCP, _PCP.id == Attribution.pcp_id)
    .outerjoin(_COORDINATOR, _COORDINATOR.id == Attribution.care_coordinator_id)
    .outerjoin(Enrollment, Enrollment.member_id == Member.id)
    .outerjoin(ClinicalProgram, ClinicalProgram.id == Enrollment.clinical_program_id)
    .order_by(Member.id, Attribution.start_date.desc(), Enrollment.id)
)
# One member (the single verification: no IN list to expand per call), or a batch chunk's.
_ONE_MEMBER_DETAILS = _MEMBER_DETAILS.where(Member.member_id == bindparam("ref"))
_MANY_MEMBER_DETAILS = _MEMBER_DETAILS.where(Member.member_id.in_(bindparam("refs", expanding=True)))


def _lookup(session: Session, queries: Sequence[VerificationQuery]) -> list[VerificationResult]:
    """Results for many queries in one query per chunk (never one round trip per row)."""
    results: list[VerificationResult] = []
    connection = session.connection()  # the session's transaction, without the ORM's per-call work
    for start in range(0, len(queries), IN_CLAUSE_CHUNK):
        chunk = queries[start : start + IN_CLAUSE_CHUNK]
        members: dict[str, Row] = {}
        # Per member: its attributions (newest first) and enrollments, each once, by id.
        attributions: dict[int, dict[int, Row]] = defaultdict(dict)
        enrollments: dict[int, dict[int, Row]] = defaultdict(dict)
        refs = list({q.member_ref for q in chunk})
        rows = connection.execute(_ONE_MEMBER_DETAILS, {"ref": refs[0]}) if len(refs) == 1 \
            else connection.execute(_MANY_MEMBER_DETAILS, {"refs": refs})
        for row in rows:
            members.setdefault(row.member_id, row)
            if row.attribution_id is not None:
                attributions[row.pk].setdefault(row.attribution_id, row)
            if row.enrollment_id is not None:
                enrollments[row.pk].setdefault(row.enrollment_id, row)
        for query in chunk:
            # Two rows may name the same member ID with different details: each row matches on its own.
            member = members.get(query.member_ref)
            if _matches(member, query):
                results.append(_result(member, query, attributions[member.pk].values(),
                                       enrollments[member.pk].values()))
            else:
                results.append(VerificationResult(False, query.member_ref, query.date_of_service.isoformat()))
    return results


def _reference() -> str:
    return "V-" + secrets.token_hex(5).upper()


def _verify_event(result: VerificationResult, channel: str, reference: str, row: int | None = None) -> dict[str, Any]:
    """The audit event of one verification: who is added by the audit service."""
    details: dict[str, Any] = {"channel": channel, "reference": reference, "date_of_service": result.date_of_service}
    if row is not None:
        details["row"] = row
    if result.matched:
        details["attributed"] = result.attributed
    return {"outcome": "match" if result.matched else "no_match", "member_ref": result.member_id, "details": details}


_INSERT_RECORD = insert(VerificationRecord.__table__)
# Results shown in the portal are kept 24 hours, for the confirm step, the printout, the batch
# download and the user's recent list. Results sent to an office's system through the API are
# its to keep: the portal keeps no second copy of member details, only the audit event.
KEPT_CHANNELS = frozenset({"web", "web-batch"})


def _kept(actor: Actor, channel: str) -> bool:
    return actor.user_id is not None and channel in KEPT_CHANNELS


def verify(session: Session, actor: Actor, query: VerificationQuery, channel: str = "web") -> tuple[str, VerificationResult]:
    """Verify one member; audit it; keep the result 24 hours if seen in the portal.

    Returns (reference, result)."""
    result = _lookup(session, [query])[0]
    reference = _reference()
    # Plain INSERTs (no ORM objects to flush): this is the hot path of every office's day.
    audit.record_many(session, actor, "member.verify", [_verify_event(result, channel, reference)])
    if _kept(actor, channel):
        session.connection().execute(_INSERT_RECORD, {
            "reference": reference, "user_id": actor.user_id, "kind": "member", "query_ref": result.member_id,
            "outcome": "match" if result.matched else "no_match",
            "summary": {"result": result.to_dict(), "confirmed": False, "channel": channel}})
        _maybe_purge(session)
    session.commit()
    return reference, result


@dataclass(frozen=True)
class BatchRow:
    row: int  # line number in the file (header is line 1)
    raw: dict[str, str]
    error: VerificationError | None = None
    result: VerificationResult | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"row": self.row, "input": self.raw}
        if self.error:
            # Kept as text in the language of the page (or answer) it is made for.
            data.update({"status": "error", "field": self.error.field, "error": str(self.error.message)})
        else:
            assert self.result is not None
            data.update({"status": "match" if self.result.matched else "no_match", "result": self.result.to_dict()})
        return data


def verify_batch(session: Session, actor: Actor, rows: Sequence[tuple[int, dict[str, str]]], channel: str,
                 today: date | None = None) -> tuple[str, list[BatchRow]]:
    """Verify many rows of raw input (line number, fields). Rows with bad input are reported
    with the field at fault and are not looked up; the rest are looked up together."""
    parsed: list[tuple[int, dict[str, str], VerificationQuery | VerificationError]] = []
    for line, raw in rows:
        try:
            parsed.append((line, raw, build_query(raw.get("member_id"), raw.get("date_of_birth"),
                                                  raw.get("last_name"), raw.get("date_of_service"), today)))
        except VerificationError as error:
            parsed.append((line, raw, error))
    queries = [item for _, _, item in parsed if isinstance(item, VerificationQuery)]
    found = iter(_lookup(session, queries))
    reference = _reference()
    out: list[BatchRow] = []
    events: list[dict[str, Any]] = []
    for line, raw, item in parsed:
        if isinstance(item, VerificationError):
            out.append(BatchRow(line, raw, error=item))
            continue
        result = next(found)
        events.append(_verify_event(result, channel, reference, row=line))
        out.append(BatchRow(line, raw, result=result))
    audit.record_many(session, actor, "member.verify", events)
    if _kept(actor, channel):
        matches = sum(1 for row in out if row.result and row.result.matched)
        session.add(VerificationRecord(reference=reference, user_id=actor.user_id, kind="batch",
                                       query_ref=f"{len(out)} rows", outcome=f"{matches} matched",
                                       summary={"rows": [row.to_dict() for row in out], "channel": channel}))
    _maybe_purge(session)
    session.commit()
    return reference, out


# --- recent verifications ------------------------------------------------------------------------


def _cutoff() -> datetime:
    return utcnow() - timedelta(hours=RECENT_HOURS)


def _maybe_purge(session: Session) -> None:
    if secrets.randbelow(PURGE_EVERY) == 0:
        purge_expired(session)


def purge_expired(session: Session) -> int:
    """Delete verification records older than 24 hours (they hold member details)."""
    result = session.execute(delete(VerificationRecord.__table__).where(VerificationRecord.created_at < _cutoff()))
    return result.rowcount or 0


def recent(session: Session, actor: Actor, limit: int = 50) -> list[VerificationRecord]:
    """The actor's own verifications of the last 24 hours (the list shows members: audited)."""
    records = list(session.scalars(
        select(VerificationRecord)
        .where(VerificationRecord.user_id == actor.user_id, VerificationRecord.created_at >= _cutoff())
        .order_by(VerificationRecord.created_at.desc(), VerificationRecord.id.desc())
        .limit(limit)
    ))
    audit.member_view(session, actor, "recent verifications", (r.query_ref for r in records if r.kind != "batch"))
    return records


def get_record(session: Session, user_id: int, reference: str) -> VerificationRecord | None:
    """One of the user's own verifications from the last 24 hours (anyone else's is None)."""
    record = session.scalar(select(VerificationRecord).where(VerificationRecord.reference == reference[:24]))
    if record is None or record.user_id != user_id or record.created_at < _cutoff():
        return None
    return record


def confirm(session: Session, actor: Actor, record: VerificationRecord) -> None:
    """The office confirmed the patient (name and date of birth): details may now be shown."""
    if record.kind != "member" or record.outcome != "match" or record.summary.get("confirmed"):
        return
    record.summary = {**record.summary, "confirmed": True}
    audit.record(session, actor, "member.view", member_ref=record.query_ref,
                 details={"reference": record.reference, "what": "verification details"})
    session.commit()
