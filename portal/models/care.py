"""The care coordinator's side: patients' own contact details, the worklist of enrollments and
withdrawals to follow up, and secure messages between a patient and their care team."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.account import User
from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.clinical import ClinicalProgram, Enrollment
from portal.models.directory import CareCoordinator
from portal.models.member import Member

WORK_KINDS = {"enrollment": _l("Joined"), "withdrawal": _l("Left")}
# What a coordinator records after trying to reach a patient; `noted` is for a withdrawal (the
# patient asked not to be contacted about the program again), `withdrawn` is written by the
# portal when a patient leaves a program before anyone reached them.
OUTCOMES = {
    "reached": _l("Reached"),
    "left_message": _l("Left a message"),
    "no_answer": _l("No answer"),
    "declined": _l("Declined"),
    "noted": _l("Noted, no contact"),
    "withdrawn": _l("Left the program before contact"),
}
CLOSING_OUTCOMES = frozenset({"reached", "declined", "noted", "withdrawn"})


class MemberContact(Base):
    """How a patient can be reached, as they keep it on My account (not the payer's file)."""

    __tablename__ = "member_contacts"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WorkItem(Base):
    """One enrollment or withdrawal for the organization's care coordinators to follow up.

    The patient's contact preference and details are not copied here: the worklist reads the
    current ones from the enrollment and member_contacts."""

    __tablename__ = "work_items"
    __table_args__ = (
        CheckConstraint("kind IN ('enrollment', 'withdrawal')", name="kind"),
        CheckConstraint("status IN ('open', 'done')", name="status"),
        # The coordinator's list also filters on the organization: with it in the index, SQLite's
        # planner (no statistics) picks this one over the organization's.
        Index("ix_work_items_coordinator_open", "care_coordinator_id", "organization_id", "status", "created_at"),
        Index("ix_work_items_organization_open", "organization_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    clinical_program_id: Mapped[int] = mapped_column(ForeignKey("clinical_programs.id"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    care_coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("care_coordinators.id"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_outcome: Mapped[str | None] = mapped_column(String(20))
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    enrollment: Mapped[Enrollment] = relationship()
    member: Mapped[Member] = relationship()
    clinical_program: Mapped[ClinicalProgram] = relationship()
    care_coordinator: Mapped[CareCoordinator | None] = relationship()
    contacts: Mapped[list[WorkItemContact]] = relationship(order_by="WorkItemContact.id",
                                                           back_populates="item")

    @property
    def kind_label(self) -> str:
        return str(WORK_KINDS[self.kind])

    @property
    def last_outcome_label(self) -> str:
        return str(OUTCOMES.get(self.last_outcome or "", ""))

    def is_overdue(self, now: datetime) -> bool:
        """Open, nobody has tried to reach the patient yet, and past its due time."""
        return self.status == "open" and self.attempts == 0 and self.due_at < now


class WorkItemContact(Base):
    """One try at reaching the patient (or a withdrawal noted), kept as the item's history."""

    __tablename__ = "work_item_contacts"
    __table_args__ = (
        CheckConstraint("outcome IN ('reached', 'left_message', 'no_answer', 'declined', 'noted', 'withdrawn')",
                        name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[WorkItem] = relationship(back_populates="contacts")
    by_user: Mapped[User | None] = relationship()

    @property
    def outcome_label(self) -> str:
        return str(OUTCOMES[self.outcome])


class MessageThread(Base):
    """A conversation between a patient and their care team (their care coordinator, with the
    organization's office administrators able to read and answer)."""

    __tablename__ = "message_threads"
    __table_args__ = (
        Index("ix_message_threads_coordinator", "care_coordinator_id", "last_message_at"),
        Index("ix_message_threads_organization", "organization_id", "last_message_at"),
        Index("ix_message_threads_member", "member_id", "last_message_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    care_coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("care_coordinators.id"))
    clinical_program_id: Mapped[int | None] = mapped_column(ForeignKey("clinical_programs.id"))
    subject: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship()
    care_coordinator: Mapped[CareCoordinator | None] = relationship()
    clinical_program: Mapped[ClinicalProgram | None] = relationship()
    messages: Mapped[list[Message]] = relationship(order_by="Message.id", back_populates="thread")


class Message(Base):
    """One message of a thread; `read_at` is when the other side first opened it."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("message_threads.id"), index=True)
    from_patient: Mapped[bool] = mapped_column(Boolean)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(160))  # as shown then: kept if the account goes
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    thread: Mapped[MessageThread] = relationship(back_populates="messages")
