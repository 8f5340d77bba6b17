"""Clinical and lifestyle programs, consent text versions and members' enrollments."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.member import Member

CLINICAL_CATEGORIES = {"lifestyle": _l("Lifestyle management"), "chronic": _l("Chronic condition management")}
ENROLLMENT_STATUSES = ("active", "withdrawn", "completed")
CONTACT_PREFERENCES = {"phone": _l("Phone"), "email": _l("E-mail"), "portal": _l("Portal message")}

# The texts of the portal's own programs as the demo data writes them (portal/services/seed/data.py),
# marked so that the catalogs translate them. The rows keep their English text; a page shows it
# through ClinicalProgram.shown(), which finds it in the page language's catalog, so a text
# changed since is shown as stored rather than as a translation of something else.
_SEEDED_TEXTS = (
    _l("Weight management"), _l("Stress management"), _l("Tobacco cessation"), _l("Diabetes"), _l("Heart disease"),
    _l("Coaching and practical tools to help you reach and keep a healthier weight."),
    _l("Practical ways to recognize everyday stress and handle it better."),
    _l("Support to quit smoking, vaping or other tobacco, with a plan made with you."),
    _l("Help managing diabetes day to day, working with your doctor's care plan."),
    _l("Support for living with heart disease, alongside your doctor's care."),
    _l("A coach works with you on small, practical changes to eating, activity and daily habits, at your own "
       "pace. You set the goals; your coach helps you track your progress and adjust the plan when life gets "
       "in the way. Your care coordinator keeps your doctor's care team informed, so your care stays "
       "connected."),
    _l("A coach helps you notice what causes stress for you and practice ways of coping that fit your life, "
       "such as planning your time, relaxation techniques and healthy routines for sleep and activity. This "
       "program is not an emergency service: if you are in crisis or thinking about harming yourself, call "
       "or text 988, or call 911."),
    _l("A coach helps you choose a quit date, prepare for cravings and the situations that trigger them, and "
       "stay tobacco-free afterwards. Your doctor can talk with you about medicines that may help; your coach "
       "can help you prepare for that conversation."),
    _l("A nurse care coordinator works with you and your doctor on what matters for living with diabetes: "
       "understanding your care plan, keeping up with checkups and the screenings your doctor recommends, "
       "taking medicines as prescribed, and healthy eating and activity. The program supports your doctor's "
       "care; it does not replace it."),
    _l("A nurse care coordinator works with you and your doctor on understanding your care plan, keeping "
       "follow-up appointments, taking medicines as prescribed, and heart-healthy habits. The program supports "
       "your doctor's care; it does not replace it. Call 911 for chest pain or other signs of a heart attack "
       "or stroke."),
    _l("Adults (18 or older) whose medical group takes part in Collaborative Care and who want support with "
       "their weight. If you have a health condition, talk with your doctor before you change your diet or "
       "start a new kind of exercise."),
    _l("Adults (18 or older) whose medical group takes part in Collaborative Care and who would like help "
       "managing stress."),
    _l("Adults (18 or older) whose medical group takes part in Collaborative Care and who use any tobacco or "
       "nicotine product and want to quit, whether or not they have tried before."),
    _l("Adults (18 or older) living with diabetes whose medical group takes part in Collaborative Care."),
    _l("Adults (18 or older) living with heart disease whose medical group takes part in Collaborative Care."),
    _l("Your care coordinator will contact you the way you chose (phone, e-mail or portal message) to talk "
       "about your goals and plan a first coaching session. You can change how and when you are contacted at "
       "any time."),
    _l("Your care coordinator will contact you the way you chose (phone, e-mail or portal message) to talk "
       "about what you would like to work on and plan a first coaching session. You can change how and when "
       "you are contacted at any time."),
    _l("Your care coordinator will contact you the way you chose (phone, e-mail or portal message) to talk "
       "about your tobacco use and plan your quit date together. You can change how and when you are "
       "contacted at any time."),
    _l("Your care coordinator will contact you the way you chose (phone, e-mail or portal message) to review "
       "your care plan with you and agree on what you would like help with first. You can change how and when "
       "you are contacted at any time."),
    _l("You can leave at any time from My programs in the patient area, or by telling your care coordinator. "
       "Leaving does not change your health plan benefits or the care you get from your doctor."),
)


def shown_text(text: str) -> str:
    """A program's stored text (or name, as a verification result keeps it) in the page's
    language when the catalog translates that exact text (see _SEEDED_TEXTS), else as stored."""
    return gettext(text) if text else text


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
        return str(CLINICAL_CATEGORIES[self.category])

    def shown(self, field: str) -> str:
        """One of the program's texts ("name", "summary", "description", "audience",
        "after_joining", "how_to_leave") in the page's language (see shown_text)."""
        return shown_text(getattr(self, field))

    @property
    def label(self) -> str:
        """The program's name in the page's language (the stored name when it has no translation)."""
        return self.shown("name")


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
