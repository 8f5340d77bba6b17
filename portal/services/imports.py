"""Imports of the payer's files: organizations, programs, providers with participation
periods, care coordinators, and members with their attribution (ATR-style: new, changed,
dropped).

How an import runs (`run_import`), whatever the kind and size:

1. every row is read and checked on its own (headers, encoding, required fields, dates in
   YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD, NPI check digits, choices, duplicates within the file);
2. the valid rows go in bulk into a temporary staging table;
3. references (organizations, programs, providers, coordinators) are resolved with a few
   joins, and rows whose references are unknown are reported and dropped;
4. the changes are applied with set-based statements: insert what is new, update only what
   differs (so importing the same file twice changes nothing), open, move or close
   attributions; all in one transaction. With all_or_nothing, any bad row means nothing is
   applied; with dry_run, the counts are reported and everything is rolled back.

The report lists every error with its line number and column, and the counts of what was
(or would be) created, updated and left unchanged. An ImportRun row records it.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import IO, Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    update,
)
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.models import (
    ARRANGEMENTS,
    ORGANIZATION_KINDS,
    SPECIALTIES,
    Attribution,
    CareCoordinator,
    ImportRun,
    Member,
    Organization,
    Program,
    Provider,
    ProviderParticipation,
    utcnow,
)
from portal.services import audit
from portal.services.audit import Actor
from portal.services.bulk import bulk_insert, deferred_indexes_and_keys
from portal.services.npi import InvalidNPI, normalize_npi
from portal.services.states import STATES
from portal.services.text import name_key, strip_controls

MAX_REPORTED_ERRORS = 1000
DEFER_INDEXES_FROM = 200_000  # staged rows from which PostgreSQL loads rebuild indexes at the end
PROGRESS_EVERY = 100_000


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (encoding, headers, empty)."""


# The messages of the report are written in the language of the page or job that runs the import
# (English on the command line); column names and the values a file may hold stay as documented.

# --- field parsers: raw text -> value, or ValueError with a message for the user -------------


def text(max_length: int, required: bool = True) -> Callable[[str], str | None]:
    def parse(raw: str) -> str | None:
        value = raw.strip()
        if not value.isprintable() or "  " in value:  # the common case skips the full cleaning
            value = strip_controls(value)
        if not value:
            if required:
                raise ValueError(_("is required"))
            return None
        if len(value) > max_length:
            raise ValueError(_("has more than %(max)s characters", max=max_length))
        return value
    return parse


def parse_date(raw: str) -> date:
    value = raw.strip()
    if len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)  # the common case, much faster than strptime
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%Y%m%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("%(value)s is not a date (use YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD)", value=repr(value[:20])))


def optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda raw: parse(raw) if raw.strip() else None


def choice(options: Iterable[str]) -> Callable[[str], str]:
    allowed = list(options)

    def parse(raw: str) -> str:
        value = raw.strip().lower().replace("-", "_").replace(" ", "_")
        if value not in allowed:
            raise ValueError(_("%(value)s is not one of %(allowed)s", value=repr(raw.strip()[:30]),
                               allowed=", ".join(allowed)))
        return value
    return parse


@lru_cache(maxsize=200_000)  # the same NPIs recur on many rows (PCPs of many members)
def npi(raw: str) -> str:
    try:
        return normalize_npi(raw)
    except InvalidNPI as error:
        raise ValueError(str(error)) from None


def state(raw: str) -> str:
    value = raw.strip().upper()
    if value not in STATES:
        raise ValueError(_("%(value)s is not a US state code", value=repr(value[:10])))
    return value


def yes_no(raw: str) -> int:
    """1 or 0 (staged as an integer on every database)."""
    value = raw.strip().lower()
    if value in ("y", "yes", "true", "1"):
        return 1
    if value in ("n", "no", "false", "0"):
        return 0
    raise ValueError(_("must be yes or no"))


def zip_code(raw: str) -> str:
    value = raw.strip()[:5]
    if len(value) != 5 or not value.isdigit():
        raise ValueError(_("must be a 5-digit ZIP code"))
    return value


def member_id(raw: str) -> str:
    value = raw.strip().upper()
    if not value or len(value) > 20 or not value.isalnum():
        raise ValueError(_("must be 1 to 20 letters and digits"))
    return value


# --- kinds ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    columns: dict[str, Callable[[str], Any]]  # header -> parser (required headers)
    optional_columns: dict[str, Callable[[str], Any]]
    key: tuple[str, ...]  # no two rows of a file may share it
    staging: tuple[tuple[str, Any], ...]  # extra staged columns (name, type) filled by resolve
    derive: Callable[[dict[str, Any]], None] | None = None  # adds computed fields to a parsed row
    description: str = ""
    # References to rows already in the database, resolved while reading: `lookups` loads the
    # maps once (a few hundred thousand keys at most), `resolve` fills the ids of one row.
    lookups: Callable[[Connection], dict[str, dict]] | None = None
    resolve: Callable[[dict[str, Any], dict[str, dict]], None] | None = None

    @property
    def headers(self) -> list[str]:
        return [*self.columns, *self.optional_columns]


_name_key = lru_cache(maxsize=100_000)(name_key)  # last names repeat across millions of members


def _derive_member(row: dict[str, Any]) -> None:
    row["last_name_key"] = _name_key(row["last_name"])
    status = row["status"] or "changed"
    row["status"] = status
    if status == "dropped":
        if row["attribution_end"] is None:
            raise ValueError("attribution_end: " + _("is required when status is dropped"))
    elif row["attribution_end"] is not None:
        raise ValueError("attribution_end: " + _("must be empty unless status is dropped"))
    row["close_date"] = row["attribution_start"] - timedelta(days=1)
    if row["attribution_end"] is not None and row["attribution_end"] < row["attribution_start"]:
        raise ValueError("attribution_end: " + _("is before attribution_start"))


def _derive_period(row: dict[str, Any]) -> None:
    start, end = row.get("start_date") or row.get("effective_date"), row.get("end_date")
    if end is not None and start is not None and end < start:
        raise ValueError("end_date: " + _("is before the start"))


def _organization_ids(connection: Connection) -> dict[str, int]:
    table = Organization.__table__
    return dict(connection.execute(select(table.c.external_id, table.c.id)).all())


def _program_ids(connection: Connection) -> dict[str, tuple[int, int]]:
    table = Program.__table__
    return {slug: (pk, org) for slug, pk, org in connection.execute(
        select(table.c.slug, table.c.id, table.c.organization_id))}


# What a reference that resolves to nothing says (lazy: every row passes them, few fail).
NO_ORGANIZATION = _l("no organization has this external_id")
NO_PROGRAM = _l("no program has this slug")
NO_PROVIDER = _l("no provider has this NPI")
NO_COORDINATOR = _l("no care coordinator of the program's organization has this e-mail")


def _lookup(maps: dict[str, dict], name: str, key: Any, column: str, message: Any) -> Any:
    try:
        return maps[name][key]
    except KeyError:
        raise ValueError(f"{column}: {message}") from None


def _resolve_organization(row: dict[str, Any], maps: dict[str, dict]) -> None:
    row["organization_id"] = _lookup(maps, "organizations", row["organization_external_id"],
                                     "organization_external_id", NO_ORGANIZATION)


def _resolve_provider(row: dict[str, Any], maps: dict[str, dict]) -> None:
    _resolve_organization(row, maps)
    row["program_id"] = _lookup(maps, "programs", row["program_slug"], "program_slug", NO_PROGRAM)[0]


def _member_lookups(connection: Connection) -> dict[str, dict]:
    providers, coordinators = Provider.__table__, CareCoordinator.__table__
    return {
        "programs": _program_ids(connection),
        "providers": dict(connection.execute(select(providers.c.npi, providers.c.id)).all()),
        "coordinators": {(org, email): pk for org, email, pk in connection.execute(
            select(coordinators.c.organization_id, coordinators.c.email, coordinators.c.id))},
    }


def _resolve_member(row: dict[str, Any], maps: dict[str, dict]) -> None:
    row["program_id"], row["organization_id"] = _lookup(maps, "programs", row["program_slug"], "program_slug",
                                                         NO_PROGRAM)
    row["pcp_id"] = _lookup(maps, "providers", row["pcp_npi"], "pcp_npi", NO_PROVIDER) if row["pcp_npi"] else None
    row["coordinator_id"] = _lookup(maps, "coordinators", (row["organization_id"], row["coordinator_email"]),
                                    "coordinator_email", NO_COORDINATOR) if row["coordinator_email"] else None


KINDS: dict[str, Kind] = {
    "organizations": Kind(
        "organizations",
        {"external_id": text(40), "name": text(200), "kind": choice(ORGANIZATION_KINDS), "city": text(100),
         "state": state},
        {"website": text(300, required=False)},
        ("external_id",), (),
        description="Medical groups: one row per organization.",
    ),
    "programs": Kind(
        "programs",
        {"slug": text(120), "organization_external_id": text(40), "name": text(250),
         "arrangement": choice(ARRANGEMENTS), "city": text(100), "state": state, "effective_date": parse_date,
         "payment_model": text(5000), "summary": text(20000), "last_updated": parse_date},
        {"specialty": optional(choice(SPECIALTIES)), "end_date": optional(parse_date),
         "partner_organizations": text(2000, required=False), "care_coordination": text(20000, required=False)},
        ("slug",), (("organization_id", Integer),), derive=_derive_period,
        description="Collaborative Care arrangements: one row per program.",
        lookups=lambda connection: {"organizations": _organization_ids(connection)}, resolve=_resolve_organization,
    ),
    "providers": Kind(
        "providers",
        {"npi": npi, "first_name": text(80), "last_name": text(80), "credential": text(20),
         "specialty": text(80), "organization_external_id": text(40), "primary_care": yes_no,
         "program_slug": text(120), "start_date": parse_date},
        {"end_date": optional(parse_date)},
        ("npi", "program_slug", "start_date"), (("organization_id", Integer), ("program_id", Integer),
                                                ("provider_id", Integer)),
        derive=_derive_period,
        description="Providers and their participation periods: one row per participation.",
        lookups=lambda connection: {"organizations": _organization_ids(connection),
                                    "programs": _program_ids(connection)},
        resolve=_resolve_provider,
    ),
    "coordinators": Kind(
        "coordinators",
        {"organization_external_id": text(40), "email": text(200), "first_name": text(80), "last_name": text(80),
         "credential": text(20), "phone": text(30)},
        {"active": optional(yes_no)},
        ("organization_external_id", "email"), (("organization_id", Integer),),
        description="Care coordinators: one row per coordinator of an organization.",
        lookups=lambda connection: {"organizations": _organization_ids(connection)}, resolve=_resolve_organization,
    ),
    "members": Kind(
        "members",
        {"member_id": member_id, "first_name": text(80), "last_name": text(80), "date_of_birth": parse_date,
         "zip": zip_code, "state": state, "program_slug": text(120), "attribution_start": parse_date},
        {"pcp_npi": optional(npi), "coordinator_email": text(200, required=False),
         "attribution_end": optional(parse_date), "status": optional(choice(("new", "changed", "dropped")))},
        ("member_id",), (("last_name_key", String(80)), ("close_date", Date), ("program_id", Integer),
                         ("organization_id", Integer), ("pcp_id", Integer), ("coordinator_id", Integer)),
        derive=_derive_member,
        description="Members and their current attribution (ATR-style status new, changed or dropped).",
        lookups=_member_lookups, resolve=_resolve_member,
    ),
}


# --- the report ----------------------------------------------------------------------------------

# How the admin pages name an import's kind, its status and the counts of its report.
KIND_NAMES = {"organizations": _l("organizations"), "programs": _l("programs"), "providers": _l("providers"),
              "coordinators": _l("coordinators"), "members": _l("members")}
STATUS_NAMES = {"queued": _l("queued"), "running": _l("running"), "applied": _l("applied"), "dry_run": _l("dry run"),
                "rejected": _l("rejected"), "failed": _l("failed")}
COUNT_NAMES = {
    "organizations_created": _l("organizations created"), "organizations_updated": _l("organizations updated"),
    "programs_created": _l("programs created"), "programs_updated": _l("programs updated"),
    "providers_created": _l("providers created"), "providers_updated": _l("providers updated"),
    "participations_created": _l("participations created"), "participations_updated": _l("participations updated"),
    "coordinators_created": _l("coordinators created"), "coordinators_updated": _l("coordinators updated"),
    "members_created": _l("members created"), "members_updated": _l("members updated"),
    "attributions_opened": _l("attributions opened"), "attributions_moved": _l("attributions moved"),
    "attributions_dropped": _l("attributions dropped"),
}


@dataclass
class ImportReport:
    kind: str
    filename: str
    dry_run: bool
    all_or_nothing: bool
    total_rows: int = 0
    valid_rows: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    applied: bool = False
    seconds: float = 0.0
    run_id: int | None = None

    def error(self, line: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"line": line, "column": column, "message": message})

    def summary(self) -> str:
        verb = "would change" if self.dry_run else ("changed" if self.applied else "changed nothing")
        counts = ", ".join(f"{name} {count:,}" for name, count in self.counts.items() if count) or "no rows"
        return (f"{self.kind}: {self.total_rows:,} rows read, {self.valid_rows:,} valid, {self.error_count:,} with "
                f"errors; {verb}: {counts}.")


# --- reading ---------------------------------------------------------------------------------------


def _header(raw: str) -> str:
    return raw.strip().strip('"').lower().replace("-", "_").replace(" ", "_")


def read_rows(kind: Kind, stream: IO[bytes], report: ImportReport,
              maps: dict[str, dict] | None = None) -> Iterator[dict[str, Any]]:
    """Parsed, checked rows (with `_line`) whose references resolve in `maps`; errors go to
    the report."""
    try:
        reader = csv.reader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
        try:
            header = [_header(cell) for cell in next(reader)]
        except StopIteration:
            raise ImportFileError(_("The file is empty.")) from None
        missing = [name for name in kind.columns if name not in header]
        if missing:
            raise ImportFileError(_("The header row lacks the column(s) %(missing)s. Expected: %(expected)s.",
                                    missing=", ".join(missing), expected=", ".join(kind.headers)))
        fields = [(name, parse, header.index(name) if name in header else None)
                  for name, parse in (*kind.columns.items(), *kind.optional_columns.items())]
        seen: dict[tuple, int] = {}
        for cells in reader:
            line = reader.line_num
            if not "".join(cells).strip():
                continue
            report.total_rows += 1
            if len(cells) < len(header):
                report.error(line, "", _("the row has %(fields)s fields, the header %(header)s (is the file cut "
                                         "off?)", fields=len(cells), header=len(header)))
                continue
            row: dict[str, Any] = {"_line": line}
            bad = False
            for name, parse, index in fields:
                raw = cells[index] if index is not None else ""
                try:
                    row[name] = parse(raw)
                except ValueError as error:
                    report.error(line, name, str(error))
                    bad = True
            if bad:
                continue
            try:
                if kind.derive:
                    kind.derive(row)
                if kind.resolve:
                    kind.resolve(row, maps or {})
            except ValueError as error:
                column, _sep, message = str(error).partition(": ")
                report.error(line, column if message else "", message or str(error))
                continue
            key = tuple(row[name] for name in kind.key)
            if key in seen:
                report.error(line, kind.key[0], _("duplicates line %(line)s (%(key)s)", line=seen[key],
                                                  key=", ".join(map(str, key))))
                continue
            seen[key] = line
            report.valid_rows += 1
            yield row
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 text. Save it as CSV (UTF-8) and import it again.")) from None
    except csv.Error as error:
        raise ImportFileError(_("The file could not be read as CSV: %(error)s.", error=error)) from None


# --- staging ------------------------------------------------------------------------------------


def _staging_table(kind: Kind) -> Table:
    metadata = MetaData()
    columns = [Column("_line", Integer, primary_key=True)]
    for name in kind.headers:
        if name.endswith(("_date", "_start", "_end", "date_of_birth", "last_updated")):
            column_type = Date
        elif name in ("primary_care", "active"):
            column_type = Integer
        else:
            column_type = Text
        columns.append(Column(name, column_type))
    for name, column_type in kind.staging:
        columns.append(Column(name, column_type))
    return Table(f"import_stage_{kind.name}", metadata, *columns, prefixes=["TEMPORARY"])


def _stage(connection: Connection, kind: Kind, rows: Iterable[dict[str, Any]], progress, every: int) -> Table:
    table = _staging_table(kind)
    table.drop(connection, checkfirst=True)
    table.create(connection)
    names = [column.name for column in table.columns]

    def tuples() -> Iterator[tuple]:
        for count, row in enumerate(rows, start=1):
            yield tuple(row.get(name) for name in names)
            if count % every == 0:
                progress(count)

    bulk_insert(connection, table, names, tuples())
    # Indexes on the key columns, for the joins that match existing rows, built once after the load.
    for column in table.columns:
        if column.name in kind.key:
            Index(f"ix_{table.name}_{column.name}", column).create(connection)
    # Statistics, so that the planner joins through those indexes (PostgreSQL has none for a
    # fresh temporary table and would otherwise pick nested scans).
    connection.exec_driver_sql(f"ANALYZE {table.name}")
    return table


def _reject(connection: Connection, stage: Table, report: ImportReport, condition, column: str, message: str) -> None:
    """Report and drop the staged rows matching `condition` (rules that span rows or tables)."""
    lines = [line for (line,) in connection.execute(select(stage.c._line).where(condition).order_by(stage.c._line))]
    for line in lines:
        report.error(line, column, message)
    if lines:
        report.valid_rows -= len(lines)
        connection.execute(stage.delete().where(condition))


def _differs(table: Table, stage: Table, names: Iterable[str]):
    return or_(*[table.c[name].is_distinct_from(stage.c[name]) for name in names])


def _upsert(connection: Connection, table: Table, stage: Table, key: dict[str, Any], values: dict[str, Any],
            extra_insert: dict[str, Any] | None = None, only=True) -> tuple[int, int]:
    """Insert the staged rows (those matching `only`) whose key is new; update those whose
    values differ. Returns (created, updated)."""
    match = and_(*[table.c[name] == expression for name, expression in key.items()])
    new_rows = select(*[expression for expression in (*key.values(), *values.values())],
                      *[literal(v) for v in (extra_insert or {}).values()]).where(only, not_(exists().where(match)))
    created = connection.execute(insert(table).from_select(
        [*key, *values, *(extra_insert or {})], new_rows)).rowcount or 0
    changed = or_(*[table.c[name].is_distinct_from(expression) for name, expression in values.items()])
    updated = connection.execute(update(table).where(match, only, changed).values(values)).rowcount or 0
    return created, updated


# --- applying each kind -------------------------------------------------------------------------------


def _apply_organizations(connection: Connection, stage: Table, report: ImportReport) -> None:
    table = Organization.__table__
    created, updated = _upsert(connection, table, stage, {"external_id": stage.c.external_id},
                               {name: stage.c[name] for name in ("name", "kind", "city", "state", "website")},
                               {"is_demo": False, "portal_access": True})
    report.counts.update(organizations_created=created, organizations_updated=updated)


def _apply_programs(connection: Connection, stage: Table, report: ImportReport) -> None:
    _reject(connection, stage, report,
            or_(and_(stage.c.arrangement == "primary_care", stage.c.specialty.is_not(None)),
                and_(stage.c.arrangement == "specialist", stage.c.specialty.is_(None))),
            "specialty", _("specialist programs need a specialty; primary care programs have none"))
    names = ("organization_id", "name", "arrangement", "specialty", "city", "state", "effective_date", "end_date",
             "payment_model", "summary", "last_updated")
    values = {name: stage.c[name] for name in names}
    values["partner_organizations"] = func.coalesce(stage.c.partner_organizations, "")
    values["care_coordination"] = func.coalesce(stage.c.care_coordination, "")
    created, updated = _upsert(connection, Program.__table__, stage, {"slug": stage.c.slug}, values,
                               {"is_demo": False})
    report.counts.update(programs_created=created, programs_updated=updated)


def _apply_providers(connection: Connection, stage: Table, report: ImportReport) -> None:
    providers, parts = Provider.__table__, ProviderParticipation.__table__
    # The provider's own fields must agree across their participation rows.
    names = ("first_name", "last_name", "credential", "specialty", "organization_id", "primary_care")
    other = stage.alias("other")
    _reject(connection, stage, report, exists().where(other.c.npi == stage.c.npi, _differs(other, stage, names)),
            "npi", _("this NPI has different provider details on another line"))
    # One staged row per provider carries its details (the rows agree, checked above).
    first_rows = stage.c._line == select(func.min(other.c._line)).where(other.c.npi == stage.c.npi).scalar_subquery()
    details = {name: stage.c[name] for name in names if name != "primary_care"}
    details["is_primary_care"] = stage.c.primary_care == 1
    created, updated = _upsert(connection, providers, stage, {"npi": stage.c.npi}, details, only=first_rows)
    connection.execute(update(stage).values(
        provider_id=select(providers.c.id).where(providers.c.npi == stage.c.npi).scalar_subquery()))
    p_created, p_updated = _upsert(
        connection, parts, stage,
        {"provider_id": stage.c.provider_id, "program_id": stage.c.program_id, "start_date": stage.c.start_date},
        {"end_date": stage.c.end_date})
    report.counts.update(providers_created=created, providers_updated=updated, participations_created=p_created,
                         participations_updated=p_updated)


def _apply_coordinators(connection: Connection, stage: Table, report: ImportReport) -> None:
    values = {name: stage.c[name] for name in ("first_name", "last_name", "credential", "phone")}
    values["is_active"] = func.coalesce(stage.c.active, 1) == 1
    created, updated = _upsert(connection, CareCoordinator.__table__, stage,
                               {"organization_id": stage.c.organization_id, "email": stage.c.email}, values)
    report.counts.update(coordinators_created=created, coordinators_updated=updated)


def _apply_members(connection: Connection, stage: Table, report: ImportReport) -> None:
    members, attributions = Member.__table__, Attribution.__table__
    values = {name: stage.c[name] for name in ("first_name", "last_name", "last_name_key", "date_of_birth", "zip",
                                                "state")}
    created, updated = _upsert(connection, members, stage, {"member_id": stage.c.member_id}, values)

    # Attributions reach the staged rows through the members table (joined on member_id).
    of_member = and_(members.c.member_id == stage.c.member_id, attributions.c.member_id == members.c.id)
    open_attribution = and_(of_member, attributions.c.end_date.is_(None))
    same = and_(attributions.c.program_id == stage.c.program_id,
                attributions.c.pcp_id.is_not_distinct_from(stage.c.pcp_id),
                attributions.c.care_coordinator_id.is_not_distinct_from(stage.c.coordinator_id),
                attributions.c.start_date == stage.c.attribution_start)
    clamp = lambda end: case((attributions.c.start_date > end, attributions.c.start_date), else_=end)  # noqa: E731
    # A changed attribution ends the day before the new one starts (never before it began).
    moved = connection.execute(update(attributions).where(open_attribution, stage.c.status != "dropped", not_(same))
                               .values(end_date=clamp(stage.c.close_date))).rowcount or 0
    dropped = connection.execute(update(attributions).where(open_attribution, stage.c.status == "dropped")
                                 .values(end_date=clamp(stage.c.attribution_end))).rowcount or 0
    opened = connection.execute(insert(attributions).from_select(
        ["member_id", "program_id", "pcp_id", "care_coordinator_id", "start_date"],
        select(members.c.id, stage.c.program_id, stage.c.pcp_id, stage.c.coordinator_id, stage.c.attribution_start)
        .join_from(stage, members, members.c.member_id == stage.c.member_id)
        .where(stage.c.status != "dropped", not_(exists().where(
            attributions.c.member_id == members.c.id, attributions.c.end_date.is_(None)))))).rowcount or 0
    report.counts.update(members_created=created, members_updated=updated, attributions_opened=opened,
                         attributions_moved=moved, attributions_dropped=dropped)


APPLY = {"organizations": _apply_organizations, "programs": _apply_programs, "providers": _apply_providers,
         "coordinators": _apply_coordinators, "members": _apply_members}


# --- entry point -------------------------------------------------------------------------------------


def run_import(engine: Engine, kind_name: str, stream: IO[bytes], filename: str, *, dry_run: bool = False,
               all_or_nothing: bool = False, user_id: int | None = None,
               progress: Callable[[str], None] = lambda message: None, run_id: int | None = None,
               progress_every: int = PROGRESS_EVERY) -> ImportReport:
    """Import one file; see the module's docstring. Raises ImportFileError when the file as a
    whole cannot be read (nothing is changed then either). With `run_id` (an ImportRun made by
    the admin page), that row shows the rows read so far and receives the outcome."""
    if kind_name not in KINDS:
        raise ImportFileError(_("Unknown kind %(kind)s: choose one of %(kinds)s.", kind=repr(kind_name),
                                kinds=", ".join(KINDS)))
    kind = KINDS[kind_name]
    report = ImportReport(kind_name, filename, dry_run, all_or_nothing)
    started = datetime.now()
    with engine.connect() as connection:
        connection.execution_options(preserve_rowcount=True)  # counts of INSERT ... SELECT on PostgreSQL too
        if connection.dialect.name == "sqlite":
            # The staging table lives in memory and a larger page cache holds the indexes being
            # written: an import of millions of rows is bound by these, not by the disk.
            connection.exec_driver_sql("PRAGMA temp_store = MEMORY")
            connection.exec_driver_sql("PRAGMA cache_size = -262144")  # KiB: 256 MiB
            connection.commit()
        transaction = connection.begin()
        if connection.dialect.name == "postgresql":
            # For this transaction only: memory for sorts, hashes and index builds, and no wait
            # for the WAL flush at commit (a crash can lose the import, never corrupt it).
            connection.exec_driver_sql("SET LOCAL work_mem = '256MB'")
            connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
            connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
        try:
            def tick(count: int) -> None:
                progress(f"read {count:,} rows")
                if run_id is not None:  # its own short transaction: the page polls it meanwhile
                    with engine.begin() as other:
                        other.execute(update(ImportRun.__table__).where(ImportRun.__table__.c.id == run_id)
                                      .values(processed_rows=count, status="running"))

            maps = kind.lookups(connection) if kind.lookups else {}
            stage = _stage(connection, kind, read_rows(kind, stream, report, maps), tick, progress_every)
            del maps
            progress(f"read and staged {report.valid_rows:,} valid rows in {_since(started)}")
            if kind_name == "members" and connection.dialect.name == "postgresql" \
                    and report.valid_rows >= DEFER_INDEXES_FROM:
                # A large load: indexes and foreign keys of the tables it writes are built (and
                # checked) once at the end, in the same transaction, instead of row by row.
                with deferred_indexes_and_keys(connection, [Member.__table__, Attribution.__table__]):
                    APPLY[kind_name](connection, stage, report)
            else:
                APPLY[kind_name](connection, stage, report)
            progress(f"applied in {_since(started)}")
            stage.drop(connection)
            if dry_run or (all_or_nothing and report.error_count):
                transaction.rollback()
            else:
                transaction.commit()
                report.applied = True
        except BaseException:
            transaction.rollback()
            raise
        finally:
            if connection.dialect.name == "sqlite":  # the pooled connection goes back as it came
                connection.exec_driver_sql("PRAGMA temp_store = DEFAULT")
                connection.exec_driver_sql("PRAGMA cache_size = -2000")
                connection.commit()
        report.seconds = round((datetime.now() - started).total_seconds(), 2)
        report.run_id = _record(connection, report, user_id, run_id)
    return report


def _since(started: datetime) -> str:
    return f"{(datetime.now() - started).total_seconds():.1f} s"


def _record(connection: Connection, report: ImportReport, user_id: int | None, run_id: int | None) -> int:
    table = ImportRun.__table__
    values = dict(
        kind=report.kind, filename=report.filename[:255], finished_at=utcnow(),
        status="applied" if report.applied else ("dry_run" if report.dry_run else "rejected"),
        dry_run=report.dry_run, total_rows=report.total_rows, processed_rows=report.valid_rows,
        counts=report.counts, errors=report.errors[:MAX_REPORTED_ERRORS])
    with connection.begin():
        if run_id is not None:
            connection.execute(update(table).where(table.c.id == run_id).values(**values))
            return run_id
        result = connection.execute(insert(table).values(
            **values, user_id=user_id, started_at=utcnow() - timedelta(seconds=report.seconds)))
        return result.inserted_primary_key[0]


def queue_run(session: Session, actor: Actor, kind: str, filename: str, total_rows: int, *, dry_run: bool,
              all_or_nothing: bool) -> ImportRun:
    """Record an import started from the admin page, before it runs in the background: the
    ImportRun row the page shows and the job updates, and its audit event. Commits."""
    run = ImportRun(kind=kind, filename=filename, status="queued", dry_run=dry_run, user_id=actor.user_id,
                    total_rows=total_rows)
    session.add(run)
    session.flush()
    audit.record(session, actor, "import.start", target=f"import:{run.id}",
                 details={"kind": kind, "file": filename, "rows": total_rows, "dry_run": dry_run,
                          "all_or_nothing": all_or_nothing})
    session.commit()
    return run


def fail_run(engine: Engine, run_id: int, message: str) -> None:
    """Record that an import run could not read its file (nothing was changed)."""
    table = ImportRun.__table__
    with engine.begin() as connection:
        connection.execute(update(table).where(table.c.id == run_id, table.c.status.in_(("queued", "running")))
                           .values(status="failed", finished_at=utcnow(), failure=message[:500],
                                   errors=[{"line": 0, "column": "", "message": message}]))
