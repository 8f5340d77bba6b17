"""The support console's review of the assistant: the review queue with clusters of similar
questions, review actions, staff-approved phrasings (emergency ones with a second person's
approval) and a draft topic from a cluster.

Queries run in the database; the one exception is clustering, which reads at most
REVIEW_QUEUE_LIMIT of the newest exchanges needing review. Every action records who and
when and writes an audit event.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process
from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from faq import safety
from faq.safety import EMERGENCY_KINDS
from faq.text import normalize_phrase
from portal.assistant.log import LogFilters, SupportError, _filtered
from portal.i18n import LANGUAGES
from portal.models import AssistantExchange, AssistantPhrase, utcnow
from portal.services import audit
from portal.services.audit import Actor
from portal.services.text import fold, strip_controls, strip_invisible

LABELS_EXTRA = ("FALLBACK", "EMERGENCY")
LOW_CONFIDENCE = 0.6
REVIEW_QUEUE_LIMIT = 2000
CLUSTER_SIMILARITY = 80.0
KNOWN_TERM_WEIGHT = 0.5  # a knowledge-base word shared by two questions counts half
MAX_PHRASE = 300
MAX_TAGS = 300
MAX_NOTE = 2000
PHRASE_KINDS = ("alternate", "negative", "emergency")
# A phrasing's kind in running text ("already a staff alternate of topic ...").
PHRASE_KIND_WORDS = {"alternate": _l("alternate"), "negative": _l("negative"), "emergency": _l("emergency")}
# Words that say nothing about what happens, English and Spanish (folded, as safety.prepare reads them).
_FUNCTION_WORDS = frozenset("""the and but for with from this that these those there here what when where who how
    are was were has have had not you your his her their our its him them she they will would could should can
    please help now just some any all very really about into onto
    que los las del una unos unas por con para como pero mas muy esta este esto estos estas eso esa ese hay
    ahora sus tus mis nos les ella ellos ellas usted ustedes cuando donde quien porque sobre entre tambien""".split())


# --- the review queue --------------------------------------------------------------------------------


@dataclass
class Cluster:
    representative: str
    language: str = "en"  # every question of a cluster is in this language
    exchange_ids: list[int] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.exchange_ids)


def needs_review(filters: LogFilters) -> Select:
    return _filtered(filters).where(
        AssistantExchange.reviewed.is_(False),
        or_(AssistantExchange.outcome.in_(("fallback", "clarify")), AssistantExchange.confidence < LOW_CONFIDENCE,
            AssistantExchange.feedback == "not_helpful"),
        AssistantExchange.outcome != "emergency",
    )


Terms = Callable[[str], dict[str, bool]]


def _weights(terms: dict[str, bool]) -> dict[str, float]:
    """A word the knowledge base does not use says most about a need it does not meet ("app")."""
    return {term: KNOWN_TERM_WEIGHT if known else 1.0 for term, known in terms.items()}


def _same_need(a: dict[str, float], b: dict[str, float]) -> bool:
    """Two questions ask for the same thing when the words they share carry most of the shorter
    one's weight: half of it when a shared word is new to the knowledge base, else two thirds."""
    shared = a.keys() & b.keys()
    if not shared:
        return False
    overlap = sum(a[term] for term in shared) / min(sum(a.values()), sum(b.values()))
    return overlap >= (0.5 if any(a[term] == 1.0 for term in shared) else 0.67)


def review_clusters(session: Session, actor: Actor, filters: LogFilters, terms: Terms | None = None) -> list[Cluster]:
    """Exchanges needing review, grouped by the need they express (paraphrases together: "is
    there an app", "download it on my iphone"), biggest group first. `terms` reads a question's
    words as the assistant does (faq.Assistant.terms); without it, words are compared as typed.
    Questions of different languages are never grouped together (their answers are written
    apart, and shared words such as "portal" or "app" do not make them one need)."""
    rows = session.execute(needs_review(filters).with_only_columns(
        AssistantExchange.id, AssistantExchange.question, AssistantExchange.outcome, AssistantExchange.language)
        .order_by(AssistantExchange.created_at.desc()).limit(REVIEW_QUEUE_LIMIT)).all()
    read = terms or (lambda text: dict.fromkeys(normalize_phrase(text).split(), False))
    # Per language: its clusters, the folded text and the weighted words of each one's first question.
    groups: dict[str, tuple[list[Cluster], list[str], list[dict[str, float]]]] = {}
    for exchange_id, question, outcome, language in rows:
        clusters, keys, words = groups.setdefault(language, ([], [], []))
        key = fold(question)[:300]
        weights = _weights(read(question[:300]))
        match = process.extractOne(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=CLUSTER_SIMILARITY) \
            if keys else None
        index = match[2] if match else next((i for i, other in enumerate(words) if _same_need(weights, other)), None)
        if index is None:
            clusters.append(Cluster(question, language))
            keys.append(key)
            words.append(weights)
            index = len(clusters) - 1
        cluster = clusters[index]
        cluster.exchange_ids.append(exchange_id)
        if len(cluster.questions) < 10 and question not in cluster.questions:
            cluster.questions.append(question)
        cluster.outcomes[outcome] = cluster.outcomes.get(outcome, 0) + 1
    every = [cluster for clusters, _, _ in groups.values() for cluster in clusters]
    audit.record(session, actor, "assistant.queue_view", details={"exchanges": len(rows), "clusters": len(every)})
    session.commit()
    return sorted(every, key=lambda c: (-c.size, c.representative, c.language))


# --- actions ------------------------------------------------------------------------------------------


def _valid_label(label: str, topic_ids: set[str]) -> str | None:
    if not label:
        return None
    if label not in topic_ids and label not in LABELS_EXTRA:
        raise SupportError(_l("Choose a topic of the knowledge base, FALLBACK or EMERGENCY as the correct answer."),
                           field="label")
    return label


def review(session: Session, actor: Actor, exchange_ids: list[int], topic_ids: set[str], *, tags: str = "",
           note: str = "", label: str = "") -> int:
    """Mark exchanges reviewed, with optional tags, note and the correct answer's label."""
    ids = sorted(set(exchange_ids))[:REVIEW_QUEUE_LIMIT]
    if not ids:
        raise SupportError(_l("Choose at least one exchange."))
    tags, note = strip_controls(tags), strip_invisible(note)
    if len(tags) > MAX_TAGS:
        raise SupportError(_l("Tags are limited to %(num)s characters.", num=MAX_TAGS), field="tags")
    if len(note) > MAX_NOTE:
        raise SupportError(_l("A note is limited to %(num)s characters.", num=MAX_NOTE), field="note")
    values: dict[str, Any] = {"reviewed": True, "reviewed_by_user_id": actor.user_id, "reviewed_at": utcnow()}
    if tags:
        values["tags"] = tags
    if note:
        values["note"] = note
    checked = _valid_label(label, topic_ids)
    if checked:
        values["label"] = checked
    result = session.execute(update(AssistantExchange).where(AssistantExchange.id.in_(ids)).values(**values))
    audit.record(session, actor, "assistant.review", details={"exchanges": ids[:50], "count": result.rowcount,
                                                                "tags": tags, "label": checked})
    session.commit()
    return result.rowcount or 0


def add_phrase(session: Session, actor: Actor, *, kind: str, topic_id: str, phrase: str, topic_ids: set[str],
               knowledge_phrases: dict[str, str], source_exchange_id: int | None = None,
               language: str = "en") -> AssistantPhrase:
    """A staff-approved alternate phrasing or negative example (in effect at once), or an
    emergency phrasing (`topic_id` the emergency kind; in effect once a second person approves
    it). `knowledge_phrases` maps the knowledge base's own normalized phrasings to their
    topic, so that no phrasing ends up owned by two topics, nor an ordinary question routed
    to 911. A phrasing taken from an exchange is in that exchange's language; `language` is
    the one of a phrasing typed in ("en" or "es")."""
    if kind not in PHRASE_KINDS:
        raise SupportError(_l("Choose alternate phrasing, negative example or emergency phrasing."), field="kind")
    if kind == "emergency" and topic_id not in EMERGENCY_KINDS:
        raise SupportError(_l("Choose the kind of emergency: %(kinds)s.", kinds=", ".join(EMERGENCY_KINDS)),
                           field="topic_id")
    if kind != "emergency" and topic_id not in topic_ids:
        raise SupportError(_l("There is no topic %(topic)s in the knowledge base.", topic=repr(topic_id)),
                           field="topic_id")
    text = strip_controls(phrase)
    if not text or len(text) > MAX_PHRASE:
        raise SupportError(_l("A phrasing has 1 to %(num)s characters.", num=MAX_PHRASE), field="phrase")
    normalized = normalize_phrase(text)[:500]
    if not normalized:
        raise SupportError(_l("This phrasing has no words to match on."), field="phrase")
    if source_exchange_id is not None:
        source = session.get(AssistantExchange, source_exchange_id)
        if source is None:
            raise SupportError(_l("There is no such exchange (it may have been purged)."), 404)
        language = source.language
    if language not in LANGUAGES:
        raise SupportError(_l("Choose English or Spanish as the phrasing's language."), field="language")
    if kind == "emergency":
        _check_emergency_phrase(session, text, knowledge_phrases, source_exchange_id)
    owner = knowledge_phrases.get(normalized)
    if kind == "alternate" and owner and owner != topic_id:
        raise SupportError(_l("This phrasing already belongs to topic %(topic)s in the knowledge base.",
                              topic=repr(owner)), field="phrase")
    existing = session.scalar(select(AssistantPhrase).where(AssistantPhrase.normalized == normalized,
                                                            AssistantPhrase.removed_at.is_(None)))
    if existing is not None:
        raise SupportError(_l("This phrasing is already a staff %(kind)s of topic %(topic)s.",
                              kind=PHRASE_KIND_WORDS.get(existing.kind, existing.kind), topic=repr(existing.topic_id)),
                           409, "phrase")
    now = utcnow()
    approved = kind != "emergency"
    item = AssistantPhrase(topic_id=topic_id, kind=kind, phrase=text, language=language, normalized=normalized,
                           source_exchange_id=source_exchange_id, created_by_user_id=actor.user_id,
                           approved_at=now if approved else None, approved_by_user_id=actor.user_id if approved else None)
    session.add(item)
    session.flush()
    if source_exchange_id is not None and kind in ("alternate", "emergency"):
        session.execute(update(AssistantExchange).where(AssistantExchange.id == source_exchange_id)
                        .values(label=topic_id if kind == "alternate" else "EMERGENCY", reviewed=True,
                                reviewed_by_user_id=actor.user_id, reviewed_at=now))
    audit.record(session, actor, "assistant.phrase_add", target=f"phrase:{item.id}",
                 details={"kind": kind, "topic_id": topic_id, "exchange": source_exchange_id, "language": language})
    session.commit()
    return item


EMERGENCY_PHRASE_MIN_WORDS = 3
RECENT_QUESTIONS_CHECKED = 2000
RECENT_MATCHES_ALLOWED = 3


def _check_emergency_phrase(session: Session, text: str, knowledge_phrases: dict[str, str],
                            source_exchange_id: int | None) -> None:
    """An emergency phrasing must say something specific: three words that are not function
    words, no ordinary question of the knowledge base containing it, and hardly any of the
    recent questions that were not emergencies (it would have sent them to 911)."""
    content = [w for w in safety.prepare(text).split() if w.isalpha() and len(w) > 2 and w not in _FUNCTION_WORDS]
    if len(content) < EMERGENCY_PHRASE_MIN_WORDS:
        raise SupportError(_l("An emergency phrasing needs at least %(num)s words that say what happens (a short one "
                              "would route ordinary questions to 911).", num=EMERGENCY_PHRASE_MIN_WORDS), field="phrase")
    check, without = safety.SafetyCheck({safety.CRISIS: [text]}), safety.SafetyCheck()

    def routes(question: str) -> bool:
        """Whether the new phrasing is what would send `question` to 911."""
        signal = check(question)
        if signal is None or signal.level != safety.EMERGENCY:
            return False
        before = without(question)
        return before is None or before.level != safety.EMERGENCY

    clash = next((phrase for phrase in knowledge_phrases if routes(phrase)), None)
    if clash is not None:
        raise SupportError(_l("This phrasing is part of an ordinary question of the knowledge base (%(question)s); "
                              "make it more specific.", question=repr(clash)), field="phrase")
    recent = session.scalars(select(AssistantExchange.question).where(
        AssistantExchange.outcome != "emergency", AssistantExchange.id != (source_exchange_id or 0))
        .order_by(AssistantExchange.id.desc()).limit(RECENT_QUESTIONS_CHECKED))
    matched = sum(routes(question) for question in recent)
    if matched > RECENT_MATCHES_ALLOWED:
        raise SupportError(_l("This phrasing would have sent %(matched)s of the last %(checked)s ordinary questions to "
                              "911; make it more specific.", matched=matched, checked=format(RECENT_QUESTIONS_CHECKED, ",")),
                           field="phrase")


def approve_phrase(session: Session, actor: Actor, phrase: AssistantPhrase) -> None:
    """A second person (support or admin, not the one who proposed it) puts an emergency
    phrasing into effect; every worker routes it from the next question on."""
    if phrase.kind != "emergency" or not phrase.pending:
        raise SupportError(_l("Only a pending emergency phrasing can be approved."), 409)
    if phrase.created_by_user_id == actor.user_id:
        raise SupportError(_l("A second person must approve this phrasing: ask another support user or an admin."),
                           403)
    result = session.execute(update(AssistantPhrase).where(AssistantPhrase.id == phrase.id,
                                                           AssistantPhrase.approved_at.is_(None),
                                                           AssistantPhrase.removed_at.is_(None))
                             .values(approved_at=utcnow(), approved_by_user_id=actor.user_id))
    if not result.rowcount:
        session.rollback()
        raise SupportError(_l("This phrasing was approved or removed in the meantime."), 409)
    audit.record(session, actor, "assistant.phrase_approve", target=f"phrase:{phrase.id}",
                 details={"kind": phrase.kind, "topic_id": phrase.topic_id})
    session.commit()


def missed_emergencies(session: Session, limit: int = 50) -> list[AssistantExchange]:
    """Exchanges a reviewer labelled EMERGENCY that the assistant did not route, with no
    emergency phrasing taught from them yet (pending or in effect): the top of the queue."""
    taught = select(AssistantPhrase.source_exchange_id).where(AssistantPhrase.kind == "emergency",
                                                              AssistantPhrase.removed_at.is_(None),
                                                              AssistantPhrase.source_exchange_id.is_not(None))
    return list(session.scalars(
        select(AssistantExchange).where(AssistantExchange.label == "EMERGENCY",
                                        AssistantExchange.outcome != "emergency",
                                        AssistantExchange.id.not_in(taught))
        .order_by(AssistantExchange.created_at.desc()).limit(limit)))


def pending_emergency_phrases(session: Session) -> list[AssistantPhrase]:
    return list(session.scalars(select(AssistantPhrase).where(
        AssistantPhrase.kind == "emergency", AssistantPhrase.approved_at.is_(None),
        AssistantPhrase.removed_at.is_(None)).order_by(AssistantPhrase.created_at)))


def remove_phrase(session: Session, actor: Actor, phrase: AssistantPhrase) -> None:
    """Undo: the phrasing stops counting at every worker's next question."""
    if phrase.removed_at is not None:
        raise SupportError(_l("This phrasing was already removed."), 409)
    phrase.removed_at = utcnow()
    phrase.removed_by_user_id = actor.user_id
    audit.record(session, actor, "assistant.phrase_remove", target=f"phrase:{phrase.id}",
                 details={"kind": phrase.kind, "topic_id": phrase.topic_id})
    session.commit()


def phrases(session: Session, include_removed: bool = False) -> list[AssistantPhrase]:
    stmt = select(AssistantPhrase).order_by(AssistantPhrase.created_at.desc(), AssistantPhrase.id.desc())
    if not include_removed:
        stmt = stmt.where(AssistantPhrase.removed_at.is_(None))
    return list(session.scalars(stmt))


def taught_phrases_tsv(session: Session) -> Iterator[str]:
    """The phrasings the assistant uses now, as `kind<TAB>topic_id<TAB>phrase<TAB>language` lines
    with a header (what `python -m faq eval --taught` reads: the engine as the portal runs it)."""
    yield "kind\ttopic_id\tphrase\tlanguage\n"
    for phrase in session.scalars(select(AssistantPhrase).where(AssistantPhrase.removed_at.is_(None),
                                                                AssistantPhrase.approved_at.is_not(None))
                                  .order_by(AssistantPhrase.id)):
        text = " ".join(phrase.phrase.split())  # no tab or line break inside a field
        yield f"{phrase.kind}\t{phrase.topic_id}\t{text}\t{phrase.language}\n"


def draft_topic(questions: list[str], audience: str = "all") -> str:
    """A YAML snippet for a new knowledge-base topic from a cluster's questions."""
    alternates = []
    for question in questions:
        text = " ".join(strip_controls(question).split())
        if text and text not in alternates and "[" not in text:  # masked questions make poor phrasings
            alternates.append(text[:200])
    topic = {
        "id": "new-topic-id",
        "audience": audience if audience in ("patient", "provider", "all") else "all",
        "question": alternates[0] if alternates else "The canonical question",
        "alternates": alternates[1:11] or ["at least five ways people ask it"],
        "keywords": [],
        "answer": "Write the answer in Markdown, faithful to the source documents.\n",
        "related": [],
        "links": [],
    }
    return yaml.safe_dump([topic], sort_keys=False, allow_unicode=True, width=100)
