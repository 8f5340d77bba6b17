"""Patients' care team and their enrollments in lifestyle and chronic condition programs.

(What patients read says "join" and "leave" a program; the code keeps the data model's words,
enrollment and withdrawal.)

Attribution to Collaborative Care is automatic; joining a clinical or lifestyle program is
the patient's choice. The eligibility rules live here and nowhere else, driven by each
program's `eligibility` data:

    min_age: int                 the member's age on the day they enroll
    max_age: int                 (optional) upper age limit
    requires_attribution: bool   a current attribution to a Collaborative Care program, whose
                                 arrangement offers this clinical program

At most one active enrollment per member and program is enforced by a partial unique index;
two submissions at once (double click, two tabs, two workers) end with one enrollment and
a friendly message, never an error.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.models import (
    Attribution,
    CareCoordinator,
    ClinicalProgram,
    ConsentText,
    Enrollment,
    Member,
    OutboxMessage,
    Program,
    User,
    utcnow,
)
from portal.care import CareError, contacts, messages, worklist
from portal.care.coordinators import office_readers, reads_own
from portal.delivery import outbox
from portal.services import audit
from portal.services.audit import Actor
from portal.services.text import strip_controls

if TYPE_CHECKING:
    from flask_babel.speaklater import LazyString

KNOWN_RULES = {"min_age", "max_age", "requires_attribution"}
MAX_CONTACT_TIMES = contacts.MAX_CONTACT_TIMES
MAX_REASON = 500
# Why a patient leaves: the common reasons they can choose (stored as the English sentence,
# which is what the care coordinator reads on the worklist), and a few words of their own.
# LEAVE_REASON_LABELS: how the patient reads them on the form, in the page's language.
LEAVE_REASONS = {
    "goal": "I reached my goal.",
    "timing": "The timing does not work for me.",
    "doctor": "I prefer to work on this with my doctor.",
    "elsewhere": "I am getting this help somewhere else.",
    "no_longer": "I no longer want to take part.",
    "other": "Another reason.",
}
LEAVE_REASON_LABELS = {
    "goal": _l("I reached my goal"),
    "timing": _l("The timing does not work for me"),
    "doctor": _l("I prefer to work on this with my doctor"),
    "elsewhere": _l("I am getting this help somewhere else"),
    "no_longer": _l("I no longer want to take part"),
}
assert set(LEAVE_REASON_LABELS) == set(LEAVE_REASONS) - {"other"}, "label every reason on the form"
MAX_REASON_DETAILS = 400  # with the longest reason, within MAX_REASON
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read out over the phone


class EnrollmentError(Exception):
    """A request the rules refuse; `status` is the HTTP status a view should answer with."""

    def __init__(self, message: str | LazyString, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message, self.status, self.field = message, status, field


# --- the care team ---------------------------------------------------------------------------


def current_attribution(session: Session, member_id: int, on: date) -> Attribution | None:
    """The member's attribution on a day, with program, group, PCP and coordinator loaded."""
    attributions = session.scalars(
        select(Attribution).where(Attribution.member_id == member_id, Attribution.start_date <= on)
        .options(joinedload(Attribution.program).joinedload(Program.organization),
                 joinedload(Attribution.program).selectinload(Program.clinical_programs),
                 joinedload(Attribution.pcp), joinedload(Attribution.care_coordinator))
        .order_by(Attribution.start_date.desc())
    ).unique().all()
    return next((a for a in attributions if a.is_active_on(on)), None)


def record_view(session: Session, actor: Actor, member: Member, what: str, **details) -> None:
    audit.record(session, actor, "member.view", member_ref=member.member_id, details={"what": what, **details})
    session.commit()


def care_team(session: Session, actor: Actor, member: Member, on: date) -> Attribution | None:
    """The patient's own care team today (audited as a view of member data)."""
    attribution = current_attribution(session, member.id, on)
    record_view(session, actor, member, "care team", attributed=attribution is not None)
    return attribution


# --- eligibility ---------------------------------------------------------------------------------


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str]  # in the page's language
    active: Enrollment | None = None  # the member's current enrollment in this program, if any


def check_eligibility(program: ClinicalProgram, member: Member, attribution: Attribution | None,
                      active: Enrollment | None, on: date) -> Eligibility:
    """Whether `member` may join `program` today, and every reason why not, in plain words."""
    rules = program.eligibility or {}
    unknown = set(rules) - KNOWN_RULES
    if unknown:
        raise ValueError(f"{program.code}: unknown eligibility rule(s) {sorted(unknown)}")
    reasons: list[str] = []
    name = program.label
    if active is not None:
        reasons.append(_("You are already in %(program)s (confirmation %(code)s).", program=name,
                         code=active.confirmation_code))
    if not program.is_open:
        reasons.append(_("%(program)s is not accepting anyone new at the moment.", program=name))
    age = age_on(member.date_of_birth, on)
    if "min_age" in rules and age < rules["min_age"]:
        reasons.append(_("%(program)s is for people aged %(age)s or older.", program=name, age=rules["min_age"]))
    if "max_age" in rules and age > rules["max_age"]:
        reasons.append(_("%(program)s is for people aged %(age)s or younger.", program=name, age=rules["max_age"]))
    if rules.get("requires_attribution"):
        if attribution is None:
            reasons.append(_("You need a current Collaborative Care program through your medical group: we have "
                             "none on file for you today."))
        elif program not in attribution.program.clinical_programs:
            reasons.append(_("Your care team's program (%(organization)s) does not offer %(program)s.",
                             organization=attribution.program.organization.name, program=name))
    return Eligibility(not reasons, reasons, active)


def _active_enrollment(session: Session, member_id: int, program_id: int) -> Enrollment | None:
    return session.scalar(select(Enrollment).where(Enrollment.member_id == member_id,
                                                   Enrollment.clinical_program_id == program_id,
                                                   Enrollment.status == "active"))


def eligibility_for(session: Session, member: Member, program: ClinicalProgram, on: date) -> Eligibility:
    return check_eligibility(program, member, current_attribution(session, member.id, on),
                             _active_enrollment(session, member.id, program.id), on)


# --- catalog and consent ---------------------------------------------------------------------------


def catalog(session: Session) -> list[ClinicalProgram]:
    return list(session.scalars(select(ClinicalProgram).order_by(ClinicalProgram.category.desc(),
                                                                 ClinicalProgram.name)))


def get_program(session: Session, code: str) -> ClinicalProgram | None:
    return session.scalar(select(ClinicalProgram).where(ClinicalProgram.code == code[:40]))


def current_consent(session: Session) -> ConsentText:
    consent = session.scalar(select(ConsentText).where(ConsentText.effective_at <= utcnow())
                             .order_by(ConsentText.effective_at.desc(), ConsentText.id.desc()))
    if consent is None:
        raise EnrollmentError(_l("Joining a program is not possible at the moment: no consent text is on file. "
                                 "Please contact support."), 503)
    return consent


# Translations of the consent, each of one exact English text: (version, language) -> (the
# SHA-256 of the English body it translates, the translation). It is shown only while the
# version's stored body is that text, so a page never shows a translation of other words.
_CONSENT_TRANSLATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("2026-01", "es"): (
        "1adf827b44d8b46d539d19a4c1d978d00722b3d3413ee9f0c2d6a1d7b5426443",
        "Al unirse a este programa, usted acepta lo siguiente:\n\n"
        "Su plan de salud puede compartir su inscripción, sus datos de contacto y la forma de contacto que usted "
        "elija con el coordinador de atención de su grupo médico y con los administradores de casos del plan de "
        "salud, para que puedan apoyarle en este programa.\n\n"
        "Su coordinador de atención puede comunicarse con usted acerca de este programa por el medio que usted "
        "elija: teléfono, correo electrónico o mensaje del portal, en los horarios que usted indique.\n\n"
        "Unirse es voluntario. No cambia los beneficios de su plan de salud ni la atención que recibe de su "
        "médico. Puede dejar el programa en cualquier momento en el área del paciente o avisándole a su "
        "coordinador de atención; después de dejarlo, nadie se comunicará con usted acerca de este programa.",
    ),
}


@dataclass(frozen=True)
class ShownConsent:
    """The consent text a patient reads and agrees to: `version`'s body in `language` (English
    when the version has no translation into the page's language)."""

    version: str
    language: str
    body: str


def consent_in(consent: ConsentText, language: str) -> ShownConsent:
    """`consent` in `language` when a translation of exactly its stored text exists, else in English."""
    translation = _CONSENT_TRANSLATIONS.get((consent.version, language))
    if translation is not None and hashlib.sha256(consent.body.encode()).hexdigest() == translation[0]:
        return ShownConsent(consent.version, language, translation[1])
    return ShownConsent(consent.version, "en", consent.body)


# --- enrolling and withdrawing -----------------------------------------------------------------------


def _confirmation_code() -> str:
    return "EN-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


@dataclass(frozen=True)
class EnrollOutcome:
    enrollment: Enrollment
    created: bool  # False: an identical request had already enrolled the member (double submit)


def portal_messages_available(session: Session, attribution: Attribution | None) -> bool:
    """Whether someone at the patient's medical group reads portal messages (so that "portal
    message" can be offered as a way to be contacted)."""
    team = messages.care_team(session, attribution)
    return team is not None and team.available


def enroll(session: Session, actor: Actor, member: Member, program: ClinicalProgram, *, contact_preference: str,
           contact_times: str, consent_version: str, consented: bool, on: date, phone: str = "",
           consent_language: str = "en") -> EnrollOutcome:
    """Enroll the member, or EnrollmentError saying why not. A second submission of the same
    enrollment (another tab, a double click, another worker) returns the existing one. A phone
    number given is kept with the patient's contact details, in the same transaction.
    `consent_language`: the language of the consent text the page showed (consent_in); the
    enrollment row keeps the version, its audit event the language and a SHA-256 of the exact
    words agreed to."""
    if not consented:
        raise EnrollmentError(_l("Please read the consent and tick the box to agree before you join."), 400,
                              "consent")
    attribution = current_attribution(session, member.id, on)
    try:
        phone = contacts.check_phone(phone, required=False)
        times = contacts.check_preference(session, member, contact_preference, contact_times,
                                          phone=phone or contacts.reach(session, member).phone,
                                          portal_available=portal_messages_available(session, attribution))
    except CareError as error:
        raise EnrollmentError(error.message, error.status, error.field) from None
    consent = current_consent(session)
    # The text agreed to is the one the page showed: its version, in the language it was shown in
    # (a translation is used only while it matches the stored English exactly).
    shown = consent_in(consent, consent_language)
    if consent_version != consent.version or shown.language != consent_language:
        raise EnrollmentError(_l("The consent text has changed since you opened this page. Please read the new "
                                 "version below and agree again."), 409, "consent")
    active = _active_enrollment(session, member.id, program.id)
    if active is not None:
        return EnrollOutcome(active, created=False)
    eligibility = check_eligibility(program, member, attribution, None, on)
    if not eligibility.eligible:
        raise EnrollmentError(" ".join(eligibility.reasons), 409)
    now = utcnow()
    enrollment = Enrollment(member_id=member.id, clinical_program_id=program.id, status="active",
                            confirmation_code=_confirmation_code(), consent_text_id=consent.id, consented_at=now,
                            contact_preference=contact_preference, contact_times=times, enrolled_at=now,
                            enrolled_by_user_id=actor.user_id)
    session.add(enrollment)
    try:
        session.flush()
    except IntegrityError:
        # Another request enrolled the member in this program a moment ago: the database kept one.
        session.rollback()
        existing = _active_enrollment(session, member.id, program.id)
        if existing is None:
            raise
        return EnrollOutcome(existing, created=False)
    assert attribution is not None or not program.eligibility.get("requires_attribution")
    coordinator = attribution.care_coordinator if attribution else None
    if phone:
        contacts.set_phone(session, member, phone)
    worklist.open_item(session, "enrollment", enrollment, attribution)
    _tell(session, enrollment, member, coordinator, "enrollment_confirmation", "enrollment_notice")
    audit.record(session, actor, "enrollment.create", member_ref=member.member_id,
                 target=f"enrollment:{enrollment.confirmation_code}",
                 details={"program": program.code, "consent_version": consent.version,
                          "consent_language": shown.language,
                          "consent_sha256": hashlib.sha256(shown.body.encode()).hexdigest(),
                          "contact_preference": contact_preference})
    session.commit()
    return EnrollOutcome(enrollment, created=True)


def _tell(session: Session, enrollment: Enrollment, member: Member, coordinator: CareCoordinator | None,
          patient_kind: str, coordinator_kind: str) -> None:
    """Queue the e-mails a change of enrollment sends: to the patient, at their account's address,
    and to their active care coordinator (who, under the consent, must stop or start contacting them)."""
    patient = _patient_account(session, member)
    told = coordinator is not None and coordinator.is_active and bool(coordinator.email)
    if patient is not None:
        outbox.queue_email(session, kind=patient_kind, recipient=patient.email, user_id=patient.id,
                           context={"enrollment_id": enrollment.id, "coordinator_told": told})
    if told:
        outbox.queue_email(session, kind=coordinator_kind, recipient=coordinator.email,
                           context={"enrollment_id": enrollment.id,
                                    "coordinator": f"{coordinator.first_name} {coordinator.last_name}"})


def _patient_account(session: Session, member: Member) -> User | None:
    """The account the patient's e-mails about their programs go to (an enabled one)."""
    return session.scalar(select(User).where(User.member_id == member.id, User.is_enabled.is_(True)))


def who_was_told(session: Session, enrollment: Enrollment, withdrawal: bool = False) -> tuple[str | None, str | None]:
    """The patient's address and the care coordinator's name that the enrollment's (or the
    withdrawal's) e-mails are going or went to, as the outbox records them, for the pages to
    say so truthfully; None for whoever has no such message (or one that failed or was cancelled)."""
    kinds = ("withdrawal_confirmation", "withdrawal_notice") if withdrawal else \
        ("enrollment_confirmation", "enrollment_notice")
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind.in_(kinds), OutboxMessage.status.in_(("queued", "sending", "sent", "logged")),
        OutboxMessage.context["enrollment_id"].as_integer() == enrollment.id)).all()
    patient = next((row.recipient for row in rows if row.kind == kinds[0]), None)
    coordinator = next((row.context.get("coordinator") for row in rows if row.kind == kinds[1]), None)
    return patient, coordinator


def own_enrollment(session: Session, member: Member, confirmation_code: str) -> Enrollment | None:
    """One of the member's own enrollments (anyone else's is None, as if it did not exist)."""
    enrollment = session.scalar(select(Enrollment).where(Enrollment.confirmation_code == confirmation_code[:20])
                                .options(joinedload(Enrollment.clinical_program), joinedload(Enrollment.consent_text)))
    return enrollment if enrollment is not None and enrollment.member_id == member.id else None


def own_active_enrollment(session: Session, member: Member, program: ClinicalProgram) -> Enrollment | None:
    """The member's current enrollment in the program (the one a patient can leave), if any."""
    return session.scalar(select(Enrollment).where(Enrollment.member_id == member.id,
                                                   Enrollment.clinical_program_id == program.id,
                                                   Enrollment.status == "active")
                          .options(joinedload(Enrollment.clinical_program), joinedload(Enrollment.consent_text)))


def leave_reason(choice: str, details: str) -> str:
    """What the coordinator reads of why the patient left: the reason chosen (none: "") and
    the patient's own words, or EnrollmentError (400) for a choice not in the list or too
    many words. Checked before anything is written."""
    if choice and choice not in LEAVE_REASONS:
        raise EnrollmentError(_l("Choose one of the reasons in the list, or none."), 400, "reason")
    words = strip_controls(details or "").strip()
    if len(words) > MAX_REASON_DETAILS:
        raise EnrollmentError(_l("Keep what you write under %(num)s characters.", num=MAX_REASON_DETAILS), 400,
                              "details")
    if not choice:
        return words
    if choice == "other":
        return words or LEAVE_REASONS["other"]
    return f"{LEAVE_REASONS[choice]} {words}".strip()


@dataclass(frozen=True)
class Leaving:
    """What leaving a program will do, for the page that asks first: the same rules as
    `withdraw` (its worklist item and e-mails), read before anything changes.

    `told`: "worklist" (someone at the office reads the portal's worklist: `who` there sees
    it), "email" (nobody there reads it, and the care coordinator `who` gets an e-mail), or
    "nobody" (no current Collaborative Care program, or nobody to tell).
    `follow_up`: the first contact about joining that is still to happen, which leaving
    closes (only when someone reads the worklist it is on)."""

    told: str
    who: str | None
    organization: str | None
    patient_email: str | None
    follow_up: worklist.FollowUp | None


def leaving(session: Session, member: Member, enrollment: Enrollment, on: date) -> Leaving:
    attribution = current_attribution(session, member.id, on)
    account = _patient_account(session, member)
    follow_up = worklist.follow_up(session, enrollment)
    follow_up = follow_up if follow_up is not None and follow_up.seen else None
    email = account.email if account is not None else None
    if attribution is None:
        return Leaving("nobody", None, None, email, follow_up)
    coordinator = attribution.care_coordinator
    organization = attribution.program.organization
    readers = office_readers(session, coordinator, organization.id)
    if readers:
        who = _("your care coordinator, %(name)s,", name=coordinator.display_name) \
            if reads_own(coordinator, readers) else _("your care team")
        return Leaving("worklist", who, organization.name, email, follow_up)
    if coordinator is not None and coordinator.is_active and coordinator.email:
        return Leaving("email", f"{coordinator.first_name} {coordinator.last_name}", organization.name, email,
                       follow_up)
    return Leaving("nobody", None, organization.name, email, follow_up)


def withdraw(session: Session, actor: Actor, member: Member, enrollment: Enrollment, reason: str) -> None:
    """The patient leaves the program: the enrollment is withdrawn with their reason, the
    coordinator's open follow-up about joining is closed and a withdrawal item opened, and
    the e-mails are queued, in one transaction (all of it, or nothing)."""
    if enrollment.member_id != member.id:
        raise EnrollmentError(_l("That is not one of your programs."), 404)
    name = enrollment.clinical_program.label
    if enrollment.status == "completed":
        raise EnrollmentError(_l("You completed %(program)s: there is nothing to leave.", program=name), 409)
    if enrollment.status != "active":
        raise EnrollmentError(_l("You already left %(program)s: there is nothing to leave.", program=name), 409)
    text = strip_controls(reason)
    if len(text) > MAX_REASON:
        raise EnrollmentError(_l("Keep the reason under %(num)s characters.", num=MAX_REASON), 400, "details")
    # One withdrawal only, however many requests arrive at once: the row changes only while it
    # is still active, and a request that finds it changed is told so (no second audit event).
    changed = session.execute(
        update(Enrollment).where(Enrollment.id == enrollment.id, Enrollment.status == "active")
        .values(status="withdrawn", withdrawn_at=utcnow(), withdraw_reason=text or None)
        .execution_options(synchronize_session="fetch")).rowcount
    if changed != 1:
        session.rollback()
        raise EnrollmentError(_l("You already left %(program)s: there is nothing to leave.", program=name), 409)
    attribution = current_attribution(session, member.id, date.today())
    worklist.open_item(session, "withdrawal", enrollment, attribution)
    _tell(session, enrollment, member, attribution.care_coordinator if attribution else None,
          "withdrawal_confirmation", "withdrawal_notice")
    audit.record(session, actor, "enrollment.withdraw", member_ref=member.member_id,
                 target=f"enrollment:{enrollment.confirmation_code}",
                 details={"program": enrollment.clinical_program.code, "reason_given": bool(text)})
    session.commit()


def history(session: Session, actor: Actor, member: Member) -> list[Enrollment]:
    """All of the member's enrollments, newest first (audited as a view of member data)."""
    enrollments = list(session.scalars(
        select(Enrollment).where(Enrollment.member_id == member.id)
        .options(joinedload(Enrollment.clinical_program), joinedload(Enrollment.consent_text))
        .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
    ))
    record_view(session, actor, member, "enrollments", count=len(enrollments))
    return enrollments

