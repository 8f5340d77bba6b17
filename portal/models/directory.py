"""The program directory: organizations, Collaborative Care programs, providers, coordinators."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, period_covers

if TYPE_CHECKING:
    from portal.models.clinical import ClinicalProgram

ORGANIZATION_KINDS = {
    "large_primary_care_practice": _l("Large primary care practice"),
    "multi_specialty_group": _l("Multi-specialty group"),
    "integrated_delivery_system": _l("Integrated delivery system"),
    "physician_hospital_organization": _l("Physician hospital organization"),
    "independent_practice_association": _l("Independent practice association"),
    "specialist_group": _l("Specialist group"),
}
ARRANGEMENTS = {"primary_care": _l("Primary care"), "specialist": _l("Specialist")}
SPECIALTIES = {
    "cardiology": _l("Cardiology"),
    "gastroenterology": _l("Gastroenterology"),
    "obstetrics_gynecology": _l("Obstetrics-gynecology"),
    "oncology": _l("Oncology"),
    "orthopedics": _l("Orthopedics"),
}


def clinician_name(first_name: str, last_name: str, credential: str) -> str:
    """How a provider or care coordinator is named everywhere: "Ana Diaz, MD"."""
    return f"{first_name} {last_name}, {credential}"


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


program_clinical_programs = Table(
    "program_clinical_programs",
    Base.metadata,
    Column("program_id", ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True),
    Column("clinical_program_id", ForeignKey("clinical_programs.id", ondelete="CASCADE"), primary_key=True),
)


class Organization(Base):
    """A medical group that holds one or more Collaborative Care arrangements."""

    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint(_in("kind", ORGANIZATION_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(2))
    website: Mapped[str | None] = mapped_column(String(300))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=True)
    # Admins can suspend an organization's access: its office staff cannot sign in and its
    # API tokens stop working, without their accounts being changed.
    portal_access: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    programs: Mapped[list[Program]] = relationship(back_populates="organization")
    care_coordinators: Mapped[list[CareCoordinator]] = relationship(back_populates="organization")

    @property
    def kind_label(self) -> str:
        return str(ORGANIZATION_KINDS[self.kind])


class Program(Base):
    """One Collaborative Care arrangement between the payer and one organization."""

    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint(_in("arrangement", ARRANGEMENTS), name="arrangement"),
        CheckConstraint(
            "(arrangement = 'primary_care' AND specialty IS NULL) OR "
            "(arrangement = 'specialist' AND specialty IS NOT NULL AND " + _in("specialty", SPECIALTIES) + ")",
            name="specialty",
        ),
        CheckConstraint("end_date IS NULL OR end_date >= effective_date", name="period"),
        Index("ix_programs_state_arrangement", "state", "arrangement"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(250))
    arrangement: Mapped[str] = mapped_column(String(20))
    specialty: Mapped[str | None] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(2))
    effective_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    payment_model: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    partner_organizations: Mapped[str] = mapped_column(Text, default="")
    care_coordination: Mapped[str] = mapped_column(Text, default="")
    last_updated: Mapped[date] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=True)

    organization: Mapped[Organization] = relationship(back_populates="programs")
    clinical_programs: Mapped[list[ClinicalProgram]] = relationship(
        secondary=program_clinical_programs, order_by="ClinicalProgram.name"
    )

    @property
    def arrangement_label(self) -> str:
        return str(ARRANGEMENTS[self.arrangement])

    @property
    def specialty_label(self) -> str | None:
        return str(SPECIALTIES[self.specialty]) if self.specialty in SPECIALTIES else None

    def is_active_on(self, day: date) -> bool:
        return period_covers(self.effective_date, self.end_date, day)


class Provider(Base):
    """A physician or other clinician, identified by NPI."""

    __tablename__ = "providers"
    __table_args__ = (CheckConstraint("length(npi) = 10", name="npi_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    npi: Mapped[str] = mapped_column(String(10), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80), index=True)
    credential: Mapped[str] = mapped_column(String(20))
    specialty: Mapped[str] = mapped_column(String(80))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    is_primary_care: Mapped[bool] = mapped_column(Boolean)

    organization: Mapped[Organization] = relationship()
    participations: Mapped[list[ProviderParticipation]] = relationship(
        back_populates="provider", order_by="ProviderParticipation.start_date"
    )

    @property
    def display_name(self) -> str:
        return clinician_name(self.first_name, self.last_name, self.credential)


class ProviderParticipation(Base):
    """A provider's participation in a program over a period."""

    __tablename__ = "provider_participations"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
        Index("ix_provider_participations_program_provider", "program_id", "provider_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    provider: Mapped[Provider] = relationship(back_populates="participations")
    program: Mapped[Program] = relationship()

    def is_active_on(self, day: date) -> bool:
        return period_covers(self.start_date, self.end_date, day)


class CareCoordinator(Base):
    """A care coordinator (usually a registered nurse) employed by the medical group."""

    __tablename__ = "care_coordinators"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    credential: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    organization: Mapped[Organization] = relationship(back_populates="care_coordinators")

    @property
    def display_name(self) -> str:
        return clinician_name(self.first_name, self.last_name, self.credential)
