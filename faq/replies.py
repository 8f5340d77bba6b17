"""What the assistant replies: `Answer`, its options (`Suggestion`), and `decide`.

Shared by every language's `faq.speaker.Speaker` and by `faq.assistant.Assistant`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from faq import rules, safety
from faq.conversation import NEW, Context
from faq.knowledge import ASKING_AUDIENCES, Link
from faq.matcher import Candidate
from faq.settings import Settings

ANSWER = "answer"
CLARIFY = "clarify"
FALLBACK = "fallback"
EMERGENCY = "emergency"
OUTCOMES = (ANSWER, CLARIFY, FALLBACK, EMERGENCY)

EMPTY = "empty"
NO_MATCH = "no_match"
HANDOVER_TOPIC = "contact-support"  # "talk to a person": answered, and a person is offered
REPLY_FOR_REASON = {  # reason -> the fixed reply (responses.yaml key) that says it
    safety.CRISIS: "emergency_crisis",
    safety.VIOLENCE: "emergency_violence",
    safety.POISON: "emergency_poison",
    safety.MEDICAL: "emergency_medical",
    rules.MEDICAL_ADVICE: "medical_advice",
    rules.BENEFITS: "benefits",
    rules.OTHER_LANGUAGE: "other_language",
    EMPTY: "empty",
    NO_MATCH: "fallback",
    "closing": "closing",
    "greeting": "greeting",
    "fallback_person": "fallback_person",
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
    context: Context | None = None  # what the next turn of the conversation leans on
    reading: str = NEW  # how the turn was read (faq.conversation.READINGS)
    handover: bool = False  # a person should be offered: second fallback in a row, or asked for
    language: str = "en"  # the language of the reply (and of the question as it was read)

    def to_dict(self) -> dict[str, Any]:
        """The ask API's JSON object (DESIGN.md): these seven fields."""
        return {
            "outcome": self.outcome,
            "topic_id": self.topic_id,
            "confidence": round(self.confidence, 3),
            "answer_text": self.answer_text,
            "answer_html": self.answer_html,
            "suggestions": [suggestion.to_dict() for suggestion in self.suggestions],
            "language": self.language,
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




def asking_audience(audience: str) -> str:
    """'patient' or 'provider'; anything else is treated as a patient (the narrower view of provider topics)."""
    return audience if audience in ASKING_AUDIENCES else "patient"
