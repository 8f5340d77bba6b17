"""What each kind of message says, rendered at the moment it is sent.

Links that act for someone (a password reset, an invitation) are made here, when the message
goes out: the outbox row holds only the user's id, and the token is stored hashed like every
other. So no usable link is ever at rest, and nothing needs wiping after sending. A message
sent again (a passing failure) carries a new link; the one sent before still works until it
expires.

Each message has plain text and HTML from templates/email/, the portal's name, a footer
saying why the person gets it, and only the health information it needs: a care coordinator
learns who joined or left which program; a patient, which program. Subjects name no program
(they show on lock screens and stay in the outbox row).
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app, g, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from portal.i18n import DEFAULT_LANGUAGE, valid_language
from portal.models import Enrollment, OutboxMessage, User
from portal.services import audit

PORTAL_NAME = "Collaborative Care Partner Portal"


@dataclass
class Rendered:
    """A message written out, in its recipient's language: `why` is the footer's whole sentence."""

    subject: str
    template: str
    why: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Skip:
    """Nothing to send after all; `forget_recipient` for an address that has no account."""

    reason: str
    forget_recipient: bool = False


Renderer = Callable[[Session, OutboxMessage], "Rendered | Skip"]
RENDERERS: dict[str, Renderer] = {}
# What the Outbox page calls each kind (lazy: in the language of the page or e-mail showing it).
KIND_LABELS: dict[str, str] = {}


def kind(name: str, label: str) -> Callable[[Renderer], Renderer]:
    def register(function: Renderer) -> Renderer:
        RENDERERS[name] = function
        KIND_LABELS[name] = label
        return function
    return register


def link(endpoint: str, **values: Any) -> str:
    """An absolute address on the portal, under PORTAL_URL (see `build`)."""
    return url_for(endpoint, _external=True, **values)


def _user(session: Session, message: OutboxMessage) -> User | None:
    return session.get(User, message.user_id) if message.user_id else None


def _recipient_account(session: Session, message: OutboxMessage) -> User | None:
    """The account the message's address belongs to, if any: its own user's, else the one with
    that e-mail address (case aside)."""
    address = (message.recipient or "").lower()
    user = _user(session, message)
    if user is not None and user.email.lower() == address:
        return user
    if not address:
        return None
    return session.scalars(select(User).where(func.lower(User.email) == address).limit(1)).first()


def _enrollment(session: Session, message: OutboxMessage) -> Enrollment | None:
    return session.scalar(select(Enrollment).where(Enrollment.id == message.context.get("enrollment_id"))
                          .options(joinedload(Enrollment.member), joinedload(Enrollment.clinical_program)))


def _policy():
    from portal.services.accounts import Policy

    return Policy.from_config(current_app.config)


# --- accounts ------------------------------------------------------------------------------------


@kind("password_reset", _l("Password reset link"))
def password_reset(session: Session, message: OutboxMessage) -> Rendered | Skip:
    from portal.services import accounts

    # The request stored only the address typed, whatever it was (the answer and its time are
    # the same either way); whether it has an account is found out here.
    user = accounts.find_user_by_email(session, message.recipient)
    if user is None or not user.is_enabled:
        audit.record(session, audit.SYSTEM, "auth.password_reset_email", outcome="no_account")
        return Skip("No account that can sign in uses this address: nothing was sent.", forget_recipient=True)
    minutes = _policy().reset_minutes
    raw = accounts.issue_reset_token(session, user, timedelta(minutes=minutes))
    audit.record(session, audit.SYSTEM, "auth.password_reset_email", user_id=user.id, target=f"user:{user.id}")
    return Rendered(_("Reset your portal password"), "password_reset",
                    _("You get this e-mail because you, or someone who typed your address, asked to reset your "
                      "password on the portal."),
                    {"link": link("auth.reset_password", token=raw), "minutes": minutes})


@kind("invitation", _l("Invitation to choose a password"))
def invitation(session: Session, message: OutboxMessage) -> Rendered | Skip:
    from portal.services import accounts, second_factor

    user = _user(session, message)
    if user is None or not user.is_enabled:
        return Skip("The account was removed or disabled before the invitation went out.")
    hours = _policy().invitation_hours
    raw = accounts.issue_reset_token(session, user, timedelta(hours=hours))
    return Rendered(_("Your %(portal)s account", portal=PORTAL_NAME), "invitation",
                    _("You get this e-mail because an administrator created a portal account for this address."),
                    {"link": link("auth.reset_password", token=raw), "hours": hours, "role": user.role_label,
                     "needs_code": second_factor.required(user)})


def _account_message(session: Session, message: OutboxMessage, subject: str, template: str, why: str
                     ) -> Rendered | Skip:
    if _user(session, message) is None:
        return Skip("The account no longer exists.")
    return Rendered(subject, template, why, {"sign_in": link("auth.login"), "reset": link("auth.forgot_password")})


@kind("registration", _l("Registration confirmation"))
def registration(session: Session, message: OutboxMessage) -> Rendered | Skip:
    return _account_message(session, message, _("Your portal account is ready"), "registration",
                            _("You get this e-mail because this address was used to create a patient account on "
                              "the portal."))


@kind("registration_attempt", _l("Registration with an address in use"))
def registration_attempt(session: Session, message: OutboxMessage) -> Rendered | Skip:
    return _account_message(session, message, _("Someone tried to register with your e-mail address"),
                            "registration_attempt",
                            _("You get this e-mail because your address or member details belong to a portal "
                              "account and were typed into the registration form."))


@kind("second_factor_reset", _l("Second factor reset"))
def second_factor_reset(session: Session, message: OutboxMessage) -> Rendered | Skip:
    return _account_message(session, message, _("Your portal sign-in code was reset"), "second_factor_reset",
                            _("You get this e-mail because an administrator changed how your portal account signs "
                              "in."))


# --- programs ------------------------------------------------------------------------------------


def _patient_message(session: Session, message: OutboxMessage, subject: str, template: str, why: str
                     ) -> Rendered | Skip:
    enrollment = _enrollment(session, message)
    if enrollment is None:
        return Skip("The enrollment no longer exists.")
    return Rendered(subject, template, why,
                    {"enrollment": enrollment, "program": enrollment.clinical_program,
                     "programs_link": link("patient.programs"),
                     "coordinator_told": bool(message.context.get("coordinator_told"))})


@kind("enrollment_confirmation", _l("Enrollment confirmation (patient)"))
def enrollment_confirmation(session: Session, message: OutboxMessage) -> Rendered | Skip:
    return _patient_message(session, message, _("You joined a program"), "enrollment_confirmation",
                            _("You get this e-mail because you joined a program on the portal with this account."))


@kind("withdrawal_confirmation", _l("Left a program: confirmation (patient)"))
def withdrawal_confirmation(session: Session, message: OutboxMessage) -> Rendered | Skip:
    return _patient_message(session, message, _("You left a program"), "withdrawal_confirmation",
                            _("You get this e-mail because you left a program on the portal with this account."))


def _coordinator_message(session: Session, message: OutboxMessage, subject: str, template: str, item_kind: str
                         ) -> Rendered | Skip:
    enrollment = _enrollment(session, message)
    if enrollment is None:
        return Skip("The enrollment no longer exists.")
    from portal.care.worklist import on_a_read_worklist
    from portal.models.clinical import CONTACT_PREFERENCES

    on_worklist = on_a_read_worklist(session, enrollment, item_kind)
    return Rendered(subject, template,
                    _("You get this e-mail because you are the care coordinator of this patient's Collaborative "
                      "Care program."),
                    {"enrollment": enrollment, "member": enrollment.member, "program": enrollment.clinical_program,
                     "preference": CONTACT_PREFERENCES.get(enrollment.contact_preference, ""),
                     "worklist": link("provider.worklist_view") if on_worklist else None})


@kind("enrollment_notice", _l("New enrollment (care coordinator)"))
def enrollment_notice(session: Session, message: OutboxMessage) -> Rendered | Skip:
    return _coordinator_message(session, message, _("A patient joined a program"), "coordinator_enrollment",
                                "enrollment")


@kind("withdrawal_notice", _l("A patient left a program (care coordinator)"))
def withdrawal_notice(session: Session, message: OutboxMessage) -> Rendered | Skip:
    return _coordinator_message(session, message, _("A patient left a program"), "coordinator_withdrawal",
                                "withdrawal")


@kind("message_notice", _l("New secure message (patient or care team)"))
def message_notice(session: Session, message: OutboxMessage) -> Rendered | Skip:
    """Only that there is a message and where to sign in: never its text, program or author."""
    from portal.models import MessageThread

    thread = session.get(MessageThread, message.context.get("thread_id"))
    user = _user(session, message)
    if thread is None or user is None or not user.is_enabled:
        return Skip("The thread or the account no longer exists.")
    to_patient = bool(message.context.get("to_patient"))
    target = link("patient.thread", thread_id=thread.id) if to_patient else link("provider.thread", thread_id=thread.id)
    why = _("You get this e-mail because you have a patient account on the portal.") if to_patient else \
        _("You get this e-mail because you read your organization's secure messages on the portal.")
    return Rendered(_("You have a new secure message"), "message_notice", why, {"link": target})


# --- support ---------------------------------------------------------------------------------------


@kind("contact_request_notice", _l("Contact request waiting (support team)"))
def contact_request_notice(session: Session, message: OutboxMessage) -> Rendered | Skip:
    from portal.models import ContactRequest

    request = session.get(ContactRequest, message.context.get("request_id"))
    if request is None or request.status != "open":
        return Skip("The request was already handled or deleted.")
    return Rendered(_("Someone asked to be contacted"), "contact_request_notice",
                    _("You get this e-mail because this is the portal support team's address."),
                    {"by_phone": request.method == "phone", "queue": link("support.requests")})


# --- administration ------------------------------------------------------------------------------


@kind("failed_deliveries", _l("Daily summary of failed deliveries (admins)"))
def failed_deliveries(session: Session, message: OutboxMessage) -> Rendered | Skip:
    rows = message.context.get("failed", [])
    total = sum(count for _, count in rows)
    return Rendered(ngettext("%(num)s portal message could not be delivered",
                             "%(num)s portal messages could not be delivered", total), "failed_deliveries",
                    _("You get this e-mail because you are an administrator of the portal."),
                    {"rows": [(KIND_LABELS.get(k, k), count) for k, count in rows], "total": total,
                     "outbox": link("admin.outbox", status="failed")})


# --- the message itself --------------------------------------------------------------------------


def message_id(outbox_id: int) -> str:
    """The Message-ID of an outbox message: the same at every attempt (mail systems show a
    message once however often it arrives with one id), different between installations."""
    config = current_app.config
    tag = hmac.new(config["SECRET_KEY"].encode(), b"message-id", hashlib.sha256).hexdigest()[:12]
    domain = parseaddr(config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2] or "localhost"
    return f"<outbox.{outbox_id}.{tag}@{domain}>"


def build(session: Session, message: OutboxMessage) -> EmailMessage | Skip:
    renderer = RENDERERS.get(message.kind)
    if renderer is None:
        raise LookupError(f"No template for messages of kind {message.kind!r}.")
    if message.recipient:  # one plain address (a coordinator's comes from an imported file)
        try:
            validate_email(message.recipient, check_deliverability=False)
        except EmailNotValidError:
            raise ValueError("the recipient is not one valid e-mail address") from None
    # The worker has no request: links and templates are made as if for one to PORTAL_URL.
    with current_app.test_request_context("/", base_url=current_app.config["PORTAL_URL"].rstrip("/") + "/"):
        # g outlives this context (it is the app context's, which may be a page's that queued the
        # message): the reader's settings, and Flask-Babel's cached locale, are set for this message
        # only and put back after it.
        saved = {key: g.pop(key) for key in _READER_SETTINGS if key in g}
        try:
            # Dates in the recipient's own time zone and language when their account chose them (the
            # message's account, or the account with the address it goes to: a coordinator's, a
            # colleague's); else the language it was queued in (outbox.queue_email).
            recipient = _recipient_account(session, message)
            if recipient is not None and recipient.time_zone:
                g.reader_zone = recipient.time_zone
            g.language = (valid_language(recipient.language) if recipient else None) \
                or valid_language(message.language) or DEFAULT_LANGUAGE
            return _build(session, message, renderer)
        finally:
            for key in _READER_SETTINGS:
                g.pop(key, None)
            for key, value in saved.items():
                setattr(g, key, value)


# What `build` sets on g for one message: the reader's zone and language, and the locale
# Flask-Babel caches from them (flask_babel keeps it in g._flask_babel).
_READER_SETTINGS = ("reader_zone", "language", "_flask_babel")


def _build(session: Session, message: OutboxMessage, renderer: Renderer) -> EmailMessage | Skip:
    rendered = renderer(session, message)
    if isinstance(rendered, Skip):
        return rendered
    values = {**rendered.values, "subject": rendered.subject, "why": rendered.why, "portal_name": PORTAL_NAME,
              "portal_link": link("public.home")}
    email = EmailMessage()
    email["Subject"] = rendered.subject
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = message_id(message.id)
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no automatic replies to it
    email.set_content(render_template(f"email/{rendered.template}.txt", **values))
    email.add_alternative(render_template(f"email/{rendered.template}.html", **values), subtype="html")
    return email
