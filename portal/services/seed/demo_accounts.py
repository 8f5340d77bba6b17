"""Demo accounts for a first run: one account per role over the demo data, each with a random
password that is returned once (for the terminal) and stored only as its Argon2 hash.

`flask seed` makes them after loading the data (`users demo-accounts` makes any missing and,
with --reset-passwords, gives every one a new password). They are never made in production.

The people behind them are picked from the data, the same way every time:
- the demo office is the organization of the one real arrangement of the seed (HealthCare
  Partners Medical Group, Torrance, CA; else the primary care program with the most members
  attributed today);
- the patient is the first member (by id) attributed to that program today, adult, with a
  primary care provider, a care coordinator of the organization and an active enrollment (so
  that My care team, My programs and My messages all have something to show), whose
  coordinator has no account yet;
- the care coordinator account is the account of that patient's coordinator, so the patient's
  portal messages and enrollment changes reach it;
- the member to verify at the office is the next such member who is not the patient.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (Attribution, CareCoordinator, Enrollment, ImportRun, Member, Organization, Program, User,
                           utcnow)
from portal.services import audit, passwords, sessions
from portal.services.audit import Actor
from portal.services.seed.data import HCP_SLUG

DOMAIN = "demo.example"
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no i, l, o, 0, 1: easy to read off a terminal


class DemoAccountsError(RuntimeError):
    """The demo accounts cannot be made (or changed) here; the message says why."""


@dataclass(frozen=True)
class DemoRole:
    key: str
    said: LazyString  # the role as people say it (`label`)
    email: str
    role: str  # the User.role
    start_at: LazyString  # where to start, in the portal's words (`start`)
    endpoint: str  # ... and its page
    office_admin: bool = False

    @property
    def label(self) -> str:
        """The role's name in the reader's language (the home page's demo panel; English in the terminal)."""
        return str(self.said)

    @property
    def start(self) -> str:
        return str(self.start_at)

    @property
    def second_factor(self) -> bool:
        from portal.services.second_factor import REQUIRED_ROLES

        return self.role in REQUIRED_ROLES


ROLES: tuple[DemoRole, ...] = (
    DemoRole("patient", _l("Patient"), f"patient@{DOMAIN}", "patient", _l("My care team"), "patient.care_team"),
    DemoRole("office", _l("Office staff"), f"office@{DOMAIN}", "provider", _l("Verify a patient"), "provider.verify"),
    DemoRole("office_admin", _l("Office admin"), f"office-admin@{DOMAIN}", "provider", _l("Office › Staff"),
             "provider.staff", office_admin=True),
    DemoRole("coordinator", _l("Care coordinator"), f"coordinator@{DOMAIN}", "provider", _l("Worklist, Messages"),
             "provider.worklist_view"),
    DemoRole("support", _l("Support"), f"support@{DOMAIN}", "support", _l("Support console"), "support.dashboard"),
    DemoRole("admin", _l("Admin"), f"admin@{DOMAIN}", "admin", _l("Admin › Users"), "admin.users"),
)
EMAILS = tuple(demo.email for demo in ROLES)
_BY_KEY = {demo.key: demo for demo in ROLES}


@dataclass(frozen=True)
class Issued:
    """A demo account and the password just given to it (shown once, never stored)."""

    demo: DemoRole
    user: User
    password: str


@dataclass(frozen=True)
class DemoPeople:
    organization: Organization
    program: Program
    coordinator: CareCoordinator
    patient: Member
    verify: Member | None  # a member for the office's verification form


# --- passwords -------------------------------------------------------------------------------------


def new_password() -> str:
    """16 random characters in four groups ("k7mq-x2vd-9tpa-hr4e"): 80 bits, for a demo account."""
    while True:
        raw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16))
        password = "-".join(raw[i:i + 4] for i in range(0, 16, 4))
        try:
            passwords.check_policy(password)
        except passwords.WeakPassword:  # pragma: no cover - never seen: ~100 random bits
            continue
        return password


# --- who the accounts are ---------------------------------------------------------------------------


def _adult_by(today: date) -> date:
    # 19 years back, so that the patient stays old enough for the programs (18) for a year.
    return today - timedelta(days=19 * 366)


def _simple(name: str) -> bool:
    """A last name anyone can type on any keyboard (the demo is read off a screen)."""
    return name.isascii() and name.isalpha()


def _demo_program(session: Session, today: date) -> Program | None:
    program = session.scalar(select(Program).where(Program.slug == HCP_SLUG, Program.end_date.is_(None)))
    if program is not None:
        return program
    return session.scalar(
        select(Program).join(Attribution, Attribution.program_id == Program.id)
        .where(Program.arrangement == "primary_care", Program.end_date.is_(None), Attribution.end_date.is_(None),
               Attribution.start_date <= today)
        .group_by(Program.id).order_by(func.count().desc(), Program.id).limit(1))


def _candidates(session: Session, program: Program, today: date, window: int = 100):
    """(member, attribution) attributed to `program` today, adult, with a PCP, a coordinator and
    an active enrollment, by member id: read a window at a time, so that a caller who stops at
    the first that fits reads a few rows, not the program's thousands (full scale)."""
    enrolled = select(Enrollment.id).where(Enrollment.member_id == Member.id, Enrollment.status == "active").exists()
    after = 0
    while True:
        rows = session.execute(
            select(Member, Attribution).join(Attribution, Attribution.member_id == Member.id)
            .where(Attribution.program_id == program.id, Attribution.end_date.is_(None),
                   Attribution.start_date <= today, Attribution.pcp_id.is_not(None),
                   Attribution.care_coordinator_id.is_not(None), Member.date_of_birth <= _adult_by(today),
                   Member.id > after, enrolled)
            .order_by(Member.id).limit(window)).all()
        yield from rows
        if len(rows) < window:
            return
        after = rows[-1][0].id


def _verification_member(session: Session, program: Program, patient_member_id: int | None,
                         today: date) -> Member | None:
    for member, _ in _candidates(session, program, today):
        if member.id != patient_member_id and _simple(member.last_name):
            return member
    return None


def choose_people(session: Session, today: date | None = None) -> DemoPeople:
    """The organization, coordinator and members behind the demo accounts (see the module's doc)."""
    today = today or date.today()
    program = _demo_program(session, today)
    if program is None:
        raise DemoAccountsError("No program has members attributed today: load the demo data first "
                                "(flask --app wsgi seed --scale demo).")
    organization = session.get(Organization, program.organization_id)
    linked = set(session.scalars(select(User.care_coordinator_id).where(User.care_coordinator_id.is_not(None))))
    with_account = set(session.scalars(select(User.member_id).where(User.member_id.is_not(None))))
    for member, attribution in _candidates(session, program, today):
        coordinator = session.get(CareCoordinator, attribution.care_coordinator_id)
        if member.id in with_account or not _simple(member.last_name) or coordinator is None \
                or not coordinator.is_active or coordinator.organization_id != organization.id \
                or coordinator.id in linked:
            continue
        return DemoPeople(organization, program, coordinator, member,
                          _verification_member(session, program, member.id, today))
    raise DemoAccountsError(f"No member of {program.name} fits the demo patient (attributed today, adult, with "
                            "a care coordinator without an account and an active enrollment).")


# --- making them --------------------------------------------------------------------------------------


def _refuse_in_production(production: bool) -> None:
    if production:
        raise DemoAccountsError(
            "Refused: this is a production configuration (PORTAL_ENV=production or PORTAL_PRODUCTION). Demo "
            "accounts have passwords printed in a terminal and are for development only; nothing was created "
            "or changed.")


PEOPLE_IMPORTS = ("members", "providers", "coordinators")  # the import kinds that hold people


def holds_imported_people(session: Session) -> bool:
    """Whether people were imported into this database (members, providers, coordinators): then
    it may hold real people, and neither demo accounts nor the home page's demo member belong."""
    imported = select(ImportRun.id).where(ImportRun.kind.in_(PEOPLE_IMPORTS), ImportRun.status == "applied")
    return session.scalar(imported.limit(1)) is not None


def _refuse_with_real_people(session: Session) -> None:
    if holds_imported_people(session):
        raise DemoAccountsError(
            "Refused: people were imported into this database (Admin › Imports), so it may hold real people. Demo "
            "accounts are made only on the generated demo data; nothing was created or changed.")


def existing(session: Session) -> dict[str, User]:
    """The demo accounts that exist, by role key."""
    users = {user.email: user for user in session.scalars(select(User).where(User.email.in_(EMAILS)))}
    return {demo.key: users[demo.email] for demo in ROLES if demo.email in users}


def _display_name(demo: DemoRole, people: DemoPeople) -> str:
    if demo.key == "patient":
        return f"{people.patient.first_name} {people.patient.last_name}"
    if demo.key == "coordinator":
        return f"{people.coordinator.first_name} {people.coordinator.last_name}"
    return f"Demo {demo.label.lower()}"


def _set_password(session: Session, actor: Actor, user: User) -> str:
    password = new_password()
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.failed_logins, user.locked_until = 0, None
    user.session_version += 1
    sessions.end_all(session, user, sessions.PASSWORD_CHANGED)
    audit.record(session, actor, "auth.password_reset", target=f"user:{user.id}", details={"demo_account": True})
    return password


def ensure(session: Session, actor: Actor, *, production: bool, reset_passwords: bool = False,
           today: date | None = None) -> tuple[list[Issued], dict[str, User]]:
    """Make the demo accounts that do not exist yet (and, with `reset_passwords`, give the others
    a new password), in one transaction. Returns the accounts given a password now, with it, and
    every demo account by role key. Refused in production: nothing is made or changed."""
    _refuse_in_production(production)
    _refuse_with_real_people(session)
    found = existing(session)
    for key, user in found.items():
        demo = _BY_KEY[key]
        if user.role != demo.role:
            raise DemoAccountsError(f"{user.email} exists as a {user.role} account, not a demo {demo.label.lower()} "
                                    "account: change or disable it, then try again.")
    issued: list[Issued] = []
    missing = [demo for demo in ROLES if demo.key not in found]
    if missing:
        people = choose_people(session, today)
        if "patient" in found:  # the coordinator account stays with the existing patient's coordinator
            current = session.scalar(select(Attribution).where(Attribution.member_id == found["patient"].member_id,
                                                               Attribution.end_date.is_(None)))
            if current is not None and current.care_coordinator is not None:
                people = DemoPeople(people.organization, people.program, current.care_coordinator,
                                    found["patient"].member, people.verify)
        for demo in missing:
            password = new_password()
            user = User(email=demo.email, role=demo.role, display_name=_display_name(demo, people),
                        password_hash=passwords.hash_password(password), is_office_admin=demo.office_admin,
                        organization_id=people.organization.id if demo.role == "provider" else None,
                        member_id=people.patient.id if demo.role == "patient" else None)
            session.add(user)
            session.flush()
            audit.record(session, actor, "user.create", target=f"user:{user.id}",
                         details={"role": demo.role, "organization_id": user.organization_id,
                                  "office_admin": user.is_office_admin, "demo_account": True})
            if demo.key == "coordinator":
                _link_coordinator(session, actor, user, people.coordinator)
            issued.append(Issued(demo, user, password))
            found[demo.key] = user
    if reset_passwords:
        fresh = {item.demo.key for item in issued}
        for demo in ROLES:
            if demo.key not in fresh:
                issued.append(Issued(demo, found[demo.key], _set_password(session, actor, found[demo.key])))
    session.commit()
    order = {demo.key: index for index, demo in enumerate(ROLES)}
    issued.sort(key=lambda item: order[item.demo.key])
    return issued, found


def _link_coordinator(session: Session, actor: Actor, user: User, coordinator: CareCoordinator) -> None:
    from portal.care import CareError, coordinators

    try:
        coordinators.linkable(session, user.organization_id, coordinator.id, user_id=user.id)
    except CareError as error:
        raise DemoAccountsError(error.message) from None
    user.care_coordinator_id = coordinator.id
    audit.record(session, actor, "user.coordinator_link", target=f"user:{user.id}",
                 details={"coordinator_id": coordinator.id, "previous": None,
                          "organization_id": user.organization_id})


# --- what the home page and the terminal show ------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    accounts: list[tuple[DemoRole, User]]
    organization: Organization | None
    coordinator: CareCoordinator | None
    patient: Member | None
    verify: Member | None


def overview(session: Session, today: date | None = None) -> Overview | None:
    """The demo accounts that exist and the details worth trying with them; None without any."""
    found = existing(session)
    if not found or holds_imported_people(session):
        return None
    today = today or date.today()
    office = next((found[key] for key in ("office", "office_admin", "coordinator") if key in found), None)
    organization = session.get(Organization, office.organization_id) if office is not None else None
    patient_user = found.get("patient")
    patient = patient_user.member if patient_user is not None else None
    coordinator = found["coordinator"].care_coordinator if "coordinator" in found else None
    verify = None
    if organization is not None:
        program = _demo_program(session, today)
        if program is None or program.organization_id != organization.id:
            program = session.scalar(select(Program).where(Program.organization_id == organization.id,
                                                           Program.end_date.is_(None)).order_by(Program.id))
        if program is not None:
            verify = _verification_member(session, program, patient.id if patient else None, today)
    return Overview([(demo, found[demo.key]) for demo in ROLES if demo.key in found], organization, coordinator,
                    patient, verify)


def page_path(app, demo: DemoRole) -> str:
    """The path of the page the role starts at (built without a request)."""
    return app.url_map.bind("localhost").build(demo.endpoint)


def terminal_lines(app, issued: list[Issued], info: Overview | None) -> list[str]:
    """The sign-in table printed once: role, e-mail, password, where to start; then what the
    roles need to know (the second factor) and the details to try."""
    base = app.config["PORTAL_URL"].rstrip("/")
    rows = [("role", "e-mail", "password", "start at")] + [
        (item.demo.label, item.demo.email, item.password, f"{page_path(app, item.demo)} ({item.demo.start})")
        for item in issued]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "",
        "Demo accounts (development only). Their passwords are shown only now: the database keeps",
        "only their hashes. New ones: make demo-passwords",
        "(or: flask --app wsgi users demo-accounts --reset-passwords).",
        f"Sign in at {base}/login",
        "",
    ]
    lines += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]
              for row in rows]
    lines += [""] + _wrap(second_factor_note(issued))
    lines += describe(info)
    return lines + [""]


def _listed(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def second_factor_note(issued: list[Issued]) -> str:
    """What each account given a password needs besides it, truthfully: staff accounts without
    a second factor set one up at their next sign-in; those with one keep it."""
    from portal.services import second_factor

    new = [item.demo.label.lower() for item in issued if item.demo.second_factor
           and not second_factor.enabled(item.user)]
    kept = [item.demo.label.lower() for item in issued if item.demo.second_factor and second_factor.enabled(item.user)]
    notes = []
    if new:
        notes.append(f"Second factor: like every staff account, the {_listed(new)} account{'s' if len(new) > 1 else ''} "
                     f"must set up an authenticator app (any TOTP app) at {'its' if len(new) == 1 else 'their'} first "
                     "sign-in; keep the recovery codes it shows.")
    if kept:
        notes.append(f"The {_listed(kept)} account{'s' if len(kept) > 1 else ''} keep{'' if len(kept) > 1 else 's'} "
                     "the authenticator app set up before (lost? an admin resets it: Admin › Users › Reset second "
                     "factor).")
    if any(item.demo.key == "patient" and not second_factor.enabled(item.user) for item in issued):
        notes.append("The patient signs in with the password alone.")
    return " ".join(notes)


def _wrap(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=100, break_on_hyphens=False)


def describe(info: Overview | None) -> list[str]:
    """What the demo accounts are, in a few lines (no password)."""
    if info is None:
        return []
    lines = [""]
    if info.organization is not None:
        lines += _wrap(f"Demo office: {info.organization.name} (organization {info.organization.id}).")
    if info.patient is not None:
        who = f"The patient is member {info.patient.member_id}, {info.patient.first_name} {info.patient.last_name}"
        lines += _wrap(who + (f"; their care coordinator, {info.coordinator.display_name}, is the care coordinator "
                              "account." if info.coordinator is not None else "."))
    if info.verify is not None:
        lines += _wrap(f"Verify a patient (office staff): member ID {info.verify.member_id}, date of birth "
                       f"{info.verify.date_of_birth.isoformat()}, last name {info.verify.last_name}.")
    return lines
