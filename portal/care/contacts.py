"""How a patient can be reached: their phone and e-mail (kept on My account, apart from the
payer's member file that imports overwrite), and for each program they are in, how and when
they want their care coordinator to contact them. The worklist always shows the current ones."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.care import CareError
from portal.models import Enrollment, Member, MemberContact, User, utcnow
from portal.models.clinical import CONTACT_PREFERENCES
from portal.services import audit
from portal.services.audit import Actor
from portal.services.text import normal_email, phone_ok, strip_controls

MAX_CONTACT_TIMES = 200


@dataclass(frozen=True)
class Reach:
    """Where the patient can be reached now: the phone they gave, and their contact e-mail
    (the one they gave, else their account's)."""

    phone: str
    email: str
    email_is_account: bool


def reach(session: Session, member: Member) -> Reach:
    contact = session.get(MemberContact, member.id)
    account = session.scalar(select(User.email).where(User.member_id == member.id, User.is_enabled.is_(True)))
    if contact is not None and contact.email:
        return Reach(contact.phone, contact.email, False)
    return Reach(contact.phone if contact else "", account or "", bool(account))


def check_phone(phone: str, required: bool) -> str:
    phone = strip_controls(phone)
    if not phone and not required:
        return ""
    if not phone_ok(phone):
        raise CareError(_l("Enter a phone number, for example 312-555-0101."), 400, "phone")
    return phone


def _contact(session: Session, member: Member) -> MemberContact:
    contact = session.get(MemberContact, member.id)
    if contact is None:
        contact = MemberContact(member_id=member.id, phone="", email="")
        session.add(contact)
    return contact


def set_phone(session: Session, member: Member, phone: str) -> None:
    """Keep a phone number given on the enrollment form (the caller commits and audits)."""
    contact = _contact(session, member)
    if contact.phone != phone:
        contact.phone, contact.updated_at = phone, utcnow()


def update_details(session: Session, actor: Actor, member: Member, *, phone: str, email: str) -> None:
    """The patient changes their phone and contact e-mail (empty e-mail: use the account's)."""
    phone = check_phone(phone, required=False)
    email = strip_controls(email)
    if email:
        email = normal_email(email) or ""
        if not email:
            raise CareError(_l("Enter an e-mail address, for example name@example.com, or leave it empty."), 400,
                            "email")
    active = session.scalars(select(Enrollment.contact_preference).where(
        Enrollment.member_id == member.id, Enrollment.status == "active")).all()
    if not phone and "phone" in active:
        raise CareError(_l("You asked to be called about a program: keep a phone number, or first change how you "
                           "want to be contacted about it on My programs."), 409, "phone")
    contact = _contact(session, member)
    changed = [name for name, old, new in (("phone", contact.phone, phone), ("email", contact.email, email))
               if old != new]
    if not changed:
        return
    contact.phone, contact.email, contact.updated_at = phone, email, utcnow()
    audit.record(session, actor, "member.contact_change", member_ref=member.member_id, details={"changed": changed})
    session.commit()


def check_preference(session: Session, member: Member, preference: str, times: str, *, phone: str,
                     portal_available: bool) -> str:
    """The cleaned contact times, or CareError when the preference cannot be honoured: a call
    needs a phone number, an e-mail an address, a portal message someone at the office to read it."""
    if preference not in CONTACT_PREFERENCES:
        raise CareError(_l("Choose how you would like to be contacted."), 400, "contact_preference")
    times = strip_controls(times)
    if len(times) > MAX_CONTACT_TIMES:
        raise CareError(_l("Keep the contact times under %(num)s characters.", num=MAX_CONTACT_TIMES), 400,
                        "contact_times")
    if preference == "phone" and not phone:
        raise CareError(_l("Enter the phone number your care coordinator should call."), 400, "phone")
    if preference == "email" and not reach(session, member).email:
        raise CareError(_l("Add an e-mail address on My account first, or choose another way."), 400,
                        "contact_preference")
    if preference == "portal" and not portal_available:
        raise CareError(_l("Nobody at your medical group reads portal messages yet: choose phone or e-mail."), 409,
                        "contact_preference")
    return times


def change_preference(session: Session, actor: Actor, member: Member, enrollment: Enrollment, *, preference: str,
                      times: str, phone: str, portal_available: bool) -> None:
    """The patient changes how and when they want to be contacted about one of their programs."""
    if enrollment.member_id != member.id:
        raise CareError(_l("You have not joined this program."), 404)
    if enrollment.status != "active":
        raise CareError(_l("You are no longer in this program: nobody will contact you about it."), 409)
    phone = check_phone(phone, required=preference == "phone")
    times = check_preference(session, member, preference, times, phone=phone or reach(session, member).phone,
                             portal_available=portal_available)
    if phone:
        set_phone(session, member, phone)
    enrollment.contact_preference, enrollment.contact_times = preference, times
    audit.record(session, actor, "enrollment.contact_change", member_ref=member.member_id,
                 target=f"enrollment:{enrollment.confirmation_code}", details={"contact_preference": preference})
    session.commit()
