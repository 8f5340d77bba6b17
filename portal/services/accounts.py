"""Accounts: sign-in with lockout, patient registration, passwords and resets, user
administration and API tokens. Every change writes its audit event in the same transaction.

Who may manage whom is decided here (`_ensure_can_manage`), not in the views: an admin
manages everyone; an organization's office administrator manages the office staff of
their own organization only.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from portal.i18n import current_language
from portal.models import ROLES, ApiToken, Member, Organization, PasswordResetToken, User, utcnow
from portal.delivery import outbox
from portal.services import audit, passwords, sessions
from portal.services.audit import Actor
from portal.services.pagination import Page
from portal.services.text import name_key, strip_controls

GENERIC_LOGIN_ERROR = _l(
    "The e-mail address or password is not right, or the account cannot sign in. "
    "After 5 failed attempts an account is locked for 15 minutes."
)
GENERIC_REGISTRATION_ERROR = _l(
    "We could not verify these details. Check them against your member ID card; if they are right and you "
    "still cannot register, contact support. If you already have an account, sign in or reset your password: "
    "when this e-mail address or these member details belong to an account, its owner is told of this attempt "
    "by e-mail."
)
TOKEN_PREFIX = "ccp_"


class AccountError(Exception):
    """A request the rules refuse. `status` is the HTTP status a view should answer with."""

    def __init__(self, message: str, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


@dataclass(frozen=True)
class Policy:
    """The account settings that come from configuration."""

    lockout_threshold: int = 5
    lockout_minutes: int = 15
    reset_minutes: int = 30
    invitation_hours: int = 72
    mail_to_log: bool = False

    @classmethod
    def from_config(cls, config) -> Policy:
        return cls(config["LOCKOUT_THRESHOLD"], config["LOCKOUT_MINUTES"], config["PASSWORD_RESET_MINUTES"],
                   config["INVITATION_HOURS"], config["MAIL_TO_LOG"])


# --- e-mail and passwords -------------------------------------------------------------------


def normalize_email(raw: str) -> str:
    """The stored form of an e-mail address (lower case, domain in ASCII), or AccountError."""
    text = strip_controls(raw or "")
    if not text:
        raise AccountError(_l("Enter your e-mail address."), field="email")
    if len(text) > 254:
        raise AccountError(_l("An e-mail address has at most 254 characters."), field="email")
    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        if not text.split("@")[0].isascii():
            raise AccountError(_l("Use an e-mail address whose part before the @ has no accents or other "
                                  "non-English letters."), field="email") from None
        # email_validator's reason is in English (it has no translations).
        raise AccountError(_l("This e-mail address is not valid: %(reason)s", reason=str(error)),
                           field="email") from None
    return result.ascii_email.lower()


def _user_inputs(email: str, *names: str) -> tuple[str, ...]:
    return (email, *[name for name in names if name])


def hash_token(raw: str) -> str:
    """The SHA-256 of a token or code, the only form of it the database holds."""
    return hashlib.sha256(raw.encode()).hexdigest()


def find_user_by_email(session: Session, email: str) -> User | None:
    try:
        normalized = normalize_email(email)
    except AccountError:
        return None
    return session.scalar(select(User).where(User.email == normalized))


# --- signing in --------------------------------------------------------------------------------


def can_sign_in(user: User, now: datetime | None = None) -> bool:
    """Enabled, not locked, and (office staff) their organization's access not suspended."""
    return _may_sign_in(user.is_enabled, user.locked_until, user.role,
                        user.organization.portal_access if user.organization is not None else None, now or utcnow())


def _may_sign_in(enabled: bool, locked_until: datetime | None, role: str, portal_access: bool | None,
                 now: datetime) -> bool:
    if not enabled or (locked_until and locked_until > now):
        return False
    return not (role == "provider" and portal_access is False)


def authenticate(session: Session, actor: Actor, email: str, password: str, policy: Policy) -> User:
    """The user for these credentials, or AccountError with one generic message.

    Failures are counted per account; at `lockout_threshold` in a row the account locks for
    `lockout_minutes`. Commits: the failure count and the audit events must stay even
    though sign-in failed.
    """
    now = utcnow()
    user = find_user_by_email(session, email)
    valid = passwords.verify_password(user.password_hash if user else None, password)
    if user is None:
        audit.record(session, actor, "auth.login_failed", outcome="unknown_account")
        session.commit()
        raise AccountError(GENERIC_LOGIN_ERROR, 401)
    if user.locked_until and user.locked_until > now:
        reason = "locked"
    elif not valid:
        reason = "bad_password"
    elif not can_sign_in(user, now):
        reason = "disabled" if not user.is_enabled else "organization_suspended"
    else:
        reason = None
    if reason:
        if reason == "bad_password":
            user.failed_logins += 1
            if user.failed_logins >= policy.lockout_threshold:
                user.locked_until = now + timedelta(minutes=policy.lockout_minutes)
                user.failed_logins = 0
                audit.record(session, actor, "auth.lockout", user_id=user.id, target=f"user:{user.id}",
                             details={"minutes": policy.lockout_minutes})
        audit.record(session, actor, "auth.login_failed", outcome=reason, user_id=user.id, target=f"user:{user.id}")
        session.commit()
        raise AccountError(GENERIC_LOGIN_ERROR, 401)
    if not (user.totp_enabled_at or user.role != "patient"):
        user.failed_logins = 0  # with a second factor, only an accepted code clears the count of failures
    user.locked_until = None
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    audit.record(session, Actor.for_user(user, actor.ip_address), "auth.login", target=f"user:{user.id}")
    session.commit()
    return user


def record_logout(session: Session, actor: Actor, expired: bool = False, outcome: str = "success") -> None:
    audit.record(session, actor, "auth.session_expired" if expired else "auth.logout", outcome=outcome)
    session.commit()


# --- patient registration ------------------------------------------------------------------------


def register_patient(
    session: Session, actor: Actor, *, member_id: str, date_of_birth: date, last_name: str, zip_code: str,
    email: str, password: str,
) -> User:
    """Create a patient account for the one member these details match, who has none yet.

    A mismatch, a member who already has an account and an e-mail address in use all get one
    generic message, so that registration cannot be used to find out who is a member or has an
    account: the password is checked first (against what was typed, the same for everyone) and
    hashed whatever happens next, so that neither the answer nor its time depends on the match.
    """
    normalized = normalize_email(email)
    passwords.check_policy(password, _user_inputs(normalized, last_name))
    password_hash = passwords.hash_password(password)
    member_ref = strip_controls(member_id).upper()[:40]
    member = session.scalar(
        select(Member).where(
            Member.member_id == member_ref,
            Member.date_of_birth == date_of_birth,
            Member.last_name_key == name_key(last_name),
            Member.zip == strip_controls(zip_code)[:5],
        )
    )
    member_owner = session.scalar(select(User).where(User.member_id == member.id)) if member is not None else None
    email_owner = session.scalar(select(User).where(User.email == normalized))
    if member is None or member_owner is not None or email_owner is not None:
        outcome = "no_match" if member is None else "already_registered" if member_owner else "email_in_use"
        audit.record(session, actor, "auth.register_failed", outcome=outcome, member_ref=member_ref)
        # The owner of the address, or of the membership, hears of the attempt (only they do).
        for owner in {member_owner, email_owner} - {None}:
            outbox.queue_email(session, kind="registration_attempt", recipient=owner.email, user_id=owner.id)
        session.commit()
        raise AccountError(GENERIC_REGISTRATION_ERROR, 400)
    # The language they registered in is their account's: their e-mails are written in it.
    user = User(email=normalized, password_hash=password_hash, role="patient",
                display_name=f"{member.first_name} {member.last_name}", member_id=member.id,
                language=current_language())
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        # Two registrations for the same member or e-mail at once: the database kept one.
        session.rollback()
        raise AccountError(GENERIC_REGISTRATION_ERROR, 409) from None
    audit.record(session, Actor.for_user(user, actor.ip_address), "auth.register", member_ref=member.member_id,
                 target=f"user:{user.id}")
    outbox.queue_email(session, kind="registration", recipient=user.email, user_id=user.id)
    session.commit()
    return user


# --- passwords ----------------------------------------------------------------------------------


def _set_password(user: User, password: str) -> None:
    passwords.check_policy(password, _user_inputs(user.email, user.display_name))
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.session_version += 1  # every other session of this user ends
    session = object_session(user)
    if session is not None:
        sessions.end_all(session, user, sessions.PASSWORD_CHANGED)
    user.failed_logins = 0
    user.locked_until = None


def change_password(session: Session, actor: Actor, user: User, current: str, new: str) -> None:
    if not passwords.verify_password(user.password_hash, current):
        audit.record(session, actor, "auth.password_change", outcome="wrong_current_password", target=f"user:{user.id}")
        session.commit()
        raise AccountError(_l("Your current password is not right."), 400, "current_password")
    if current == new:
        raise AccountError(_l("Choose a password different from your current one."), 400, "new_password")
    _set_password(user, new)
    audit.record(session, actor, "auth.password_change", target=f"user:{user.id}")
    session.commit()


def issue_reset_token(session: Session, user: User, lifetime: timedelta) -> str:
    """A new single-use password link for `user`; only its hash is stored. Made by the worker
    when it sends the e-mail that carries it (portal/delivery/messages.py)."""
    raw = secrets.token_urlsafe(32)
    session.add(PasswordResetToken(user_id=user.id, token_hash=hash_token(raw), expires_at=utcnow() + lifetime))
    return raw


def purge_reset_tokens(session: Session) -> int:
    """Delete password links that expired or were used more than a day ago."""
    cutoff = utcnow() - timedelta(days=1)
    result = session.execute(delete(PasswordResetToken).where(
        (PasswordResetToken.expires_at < cutoff) | (PasswordResetToken.used_at < cutoff)))
    session.commit()
    return result.rowcount or 0


def request_password_reset(session: Session, actor: Actor, email: str) -> None:
    """Queue a reset link for the address typed. The same is done whether or not an account
    uses it (one outbox row and one audit event), so neither the answer nor its time tells;
    the worker finds out when it sends (portal/delivery/messages.py `password_reset`)."""
    normalized = normalize_email(email)[:254]
    outbox.queue_email(session, kind="password_reset", recipient=normalized)
    audit.record(session, actor, "auth.password_reset_request")
    session.commit()


def _usable_reset_token(session: Session, raw: str) -> PasswordResetToken | None:
    if not raw or len(raw) > 100:
        return None
    token = session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(raw)))
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    return token


def check_reset_token(session: Session, raw: str) -> bool:
    return _usable_reset_token(session, raw) is not None


INVALID_RESET_LINK = _l("This password link has expired or has already been used. Ask for a new one: links work "
                        "once, for a limited time.")


def record_failed_reset(session: Session, actor: Actor) -> None:
    audit.record(session, actor, "auth.password_reset_failed", outcome="invalid_token")
    session.commit()


def reset_password(session: Session, actor: Actor, raw: str, new_password: str) -> User:
    token = _usable_reset_token(session, raw)
    if token is None:
        record_failed_reset(session, actor)
        raise AccountError(INVALID_RESET_LINK, 400)
    user = session.get(User, token.user_id)
    assert user is not None
    _set_password(user, new_password)
    # Single use, and any other outstanding link for this user stops working too.
    now = utcnow()
    for other in session.scalars(select(PasswordResetToken).where(
            PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))):
        other.used_at = now
    audit.record(session, actor, "auth.password_reset", user_id=user.id, target=f"user:{user.id}")
    session.commit()
    return user


# --- user administration -------------------------------------------------------------------------


def _ensure_can_manage(actor: Actor, target_role: str, organization_id: int | None) -> None:
    if actor.role == "admin":
        return
    if actor.role == "provider" and actor.is_office_admin and target_role == "provider" \
            and organization_id is not None and organization_id == actor.organization_id:
        return
    raise AccountError(_l("You cannot manage this account."), 403)


def _check_role_links(session: Session, role: str, organization_id: int | None, member_ref: str | None
                      ) -> tuple[int | None, int | None]:
    """Validate the organization and member a role needs; return their primary keys."""
    if role not in ROLES:
        raise AccountError(_l("Choose a role from the list."), 400, "role")
    org_id = member_pk = None
    if role == "provider":
        if organization_id is None or session.get(Organization, organization_id) is None:
            raise AccountError(_l("Office staff need an existing organization."), 400, "organization_id")
        org_id = organization_id
    if role == "patient":
        member = session.scalar(select(Member).where(Member.member_id == (member_ref or "").strip().upper()))
        if member is None:
            raise AccountError(_l("Patients need the member ID of an existing member."), 400, "member_id")
        if session.scalar(select(User.id).where(User.member_id == member.id)):
            raise AccountError(_l("This member already has an account."), 400, "member_id")
        member_pk = member.id
    return org_id, member_pk


def create_user(
    session: Session, actor: Actor, *, email: str, role: str, display_name: str = "",
    organization_id: int | None = None, member_ref: str | None = None, password: str | None = None,
    is_office_admin: bool = False,
) -> User:
    """Create an account. With a password (the CLI), it can sign in at once; without one, an
    invitation to choose a password is queued to the user's e-mail."""
    _ensure_can_manage(actor, role, organization_id)
    normalized = normalize_email(email)
    if session.scalar(select(User.id).where(User.email == normalized)):
        raise AccountError(_l("An account with this e-mail address already exists."), 400, "email")
    org_id, member_pk = _check_role_links(session, role, organization_id, member_ref)
    name = strip_controls(display_name)[:120]
    if password is not None:
        passwords.check_policy(password, _user_inputs(normalized, name))
    user = User(
        email=normalized, role=role, display_name=name, organization_id=org_id, member_id=member_pk,
        is_office_admin=bool(is_office_admin and role == "provider"),
        # An invited user has no usable password until they choose one.
        password_hash=passwords.hash_password(password) if password else "!invited",
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", target=f"user:{user.id}",
                 details={"role": role, "organization_id": org_id, "office_admin": user.is_office_admin})
    if password is None:
        _invite(session, actor, user)
    session.commit()
    return user


def _invite(session: Session, actor: Actor, user: User) -> None:
    outbox.queue_email(session, kind="invitation", recipient=user.email, user_id=user.id)
    audit.record(session, actor, "user.invite", target=f"user:{user.id}")


def resend_invitation(session: Session, actor: Actor, user: User) -> None:
    _ensure_can_manage(actor, user.role, user.organization_id)
    _invite(session, actor, user)
    session.commit()


def change_role(session: Session, actor: Actor, user: User, *, role: str, organization_id: int | None,
                member_ref: str | None) -> None:
    if actor.role != "admin":
        raise AccountError(_l("Only administrators change roles."), 403)
    if user.id == actor.user_id:
        raise AccountError(_l("You cannot change your own role; ask another administrator."), 400, "role")
    keep_member = role == "patient" and user.member is not None and \
        (member_ref or "").strip().upper() in ("", user.member.member_id)
    if keep_member:
        org_id, member_pk = None, user.member_id
    else:
        org_id, member_pk = _check_role_links(session, role, organization_id, member_ref)
    before = {"role": user.role, "organization_id": user.organization_id, "member_id": user.member_id}
    user.role, user.organization_id, user.member_id = role, org_id, member_pk
    if role != "provider":
        user.is_office_admin = False
    if role != "provider" or org_id != before["organization_id"]:
        user.care_coordinator_id = None  # a coordinator of their old organization no longer
    user.session_version += 1  # the user signs in again under the new role
    sessions.end_all(session, user, sessions.ROLE_CHANGED)
    revoke_api_tokens(session, user)  # a token answers with its user's role and organization: a new role, new tokens
    audit.record(session, actor, "user.role_change", target=f"user:{user.id}",
                 details={"from": before["role"], "to": role, "organization_id": org_id})
    _commit_access_change(session)


def set_enabled(session: Session, actor: Actor, user: User, enabled: bool) -> None:
    _ensure_can_manage(actor, user.role, user.organization_id)
    if user.id == actor.user_id:
        raise AccountError(_l("You cannot disable your own account."), 400)
    if user.is_enabled == enabled:
        return
    user.is_enabled = enabled
    if not enabled:
        user.session_version += 1  # live sessions end at their next request
        sessions.end_all(session, user, sessions.DISABLED)
    audit.record(session, actor, "user.enable" if enabled else "user.disable", target=f"user:{user.id}")
    _commit_access_change(session)


def end_sessions(session: Session, actor: Actor, user: User) -> int:
    """An administrator ends every session of a user at once (a lost laptop, a copied cookie)."""
    if actor.role != "admin":
        raise AccountError(_l("Only administrators end another user's sessions."), 403)
    user.session_version += 1
    count = sessions.end_all(session, user, sessions.ENDED_BY_ADMIN)
    audit.record(session, actor, "user.sessions_end", target=f"user:{user.id}", details={"count": count})
    session.commit()
    return count


def unlock(session: Session, actor: Actor, user: User) -> None:
    _ensure_can_manage(actor, user.role, user.organization_id)
    user.locked_until = None
    user.failed_logins = 0
    audit.record(session, actor, "user.unlock", target=f"user:{user.id}")
    session.commit()


def set_organization_access(session: Session, actor: Actor, organization: Organization, enabled: bool) -> None:
    if actor.role != "admin":
        raise AccountError(_l("Only administrators change an organization's access."), 403)
    if organization.portal_access == enabled:
        return
    organization.portal_access = enabled
    audit.record(session, actor, "organization.access", target=f"organization:{organization.id}",
                 details={"portal_access": enabled})
    _commit_access_change(session)


def set_office_admin(session: Session, actor: Actor, user: User, office_admin: bool) -> None:
    if actor.role != "admin":
        raise AccountError(_l("Only administrators choose office administrators."), 403)
    if user.role != "provider":
        raise AccountError(_l("Only office staff can be office administrators."), 400)
    user.is_office_admin = office_admin
    audit.record(session, actor, "organization.office_admin", target=f"user:{user.id}",
                 details={"office_admin": office_admin, "organization_id": user.organization_id})
    _commit_access_change(session)


def search_users(session: Session, *, q: str = "", role: str = "", organization_id: int | None = None,
                 page: int = 1, per_page: int = 25) -> Page[User]:
    stmt = select(User)
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(User.email.like(like), func.lower(User.display_name).like(like)))
    if role:
        stmt = stmt.where(User.role == role)
    if organization_id is not None:
        stmt = stmt.where(User.organization_id == organization_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(User.email).limit(per_page).offset((page - 1) * per_page)).all()
    return Page(rows, page, per_page, total)


# --- API tokens -------------------------------------------------------------------------------------


def create_api_token(session: Session, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """A new Bearer token for an office user. The raw token is returned once, never stored."""
    if actor.role != "admin" and actor.user_id != user.id:
        raise AccountError(_l("You cannot create tokens for this account."), 403)
    if user.role != "provider":
        raise AccountError(_l("API tokens are for office staff accounts."), 400)
    if not user.is_enabled:
        raise AccountError(_l("This account is disabled."), 400)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=strip_controls(name)[:100] or "API token", prefix=raw[:12],
                     token_hash=hash_token(raw))
    session.add(token)
    session.flush()
    audit.record(session, actor, "token.create", target=f"token:{token.id}", details={"for_user": user.id,
                                                                                       "prefix": token.prefix})
    session.commit()
    return token, raw


def revoke_api_token(session: Session, actor: Actor, token: ApiToken) -> None:
    if actor.role != "admin" and actor.user_id != token.user_id:
        raise AccountError(_l("You cannot revoke this token."), 403)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, actor, "token.revoke", target=f"token:{token.id}", details={"prefix": token.prefix})
        _commit_access_change(session)


@dataclass(frozen=True)
class ApiUser:
    """The user behind an API token: what an API call needs of them (see Actor.for_user)."""

    id: int
    organization_id: int | None
    role: str
    is_office_admin: bool
    token_id: int = 0  # the token that was shown: rate limits count per token, whatever the header's spelling


# Every API call checks its token: one row of plain columns from a statement built once.
_TOKEN_USER = (
    select(ApiToken.id.label("token_id"), ApiToken.revoked_at, ApiToken.last_used_at, User.id, User.organization_id,
           User.role, User.is_office_admin, User.is_enabled, User.locked_until, Organization.portal_access)
    .join(User, User.id == ApiToken.user_id)
    .outerjoin(Organization, Organization.id == User.organization_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def _commit_access_change(session: Session) -> None:
    """Commit a change to who may use the API (a token, a user's state or role, an
    organization's access): this process stops reusing token checks at once, the others
    within API_TOKEN_CHECK_SECONDS."""
    session.commit()
    token_checks.forget()


class _TokenChecks:
    """This process's recent successful token checks, each trusted for a few seconds.

    Every API call checks its token; an office's system sends the same token again and
    again, so a check is reused for at most `seconds` (API_TOKEN_CHECK_SECONDS) instead of
    querying the database on every call. Revoking a token, disabling its user or changing the
    user's role, or suspending the organization takes effect at once in the process that made
    the change and within `seconds` in the others. Failed checks are never kept: they are
    audited every time.
    """

    MAX_ENTRIES = 10_000

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, ApiUser]] = {}

    def get(self, token_hash: str, seconds: float) -> ApiUser | None:
        entry = self._entries.get(token_hash)
        if entry is None or time.monotonic() - entry[0] >= seconds:
            return None
        return entry[1]

    def put(self, token_hash: str, user: ApiUser, seconds: float) -> None:
        if seconds <= 0:
            return
        if len(self._entries) >= self.MAX_ENTRIES:
            self._entries.clear()
        self._entries[token_hash] = (time.monotonic(), user)

    def forget(self) -> None:
        self._entries.clear()


token_checks = _TokenChecks()


def authenticate_api_token(session: Session, raw: str, ip_address: str | None = None,
                           reuse_seconds: float = 0) -> ApiUser | None:
    """The user behind a Bearer token, if the token is live and the user may sign in. A
    successful check may be reused for `reuse_seconds` (see _TokenChecks)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token_hash = hash_token(raw)
    known = token_checks.get(token_hash, reuse_seconds)
    if known is not None:
        return known
    row = session.connection().execute(_TOKEN_USER, {"token_hash": token_hash}).first()
    now = utcnow()
    if row is None or row.revoked_at is not None \
            or not _may_sign_in(row.is_enabled, row.locked_until, row.role, row.portal_access, now):
        audit.record(session, Actor(ip_address=ip_address), "token.rejected",
                     outcome="revoked" if row is not None and row.revoked_at else "invalid",
                     details={"prefix": raw[:12]})
        session.commit()
        return None
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        # At most once a minute: no write per request.
        session.execute(update(ApiToken).where(ApiToken.id == row.token_id).values(last_used_at=now))
        session.commit()
    user = ApiUser(row.id, row.organization_id, row.role, row.is_office_admin, row.token_id)
    token_checks.put(token_hash, user, reuse_seconds)
    return user


def revoke_api_tokens(session: Session, user: User) -> None:
    """Revoke every live API token of `user` in the current transaction (the caller commits and
    then calls token_checks.forget(), as _commit_access_change does)."""
    session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))


def list_api_tokens(session: Session, user_id: int | None = None) -> list[ApiToken]:
    stmt = select(ApiToken).order_by(ApiToken.created_at.desc())
    if user_id is not None:
        stmt = stmt.where(ApiToken.user_id == user_id)
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class OrganizationAccess:
    organization: Organization
    staff: int
    office_admins: int


def search_organizations(session: Session, q: str = "", page: int = 1, per_page: int = 25) -> Page[OrganizationAccess]:
    """Organizations with their access state and number of office accounts, by name."""
    stmt = select(Organization)
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Organization.name).like(like), func.lower(Organization.city).like(like)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    organizations = session.scalars(stmt.order_by(Organization.name, Organization.id)
                                     .limit(per_page).offset((page - 1) * per_page)).all()
    counts = {
        org_id: (staff, admins)
        for org_id, staff, admins in session.execute(
            select(User.organization_id, func.count(), func.sum(case((User.is_office_admin, 1), else_=0)))
            .where(User.organization_id.in_([org.id for org in organizations]))
            .group_by(User.organization_id)
        )
    }
    items = [OrganizationAccess(org, *counts.get(org.id, (0, 0))) for org in organizations]
    return Page(items, page, per_page, total)
