"""Clinical and lifestyle programs, consent text versions and members' enrollments."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.member import Member

CLINICAL_CATEGORIES = {"lifestyle": "Lifestyle management", "chronic": "Chronic condition management"}
ENROLLMENT_STATUSES = ("active", "withdrawn", "completed")
CONTACT_PREFERENCES = {"phone": "Phone", "email": "E-mail", "portal": "Portal message"}


class ClinicalProgram(Base):
    """A lifestyle or chronic condition program members can join.

    eligibility holds data-driven rules, e.g. {"min_age": 18, "requires_attribution": true}.
    """

    __tablename__ = "clinical_programs"
    __table_args__ = (CheckConstraint("category IN ('lifestyle', 'chronic')", name="category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(Text)
    after_joining: Mapped[str] = mapped_column(Text)
    how_to_leave: Mapped[str] = mapped_column(Text)
    eligibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_open: Mapped[bool] = mapped_column(default=True)

    @property
    def category_label(self) -> str:
        return CLINICAL_CATEGORIES[self.category]


class ConsentText(Base):
    """A version of the enrollment consent text; versions are kept, never edited."""

    __tablename__ = "consent_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(20), unique=True)
    body: Mapped[str] = mapped_column(Text)
    effective_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Enrollment(Base):
    __tablename__ = "enrollments"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'withdrawn', 'completed')", name="status"),
        CheckConstraint("contact_preference IN ('phone', 'email', 'portal')", name="contact_preference"),
        Index(
            "uq_enrollments_member_program_active",
            "member_id",
            "clinical_program_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_enrollments_member", "member_id", "clinical_program_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    clinical_program_id: Mapped[int] = mapped_column(ForeignKey("clinical_programs.id"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    confirmation_code: Mapped[str] = mapped_column(String(20), unique=True)
    consent_text_id: Mapped[int] = mapped_column(ForeignKey("consent_texts.id"))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    contact_preference: Mapped[str] = mapped_column(String(20))
    contact_times: Mapped[str] = mapped_column(String(200), default="")
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdraw_reason: Mapped[str | None] = mapped_column(String(500))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enrolled_by_user_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("users.id"))

    member: Mapped[Member] = relationship()
    clinical_program: Mapped[ClinicalProgram] = relationship()
    consent_text: Mapped[ConsentText] = relationship()
