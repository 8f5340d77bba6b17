"""Secure messages between a patient and their care team.

A patient writes to their care coordinator (from My care team or My programs); the coordinator
answers from the office side. The organization's office administrators can read and answer
every thread of the organization; nobody else can read one (patients only their own). Messages
are kept, never edited, and a thread can be exported as text for the member's record.

The e-mail that tells the other side about a new message says only that there is one and where
to sign in: never the text, the program or who wrote it. `read_at` marks when the other side
first opened a message: the patient for the office's messages; for the patient's, whoever
reads them (coordinators.office_readers: the coordinator's own account, or the office
administrators when the coordinator has none or is no longer active).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, joinedload

from portal.care import CareError
from portal.care.coordinators import coordinator_of, office_readers, office_scope, reads_own
from portal.delivery import outbox
from portal.models import Attribution, CareCoordinator, ClinicalProgram, Member, User, utcnow
from portal.models.care import Message, MessageThread, WorkItem
from portal.services import audit
from portal.services.audit import Actor
from portal.services.pagination import Page
from portal.services.text import strip_controls, strip_invisible

MAX_SUBJECT = 120
MAX_BODY = 5000
AUTHOR_MAX = 160  # Message.author_name
PER_PAGE = 30


@dataclass(frozen=True)
class CareTeam:
    """Where a patient's messages go: their organization and coordinator, and whether anyone
    there reads portal messages (`readers`)."""

    organization_id: int
    organization_name: str
    coordinator: CareCoordinator | None
    readers: list[User]

    @property
    def available(self) -> bool:
        return bool(self.readers)

    @property
    def addressee(self) -> str:
        """Who reads what the patient writes: the coordinator by name only when it is their own
        account that reads it (else the office administrators do). Read while a page is drawn:
        in its language, written so that it follows "write to" ("Escribir a ...")."""
        if reads_own(self.coordinator, self.readers):
            return self.coordinator.display_name
        return _("the care team at %(organization)s", organization=self.organization_name)


def care_team(session: Session, attribution: Attribution | None) -> CareTeam | None:
    if attribution is None:
        return None
    organization = attribution.program.organization
    coordinator = attribution.care_coordinator
    return CareTeam(organization.id, organization.name, coordinator,
                    office_readers(session, coordinator, organization.id))


def _body(body: str) -> str:
    body = strip_invisible(body)
    if not body:
        raise CareError(_l("Write your message."), 400, "body")
    if len(body) > MAX_BODY:
        raise CareError(_l("Keep a message under %(num)s characters.", num=MAX_BODY), 400, "body")
    return body


def _subject(subject: str, program: ClinicalProgram | None) -> str:
    subject = strip_controls(subject)
    if len(subject) > MAX_SUBJECT:
        raise CareError(_l("Keep the subject under %(num)s characters.", num=MAX_SUBJECT), 400, "subject")
    # A subject left empty is written in the writer's language: it is kept as the thread's text.
    return subject or (_("About %(program)s", program=program.label) if program is not None
                       else _("A question"))[:MAX_SUBJECT]


def _author(user: User, thread: MessageThread) -> str:
    """The name a message is signed with, as shown then."""
    if user.role == "patient":
        name = f"{thread.member.first_name} {thread.member.last_name}"
    else:
        coordinator = coordinator_of(user)
        name = coordinator.display_name if coordinator is not None else f"{user.display_name or user.email} (office)"
    return name[:AUTHOR_MAX]


def _post(session: Session, actor: Actor, user: User, thread: MessageThread, body: str, new_thread: bool) -> Message:
    """Add a message and tell the other side there is one (no text, program or name in the e-mail)."""
    from_patient = user.role == "patient"
    if from_patient:
        readers = office_readers(session, thread.care_coordinator, thread.organization_id)
        if not readers:
            raise CareError(_l("Nobody at your medical group reads portal messages now: please call your care "
                               "coordinator or your doctor's office."), 409)
    else:
        readers = list(session.scalars(select(User).where(User.member_id == thread.member_id,
                                                          User.is_enabled.is_(True))))
        if not readers:
            raise CareError(_l("This patient has no portal account that can read messages: contact them another "
                               "way."), 409)
    now = utcnow()
    message = Message(thread_id=thread.id, from_patient=from_patient, author_user_id=user.id,
                      author_name=_author(user, thread), body=body, created_at=now)
    session.add(message)
    thread.last_message_at = now
    for reader in readers:
        outbox.queue_email(session, kind="message_notice", recipient=reader.email, user_id=reader.id,
                           context={"thread_id": thread.id, "to_patient": not from_patient})
    audit.record(session, actor, "message.send", member_ref=thread.member.member_id, target=f"thread:{thread.id}",
                 details={"from": "patient" if from_patient else "office", "new_thread": new_thread})
    session.commit()
    return message


def _open_thread(session: Session, member: Member, organization_id: int, coordinator: CareCoordinator | None,
                 program: ClinicalProgram | None, subject: str) -> MessageThread:
    now = utcnow()
    thread = MessageThread(member_id=member.id, organization_id=organization_id,
                           care_coordinator_id=coordinator.id if coordinator is not None and coordinator.is_active
                           else None,
                           clinical_program_id=program.id if program is not None else None,
                           subject=subject, created_at=now, last_message_at=now)
    session.add(thread)
    session.flush()
    return thread


def start(session: Session, actor: Actor, patient: User, team: CareTeam | None, *, subject: str, body: str,
          program: ClinicalProgram | None = None) -> MessageThread:
    """A patient writes to their care team."""
    if team is None:
        raise CareError(_l("You have no Collaborative Care program on file, so there is no care team to write to."),
                        409)
    if not team.available:
        raise CareError(_l("Nobody at %(organization)s reads portal messages yet: please call your doctor's office.",
                           organization=team.organization_name), 409)
    subject, text = _subject(subject, program), _body(body)
    thread = _open_thread(session, patient.member, team.organization_id, team.coordinator, program, subject)
    _post(session, actor, patient, thread, text, new_thread=True)
    return thread


def start_from_office(session: Session, actor: Actor, user: User, item: WorkItem, *, subject: str,
                      body: str) -> MessageThread:
    """A coordinator (or office administrator) writes first to the patient of a worklist item the
    caller checked they may see: how a patient who asked for a portal message is contacted."""
    subject, text = _subject(subject, item.clinical_program), _body(body)
    thread = _open_thread(session, item.member, item.organization_id, item.care_coordinator,
                          item.clinical_program, subject)
    _post(session, actor, user, thread, text, new_thread=True)
    return thread


def patient_reads_messages(session: Session, member: Member) -> bool:
    return session.scalar(select(User.id).where(User.member_id == member.id, User.is_enabled.is_(True))) is not None


def reply(session: Session, actor: Actor, user: User, thread: MessageThread, body: str) -> Message:
    """The patient or someone at the office answers in a thread they may read (the caller checked)."""
    return _post(session, actor, user, thread, _body(body), new_thread=False)


# --- reading -------------------------------------------------------------------------------------


def _office_scope(user: User, stmt: Select) -> Select:
    return office_scope(user, stmt, MessageThread)


def patient_thread(session: Session, member: Member, thread_id: int) -> MessageThread | None:
    thread = session.get(MessageThread, thread_id)
    return thread if thread is not None and thread.member_id == member.id else None


def office_threads_with(session: Session, user: User, member: Member) -> list[MessageThread]:
    """The threads with one patient this office user may read, newest first (for a worklist item)."""
    return list(session.scalars(_office_scope(user, select(MessageThread).where(MessageThread.member_id == member.id))
                                .order_by(MessageThread.last_message_at.desc(), MessageThread.id.desc())))


def office_thread(session: Session, user: User, thread_id: int) -> MessageThread | None:
    return session.scalar(_office_scope(user, select(MessageThread).where(MessageThread.id == thread_id))
                          .options(joinedload(MessageThread.member)))


@dataclass(frozen=True)
class ThreadRow:
    thread: MessageThread
    unread: int


def _unread(from_patient: bool):
    return (select(func.count(Message.id)).where(Message.thread_id == MessageThread.id,
                                                 Message.from_patient.is_(from_patient), Message.read_at.is_(None))
            .correlate(MessageThread).scalar_subquery())


def patient_threads(session: Session, member: Member) -> list[ThreadRow]:
    rows = session.execute(select(MessageThread, _unread(False)).where(MessageThread.member_id == member.id)
                           .options(joinedload(MessageThread.care_coordinator))
                           .order_by(MessageThread.last_message_at.desc(), MessageThread.id.desc())).all()
    return [ThreadRow(thread, unread) for thread, unread in rows]


def office_threads(session: Session, actor: Actor, user: User, page: int = 1) -> Page[ThreadRow]:
    """The threads this office user may read, newest first (audited: they name patients)."""
    stmt = _office_scope(user, select(MessageThread))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, min(page, -(-total // PER_PAGE) or 1))
    stmt = stmt.order_by(MessageThread.last_message_at.desc(), MessageThread.id.desc()) \
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    # Audited first: its commit would otherwise expire every row loaded for the page.
    refs = session.scalars(stmt.with_only_columns(Member.member_id).where(Member.id == MessageThread.member_id))
    audit.member_view(session, actor, "messages", list(refs))
    rows = session.execute(stmt.add_columns(_unread(True))
                           .options(joinedload(MessageThread.member), joinedload(MessageThread.care_coordinator))).all()
    return Page([ThreadRow(thread, unread) for thread, unread in rows], page, PER_PAGE, total)


def unread_for_patient(session: Session, member: Member) -> int:
    return session.scalar(select(func.count(Message.id)).join(MessageThread).where(
        MessageThread.member_id == member.id, Message.from_patient.is_(False), Message.read_at.is_(None))) or 0


def unread_for_office(session: Session, user: User) -> int:
    stmt = _office_scope(user, select(func.count(Message.id)).select_from(Message).join(MessageThread).where(
        Message.from_patient.is_(True), Message.read_at.is_(None)))
    return session.scalar(stmt) or 0


def read(session: Session, actor: Actor, user: User, thread: MessageThread) -> list[Message]:
    """The thread's messages, oldest first, for someone the caller checked may read it; the other
    side's messages are marked read when their addressee opens it. Audited."""
    from_patient = user.role != "patient"  # whose messages this reader reads
    addressee = not from_patient or user in office_readers(session, thread.care_coordinator, thread.organization_id)
    if addressee:
        session.execute(update(Message).where(Message.thread_id == thread.id, Message.from_patient.is_(from_patient),
                                              Message.read_at.is_(None)).values(read_at=utcnow())
                        .execution_options(synchronize_session=False))
    audit.record(session, actor, "message.view", member_ref=thread.member.member_id, target=f"thread:{thread.id}")
    session.commit()
    return list(session.scalars(select(Message).where(Message.thread_id == thread.id).order_by(Message.id)))


def export(session: Session, actor: Actor, thread: MessageThread) -> Iterator[str]:
    """The thread as plain text for the member's record (audited as an export, before it is sent)."""
    member = thread.member
    messages = list(session.scalars(select(Message).where(Message.thread_id == thread.id).order_by(Message.id)))
    audit.record(session, actor, "message.export", member_ref=member.member_id, target=f"thread:{thread.id}",
                 details={"messages": len(messages)})
    session.commit()
    from portal.formatting import long_date, long_datetime
    from portal.i18n import current_language
    from portal.web import reader_zone

    # In the reader's language and time zone, with the zone written after each time; made now,
    # while the request is there (the download streams after it).
    zone, language = reader_zone(), current_language()
    name = f"{member.first_name} {member.last_name}"
    header = [
        _("Secure messages, Collaborative Care Partner Portal") + "\n",
        _("Member: %(name)s, member ID %(member_id)s, born %(born)s", name=name, member_id=member.member_id,
          born=long_date(member.date_of_birth, language=language)) + "\n",
        _("Subject: %(subject)s", subject=thread.subject) + "\n",
        _("Exported: %(moment)s", moment=long_datetime(utcnow(), zone, language)) + "\n",
    ]
    patient, team = _("patient"), _("care team")
    body = [f"\n--- {long_datetime(m.created_at, zone, language)}, {m.author_name} "
            f"({patient if m.from_patient else team})\n{m.body}\n" for m in messages]
    return iter(header + body)
