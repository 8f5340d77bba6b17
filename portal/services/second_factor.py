"""The second factor: an authenticator app's time-based codes (TOTP, RFC 6238, via pyotp) and
ten single-use recovery codes.

Office staff, office administrators, support staff and administrators must set one up at their
first sign-in and enter a code at every sign-in; patients may turn it on. A code is accepted
once (the time step it belongs to is remembered), from the step before to the step after the
current one (clocks drift). Recovery codes are shown once and stored as SHA-256 hashes. An
administrator can reset a user's second factor; that, like setting one up, revokes the user's
API tokens (a token is the second factor of a system: it must not outlive a change of the
person's own). A few actions (an API token, a role change, a roster or audit log download)
ask again for a code when the session's last one is older than FRESH.
"""
from __future__ import annotations

import base64
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from portal.models import RecoveryCode, User, UserSession, utcnow
from portal.delivery import outbox
from portal.services import audit, sessions
from portal.services.accounts import hash_token, revoke_api_tokens, token_checks
from portal.services.audit import Actor

REQUIRED_ROLES = frozenset({"provider", "support", "admin"})  # everyone but patients
FRESH = timedelta(minutes=15)
RECOVERY_CODES = 10
ISSUER = "Collaborative Care Partner Portal"
_STEP = 30


class SecondFactorError(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# --- the secrets, encrypted at rest --------------------------------------------------------------

_keys: list[Fernet] = []


def configure(*key_material: str) -> None:
    """The keys that encrypt the TOTP secrets in the database: TOTP_ENCRYPTION_KEY when set (a
    comma-separated list: the first encrypts, every one decrypts, for rotation), else derived
    from SECRET_KEY (HKDF-SHA256). Either way they live outside the database, so a copy of it (a
    backup, the web role's SELECT) holds no usable secret. Keys configured earlier in the process
    (another app, as in the tests) still decrypt."""
    for material in reversed(key_material):
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal totp secrets").derive(material.encode())
        fernet = Fernet(base64.urlsafe_b64encode(key))
        _keys[:] = [fernet] + [k for k in _keys if k._signing_key != fernet._signing_key]


def seal(secret: str) -> str:
    if not _keys:
        raise RuntimeError("second_factor.configure() was not called")
    return MultiFernet(_keys).encrypt(secret.encode()).decode()


def unseal(stored: str | None) -> str:
    if not stored or not _keys:
        return ""
    try:
        return MultiFernet(_keys).decrypt(stored.encode()).decode()
    except InvalidToken:  # a key no longer configured: no code can match, an admin resets it
        return ""


def required(user: User) -> bool:
    """Whether the user must have a second factor (staff), whatever they chose."""
    return user.role in REQUIRED_ROLES


def enabled(user: User) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def new_secret() -> str:
    return pyotp.random_base32()


def setup_details(user: User, secret: str) -> tuple[str, str]:
    """The key grouped for typing ("ABCD EFGH ...") and the QR code as an SVG data URI."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return grouped, segno.make(uri, error="m").svg_data_uri(scale=4, border=2)


def _clean(code: str) -> str:
    """Letters and digits of ASCII only (an Arabic-Indic "٣" is not a digit of a code)."""
    return "".join(ch for ch in (code or "") if ch.isascii() and ch.isalnum()).upper()[:20]


def _accepted_step(secret: str, code: str, last_step: int, now: float) -> int | None:
    """The time step `code` belongs to, if it is one of the current window and newer than the last used."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // _STEP)
    for step in (current, current - 1, current + 1):
        if step > last_step and secrets.compare_digest(totp.at(step * _STEP), code):
            return step
    return None


def enable(session: Session, actor: Actor, user: User, secret: str, code: str, now: float | None = None,
           keep: UserSession | None = None) -> list[str]:
    """Turn the second factor on with the secret shown at set-up, once a code from it is right;
    returns the recovery codes (shown once). Revokes the user's API tokens and ends their other
    sessions (`keep`: the one setting it up), which were opened without a code."""
    step = _accepted_step(secret, _clean(code), 0, now if now is not None else utcnow().timestamp())
    if step is None:
        raise SecondFactorError(_l("That code is not right. Enter the 6 digits your app shows now."))
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = seal(secret), utcnow(), step
    user.failed_logins = 0
    codes = _new_recovery_codes(session, user)
    revoke_api_tokens(session, user)
    sessions.end_all(session, user, sessions.SECOND_FACTOR_CHANGED, keep=keep)
    audit.record(session, actor, "auth.second_factor_enable", target=f"user:{user.id}")
    session.commit()
    token_checks.forget()
    return codes


def verify(session: Session, actor: Actor, user: User, code: str, now: float | None = None,
           lockout: tuple[int, int] = (5, 15)) -> bool:
    """Check a code from the app, or a recovery code (used up). A wrong code counts as a failed
    sign-in: `lockout` (failures, minutes) locks the account as wrong passwords do, and only an
    accepted code clears the count (a right password does not, for a user with a second factor)."""
    cleaned = _clean(code)
    ok = False
    if enabled(user):
        secret = unseal(user.totp_secret)
        step = _accepted_step(secret, cleaned, user.totp_last_step,
                              now if now is not None else utcnow().timestamp()) if secret else None
        if step is not None:
            # Once, even for two requests at the same moment: the step moves forward in one UPDATE.
            ok = session.execute(update(User).where(User.id == user.id, User.totp_last_step < step)
                                 .values(totp_last_step=step).execution_options(synchronize_session="fetch")
                                 ).rowcount == 1
            kind = "app"
        elif len(cleaned) == 10:
            used = session.execute(update(RecoveryCode).where(
                RecoveryCode.user_id == user.id, RecoveryCode.code_hash == hash_token(cleaned),
                RecoveryCode.used_at.is_(None)).values(used_at=utcnow())).rowcount
            ok, kind = used == 1, "recovery_code"
    if ok:
        user.failed_logins = 0
        audit.record(session, actor, "auth.second_factor", target=f"user:{user.id}", details={"with": kind})
    else:
        user.failed_logins += 1
        audit.record(session, actor, "auth.second_factor_failed", user_id=user.id, target=f"user:{user.id}")
        if user.failed_logins >= lockout[0]:
            user.locked_until, user.failed_logins = utcnow() + timedelta(minutes=lockout[1]), 0
            audit.record(session, actor, "auth.lockout", user_id=user.id, target=f"user:{user.id}",
                         details={"minutes": lockout[1]})
    session.commit()
    return ok


def recovery_codes_left(session: Session, user: User) -> int:
    return len(session.scalars(select(RecoveryCode.id).where(RecoveryCode.user_id == user.id,
                                                             RecoveryCode.used_at.is_(None))).all())


def reset(session: Session, actor: Actor, user: User) -> None:
    """An administrator clears a user's second factor (a lost phone): the user sets up a new one
    at their next sign-in; their sessions end and their API tokens are revoked."""
    if actor.role != "admin":
        raise SecondFactorError(_l("Only administrators reset another user's second factor."), 403)
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = None, None, 0
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.session_version += 1
    sessions.end_all(session, user, sessions.ENDED_BY_ADMIN)
    revoke_api_tokens(session, user)
    audit.record(session, actor, "user.second_factor_reset", target=f"user:{user.id}")
    outbox.queue_email(session, kind="second_factor_reset", recipient=user.email, user_id=user.id)
    session.commit()
    token_checks.forget()


def mark_fresh(session: Session, record: UserSession | None) -> None:
    if record is not None:
        record.second_factor_at = utcnow()
        session.commit()


def is_fresh(user: User, record: UserSession | None, now: datetime | None = None) -> bool:
    """Whether this session had a code accepted within FRESH (always, for a user without one)."""
    if not enabled(user):
        return not required(user)
    return record is not None and record.second_factor_at is not None and \
        (now or utcnow()) - record.second_factor_at <= FRESH


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    codes = ["".join(secrets.choice(alphabet) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_token(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]
