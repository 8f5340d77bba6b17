"""One language's assistant: reading a turn, the scope rules, ranking and the decision.

`faq.assistant.Assistant` keeps one `Speaker` per language it speaks, runs the safety check
and picks the speaker by the message's language; the speaker does everything after that.
Order of precedence for every question:

1. emergency (the safety check's signal, on the whole message): always wins, answered with
   988 first for a mental health crisis, 911 first otherwise, and both always; a softer
   distress signal does not stop the question being answered, but the reply also offers 988;
2. nothing to read (empty, whitespace, emoji only): fallback asking for a question;
3. out of scope (the language's `faq.rules.Scope`: other language, medical advice, claims
   and other benefits): fallback with a reply saying so;
4. matching (matcher.TopicIndex) and the decision (`decide`): answer, clarify or fallback.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from faq import rules, safety
from faq.conversation import FOLLOW_UP, MAX_IDS, MAX_TERMS, NEW, PICK, REJECT, SAME_FOR, SIBLING, SMALL_TALK, CONTEXT_WEIGHT, Context, Reader
from faq.knowledge import KnowledgeBase, Link, Topic
from faq.language import LanguageProfile, words_of
from faq.matcher import Candidate, TopicIndex
from faq.render import markdown_links, to_html, to_text
from faq.replies import (ANSWER, CLARIFY, EMERGENCY, EMPTY, FALLBACK, HANDOVER_TOPIC, NO_MATCH, REPLY_FOR_REASON,
                         Answer, Assessment, Suggestion, decide)
from faq.settings import Settings
from faq.text import Analysis, Analyzer, SpellingCorrector


@dataclass(frozen=True)
class _Rendered:
    text: str
    html: str
    links: tuple[Link, ...]


class Speaker:
    """Answers questions in one language from that language's knowledge base; thread-safe once built.

    extra_alternates: staff-approved phrasings per topic id, matched like the YAML alternates.
    negatives: phrasings per topic id for which that topic must not be offered.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        language: LanguageProfile,
        settings: Settings,
        extra_alternates: Mapping[str, Iterable[str]] | None = None,
        negatives: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.kb = kb
        self.settings = settings
        self.language = language
        payer_words = {kb.payer_name.lower(): "plan"} if kb.payer_name.strip() else {}
        self._analyzer = Analyzer(payer_words, language.lexicon)
        self._index = TopicIndex(kb.topics, self._analyzer, settings, extra_alternates, negatives)
        self._corrector = SpellingCorrector(
            self._index.vocabulary, self._analyzer.known_stems, settings.spell_min_length, settings.spell_cutoff
        )
        self._topic_replies = {topic.id: _render(topic.answer, topic.links) for topic in kb.topics}
        self._replies = {key: _render(markdown) for key, markdown in kb.responses.items()}
        self._reader = Reader(self._analyzer, kb.entities, language.dialogue)
        self.words = words_of(text for topic in kb.topics
                              for text in (topic.question, *topic.alternates, *topic.keywords, topic.answer))

    def converse(self, question: str, audience: str, context: Context, signal: safety.Signal | None) -> Answer:
        """The reply to one turn of a conversation, after the safety check's `signal` on it
        (`audience`: an asking audience; `context`: the previous answer's); never raises."""
        if signal is not None and signal.level == safety.EMERGENCY:
            answer = self._reply(EMERGENCY, signal.kind, 1.0, ())
            if signal.spanish and self.language.code != "es":  # a Spanish reply already speaks Spanish
                answer = self._with_reply(answer, "emergency_spanish")
            return replace(answer, context=replace(context, offered=(), fallbacks=0, turn=context.turn + 1))
        analysis = self._analyzer.analyze(question, self.settings.max_question_chars, self._corrector)
        answer = self._turn(analysis, audience, context)
        return self._with_reply(replace(answer, distress=True), "distress") if signal is not None else answer

    def _turn(self, analysis: Analysis, audience: str, context: Context) -> Answer:
        """Everything after the safety check: conversational acts, scope rules, ranking."""
        reader = self._reader
        if context.turn and reader.is_rejection(analysis):
            return self._rejected(analysis, audience, context)
        picked = self._picked(analysis, audience, context)
        if picked is not None:
            return self._chosen(context, picked, audience, PICK)
        talk = reader.small_talk(analysis)
        if talk is not None:
            reply = self._reply(FALLBACK, talk, 0.0, ())
            return replace(reply, reading=SMALL_TALK, context=replace(context, turn=context.turn + 1))
        if not analysis.phrase and analysis.foreign_letters == 0:
            return self._fell_back(context, EMPTY, 0.0, ())
        reason = rules.detect_out_of_scope(analysis, self.language.scope)
        candidates = self._index.rank(analysis, audience)
        top = _top(candidates)
        if reason is not None:
            return self._fell_back(context, reason, top[0][1] if top else 0.0, top)
        if context.topic_id and (reader.leans_on_context(analysis) or reader.names_only_values(analysis)):
            followed = self._follow_up(analysis, audience, context, candidates)
            if followed is not None:
                return followed
        if context.offered and len(analysis.tokens) <= 4 and not reader.leans_on_context(analysis):
            chosen = self._picked_by_words(analysis, audience, context)
            if chosen is not None:
                return self._chosen(context, chosen, audience, PICK)
        return self._decided(candidates, audience, context, analysis.tokens, NEW)

    def _decided(self, candidates: Sequence[Candidate], audience: str, context: Context,
                 terms: Sequence[str], reading: str, exclude: Sequence[str] = ()) -> Answer:
        """Answer, clarify or fall back on a ranking (`decide`), and the context after it."""
        top = _top(candidates)
        confidence = top[0][1] if top else 0.0
        ranked = tuple(c.topic.id for c in candidates[:MAX_IDS])
        decision = decide(candidates, self.settings)
        if decision.outcome == ANSWER:
            topic = decision.chosen[0].topic
            return self._answer_in(context, topic, audience, confidence, top, reading, terms, ranked,
                                   rejected=tuple(exclude))
        if decision.outcome == CLARIFY:
            reply = self._replies["clarify"]
            options = tuple(Suggestion(c.topic.id, c.topic.question) for c in decision.chosen)
            after = replace(context, terms=self._known(terms) or context.terms, offered=tuple(o.topic_id for o in options),
                            candidates=ranked, rejected=tuple(exclude), fallbacks=0, turn=context.turn + 1,
                            clarified=True)
            return Answer(CLARIFY, None, confidence, reply.text, reply.html, options, top, reply.links,
                          reading=reading, context=after)
        return self._fell_back(context, NO_MATCH, confidence, top)

    def _picked(self, analysis: Analysis, audience: str, context: Context) -> Topic | None:
        """The option of the last reply this message picks by number or ordinal ("2", "the last one")."""
        index = self._reader.pick_index(analysis) if context.offered else None
        if index is None or not -len(context.offered) <= index < len(context.offered):
            return None
        return self._visible(context.offered[index], audience)

    def _picked_by_words(self, analysis: Analysis, audience: str, context: Context) -> Topic | None:
        """The one option of the last reply whose words hold every word of a short message."""
        ranked = self._index.rank(analysis, audience, only=frozenset(context.offered))
        if ranked and ranked[0].components.coverage >= 0.99 and (
                len(ranked) == 1 or ranked[1].components.coverage < ranked[0].components.coverage):
            return ranked[0].topic
        return None

    def _rejected(self, analysis: Analysis, audience: str, context: Context) -> Answer:
        """ "No, that's not what I meant": what the rest of the message asks, else the next candidates."""
        wrong = (*context.rejected, *filter(None, (context.topic_id,)), *(context.offered if context.clarified else ()))
        wrong = tuple(dict.fromkeys(wrong))
        rest = self._analyzer.analyze(self._reader.after_rejection(analysis), self.settings.max_question_chars,
                                      self._corrector)
        picked = self._picked(rest, audience, context)
        if picked is not None:
            return self._chosen(context, picked, audience, PICK)
        if rest.tokens:
            ranked = self._index.rank(rest, audience, exclude=frozenset(wrong))
            if decide(ranked, self.settings).outcome == ANSWER:
                return self._decided(ranked, audience, context, rest.tokens, REJECT, wrong)
        pool = (*context.candidates, *(() if context.clarified else context.offered))
        options = (self._visible(topic_id, audience) for topic_id in dict.fromkeys(pool) if topic_id not in wrong)
        visible = tuple(t for t in options if t is not None)[: self.settings.clarify_max]
        if not visible:
            return replace(self._fell_back(replace(context, fallbacks=max(context.fallbacks, 1)), NO_MATCH, 0.0, ()),
                           reading=REJECT)
        reply = self._replies["rejected"]
        offered = tuple(Suggestion(t.id, t.question) for t in visible)
        after = replace(context, offered=tuple(t.id for t in visible), rejected=wrong, turn=context.turn + 1,
                        clarified=True)
        return Answer(CLARIFY, None, 0.0, reply.text, reply.html, offered, (), reply.links, reading=REJECT,
                      context=after)

    def _follow_up(self, analysis: Analysis, audience: str, context: Context,
                   standalone: Sequence[Candidate]) -> Answer | None:
        """A turn that leans on the last one; None when it is better read on its own."""
        reader = self._reader
        named = reader.values_named(analysis)
        if named and reader.names_only_values(analysis):
            words = reader.swap(context.terms, named) + analysis.tokens
            shown = next((self._visible(v.topic, audience) for v in named if v.topic in context.offered), None)
            if shown is not None:  # "and the lifestyle ones?" after the overview offered them
                return self._chosen(context, shown, audience, PICK)
            last_value = reader.value_of_topic(context.topic_id)
            if last_value is not None:  # "and for heart disease?" after the diabetes program
                sibling = next((self._visible(v.topic, audience) for v in named
                                if v.group == last_value.group and v.topic and v != last_value), None)
                if sibling is not None:
                    return self._chosen(context, sibling, audience, SIBLING, words)
            else:  # after "how do I enroll in the diabetes program?": the same question again
                same = self._visible(context.topic_id, audience)
                if same is not None:
                    return self._chosen(context, same, audience, SAME_FOR, words)
        if not context.terms:
            return None
        own = set(analysis.tokens)
        earlier = tuple(term for term in reader.swap(context.terms, named) if term not in own)
        terms = (*analysis.tokens, *earlier)
        combined = self._index.rank(replace(analysis, tokens=terms), audience,
                                    discount={term: CONTEXT_WEIGHT for term in earlier})
        if decide(combined, self.settings).outcome != ANSWER:
            return None
        if decide(standalone, self.settings).outcome == ANSWER and (
                combined[0].topic.id == context.topic_id or standalone[0].score >= combined[0].score):
            return None  # it stands on its own, and the context would only repeat the last answer or do worse
        return self._decided(combined, audience, context, terms, FOLLOW_UP)

    def _visible(self, topic_id: str | None, audience: str) -> Topic | None:
        topic = self.kb.topic(topic_id or "")
        return topic if topic is not None and topic.visible_to(audience) else None

    def _chosen(self, context: Context, topic: Topic, audience: str, reading: str,
                terms: Sequence[str] | None = None) -> Answer:
        """A topic the conversation points at (a pick, a sibling): answered in full confidence; the
        context keeps `terms` or else the topic's own question's words."""
        words = terms if terms is not None else self._analyzer.analyze(topic.question).tokens
        return self._answer_in(context, topic, audience, 1.0, ((topic.id, 1.0),), reading, words, context.candidates)

    def _answer_in(self, context: Context, topic: Topic, audience: str, confidence: float,
                   top: tuple[tuple[str, float], ...], reading: str, terms: Sequence[str],
                   ranked: Sequence[str], rejected: Sequence[str] = ()) -> Answer:
        """A topic's answer, and the context after it (this topic, its words, its related offers)."""
        answer = self._topic_answer(topic, audience, confidence, top)
        after = Context(topic.id, self._known(terms), tuple(s.topic_id for s in answer.suggestions),
                        tuple(t for t in ranked if t != topic.id)[:MAX_IDS], tuple(rejected), 0, context.turn + 1)
        return replace(answer, reading=reading, context=after,
                       handover=topic.id == HANDOVER_TOPIC)

    def _fell_back(self, context: Context, reason: str, confidence: float,
                   top: tuple[tuple[str, float], ...]) -> Answer:
        """A fallback; the second no-match in a row offers a person instead of another try."""
        fallbacks = context.fallbacks + 1 if reason == NO_MATCH else context.fallbacks
        handover = reason == NO_MATCH and fallbacks >= 2
        answer = self._reply(FALLBACK, "fallback_person" if handover else reason, confidence, top)
        return replace(answer, reason=reason, handover=handover,
                       context=replace(context, offered=(), fallbacks=fallbacks, turn=context.turn + 1, clarified=False))

    def _known(self, terms: Iterable[str]) -> tuple[str, ...]:
        """The words worth keeping for a follow-up: the knowledge base's own (no personal data)."""
        known = self._index.tokens
        return tuple(dict.fromkeys(t for t in terms if t in known))[:MAX_TERMS]

    def _with_reply(self, answer: Answer, key: str) -> Answer:
        """The answer followed by one of the fixed replies (the offer of 988, the Spanish lines)."""
        extra = self._replies[key]
        return replace(answer, answer_text=f"{answer.answer_text}\n\n{extra.text}",
                       answer_html=f"{answer.answer_html}\n{extra.html}", links=(*answer.links, *extra.links))

    def assess(self, question: str, audience: str, signal: safety.Signal | None) -> Assessment:
        """After the safety check's `signal`: the scope rules and ranking (on the first
        max_question_chars); `decide` turns the candidates into an outcome."""
        if signal is not None and signal.level == safety.EMERGENCY:
            return Assessment(signal.kind, None, (), spanish=signal.spanish)
        analysis = self._analyzer.analyze(question, self.settings.max_question_chars, self._corrector)
        reason = EMPTY if not analysis.phrase and analysis.foreign_letters == 0 else rules.detect_out_of_scope(
            analysis, self.language.scope)
        return Assessment(None, reason, tuple(self._index.rank(analysis, audience)), distress=signal is not None)

    def answer_topic(self, topic_id: str, audience: str, context: Context) -> Answer | None:
        """The answer for a topic picked directly (e.g. a clicked suggestion), if the audience sees it."""
        topic = self._visible(topic_id, audience)
        return self._chosen(context, topic, audience, PICK) if topic is not None else None

    def terms(self, text: str) -> dict[str, bool]:
        """A message's content words as the matcher reads them (stemmed, misspellings fixed), each
        with whether the knowledge base uses it: e.g. to group paraphrases of one unmet need."""
        analysis = self._analyzer.analyze(text, self.settings.max_question_chars, self._corrector)
        known = self._index.tokens
        return {token: token in known for token in analysis.tokens}

    def reply_html(self, reason: str) -> str:
        """The HTML of the fixed reply for a reason (safety kind, scope rule, "no_match"...)."""
        return self._replies[REPLY_FOR_REASON.get(reason, reason)].html

    def suggested_questions(self, audience: str) -> list[Suggestion]:
        """Every topic's canonical question an audience may ask, in knowledge-base order."""
        return [Suggestion(t.id, t.question) for t in self.kb.topics_for(audience)]

    def _topic_answer(
        self, topic: Topic, audience: str, confidence: float, top: tuple[tuple[str, float], ...]
    ) -> Answer:
        reply = self._topic_replies[topic.id]
        related = (self.kb.topic(topic_id) for topic_id in topic.related)
        follow_ups = tuple(Suggestion(t.id, t.question) for t in related if t is not None and t.visible_to(audience))
        return Answer(ANSWER, topic.id, confidence, reply.text, reply.html, follow_ups, top, reply.links)

    def _reply(self, outcome: str, reason: str, confidence: float, top: tuple[tuple[str, float], ...]) -> Answer:
        reply = self._replies[REPLY_FOR_REASON[reason]]
        return Answer(outcome, None, confidence, reply.text, reply.html, (), top, reply.links, reason)


def _top(candidates: Sequence[Candidate]) -> tuple[tuple[str, float], ...]:
    return tuple((c.topic.id, c.score) for c in candidates[:3])


def _render(markdown: str, links: tuple[Link, ...] | None = None) -> _Rendered:
    if links is None:
        links = tuple(Link(label, path) for label, path in markdown_links(markdown))
    return _Rendered(to_text(markdown), to_html(markdown), links)
