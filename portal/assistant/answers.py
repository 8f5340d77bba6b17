"""The portal's side of the assistant: one place that asks the `faq` engine, adds the
asker's own data where a question is about them, and writes the (masked) log.

The engine is built once per worker from the knowledge base (English and every language it
is translated to) plus the staff-approved phrasings in the database, and rebuilt when those
change (a cheap check per question). A question is answered in the language the caller names
(the API's `language`), else the one it is written in, with the page's language as the hint
when its words do not say. Everything this service adds to an answer (the asker's own data,
"sign in to see...", the way to a person) is in the answer's language (`force_locale`).
Personal answers go through the same services and access rules as the pages (a patient's
own member record only) and are audited like a page view.
"""
from __future__ import annotations

import secrets
from urllib.parse import urlencode
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from faq import LANGUAGES, Assistant, Translation, load_knowledge_base
from faq.assistant import Answer
from faq.conversation import Context
from faq.knowledge import translated_languages
from faq.language import DEFAULT_LANGUAGE
from faq.safety import SAFETY_MAX_CHARS
from faq.text import normalize_phrase
from portal.assistant import log as assistant_log
from portal.assistant.masking import Masker
from portal.models import AssistantConversation, AssistantExchange, AssistantPhrase, Member
from portal.services import enrollment
from portal.services.accounts import hash_token
from portal.services.audit import Actor
from portal.services.text import strip_controls

AUDIENCES = ("patient", "provider")
MAX_QUESTION_CHARS = 2000  # what is matched and logged; the safety check reads up to SAFETY_MAX_CHARS
MAX_LOGGED_CHARS = 1000
UNLINK_EVERY = 50  # one question in this many also drops expired links to users (log.unlink_users)
FEEDBACK = ("helpful", "not_helpful")
# Topics whose answer gains the asker's own data when a patient is signed in.
PERSONAL_TOPICS = {
    "enrollment-status": "enrollments",
    "care-coordinator": "care_team",
    "contact-care-coordinator": "care_team",
    "find-my-program": "care_team",
    "keep-my-doctor": "care_team",
    "enrollment-eligibility": "eligible",
}
SIGN_IN_HINTS = {
    "enrollments": _l("Sign in to see the programs you are in."),
    "eligible": _l("Sign in to see which programs you can join, or why you cannot join one yet."),
    "care_team": _l("Sign in to see your own care team: your medical group, your doctor and your care coordinator."),
}


def valid_language(language: str | None) -> str | None:
    """A language the caller names, checked: None, or one of faq.LANGUAGES (else ValueError)."""
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    return language



@dataclass
class _Engine:
    assistant: Assistant | None = None
    signature: tuple | None = None
    payer_name: str = ""


_engine = _Engine()
_engine_lock = threading.Lock()
_knowledge_cache: dict[str, Any] = {}


def _phrases_signature(session: Session) -> tuple:
    count, last_id, last_removed, last_approved = session.execute(
        select(func.count(AssistantPhrase.id), func.max(AssistantPhrase.id), func.max(AssistantPhrase.removed_at),
               func.max(AssistantPhrase.approved_at))
    ).one()
    return (str(session.get_bind().url), count, last_id, last_removed, last_approved)


def engine(session: Session, payer_name: str) -> Assistant:
    """The worker's engine in every language, rebuilt when staff phrasings were added, approved or removed."""
    global _engine
    signature = _phrases_signature(session)
    current = _engine
    if current.assistant is not None and current.signature == signature and current.payer_name == payer_name:
        return current.assistant
    languages = spoken_languages()
    kbs = {code: knowledge(payer_name, code) for code in languages}
    with _engine_lock:
        taught: dict[str, dict[str, dict[str, list[str]]]] = {
            code: {"alternate": {}, "negative": {}, "emergency": {}} for code in languages}
        for phrase in session.scalars(select(AssistantPhrase).where(AssistantPhrase.removed_at.is_(None),
                                                                    AssistantPhrase.approved_at.is_not(None))
                                      .order_by(AssistantPhrase.id)):
            code = phrase.language if phrase.language in taught else DEFAULT_LANGUAGE
            taught[code][phrase.kind].setdefault(phrase.topic_id, []).append(phrase.phrase)
        emergency: dict[str, list[str]] = {}
        for by_kind in taught.values():  # the safety check reads every language's
            for kind, texts in by_kind["emergency"].items():
                emergency.setdefault(kind, []).extend(texts)
        english = taught[DEFAULT_LANGUAGE]
        assistant = Assistant(kbs[DEFAULT_LANGUAGE], extra_alternates=english["alternate"],
                              negatives=english["negative"], emergency_phrases=emergency,
                              translations={code: Translation(kbs[code], taught[code]["alternate"],
                                                              taught[code]["negative"])
                                            for code in languages if code != DEFAULT_LANGUAGE})
        _engine = _Engine(assistant, signature, payer_name)
        return assistant


def spoken_languages() -> tuple[str, ...]:
    """English, and every language the package's knowledge base is translated to."""
    return (DEFAULT_LANGUAGE, *translated_languages())


def knowledge(payer_name: str, language: str = DEFAULT_LANGUAGE):
    """The knowledge base in a language (loaded once per worker); English for a language not translated."""
    language = language if language in spoken_languages() else DEFAULT_LANGUAGE
    with _engine_lock:
        key = payer_name if language == DEFAULT_LANGUAGE else (payer_name, language)
        if key not in _knowledge_cache:
            _knowledge_cache[key] = load_knowledge_base(payer_name=payer_name, language=language)
        return _knowledge_cache[key]


def masker(payer_name: str) -> Masker:
    """The log's de-identifier, knowing the knowledge base's words in every language (never names without a cue)."""
    key = ("masker", payer_name)
    cached = _knowledge_cache.get(key)
    if cached is None:
        words = {word for code in spoken_languages() for topic in knowledge(payer_name, code)
                 for phrase in (topic.question, *topic.alternates, *topic.keywords)
                 for word in normalize_phrase(phrase).split()}
        cached = _knowledge_cache.setdefault(key, Masker(words))
    return cached


def knowledge_phrases(payer_name: str, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The knowledge base's own phrasings in a language (normalized) and the topic that owns each."""
    owners: dict[str, str] = {}
    for topic in knowledge(payer_name, language):
        for phrase in (topic.question, *topic.alternates):
            owners.setdefault(normalize_phrase(phrase), topic.id)
    return owners


def clear_cache() -> None:
    global _engine
    _engine = _Engine()


@dataclass(frozen=True)
class Asker:
    """Who asks: what the view knows (the actor for the audit, the patient's member if any)."""

    actor: Actor
    role: str = "anonymous"
    member: Member | None = None


@dataclass(frozen=True)
class Support:
    """How a person is reached when the assistant hands over (from the portal's settings).
    `contact_url`: the "contact me" form (absolute for API clients); the handover link adds
    the topic the conversation was on and that it came from the assistant."""

    phone: str
    hours: str
    contact_url: str = "/assistant/contact"

    @classmethod
    def from_config(cls, config: Mapping[str, Any], contact_url: str) -> Support:
        return cls(config["PORTAL_SUPPORT_PHONE"], config["PORTAL_SUPPORT_HOURS"], contact_url)

    def link(self, topic_id: str | None = None) -> str:
        return f"{self.contact_url}?{urlencode({'from': 'assistant', **({'topic': topic_id} if topic_id else {})})}"

    def text(self, topic_id: str | None = None) -> str:
        return _("To talk to a person, call %(phone)s (%(hours)s), or ask us to contact you: %(link)s",
                 phone=self.phone, hours=self.hours, link=self.link(topic_id))

    def html(self, topic_id: str | None = None) -> Markup:
        call = Markup('<a href="tel:{tel}">{phone}</a>').format(
            tel="".join(c for c in self.phone if c.isdigit() or c == "+"), phone=self.phone)
        contact = Markup('<a href="{path}">{label}</a>').format(path=self.link(topic_id),
                                                                label=_("ask us to contact you"))
        # the translated message is ours (trusted markup); `%` escapes the hours text and keeps the links
        sentence = Markup(_("To talk to a person, call %(phone)s (%(hours)s), or %(contact)s.")) % {
            "phone": call, "hours": self.hours, "contact": contact}
        return Markup('<p class="assistant-handover">{}</p>').format(sentence)


@dataclass
class Reply:
    answer: Answer
    exchange_id: int
    personal_text: str = ""
    personal_html: Markup = field(default_factory=Markup)
    sign_in_hint: str = ""
    conversation_id: str = ""  # what the asker sends back with the next question
    log_key: str = ""  # the conversation's key in the log (not the id the asker holds)
    support: Support | None = None  # set when the answer hands over to a person

    # A personal answer stands alone: the general one (often "sign in and open My programs")
    # would contradict what the patient has just been told about their own record.

    @property
    def answer_text(self) -> str:
        if self.personal_text:
            return self.personal_text
        with force_locale(self.answer.language):
            handover = self.support.text(self._topic) if self.support else ""
        return "\n\n".join(part for part in (self.answer.answer_text, self.sign_in_hint, handover) if part)

    @property
    def answer_html(self) -> Markup:
        if self.personal_text:
            return self.personal_html
        hint = Markup("<p>{}</p>").format(self.sign_in_hint) if self.sign_in_hint else Markup()
        with force_locale(self.answer.language):
            handover = self.support.html(self._topic) if self.support else Markup()
        return Markup(self.answer.answer_html) + hint + handover

    @property
    def _topic(self) -> str | None:
        """The topic the conversation is on, for the support team to see in a contact request."""
        return self.answer.topic_id or (self.answer.context.topic_id if self.answer.context else None)

    def to_dict(self) -> dict[str, Any]:
        data = self.answer.to_dict()
        data.update(answer_text=self.answer_text, answer_html=str(self.answer_html),
                    conversation_id=self.conversation_id)
        return data


def normalize_audience(audience: str | None, role: str) -> str:
    if audience in AUDIENCES:
        return audience
    return "provider" if role in ("provider", "support", "admin") else "patient"


@dataclass(frozen=True)
class Thread:
    """The conversation a question continues, as the view knows it: the id the asker holds
    (None or unknown: a new one), the channel it must belong to, and how long it lives idle."""

    token: str | None = None
    channel: str = "web"  # web | api
    minutes: int = 30


MAX_CONVERSATION_ID = 64  # longer is no id this portal gave out


def _held(token: str | None):
    """The condition for the conversation whose id the asker holds, or None for no usable id."""
    if not token or len(token) > MAX_CONVERSATION_ID:
        return None
    return AssistantConversation.token_hash == hash_token(token)


def _conversation(session: Session, asker: Asker, thread: Thread, now: datetime) -> tuple[AssistantConversation, str]:
    """The asker's live conversation with this id, else a new one. Another user's id, another
    channel's, or an expired one starts afresh: context is never shared or revived."""
    held = _held(thread.token)
    row = session.scalar(select(AssistantConversation).where(held)) if held is not None else None
    if (row is not None and row.channel == thread.channel and row.user_id == asker.actor.user_id
            and row.expires_at > now):
        return row, thread.token
    token = secrets.token_urlsafe(24)
    row = AssistantConversation(token_hash=hash_token(token), log_key=secrets.token_hex(8), channel=thread.channel,
                                user_id=asker.actor.user_id, context={}, turns=0, created_at=now, expires_at=now)
    session.add(row)
    return row, token


def ask(session: Session, asker: Asker, question: str, audience: str, payer_name: str, *,
        topic: str | None = None, picked_from: int | None = None, user_link_hours: int = 12,
        thread: Thread | None = None, support: Support | None = None, language: str | None = None,
        hint: str | None = None) -> Reply:
    """Answer a question (or a clicked suggestion `topic`) as a turn of the `thread`'s
    conversation, personalize it, log it de-identified (the link to the asking user is
    dropped after `user_link_hours`), and keep the conversation's context for its next turn.
    `language`: read and answer in it ("en"|"es", else ValueError); None: the question's own
    language, with `hint` (the page's: portal.i18n.current_language()) when its words do not say."""
    valid_language(language)
    started = time.perf_counter()
    thread = thread or Thread()
    now = datetime.now(timezone.utc)
    conversation, token = _conversation(session, asker, thread, now)
    context = Context.from_dict(conversation.context)
    text = strip_controls(question)[:SAFETY_MAX_CHARS]  # the safety check reads it all; matching, the start
    assistant = engine(session, payer_name)
    hint = hint if hint in LANGUAGES else None
    # a clicked suggestion is in the language it was offered in (the conversation's), else the page's
    shown_in = language or (context.language if context.turn else None) or hint
    answer = assistant.answer_topic(topic, audience, context, shown_in) if topic else None
    if answer is None:
        answer = assistant.converse(text, audience, context, language, hint)
    reply = Reply(answer, exchange_id=0, conversation_id=token, log_key=conversation.log_key,
                  support=support if answer.handover else None)
    kind = PERSONAL_TOPICS.get(answer.topic_id or "") if answer.outcome == "answer" else None
    with force_locale(answer.language):
        if kind and asker.member is not None:
            _personalize(session, asker, reply, kind)
        elif kind and asker.role == "anonymous":
            reply.sign_in_hint = str(SIGN_IN_HINTS[kind])
    if picked_from is not None and topic:
        previous = session.get(AssistantExchange, picked_from)
        if previous is not None and previous.picked_suggestion is None:
            previous.picked_suggestion = topic[:80]
    conversation.turns += 1
    conversation.context = (answer.context or context).to_dict()
    conversation.expires_at = now + timedelta(minutes=thread.minutes)
    logged = masker(payer_name)(text[:MAX_QUESTION_CHARS]) if text else (f"[suggestion] {topic}" if topic else "")
    tags = " ".join(tag for tag in (answer.reason, "distress" if answer.distress else "",
                                    "personal" if reply.personal_text else "", "handover" if answer.handover else "")
                    if tag)
    exchange = AssistantExchange(
        user_id=asker.actor.user_id, role=asker.role, audience=audience, question=logged[:MAX_LOGGED_CHARS],
        outcome=answer.outcome, topic_id=answer.topic_id, confidence=round(float(answer.confidence), 4),
        candidates=[{"topic_id": tid, "score": round(float(score), 4)} for tid, score in answer.candidates[:3]],
        latency_ms=round((time.perf_counter() - started) * 1000, 3), tags=tags,
        conversation=conversation.log_key, turn=conversation.turns, reading=answer.reading,
        previous_topic_id=context.topic_id, language=answer.language,
    )
    session.add(exchange)
    if secrets.randbelow(UNLINK_EVERY) == 0:  # besides `flask assistant purge`, so it happens without cron
        assistant_log.unlink_users(session, user_link_hours)
    session.commit()
    reply.exchange_id = exchange.id
    return reply


def answer_shown(session: Session, payer_name: str, exchange: AssistantExchange) -> Markup:
    """The general answer a logged exchange was given, rendered again from the knowledge base
    (the log keeps ids, not text; an answer changed since then shows as it reads now)."""
    assistant = engine(session, payer_name)
    language = exchange.language if exchange.language in assistant.languages else DEFAULT_LANGUAGE
    if exchange.outcome == "answer" and exchange.topic_id:
        answer = assistant.answer_topic(exchange.topic_id, exchange.audience, language=language)
        return Markup(answer.answer_html) if answer else Markup("<p>{}</p>").format(
            _("(This topic is no longer in the knowledge base.)"))
    reason = next((tag for tag in exchange.tags.split() if tag in assistant.reply_keys), None)
    if exchange.outcome == "clarify":
        options = [c["topic_id"] for c in exchange.candidates]
        kb = assistant.knowledge(language)
        titles = Markup("").join(Markup("<li>{}</li>").format(t.question) for t in
                                 (kb.topic(i) for i in options) if t is not None)
        # The knowledge base's replies are HTML made by its own renderer (faq/render.py).
        return Markup("{}<ul>{}</ul>").format(Markup(assistant.reply_html("clarify", language)), titles)
    if exchange.outcome == "emergency":
        return Markup(assistant.reply_html(reason or "emergency_medical", language))
    if "handover" in exchange.tags.split() and reason == "no_match":
        reason = "fallback_person"
    return Markup(assistant.reply_html(reason or "fallback", language))


def conversation_log_key(session: Session, token: str | None) -> str | None:
    """The log key of a live conversation (for a contact request made from it)."""
    held = _held(token)
    if held is None:
        return None
    return session.scalar(select(AssistantConversation.log_key).where(
        held, AssistantConversation.expires_at > datetime.now(timezone.utc)))


def end_conversation(session: Session, token: str | None) -> None:
    """ "New conversation": the old one's context is gone on the server too (a restored cookie
    cannot continue it)."""
    held = _held(token)
    if held is not None:
        session.execute(update(AssistantConversation).where(held).values(expires_at=datetime.now(timezone.utc)))
        session.commit()


def end_expired_conversations(session: Session) -> int:
    """Delete conversations idle past their expiry (the hourly clean-up; the caller commits)."""
    return session.execute(delete(AssistantConversation).where(
        AssistantConversation.expires_at <= datetime.now(timezone.utc))).rowcount or 0


def _personalize(session: Session, asker: Asker, reply: Reply, kind: str) -> None:
    member = asker.member
    assert member is not None
    today = date.today()
    if kind == "enrollments":
        enrollments = enrollment.history(session, asker.actor, member)
        active = [e for e in enrollments if e.status == "active"]
        if active:
            from portal.formatting import long_date
            from portal.web import reader_zone

            zone = reader_zone()
            from portal.i18n import current_language

            items = [_("%(program)s (since %(date)s, confirmation %(code)s)", program=e.clinical_program.label,
                       date=long_date(e.enrolled_at, zone, current_language()), code=e.confirmation_code)
                     for e in active]
            reply.personal_text = _("You are in: %(programs)s.", programs="; ".join(items))
            reply.personal_html = Markup("<p><strong>{}</strong></p><ul>{}</ul>").format(
                _("You are in:"), Markup("").join(Markup("<li>{}</li>").format(item) for item in items))
        else:
            reply.personal_text = _("You have not joined any program at the moment.")
            reply.personal_html = Markup("<p><strong>{}</strong></p>").format(reply.personal_text)
        return
    if kind == "eligible":
        _personalize_eligibility(session, asker, reply, today)
        return
    attribution = enrollment.care_team(session, asker.actor, member, today)
    if attribution is None:
        reply.personal_text = _("We have no current Collaborative Care program on file for you.")
        see = Markup(_("See %(page)s for what you can do.")) % {
            "page": Markup('<a href="/my/care-team">{}</a>').format(_("My care team"))}
        reply.personal_html = Markup("<p><strong>{}</strong> {}</p>").format(reply.personal_text, see)
        return
    coordinator, pcp = attribution.care_coordinator, attribution.pcp
    lines = [_("Your medical group: %(group)s (%(program)s).", group=attribution.program.organization.name,
               program=attribution.program.name)]
    if pcp:
        lines.append(_("Your primary care provider: %(name)s, who takes part in the program.", name=pcp.display_name))
    if coordinator:
        lines.append(_("Your care coordinator: %(name)s, %(phone)s, %(email)s.", name=coordinator.display_name,
                       phone=coordinator.phone, email=coordinator.email))
    reply.personal_text = " ".join(lines)
    reply.personal_html = Markup("<ul>{}</ul><p><a href=\"/my/care-team\">{}</a></p>").format(
        Markup("").join(Markup("<li>{}</li>").format(line) for line in lines), _("My care team"))


def _personalize_eligibility(session: Session, asker: Asker, reply: Reply, today: date) -> None:
    """Which programs this patient can join today, with a link to each, and why not the others."""
    member = asker.member
    assert member is not None
    checked = [(program, enrollment.eligibility_for(session, member, program, today))
               for program in enrollment.catalog(session)]
    enrollment.record_view(session, asker.actor, member, "program eligibility", programs=len(checked))
    can = [program for program, result in checked if result.eligible]
    cannot = [(program, result.reasons[0]) for program, result in checked if not result.eligible and result.reasons]
    text = [_("You can join: %(programs)s.", programs=", ".join(p.label for p in can)) if can else
            _("You cannot join any program at the moment.")]
    text += [f"{program.label}: {reason}" for program, reason in cannot]
    reply.personal_text = " ".join(text)
    joinable = Markup("").join(Markup('<li><a href="/my/programs/{}/enroll">{}</a></li>').format(
        p.code, _("Join %(program)s", program=p.label)) for p in can)
    not_yet = Markup("").join(Markup("<li>{}: {}</li>").format(p.label, reason) for p, reason in cannot)
    html = Markup("<p><strong>{}</strong></p><ul>{}</ul>").format(_("You can join:"), joinable) if can else \
        Markup("<p><strong>{}</strong></p>").format(_("You cannot join any program at the moment."))
    if cannot:
        html += Markup("<p>{}</p><ul>{}</ul>").format(_("Not now:"), not_yet)
    reply.personal_html = html + Markup('<p><a href="/my/programs">{}</a></p>').format(_("My programs"))


def record_feedback(session: Session, exchange_id: int, value: str) -> bool:
    """Store "Was this helpful?" on an exchange; the caller checks the exchange is the user's."""
    if value not in FEEDBACK:
        return False
    exchange = session.get(AssistantExchange, exchange_id)
    if exchange is None:
        return False
    exchange.feedback = value
    session.commit()
    return True


STARTERS = {
    "patient": ("what-is-collaborative-care", "find-my-program", "care-coordinator", "how-to-enroll",
                "cost-to-patient", "withdraw-enrollment"),
    "provider": ("verify-patient-enrollment", "verify-provider-participation", "batch-verification",
                 "pay-for-value", "provider-portal-access", "participation-not-found"),
}


def suggested_questions(payer_name: str, audience: str, language: str | None = None) -> list[dict[str, str]]:
    """A few questions to start with, for the audience, in the page's language (from the
    knowledge base alone: no database work, so every page's chat panel can show them)."""
    kb = knowledge(payer_name, language if language in LANGUAGES else DEFAULT_LANGUAGE)
    return [{"topic_id": topic.id, "question": topic.question}
            for topic in (kb.topic(topic_id) for topic_id in STARTERS[audience]) if topic is not None]

