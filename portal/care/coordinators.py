"""Care coordinator accounts: an office staff account linked to one care coordinator of its own
organization (by an office administrator of that organization, or an admin).

A linked account sees its own patients' worklist items and messages; an office administrator
sees the whole organization's. A link gives access to patient details, so making or removing
one is audited; access is read from the database on every request, so removing a link takes
effect at the account's next request.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.care import CareError
from portal.models import CareCoordinator, User
from portal.services import audit
from portal.services.audit import Actor

FOLLOW_UP_BUSINESS_DAYS = 2


def coordinator_of(user: User | None) -> CareCoordinator | None:
    """The care coordinator this account is, when the link still holds (an enabled office staff
    account and an active coordinator of the same organization)."""
    if user is None or user.role != "provider" or not user.is_enabled or user.care_coordinator_id is None:
        return None
    coordinator = user.care_coordinator
    if coordinator is None or not coordinator.is_active or coordinator.organization_id != user.organization_id:
        return None
    return coordinator


def sees_organization(user: User) -> bool:
    """Office administrators see (and reassign) every item and thread of their organization."""
    return user.role == "provider" and user.is_office_admin


def coordinators(session: Session, organization_id: int) -> list[CareCoordinator]:
    """The organization's active care coordinators, by name."""
    return list(session.scalars(select(CareCoordinator).where(
        CareCoordinator.organization_id == organization_id, CareCoordinator.is_active.is_(True))
        .order_by(CareCoordinator.last_name, CareCoordinator.first_name, CareCoordinator.id)))


def linked_accounts(session: Session, organization_id: int) -> dict[int, User]:
    """coordinator id -> the office staff account linked to it, for one organization."""
    rows = session.scalars(select(User).where(User.organization_id == organization_id,
                                              User.care_coordinator_id.is_not(None)))
    return {user.care_coordinator_id: user for user in rows}


def office_readers(session: Session, coordinator: CareCoordinator | None, organization_id: int) -> list[User]:
    """Who on the office side reads a patient's messages and follows up their enrollments: the
    coordinator's own enabled account, else the organization's enabled office administrators.
    Empty when nobody at the organization uses the portal."""
    if coordinator is not None and coordinator.is_active:
        own = session.scalar(select(User).where(User.care_coordinator_id == coordinator.id,
                                                User.organization_id == organization_id,
                                                User.role == "provider", User.is_enabled.is_(True)))
        if own is not None:
            return [own]
    return list(session.scalars(select(User).where(
        User.organization_id == organization_id, User.role == "provider", User.is_office_admin.is_(True),
        User.is_enabled.is_(True)).order_by(User.id)))


def office_scope(user: User, stmt: Select, rows: type) -> Select:
    """Only the `rows` (a model with organization_id and care_coordinator_id: worklist items,
    message threads) this office user may see: their organization's for an office
    administrator; for a coordinator, those of their own organization assigned to them; none
    for anyone else."""
    if sees_organization(user):
        return stmt.where(rows.organization_id == user.organization_id)
    coordinator = coordinator_of(user)
    if coordinator is None:
        return stmt.where(False)
    return stmt.where(rows.organization_id == user.organization_id, rows.care_coordinator_id == coordinator.id)


def reads_own(coordinator: CareCoordinator | None, readers: list[User]) -> bool:
    """Whether `readers` (office_readers) is the coordinator's own account, not the office
    administrators standing in: only then may a page name the coordinator as the reader."""
    return coordinator is not None and bool(readers) and readers[0].care_coordinator_id == coordinator.id


def _can_manage(actor: Actor, user: User) -> bool:
    return actor.role == "admin" or (actor.role == "provider" and actor.is_office_admin
                                     and actor.organization_id == user.organization_id)


def linkable(session: Session, organization_id: int | None, coordinator_id: int, user_id: int | None = None
             ) -> CareCoordinator:
    """The coordinator an account of `organization_id` may be linked to, or CareError why not."""
    coordinator = session.get(CareCoordinator, coordinator_id)
    if coordinator is None or coordinator.organization_id != organization_id:
        raise CareError(_l("Choose a care coordinator of this account's organization."), 400, "coordinator")
    if not coordinator.is_active:
        raise CareError(_l("%(name)s is no longer an active care coordinator.", name=coordinator.display_name), 409,
                        "coordinator")
    holder = session.scalar(select(User).where(User.care_coordinator_id == coordinator.id,
                                               User.id != (user_id if user_id is not None else -1)))
    if holder is not None:
        # Another organization's account (a coordinator moved by an import) is not named here.
        if holder.organization_id == organization_id:
            raise CareError(_l("%(name)s is already linked to %(email)s: unlink that account first.",
                               name=coordinator.display_name, email=holder.email), 409, "coordinator")
        raise CareError(_l("%(name)s is already linked to an account of another organization: unlink that account "
                           "first.", name=coordinator.display_name), 409, "coordinator")
    return coordinator


def link(session: Session, actor: Actor, user: User, coordinator_id: int | None) -> CareCoordinator | None:
    """Make `user` the account of one care coordinator of their organization (None: of none)."""
    if not _can_manage(actor, user):
        raise CareError(_l("You cannot manage this account."), 403)
    if user.role != "provider":
        raise CareError(_l("Only office staff accounts can be a care coordinator's account."), 400, "coordinator")
    if coordinator_id is not None and not user.is_enabled:
        raise CareError(_l("This account is disabled: enable it first."), 409, "coordinator")
    coordinator = None if coordinator_id is None else \
        linkable(session, user.organization_id, coordinator_id, user_id=user.id)
    before = user.care_coordinator_id
    if before == coordinator_id:
        return coordinator
    user.care_coordinator_id = coordinator_id
    audit.record(session, actor, "user.coordinator_link", target=f"user:{user.id}",
                 details={"coordinator_id": coordinator_id, "previous": before,
                          "organization_id": user.organization_id})
    try:
        session.commit()
    except IntegrityError:  # another request linked this coordinator a moment ago
        session.rollback()
        raise CareError(_l("That care coordinator was just linked to another account."), 409,
                        "coordinator") from None
    return coordinator


def linked_message(user: User, coordinator: CareCoordinator | None) -> str:
    """What the admin or office administrator is told after a link changed (in the page's language)."""
    if coordinator is not None:
        return _("%(email)s is now the account of %(name)s.", email=user.email, name=coordinator.display_name)
    return _("%(email)s is no longer a care coordinator's account.", email=user.email)


def follow_up_due(start: datetime, business_days: int = FOLLOW_UP_BUSINESS_DAYS) -> datetime:
    """`business_days` working days (Monday to Friday) after `start`, at the same time of day."""
    due, counted = start, 0
    while counted < business_days:
        due += timedelta(days=1)
        if due.weekday() < 5:
            counted += 1
    return due
