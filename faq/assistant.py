"""The assistant: one question in, one `Answer` out.

Order of precedence for every question:

1. emergency (`faq.safety`, on the whole message): always wins, answered with 988 first for
   a mental health crisis, 911 first otherwise, and both always; a softer distress signal
   does not stop the question being answered, but the reply also offers 988;
2. nothing to read (empty, whitespace, emoji only): fallback asking for a question;
3. out of scope (rules.detect_out_of_scope: other language, medical advice, claims
   and other benefits): fallback with a reply saying so;
4. matching (matcher.TopicIndex) and the decision (`decide`): answer, clarify or fallback.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from faq import rules, safety
from faq.knowledge import ASKING_AUDIENCES, KnowledgeBase, Link, Topic
from faq.matcher import Candidate, TopicIndex
from faq.render import markdown_links, to_html, to_text
from faq.settings import DEFAULT_SETTINGS, Settings
from faq.text import Analyzer, SpellingCorrector

ANSWER = "answer"
CLARIFY = "clarify"
FALLBACK = "fallback"
EMERGENCY = "emergency"
OUTCOMES = (ANSWER, CLARIFY, FALLBACK, EMERGENCY)

EMPTY = "empty"
NO_MATCH = "no_match"
_REPLY_FOR_REASON = {
    safety.CRISIS: "emergency_crisis",
    safety.VIOLENCE: "emergency_violence",
    safety.POISON: "emergency_poison",
    safety.MEDICAL: "emergency_medical",
    rules.MEDICAL_ADVICE: "medical_advice",
    rules.BENEFITS: "benefits",
    rules.OTHER_LANGUAGE: "other_language",
    EMPTY: "empty",
    NO_MATCH: "fallback",
}


@dataclass(frozen=True)
class Suggestion:
    """A topic offered to the user: a clarify option or a related follow-up."""

    topic_id: str
    question: str

    def to_dict(self) -> dict[str, str]:
        return {"topic_id": self.topic_id, "question": self.question}


@dataclass(frozen=True)
class Answer:
    """The assistant's reply to one question."""

    outcome: str  # answer | clarify | fallback | emergency
    topic_id: str | None
    confidence: float  # 0..1: the best topic's score (1.0 for emergencies and picked topics)
    answer_text: str
    answer_html: str
    suggestions: tuple[Suggestion, ...] = ()  # clarify: the options; answer: related follow-ups
    candidates: tuple[tuple[str, float], ...] = ()  # top 3 (topic_id, score), for the log
    links: tuple[Link, ...] = ()
    reason: str | None = None  # emergency kind or why it fell back (safety.*, rules.* constants, "empty", "no_match")
    distress: bool = False  # a softer distress signal: the reply ends with the offer of 988

    def to_dict(self) -> dict[str, Any]:
        """The ask API's JSON object (DESIGN.md): exactly these six fields."""
        return {
            "outcome": self.outcome,
            "topic_id": self.topic_id,
            "confidence": round(self.confidence, 3),
            "answer_text": self.answer_text,
            "answer_html": self.answer_html,
            "suggestions": [suggestion.to_dict() for suggestion in self.suggestions],
        }


@dataclass(frozen=True)
class Assessment:
    """What the assistant found before deciding: a rule that fired and/or ranked candidates."""

    emergency: str | None  # safety.EMERGENCY_KINDS
    out_of_scope: str | None  # EMPTY, rules.OTHER_LANGUAGE, rules.MEDICAL_ADVICE or rules.BENEFITS
    candidates: tuple[Candidate, ...]
    distress: bool = False
    spanish: bool = False  # the emergency was said in Spanish

    @property
    def decided_by_rules(self) -> bool:
        """True when the thresholds play no part in the outcome."""
        return self.emergency is not None or self.out_of_scope is not None


@dataclass(frozen=True)
class Decision:
    outcome: str
    chosen: tuple[Candidate, ...]  # answer: the topic; clarify: the options; fallback: none


def decide(candidates: Sequence[Candidate], settings: Settings) -> Decision:
    """Answer, clarify or fall back, from the ranked candidates and the thresholds."""
    if not candidates or candidates[0].score < settings.fallback_threshold:
        return Decision(FALLBACK, ())
    best = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if best.score >= settings.answer_threshold and best.score - runner_up >= settings.answer_margin:
        return Decision(ANSWER, (best,))
    window = best.score - settings.clarify_window
    return Decision(CLARIFY, tuple(c for c in candidates[: settings.clarify_max] if c.score >= window))


@dataclass(frozen=True)
class _Rendered:
    text: str
    html: str
    links: tuple[Link, ...]


class Assistant:
    """Answers questions from a knowledge base; build once, then call `ask` from any thread.

    extra_alternates: staff-approved phrasings per topic id, matched like the YAML alternates.
    negatives: phrasings per topic id for which that topic must not be offered.
    emergency_phrases: staff-approved phrasings per emergency kind (safety.EMERGENCY_KINDS).
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        extra_alternates: Mapping[str, Iterable[str]] | None = None,
        negatives: Mapping[str, Iterable[str]] | None = None,
        settings: Settings = DEFAULT_SETTINGS,
        emergency_phrases: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.kb = kb
        self.settings = settings
        self._safety = safety.SafetyCheck(emergency_phrases)
        payer_words = {kb.payer_name.lower(): "plan"} if kb.payer_name.strip() else {}
        self._analyzer = Analyzer(payer_words)
        self._index = TopicIndex(kb.topics, self._analyzer, settings, extra_alternates, negatives)
        self._corrector = SpellingCorrector(
            self._index.vocabulary, self._analyzer.known_stems, settings.spell_min_length, settings.spell_cutoff
        )
        self._topic_replies = {topic.id: _render(topic.answer, topic.links) for topic in kb.topics}
        self._replies = {key: _render(markdown) for key, markdown in kb.responses.items()}

    def ask(self, question: str, audience: str = "patient") -> Answer:
        """The reply to one question; never raises, whatever the question holds."""
        audience = _asking_audience(audience)
        assessment = self.assess(question, audience)
        top = tuple((c.topic.id, c.score) for c in assessment.candidates[:3])
        confidence = top[0][1] if top else 0.0
        if assessment.emergency is not None:
            answer = self._reply(EMERGENCY, assessment.emergency, 1.0, top)
            return self._with_reply(answer, "emergency_spanish") if assessment.spanish else answer
        answer = self._decide(assessment, audience, confidence, top)
        return self._with_reply(replace(answer, distress=True), "distress") if assessment.distress else answer

    def _decide(self, assessment: Assessment, audience: str, confidence: float,
                top: tuple[tuple[str, float], ...]) -> Answer:
        if assessment.out_of_scope is not None:
            return self._reply(FALLBACK, assessment.out_of_scope, confidence, top)
        decision = decide(assessment.candidates, self.settings)
        if decision.outcome == ANSWER:
            return self._topic_answer(decision.chosen[0].topic, audience, confidence, top)
        if decision.outcome == CLARIFY:
            reply = self._replies["clarify"]
            options = tuple(Suggestion(c.topic.id, c.topic.question) for c in decision.chosen)
            return Answer(CLARIFY, None, confidence, reply.text, reply.html, options, top, reply.links)
        return self._reply(FALLBACK, NO_MATCH, confidence, top)

    def _with_reply(self, answer: Answer, key: str) -> Answer:
        """The answer followed by one of the fixed replies (the offer of 988, the Spanish lines)."""
        extra = self._replies[key]
        return replace(answer, answer_text=f"{answer.answer_text}\n\n{extra.text}",
                       answer_html=f"{answer.answer_html}\n{extra.html}", links=(*answer.links, *extra.links))

    def assess(self, question: str, audience: str = "patient") -> Assessment:
        """Safety first (the whole message), then the scope rules and ranking (its first
        max_question_chars); `decide` turns the candidates into an outcome."""
        signal = self._safety(question)
        if signal is not None and signal.level == safety.EMERGENCY:
            return Assessment(signal.kind, None, (), spanish=signal.spanish)
        analysis = self._analyzer.analyze(question, self.settings.max_question_chars, self._corrector)
        reason = EMPTY if not analysis.phrase and analysis.foreign_letters == 0 else rules.detect_out_of_scope(analysis)
        return Assessment(None, reason, tuple(self._index.rank(analysis, _asking_audience(audience))),
                          distress=signal is not None)

    def answer_topic(self, topic_id: str, audience: str = "patient") -> Answer | None:
        """The answer for a topic picked directly (e.g. a clicked suggestion), if the audience sees it."""
        audience = _asking_audience(audience)
        topic = self.kb.topic(topic_id)
        if topic is None or not topic.visible_to(audience):
            return None
        return self._topic_answer(topic, audience, 1.0, ((topic.id, 1.0),))

    def suggested_questions(self, audience: str = "patient") -> list[Suggestion]:
        """Every topic's canonical question an audience may ask, in knowledge-base order."""
        return [Suggestion(t.id, t.question) for t in self.kb.topics_for(_asking_audience(audience))]

    def _topic_answer(
        self, topic: Topic, audience: str, confidence: float, top: tuple[tuple[str, float], ...]
    ) -> Answer:
        reply = self._topic_replies[topic.id]
        related = (self.kb.topic(topic_id) for topic_id in topic.related)
        follow_ups = tuple(Suggestion(t.id, t.question) for t in related if t is not None and t.visible_to(audience))
        return Answer(ANSWER, topic.id, confidence, reply.text, reply.html, follow_ups, top, reply.links)

    def _reply(self, outcome: str, reason: str, confidence: float, top: tuple[tuple[str, float], ...]) -> Answer:
        reply = self._replies[_REPLY_FOR_REASON[reason]]
        return Answer(outcome, None, confidence, reply.text, reply.html, (), top, reply.links, reason)


def _asking_audience(audience: str) -> str:
    """'patient' or 'provider'; anything else is treated as a patient (the narrower view of provider topics)."""
    return audience if audience in ASKING_AUDIENCES else "patient"


def _render(markdown: str, links: tuple[Link, ...] | None = None) -> _Rendered:
    if links is None:
        links = tuple(Link(label, path) for label, path in markdown_links(markdown))
    return _Rendered(to_text(markdown), to_html(markdown), links)
