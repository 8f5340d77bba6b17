"""The attributed roster of an office's organization: which members are attributed to its
programs, with their PCP, care coordinator, attribution period and enrollments.

Office staff see their own organization's roster only (the caller passes the organization
of the signed-in user or token, never one from the request). Every page view and export is
audited. Exports stream, so a roster of tens of thousands of members never sits in memory.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from portal.models import (
    Attribution,
    CareCoordinator,
    ClinicalProgram,
    Enrollment,
    Member,
    Organization,
    Program,
    Provider,
)
from portal.services import audit
from portal.services.audit import Actor
from portal.services.csv_export import csv_lines
from portal.services.pagination import Page

FHIR_MEMBER_SYSTEM = "urn:collaborative-care:member-id"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
ATTRIBUTED_PROVIDER_EXT = "http://hl7.org/fhir/us/davinci-atr/StructureDefinition/ext-attributedProvider"


@dataclass(frozen=True)
class RosterFilters:
    organization_id: int
    as_of: date
    pcp_id: int | None = None
    coordinator_id: int | None = None
    clinical_program: str | None = None  # a ClinicalProgram code: members actively enrolled in it
    new_since: date | None = None  # attributions that started on or after this day
    dropped_since: date | None = None  # attributions that ended between this day and as_of
    page: int = 1
    per_page: int = 50

    def describe(self) -> dict[str, Any]:
        return {key: (value.isoformat() if isinstance(value, date) else value)
                for key, value in vars(self).items() if value is not None and key not in ("page", "per_page")}


@dataclass(frozen=True)
class RosterEntry:
    attribution: Attribution
    enrollments: list[Enrollment]

    @property
    def member(self) -> Member:
        return self.attribution.member


def _statement(filters: RosterFilters) -> Select:
    stmt = (select(Attribution).join(Attribution.program).join(Attribution.member)
            .where(Program.organization_id == filters.organization_id))
    day = filters.as_of
    if filters.dropped_since:
        stmt = stmt.where(Attribution.end_date.is_not(None), Attribution.end_date >= filters.dropped_since,
                          Attribution.end_date < day)
    else:
        stmt = stmt.where(Attribution.start_date <= day,
                          or_(Attribution.end_date.is_(None), Attribution.end_date >= day))
    if filters.new_since:
        stmt = stmt.where(Attribution.start_date >= filters.new_since)
    if filters.pcp_id:
        stmt = stmt.where(Attribution.pcp_id == filters.pcp_id)
    if filters.coordinator_id:
        stmt = stmt.where(Attribution.care_coordinator_id == filters.coordinator_id)
    if filters.clinical_program:
        stmt = stmt.where(exists().where(
            Enrollment.member_id == Attribution.member_id, Enrollment.status == "active",
            Enrollment.clinical_program_id == select(ClinicalProgram.id)
            .where(ClinicalProgram.code == filters.clinical_program).scalar_subquery(),
        ))
    return stmt


def _with_details(stmt: Select) -> Select:
    return stmt.options(contains_eager(Attribution.member), contains_eager(Attribution.program),
                        joinedload(Attribution.pcp), joinedload(Attribution.care_coordinator)) \
        .order_by(Member.last_name, Member.first_name, Member.id, Attribution.id)


def _enrollments_by_member(session: Session, member_ids: list[int]) -> dict[int, list[Enrollment]]:
    found: dict[int, list[Enrollment]] = {pk: [] for pk in member_ids}
    if member_ids:
        for enrollment in session.scalars(select(Enrollment).where(Enrollment.member_id.in_(member_ids))
                                          .options(joinedload(Enrollment.clinical_program))
                                          .order_by(Enrollment.enrolled_at)):
            found[enrollment.member_id].append(enrollment)
    return found


def roster_page(session: Session, actor: Actor, filters: RosterFilters) -> Page[RosterEntry]:
    """One page of the roster (audited as a view of member data)."""
    stmt = _statement(filters)
    total = session.scalar(select(func.count()).select_from(stmt.with_only_columns(Attribution.id).subquery())) or 0
    attributions = session.scalars(_with_details(stmt).limit(filters.per_page)
                                   .offset((filters.page - 1) * filters.per_page)).all()
    enrollments = _enrollments_by_member(session, [a.member_id for a in attributions])
    audit.record(session, actor, "roster.view", target=f"organization:{filters.organization_id}",
                 details={**filters.describe(), "page": filters.page, "shown": len(attributions), "total": total})
    session.commit()
    return Page([RosterEntry(a, enrollments[a.member_id]) for a in attributions], filters.page, filters.per_page, total)


def _all_entries(session: Session, filters: RosterFilters, chunk: int = 1000) -> Iterator[RosterEntry]:
    """Every matching entry, a chunk of rows at a time."""
    stmt = _with_details(_statement(filters))
    offset = 0
    while True:
        attributions = session.scalars(stmt.limit(chunk).offset(offset)).all()
        if not attributions:
            return
        enrollments = _enrollments_by_member(session, [a.member_id for a in attributions])
        for attribution in attributions:
            yield RosterEntry(attribution, enrollments[attribution.member_id])
        # Keep memory flat over a large roster: forget this chunk's rows (not the shared
        # programs, providers and coordinators, nor anything else the session holds).
        for obj in [*attributions, *(a.member for a in attributions), *(e for es in enrollments.values() for e in es)]:
            session.expunge(obj)
        offset += chunk


# The CSV's header row, in the page's language (the English names are the documented ones).
CSV_COLUMNS = (_l("member_id"), _l("last_name"), _l("first_name"), _l("date_of_birth"), _l("program"), _l("pcp"),
               _l("pcp_npi"), _l("care_coordinator"), _l("care_coordinator_phone"), _l("attribution_start"),
               _l("attribution_end"), _l("active_enrollments"))


def export_csv(session: Session, actor: Actor, filters: RosterFilters) -> Iterator[str]:
    audit.record(session, actor, "roster.export", target=f"organization:{filters.organization_id}",
                 details={**filters.describe(), "format": "csv"})
    session.commit()
    header = [str(name) for name in CSV_COLUMNS]
    return csv_lines(header, (_csv_cells(entry) for entry in _all_entries(session, filters)))


def _csv_cells(entry: RosterEntry) -> list[Any]:
    a, member = entry.attribution, entry.member
    return [member.member_id, member.last_name, member.first_name, member.date_of_birth.isoformat(), a.program.name,
            a.pcp.display_name if a.pcp else "", a.pcp.npi if a.pcp else "",
            a.care_coordinator.display_name if a.care_coordinator else "",
            a.care_coordinator.phone if a.care_coordinator else "", a.start_date.isoformat(),
            a.end_date.isoformat() if a.end_date else "",
            "; ".join(e.clinical_program.label for e in entry.enrollments if e.status == "active")]


def fhir_member(entry: RosterEntry) -> dict[str, Any]:
    a, member = entry.attribution, entry.member
    item: dict[str, Any] = {
        "entity": {"identifier": {"system": FHIR_MEMBER_SYSTEM, "value": member.member_id},
                   "display": f"{member.first_name} {member.last_name}"},
        "period": {"start": a.start_date.isoformat(), **({"end": a.end_date.isoformat()} if a.end_date else {})},
        "inactive": a.end_date is not None,
    }
    if a.pcp:
        item["extension"] = [{"url": ATTRIBUTED_PROVIDER_EXT,
                              "valueReference": {"identifier": {"system": NPI_SYSTEM, "value": a.pcp.npi},
                                                 "display": a.pcp.display_name}}]
    return item


def fhir_group(session: Session, actor: Actor, filters: RosterFilters, organization: Organization) -> dict[str, Any]:
    """The whole roster as a FHIR-style Group (Da Vinci ATR member attribution list)."""
    audit.record(session, actor, "roster.export", target=f"organization:{filters.organization_id}",
                 details={**filters.describe(), "format": "fhir"})
    session.commit()
    members = [fhir_member(entry) for entry in _all_entries(session, filters)]
    return group_resource(organization, filters, members, len(members))


def group_resource(organization: Organization, filters: RosterFilters, members: list[dict[str, Any]],
                   quantity: int) -> dict[str, Any]:
    return {
        "resourceType": "Group",
        "type": "person",
        "actual": True,
        "name": f"Collaborative Care attributed members: {organization.name}",
        "managingEntity": {"display": organization.name},
        "characteristic": [{"code": {"text": "attributed as of"}, "valueBoolean": True, "exclude": False,
                            "period": {"start": filters.as_of.isoformat()}}],
        "quantity": quantity,
        "member": members,
    }


def filter_choices(session: Session, organization_id: int) -> dict[str, list[tuple[Any, str]]]:
    """The PCPs, care coordinators and clinical programs an office can filter its roster by."""
    pcps = session.execute(
        select(Provider.id, Provider.last_name, Provider.first_name, Provider.credential)
        .where(Provider.organization_id == organization_id, Provider.is_primary_care.is_(True))
        .order_by(Provider.last_name, Provider.first_name)
    ).all()
    coordinators = session.execute(
        select(CareCoordinator.id, CareCoordinator.last_name, CareCoordinator.first_name, CareCoordinator.credential)
        .where(CareCoordinator.organization_id == organization_id)
        .order_by(CareCoordinator.last_name, CareCoordinator.first_name)
    ).all()
    programs = session.execute(select(ClinicalProgram.code, ClinicalProgram.name).order_by(ClinicalProgram.name)).all()
    return {
        "pcps": [(pk, f"{last}, {first} {cred}") for pk, last, first, cred in pcps],
        "coordinators": [(pk, f"{last}, {first} {cred}") for pk, last, first, cred in coordinators],
        "clinical_programs": [(code, name) for code, name in programs],
    }

