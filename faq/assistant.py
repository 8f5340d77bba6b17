"""The assistant: one question in, one `Answer` out, in the language it was asked in.

For every message:

1. the language: the one the caller names, else the one its words show (`faq.language.
   detect_language`), with the conversation's language, else the caller's hint (the
   page's), when the words do not say; a language the assistant does not speak is read
   in English (whose scope rules answer it with the `other_language` reply);
2. the safety check (`faq.safety`), on the whole message whatever its language;
3. that language's `faq.speaker.Speaker`: emergencies, scope rules, conversation, ranking
   and the decision, from that language's knowledge base.

An `Assistant` built from an English knowledge base alone speaks English (a Spanish
question gets the `other_language` reply); `translations` add languages:

    assistant = Assistant(kb, translations={"es": Translation(kb_es, extra_alternates=..., negatives=...)})
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from faq import safety
from faq.conversation import Context
from faq.knowledge import KnowledgeBase
from faq.language import PROFILES, detect_language, profile
from faq.replies import (
    ANSWER, CLARIFY, EMERGENCY, EMPTY, FALLBACK, HANDOVER_TOPIC, NO_MATCH, OUTCOMES, REPLY_FOR_REASON,
    Answer, Assessment, Decision, Suggestion, asking_audience, decide,
)
from faq.settings import DEFAULT_SETTINGS, Settings
from faq.speaker import Speaker

__all__ = [
    "ANSWER", "CLARIFY", "EMERGENCY", "EMPTY", "FALLBACK", "HANDOVER_TOPIC", "NO_MATCH", "OUTCOMES", "Answer",
    "Assessment", "Assistant", "Decision", "Suggestion", "Translation", "decide",
]


@dataclass(frozen=True)
class Translation:
    """Another language for an `Assistant`: its knowledge base (same topic ids as the English
    one), the phrasings staff approved in it, and its settings (default: faq.settings')."""

    kb: KnowledgeBase
    extra_alternates: Mapping[str, Iterable[str]] | None = None
    negatives: Mapping[str, Iterable[str]] | None = None
    settings: Settings | None = None


class Assistant:
    """Answers questions from a knowledge base; build once, then call `ask` from any thread.

    extra_alternates: staff-approved phrasings per topic id, matched like the YAML alternates.
    negatives: phrasings per topic id for which that topic must not be offered.
    emergency_phrases: staff-approved phrasings per emergency kind (safety.EMERGENCY_KINDS), any language.
    translations: other languages by code ("es"), each with its knowledge base and staff phrasings.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        extra_alternates: Mapping[str, Iterable[str]] | None = None,
        negatives: Mapping[str, Iterable[str]] | None = None,
        settings: Settings = DEFAULT_SETTINGS,
        emergency_phrases: Mapping[str, Iterable[str]] | None = None,
        translations: Mapping[str, Translation] | None = None,
    ) -> None:
        self.kb = kb
        self.settings = settings
        self._safety = safety.SafetyCheck(emergency_phrases)
        self._speakers = {kb.language: Speaker(kb, profile(kb.language), settings, extra_alternates, negatives)}
        for code, translation in (translations or {}).items():
            language = profile(code)
            if translation.kb.language != code:
                raise ValueError(f"translation {code!r} holds a knowledge base in {translation.kb.language!r}")
            self._speakers[code] = Speaker(translation.kb, language, translation.settings or language.settings,
                                           translation.extra_alternates, translation.negatives)
        self._default = kb.language
        self._vocabularies = {code: speaker.words for code, speaker in self._speakers.items()}

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this assistant speaks, its default first."""
        return tuple(self._speakers)

    def language_of(self, question: str, hint: str | None = None, context: Context | None = None) -> str:
        """The language a message is answered in when the caller does not name one: what its words
        show, else the conversation's language, else `hint` (the page's); always one spoken here."""
        leaning = context.language if context is not None and context.turn and context.language else hint
        detected = detect_language(question, leaning or self._default, self._vocabularies)
        return detected if detected in self._speakers else self._default

    def ask(self, question: str, audience: str = "patient", language: str | None = None,
            hint: str | None = None) -> Answer:
        """The reply to one question standing alone; never raises, whatever the question holds.
        `language`: read and answer in it (None: detected, `hint` when the words do not say)."""
        return self.converse(question, audience, None, language, hint)

    def converse(self, question: str, audience: str = "patient", context: Context | None = None,
                 language: str | None = None, hint: str | None = None) -> Answer:
        """The reply to one turn of a conversation (`context`: the previous answer's `context`,
        or None to start); the reply's `context` goes with the next turn."""
        context = context or Context()
        code = self._chosen_language(question, language, hint, context)
        if context.language not in (None, code):  # the other language's words mean nothing here
            context = replace(context, terms=())
        answer = self._speakers[code].converse(question, asking_audience(audience), context, self._safety(question))
        return self._in(answer, code)

    def assess(self, question: str, audience: str = "patient", language: str | None = None) -> Assessment:
        """Safety first (the whole message), then the scope rules and ranking of the message's
        language (its first max_question_chars); `decide` turns the candidates into an outcome."""
        code = self._chosen_language(question, language, None, Context())
        return self._speakers[code].assess(question, asking_audience(audience), self._safety(question))

    def answer_topic(self, topic_id: str, audience: str = "patient", context: Context | None = None,
                     language: str | None = None) -> Answer | None:
        """The answer for a topic picked directly (e.g. a clicked suggestion), if the audience sees it;
        in `language`, else the conversation's, else the default."""
        context = context or Context()
        code = self._spoken(language) if language else (
            context.language if context.language in self._speakers else self._default)
        answer = self._speakers[code].answer_topic(topic_id, asking_audience(audience), context)
        return self._in(answer, code) if answer is not None else None

    def terms(self, text: str, language: str | None = None) -> dict[str, bool]:
        """A message's content words as the matcher reads them (stemmed, misspellings fixed), each
        with whether the knowledge base uses it: e.g. to group paraphrases of one unmet need."""
        return self._speakers[self._chosen_language(text, language, None, Context())].terms(text)

    @property
    def reply_keys(self) -> frozenset[str]:
        """The reasons and fixed replies a logged exchange can name (for showing it again)."""
        return frozenset(REPLY_FOR_REASON)

    def reply_html(self, reason: str, language: str | None = None) -> str:
        """The HTML of the fixed reply for a reason (safety kind, scope rule, "no_match"...)."""
        return self._speakers[self._spoken(language)].reply_html(reason)

    def suggested_questions(self, audience: str = "patient", language: str | None = None) -> list[Suggestion]:
        """Every topic's canonical question an audience may ask, in knowledge-base order, in
        `language` (None: the default)."""
        return self._speakers[self._spoken(language)].suggested_questions(asking_audience(audience))

    def knowledge(self, language: str | None = None) -> KnowledgeBase:
        """The knowledge base of a language spoken here (None: the default)."""
        return self._speakers[self._spoken(language)].kb

    def _spoken(self, language: str | None) -> str:
        """A language code named by a caller: one of faq.language.LANGUAGES (else ValueError);
        the default when it is None or not loaded here."""
        if language is None:
            return self._default
        profile(language)
        return language if language in self._speakers else self._default

    def _chosen_language(self, question: str, language: str | None, hint: str | None, context: Context) -> str:
        if language is not None:
            return self._spoken(language)
        return self.language_of(question, hint if hint in PROFILES else None, context)

    @staticmethod
    def _in(answer: Answer, code: str) -> Answer:
        """The answer marked with its language, which its context remembers."""
        context = replace(answer.context, language=code) if answer.context is not None else None
        return replace(answer, language=code, context=context)


