"""The care coordination worklist: every enrollment and withdrawal of an organization's patients,
for its care coordinators to follow up, oldest first.

An item is opened in the same transaction as the enrollment or withdrawal it is about (so
there is never one without the other) and assigned to the patient's care coordinator; it is
due FOLLOW_UP_BUSINESS_DAYS working days later, and is overdue when nobody has tried to reach
the patient by then. Each try is kept with its outcome and note; "reached" and "declined" (or
"noted", for a withdrawal) close the item. A patient who leaves a program before anyone reached
them closes its open item ("left the program before contact"): nobody calls about a program
the patient left.

A coordinator sees their own patients' items; an office administrator sees the organization's
and can reassign them. Every look at a patient's details is audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, joinedload

from portal.care import CareError
from portal.care.contacts import reach
from portal.care.coordinators import (
    coordinator_of,
    follow_up_due,
    office_readers,
    office_scope,
    reads_own,
    sees_organization,
)
from portal.models import (
    Attribution,
    CareCoordinator,
    ClinicalProgram,
    Enrollment,
    Member,
    MemberContact,
    Organization,
    Program,
    User,
    utcnow,
)
from portal.models.care import CLOSING_OUTCOMES, OUTCOMES, WorkItem, WorkItemContact
from portal.services import audit
from portal.services.audit import Actor
from portal.services.pagination import Page
from portal.services.text import strip_invisible

MAX_NOTE = 2000
PER_PAGE = 50
STATUSES = {"open": _l("Open"), "overdue": _l("Overdue"), "done": _l("Done"), "all": _l("All")}
# The outcomes a coordinator can record, by kind of item.
OUTCOME_CHOICES = {
    "enrollment": ("reached", "left_message", "no_answer", "declined"),
    "withdrawal": ("noted",),  # under the consent, nobody contacts them about the program again
}


# --- opened by enrollment changes ------------------------------------------------------------------


def open_item(session: Session, kind: str, enrollment: Enrollment, attribution: Attribution | None) -> WorkItem | None:
    """Open the follow-up of a new enrollment or a withdrawal (in the caller's transaction).
    None when the patient has no current Collaborative Care program: no office to follow up."""
    now = utcnow()
    if kind == "withdrawal":
        _close_open_enrollment_items(session, enrollment, now)
    if attribution is None:
        return None
    coordinator = attribution.care_coordinator
    item = WorkItem(kind=kind, enrollment_id=enrollment.id, member_id=enrollment.member_id,
                    clinical_program_id=enrollment.clinical_program_id,
                    organization_id=attribution.program.organization_id,
                    care_coordinator_id=coordinator.id if coordinator is not None and coordinator.is_active else None,
                    status="open", created_at=now, due_at=follow_up_due(now), attempts=0)
    session.add(item)
    session.flush()
    return item


def _close_open_enrollment_items(session: Session, enrollment: Enrollment, now: datetime) -> None:
    items = session.scalars(select(WorkItem).where(WorkItem.enrollment_id == enrollment.id,
                                                   WorkItem.kind == "enrollment", WorkItem.status == "open")).all()
    for item in items:
        session.add(WorkItemContact(item_id=item.id, outcome="withdrawn", note="", at=now))
        item.status, item.done_at, item.last_outcome = "done", now, "withdrawn"


def open_follow_up(session: Session, enrollment: Enrollment) -> WorkItem | None:
    """The open follow-up of a new enrollment, with its coordinator, for the confirmation page."""
    return session.scalar(select(WorkItem).where(WorkItem.enrollment_id == enrollment.id,
                                                 WorkItem.kind == "enrollment", WorkItem.status == "open")
                          .options(joinedload(WorkItem.care_coordinator)))


# --- what a coordinator sees ---------------------------------------------------------------------


def can_use(user: User) -> bool:
    return coordinator_of(user) is not None or sees_organization(user)


def _scoped(user: User, stmt: Select) -> Select:
    return office_scope(user, stmt, WorkItem)


@dataclass(frozen=True)
class Filters:
    status: str = "open"
    program: str = ""          # a clinical program code
    kind: str = ""             # enrollment | withdrawal
    coordinator: int | None = None  # office administrators: one coordinator's items (0: unassigned)
    page: int = 1


@dataclass(frozen=True)
class Row:
    item: WorkItem
    member: Member
    program: ClinicalProgram
    enrollment: Enrollment
    phone: str
    email: str
    overdue: bool


def _filtered(user: User, filters: Filters, now: datetime) -> Select:
    stmt = _scoped(user, select(WorkItem))
    if filters.status == "open":
        stmt = stmt.where(WorkItem.status == "open")
    elif filters.status == "overdue":
        stmt = stmt.where(WorkItem.status == "open", WorkItem.attempts == 0, WorkItem.due_at < now)
    elif filters.status == "done":
        stmt = stmt.where(WorkItem.status == "done")
    if filters.kind in OUTCOME_CHOICES:
        stmt = stmt.where(WorkItem.kind == filters.kind)
    if filters.program:
        stmt = stmt.where(WorkItem.clinical_program_id == select(ClinicalProgram.id).where(
            ClinicalProgram.code == filters.program[:40]).scalar_subquery())
    if filters.coordinator is not None and sees_organization(user):
        stmt = stmt.where(WorkItem.care_coordinator_id.is_(None) if filters.coordinator == 0
                          else WorkItem.care_coordinator_id == filters.coordinator)
    return stmt


def worklist(session: Session, actor: Actor, user: User, filters: Filters) -> Page[Row]:
    """One page of the items `user` may see, oldest first (audited: it shows patients' names
    and contact details)."""
    now = utcnow()
    stmt = _filtered(user, filters, now)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, min(filters.page, -(-total // PER_PAGE) or 1))
    stmt = stmt.order_by(WorkItem.created_at, WorkItem.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    # The look is audited first (its commit would otherwise expire every row loaded for the page).
    shown_refs = session.scalars(stmt.with_only_columns(Member.member_id).where(Member.id == WorkItem.member_id))
    audit.member_view(session, actor, "worklist", list(shown_refs), status=filters.status, page=page)
    rows = session.execute(
        stmt.add_columns(Member, ClinicalProgram, Enrollment, MemberContact.phone, MemberContact.email)
        .join(Member, Member.id == WorkItem.member_id)
        .join(ClinicalProgram, ClinicalProgram.id == WorkItem.clinical_program_id)
        .join(Enrollment, Enrollment.id == WorkItem.enrollment_id)
        .outerjoin(MemberContact, MemberContact.member_id == WorkItem.member_id)
        .options(joinedload(WorkItem.care_coordinator))).all()
    shown = contactable(session, [row[0] for row in rows])
    items = [Row(item, member, program, enrollment, (phone or "") if item.id in shown else "",
                 (email or "") if item.id in shown else "", item.is_overdue(now))
             for item, member, program, enrollment, phone, email in rows]
    return Page(items, page, PER_PAGE, total)


def counts(session: Session, user: User) -> dict[str, int]:
    """Open and overdue items, for the office home."""
    now = utcnow()
    open_ = session.scalar(select(func.count()).select_from(
        _filtered(user, Filters(status="open"), now).subquery())) or 0
    overdue = session.scalar(select(func.count()).select_from(
        _filtered(user, Filters(status="overdue"), now).subquery())) or 0
    return {"open": open_, "overdue": overdue}


def get(session: Session, user: User, item_id: int) -> WorkItem | None:
    """One item this user may see; anyone else's is None, as if it did not exist."""
    return session.scalar(_scoped(user, select(WorkItem).where(WorkItem.id == item_id)).options(
        joinedload(WorkItem.member), joinedload(WorkItem.enrollment), joinedload(WorkItem.clinical_program),
        joinedload(WorkItem.care_coordinator)))


def contactable(session: Session, items: list[WorkItem]) -> set[int]:
    """The items whose patient's current phone and e-mail may be shown (minimum necessary): open
    follow-ups of a new enrollment, while the patient is still attributed to the item's
    organization. A withdrawal, a done item or a patient gone to another group shows none."""
    candidates = [item for item in items if item.status == "open" and item.kind == "enrollment"]
    if not candidates:
        return set()
    today = utcnow().date()
    current = set(session.execute(
        select(Attribution.member_id, Program.organization_id).join(Program, Program.id == Attribution.program_id)
        .where(Attribution.member_id.in_({item.member_id for item in candidates}), Attribution.start_date <= today,
               (Attribution.end_date.is_(None)) | (Attribution.end_date >= today))).all())
    return {item.id for item in candidates if (item.member_id, item.organization_id) in current}


def record_view(session: Session, actor: Actor, item: WorkItem) -> None:
    audit.member_view(session, actor, f"worklist item {item.id}", [item.member.member_id])


def record_contact(session: Session, actor: Actor, user: User, item: WorkItem, outcome: str, note: str) -> None:
    """Record one try at reaching the patient; a closing outcome closes the item."""
    if outcome not in OUTCOME_CHOICES[item.kind]:
        raise CareError(_l("Choose what happened."), 400, "outcome")
    note = strip_invisible(note)
    if len(note) > MAX_NOTE:
        raise CareError(_l("Keep the note under %(num)s characters.", num=MAX_NOTE), 400, "note")
    now = utcnow()
    closing = outcome in CLOSING_OUTCOMES
    # Only while it is open: two coordinators closing it at once record it once.
    values = {"attempts": WorkItem.attempts + 1, "last_outcome": outcome, "last_contact_at": now}
    if closing:
        values.update(status="done", done_at=now)
    changed = session.execute(update(WorkItem).where(WorkItem.id == item.id, WorkItem.status == "open")
                              .values(**values).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        session.rollback()
        raise CareError(_l("This item was closed a moment ago: nothing was changed."), 409)
    session.add(WorkItemContact(item_id=item.id, outcome=outcome, note=note, by_user_id=user.id, at=now))
    audit.record(session, actor, "worklist.contact", member_ref=item.member.member_id, target=f"work_item:{item.id}",
                 details={"outcome": outcome, "kind": item.kind, "closed": closing})
    session.commit()
    session.refresh(item)


def assign(session: Session, actor: Actor, user: User, item: WorkItem, coordinator_id: int | None) -> None:
    """An office administrator gives an item to another coordinator of the organization."""
    if not sees_organization(user) or item.organization_id != user.organization_id:
        raise CareError(_l("Only your office's administrators reassign items."), 403)
    if coordinator_id is not None:
        coordinator = session.get(CareCoordinator, coordinator_id)
        if coordinator is None or coordinator.organization_id != item.organization_id or not coordinator.is_active:
            raise CareError(_l("Choose an active care coordinator of your organization."), 400, "coordinator")
    before = item.care_coordinator_id
    if before == coordinator_id:
        return
    item.care_coordinator_id = coordinator_id
    audit.record(session, actor, "worklist.assign", member_ref=item.member.member_id, target=f"work_item:{item.id}",
                 details={"from": before, "to": coordinator_id})
    session.commit()


def outcome_choices(item: WorkItem) -> list[tuple[str, str]]:
    return [(code, str(OUTCOMES[code])) for code in OUTCOME_CHOICES[item.kind]]


# --- what the patient is told ----------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUp:
    """Who will contact the patient about a new enrollment, how and by when, as the worklist
    holds it; `who` is in the page's language, to start a sentence once capitalized; `seen` is
    False when nobody at the organization uses the portal's worklist."""

    who: str
    organization: str
    method: str
    address: str
    times: str
    due: datetime
    seen: bool


def follow_up(session: Session, enrollment: Enrollment) -> FollowUp | None:
    item = open_follow_up(session, enrollment)
    if item is None:
        return None
    organization = session.get(Organization, item.organization_id)
    coordinator = item.care_coordinator
    readers = office_readers(session, coordinator, item.organization_id)
    named = reads_own(coordinator, readers)
    where = reach(session, enrollment.member)
    address = {"phone": where.phone, "email": where.email, "portal": ""}[enrollment.contact_preference]
    who = _("your care coordinator, %(name)s,", name=coordinator.display_name) if named else _("the care team")
    return FollowUp(who=who, organization=organization.name, method=enrollment.contact_preference,
                    address=address, times=enrollment.contact_times, due=item.due_at, seen=bool(readers))


def on_a_read_worklist(session: Session, enrollment: Enrollment, kind: str) -> bool:
    """Whether the enrollment's newest item of `kind` (enrollment or withdrawal) is on a
    worklist that someone at the office reads (only then may a page or e-mail say so)."""
    item = session.scalar(select(WorkItem).where(WorkItem.enrollment_id == enrollment.id, WorkItem.kind == kind)
                          .order_by(WorkItem.id.desc()).limit(1).options(joinedload(WorkItem.care_coordinator)))
    return item is not None and bool(office_readers(session, item.care_coordinator, item.organization_id))
