"""Users, their signed-in sessions, API tokens and password reset tokens."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.directory import CareCoordinator, Organization
from portal.models.member import Member

ROLES = {"patient": _l("Patient"), "provider": _l("Office staff"), "support": _l("Support staff"),
         "admin": _l("Administrator")}


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('patient', 'provider', 'support', 'admin')", name="role"),
        CheckConstraint("role <> 'patient' OR member_id IS NOT NULL", name="patient_member"),
        CheckConstraint("role <> 'provider' OR organization_id IS NOT NULL", name="provider_organization"),
        CheckConstraint("care_coordinator_id IS NULL OR role = 'provider'", name="coordinator_provider"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), unique=True)
    is_office_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Office staff who are one of their organization's care coordinators (portal/care/coordinators.py).
    care_coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("care_coordinators.id"), unique=True)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped whenever the password changes or the user is disabled: live sessions carrying
    # an older value are no longer valid.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # The second factor (portal/services/second_factor.py): its TOTP secret, when it was set up,
    # and the last time step a code was accepted for (a code works once).
    totp_secret: Mapped[str | None] = mapped_column(String(255))  # encrypted (second_factor.seal)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The IANA zone the user reads times in (America/Chicago), chosen on My account; None: the
    # browser's (the `tz` cookie), else PORTAL_TIME_ZONE (portal/web.py reader_zone).
    time_zone: Mapped[str | None] = mapped_column(String(64))
    # The language the portal and its e-mails are in for this user (portal/i18n.py); None: the browser's.
    language: Mapped[str | None] = mapped_column(String(8))

    organization: Mapped[Organization | None] = relationship()
    member: Mapped[Member | None] = relationship()
    care_coordinator: Mapped[CareCoordinator | None] = relationship()

    def get_id(self) -> str:
        # The session stores id and session version: changing the password, the role or
        # disabling the account bumps the version and so ends every existing session.
        return f"{self.id}.{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    @property
    def role_label(self) -> str:
        return ROLES[self.role]

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > utcnow()


class UserSession(Base):
    """One signed-in session (a browser): the cookie carries a random token, only its SHA-256
    hash is stored. A session ends (ended_at) when its user signs out, ends it from another
    device, changes their password, or has their role changed or account disabled, and a cookie
    of an ended session opens nothing, wherever it was copied to."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    end_reason: Mapped[str] = mapped_column(String(30), default="")
    second_factor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the last code accepted in it

    user: Mapped[User] = relationship()


class RecoveryCode(Base):
    """A single-use code that stands in for the authenticator app; only its SHA-256 is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiToken(Base):
    """A Bearer token for the JSON API; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class PasswordResetToken(Base):
    """A single-use password reset token (hash only), valid for a short time."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
