"""Members and their automatic attribution to a program, PCP and care coordinator."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, period_covers
from portal.models.directory import CareCoordinator, Program, Provider


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (CheckConstraint("length(zip) = 5", name="zip_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[str] = mapped_column(String(20), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    # Last name folded for matching (case, accents, spaces, hyphens removed): see services.text.
    last_name_key: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date] = mapped_column(Date)
    zip: Mapped[str] = mapped_column(String(5))
    state: Mapped[str] = mapped_column(String(2))

    attributions: Mapped[list[Attribution]] = relationship(
        back_populates="member", order_by="Attribution.start_date"
    )


class Attribution(Base):
    """A member attributed to a program with a PCP and a care coordinator over a period.

    At most one open attribution (no end date) per member, enforced by a partial unique index.
    """

    __tablename__ = "attributions"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
        Index(
            "uq_attributions_member_open",
            "member_id",
            unique=True,
            sqlite_where=text("end_date IS NULL"),
            postgresql_where=text("end_date IS NULL"),
        ),
        Index("ix_attributions_member_start", "member_id", "start_date"),
        Index("ix_attributions_program_start", "program_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    pcp_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    care_coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("care_coordinators.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    member: Mapped[Member] = relationship(back_populates="attributions")
    program: Mapped[Program] = relationship()
    pcp: Mapped[Provider | None] = relationship()
    care_coordinator: Mapped[CareCoordinator | None] = relationship()

    def is_active_on(self, day: date) -> bool:
        return period_covers(self.start_date, self.end_date, day)
