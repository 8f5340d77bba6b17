"""A conversation's memory and the ways one turn leans on the turn before.

`Context` is all the assistant keeps between turns: topic ids, the knowledge base's own
words of the last question (never the user's other words, so it holds no personal data),
what was offered and how many fallbacks came in a row. It is a plain value: the caller
stores `answer.context` and passes it back with the next question (`Assistant.converse`);
`to_dict`/`from_dict` make it JSON for a server-side store.

How a turn is read (`Reading`), in this order after the safety check:

- pick: a number, ordinal or the words of one option the last reply offered
  ("2", "option 3", "the last one", "the tobacco one");
- reject: "no, that's not what I meant": the next candidates of the last question, never
  the topic just given; with words after it ("no, I meant withdrawing"), those are asked;
- small talk: "thanks", "hello": a short reply that does not count as a fallback;
- a follow-up: a message that starts like one ("and for ...", "what about ...", "same for
  ...") or leans on a pronoun with few words of its own ("how do I join it?"). A message
  that names only another value of a group (context.yaml: "heart disease?") gets that
  value's topic when the last topic was a sibling's, else the last topic again; any other
  follow-up is ranked with the last question's words added. A full question that is
  answered confidently on its own is never overridden by the context.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from faq.text import Analysis, Analyzer

if TYPE_CHECKING:  # faq.knowledge imports faq.language, which imports this module's Dialogue
    from faq.knowledge import EntityValue

# How a turn was read (kept in the log so support staff see why an answer was given).
NEW = "new"
FOLLOW_UP = "follow-up"
SAME_FOR = "same-for"
SIBLING = "sibling"
PICK = "pick"
REJECT = "reject"
SMALL_TALK = "small-talk"
READINGS = (NEW, FOLLOW_UP, SAME_FOR, SIBLING, PICK, REJECT, SMALL_TALK)

MAX_TERMS = 12
MAX_IDS = 8
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class Context:
    """What the assistant remembers after a turn (topic ids, known words, counters)."""

    topic_id: str | None = None  # the topic last answered
    terms: tuple[str, ...] = ()  # the knowledge base's words of the question behind it
    offered: tuple[str, ...] = ()  # topic ids the last reply offered, in their shown order
    candidates: tuple[str, ...] = ()  # the last question's ranking, for "not what I meant"
    rejected: tuple[str, ...] = ()  # topics the user said were wrong, since the last answer taken
    fallbacks: int = 0  # fallbacks in a row: the second offers a person
    turn: int = 0
    clarified: bool = False  # the last reply was a clarify: its options are what "not that" turns down
    language: str | None = None  # the language of the last reply: short or unclear messages keep it

    def to_dict(self) -> dict[str, Any]:
        return {"topic_id": self.topic_id, "terms": list(self.terms), "offered": list(self.offered),
                "candidates": list(self.candidates), "rejected": list(self.rejected),
                "fallbacks": self.fallbacks, "turn": self.turn, "clarified": self.clarified,
                "language": self.language}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Context:
        """A context from stored JSON; anything malformed is dropped, never raised."""
        if not isinstance(data, Mapping):
            return cls()

        def ids(value: Any) -> tuple[str, ...]:
            items = value if isinstance(value, list) else []
            return tuple(item for item in items if isinstance(item, str) and _ID.match(item))[:MAX_IDS]

        def number(value: Any) -> int:
            return value if isinstance(value, int) and 0 <= value < 10_000 else 0

        topic = data.get("topic_id")
        terms = data.get("terms") if isinstance(data.get("terms"), list) else []
        return cls(
            topic_id=topic if isinstance(topic, str) and _ID.match(topic) else None,
            terms=tuple(t for t in terms if isinstance(t, str) and t.isalnum() and len(t) <= 40)[:MAX_TERMS],
            offered=ids(data.get("offered")), candidates=ids(data.get("candidates")),
            rejected=ids(data.get("rejected")), fallbacks=number(data.get("fallbacks")), turn=number(data.get("turn")),
            clarified=data.get("clarified") is True,
            language=language if isinstance(language := data.get("language"), str) and _LANGUAGE.match(language)
            else None,
        )


@dataclass(frozen=True)
class Dialogue:
    """One language's conversational phrases, read on `Analysis.phrase` (folded words, no
    punctuation) unless said otherwise. English: `ENGLISH_DIALOGUE`; Spanish:
    `faq.conversation_es.SPANISH_DIALOGUE`."""

    ordinals: Mapping[str, int]  # word -> 0-based option index (-1: the last)
    pick: re.Pattern[str]  # a whole message picking an option: group "n" is an ordinal
    reject: re.Pattern[str]  # "not what I meant"
    reject_lead: re.Pattern[str]  # the words of a rejection that say nothing about what was meant
    not_rejecting: re.Pattern[str]  # "no thanks"
    small_talk: Mapping[str, str]  # whole message -> "closing" | "greeting"
    follow_up: re.Pattern[str]  # starts (or ends) like a follow-up
    anaphora: frozenset[str]  # pronouns that lean on the turn before
    filler: str  # words that say nothing about which value is meant ("the diabetes one")
    reject_marked: re.Pattern[str] | None = None  # a rejection read on `Analysis.text` (with punctuation)


_ORDINALS = {
    "1": 0, "one": 0, "first": 0, "1st": 0, "2": 1, "two": 1, "second": 1, "2nd": 1,
    "3": 2, "three": 2, "third": 2, "3rd": 2, "4": 3, "four": 3, "fourth": 3, "4th": 3,
    "5": 4, "five": 4, "fifth": 4, "5th": 4, "last": -1, "bottom": -1, "top": 0,
}
ENGLISH_DIALOGUE = Dialogue(
    ordinals=_ORDINALS,
    pick=re.compile(
        r"^(?:(?:yes|yeah|yep|ok|okay|sure|please|i|want|meant|mean|would|like|give|me|show|pick|choose|select|"
        r"go|with|take|try|let|us|lets|s)\s+)*(?:the\s+)?(?:option|number|choice|question|answer|link|item)?\s*"
        r"(?P<n>" + "|".join(_ORDINALS) + r")(?:\s+(?:one|option|choice|question|answer|link|item))?"
        r"(?:\s+(?:please|thanks|thank you|pls))?$"
    ),
    reject=re.compile(
        r"^(?:no+|nope|nah|wrong|incorrect|not really|none of (?:these|those|them|the above))\b"
        r"|not what i (?:meant|mean|asked|was asking|am asking|wanted|want|need|needed|was looking for)"
        r"|^(?:that|this|it) (?:is|was) (?:not|wrong|incorrect)\b"
        r"|^(?:that|this) (?:does|did) not (?:answer|help)|\bwrong (?:answer|topic|thing|one)\b"
        r"|^not (?:that|this|it|quite)\b|\b(?:did|does) not answer my question\b"
    ),
    reject_lead=re.compile(
        r"^(?:(?:no+|nope|nah|sorry|wrong|incorrect|not really|not quite|not that|not this|not it|none of (?:these|those"
        r"|them|the above)|that is not what i (?:meant|mean|asked|wanted|want)|not what i (?:meant|mean|asked|wanted|want)"
        r"|that is not it|that is wrong|that is not right|wrong answer|i|meant|mean|was|am|asking|about|wanted|want"
        r"|to know|the|it|that|this|thats|whats|answer|topic|thing|one|question|my|is|what|not|right)(?:\s+|$))+"
    ),
    not_rejecting=re.compile(r"^no+ (?:thanks|thank you|thx|ty)\b"),
    small_talk={
        "thanks": "closing", "thank you": "closing", "thank you very much": "closing", "thanks a lot": "closing",
        "thx": "closing", "ty": "closing", "ok": "closing", "okay": "closing", "ok thanks": "closing",
        "ok thank you": "closing", "okay thanks": "closing", "great": "closing", "great thanks": "closing",
        "cool": "closing", "got it": "closing", "got it thanks": "closing", "perfect": "closing",
        "awesome": "closing", "bye": "closing", "goodbye": "closing", "no thanks": "closing",
        "no thank you": "closing", "that is all": "closing", "thats all": "closing", "nothing else": "closing",
        "that helps": "closing", "that helped": "closing", "helpful": "closing", "thanks that helps": "closing",
        "hi": "greeting", "hello": "greeting", "hey": "greeting", "hi there": "greeting", "hello there": "greeting",
        "good morning": "greeting", "good afternoon": "greeting", "good evening": "greeting",
    },
    follow_up=re.compile(
        r"^(?:and|also|plus|then|so|ok and|okay and|what about|how about|same for|same with|same question for"
        r"|same thing for|and what about|and how about|and for|what if|is that|is it|does it|does that|can i do"
        r"|do i|how do i do|where do i|where is|who do i|when do i|is there one)\b|\b(?:too|as well|also)$"
    ),
    anaphora=frozenset({"it", "that", "this", "those", "them", "they", "there", "one", "ones", "these", "mine",
                        "theirs", "its"}),
    filler=("program programs one ones option same thing things info information details detail kind type "
            "version the for about what and also too"),
)
CONTEXT_WEIGHT = 0.5  # a follow-up's words from the turn before count half as much as its own


@dataclass(frozen=True)
class _Value:
    value: EntityValue
    phrases: tuple[frozenset[str], ...]  # each word's tokens (analyzed like a question)


class Reader:
    """Reads the conversational acts of a turn in one language; built once per assistant."""

    def __init__(self, analyzer: Analyzer, entities: Iterable[EntityValue],
                 dialogue: Dialogue = ENGLISH_DIALOGUE) -> None:
        self._dialogue = dialogue
        self._values: list[_Value] = []
        for value in entities:
            phrases = tuple(frozenset(analyzer.analyze(word).tokens) for word in value.words)
            self._values.append(_Value(value, tuple(p for p in phrases if p)))
        self.entity_tokens = frozenset(token for v in self._values for p in v.phrases for token in p)
        self._filler = frozenset(analyzer.analyze(dialogue.filler).tokens) | frozenset(dialogue.filler.split())
        self._topic_of = {v.value.topic: v.value for v in self._values if v.value.topic}

    def pick_index(self, analysis: Analysis) -> int | None:
        """0-based option index for "2", "option 3", "the last one"; -1 for the last."""
        match = self._dialogue.pick.match(analysis.phrase)
        return self._dialogue.ordinals[match.group("n")] if match else None

    def small_talk(self, analysis: Analysis) -> str | None:
        """'closing' or 'greeting' for a message that is only that."""
        return self._dialogue.small_talk.get(analysis.phrase.replace(" s ", " ").strip())

    def is_rejection(self, analysis: Analysis) -> bool:
        dialogue = self._dialogue
        phrase = analysis.phrase
        said = bool(dialogue.reject.search(phrase)) or bool(
            dialogue.reject_marked and dialogue.reject_marked.search(analysis.text))
        return said and not dialogue.not_rejecting.match(phrase)

    def after_rejection(self, analysis: Analysis) -> str:
        """The words after "no, not that" that may say what was meant ('' when none)."""
        return self._dialogue.reject_lead.sub("", analysis.phrase).strip()

    def leans_on_context(self, analysis: Analysis) -> bool:
        """Starts like a follow-up, or a pronoun with at most three words of its own."""
        if self._dialogue.follow_up.search(analysis.phrase):
            return True
        return len(analysis.tokens) <= 3 and any(word in self._dialogue.anaphora for word in analysis.surface)

    def values_named(self, analysis: Analysis) -> list[EntityValue]:
        tokens = set(analysis.tokens)
        return [v.value for v in self._values if any(phrase <= tokens for phrase in v.phrases)]

    def names_only_values(self, analysis: Analysis) -> bool:
        """The message's words are values and filler only ("and for heart disease?")."""
        tokens = set(analysis.tokens) - self._filler
        return bool(tokens) and tokens <= self.entity_tokens

    def value_of_topic(self, topic_id: str | None) -> EntityValue | None:
        return self._topic_of.get(topic_id) if topic_id else None

    def swap(self, terms: Iterable[str], named: Iterable[EntityValue]) -> tuple[str, ...]:
        """The last question's words without the words of the groups a follow-up names anew."""
        groups = {value.group for value in named}
        drop = {token for v in self._values if v.value.group in groups for p in v.phrases for token in p}
        return tuple(term for term in terms if term not in drop)
