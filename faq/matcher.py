"""Scoring topics against an analyzed question.

Each topic is represented by its phrasings (canonical question, alternates and any
staff-approved extra alternates), normalized by the analyzer, and by two word sets:
every token of those phrasings plus its keywords (the *vocabulary*), and the tokens
of its keywords alone. A question's score for a topic is the weighted mean of

- fuzzy: the best rapidfuzz similarity between the question and one phrasing;
- overlap: the best cosine similarity between the question's words and one
  phrasing's words, each word weighted by its rarity across topics (inverse
  document frequency), so a shared rare word counts more than a shared common one;
- coverage: the share of the question's words (weighted by rarity) found in the
  topic's vocabulary;
- keyword: the same share, counted over the topic's keywords only;
- field: a BM25F-like score: a word counts more when the topic's question, its keywords
  and several of its alternates use it, and little when one alternate alone does
  (saturating, so a word repeated in many alternates does not swamp the others);
- recall: how much of the best-matching phrasing (by rarity) the question contains.

The weights of the mean are tuned (faq/settings.py); today field carries most of it.
Words unknown to every topic count at the highest rarity, so a question about the
weather in Torrance keeps a low coverage everywhere. Only the `candidate_pool` topics
with the best coverage get fuzzy scoring, which keeps asking fast as the knowledge
base grows.
"""
from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from faq.knowledge import ASKING_AUDIENCES, Topic
from faq.lexicon import ACTION_CONCEPTS, PROGRAM_CONCEPTS
from faq.settings import Settings
from faq.text import Analysis, Analyzer, normalize_phrase

_SCORERS = {"token_set_ratio": fuzz.token_set_ratio, "token_sort_ratio": fuzz.token_sort_ratio, "WRatio": fuzz.WRatio}


@dataclass(frozen=True)
class Components:
    """The similarity measures of one topic for one question, each 0..1."""

    fuzzy: float
    overlap: float
    coverage: float
    keyword: float
    field: float = 0.0
    recall: float = 0.0

    def score(self, settings: Settings) -> float:
        """The weighted mean the ranking sorts by."""
        weights = (settings.weight_fuzzy, settings.weight_overlap, settings.weight_coverage, settings.weight_keyword,
                   settings.weight_field, settings.weight_recall)
        values = (self.fuzzy, self.overlap, self.coverage, self.keyword, self.field, self.recall)
        return round(sum(w * v for w, v in zip(weights, values)) / sum(weights), 4)


@dataclass(frozen=True)
class Candidate:
    """A topic and how well it matches a question (0..1)."""

    topic: Topic
    score: float
    components: Components


class TopicIndex:
    """Precomputed normalized phrasings and word statistics of a set of topics."""

    def __init__(
        self,
        topics: Sequence[Topic],
        analyzer: Analyzer,
        settings: Settings,
        extra_alternates: Mapping[str, Iterable[str]] | None = None,
        negatives: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._topics = tuple(topics)
        self._settings = settings
        self._scorer = _SCORERS[settings.fuzzy_scorer]
        position = {topic.id: index for index, topic in enumerate(self._topics)}
        extra = extra_alternates or {}
        self._phrases: list[tuple[str, ...]] = []
        self._phrase_tokens: list[tuple[frozenset[str], ...]] = []
        vocabulary_postings: dict[str, list[int]] = defaultdict(list)
        keyword_postings: dict[str, list[int]] = defaultdict(list)
        field_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        stems: set[str] = set()
        for index, topic in enumerate(self._topics):
            analyses = [analyzer.analyze(text) for text in (topic.question, *topic.alternates, *extra.get(topic.id, ()))]
            keyword_analyses = [analyzer.analyze(keyword) for keyword in topic.keywords]
            self._phrases.append(tuple(dict.fromkeys(a.key for a in analyses if a.key)))
            self._phrase_tokens.append(tuple(frozenset(key.split()) for key in self._phrases[-1]))
            keywords = {token for a in keyword_analyses for token in a.tokens}
            question = set(analyses[0].tokens)
            alternates = [set(a.tokens) for a in analyses[1:]]
            for token in keywords | {token for a in analyses for token in a.tokens}:
                vocabulary_postings[token].append(index)
                field_postings[token].append((index, _strength(
                    token in question, sum(token in a for a in alternates), token in keywords, settings)))
            for token in keywords:
                keyword_postings[token].append(index)
            stems.update(stem for a in (*analyses, *keyword_analyses) for stem in a.stems if not analyzer.is_stop(stem))
        self._vocabulary_postings = dict(vocabulary_postings)
        self._keyword_postings = dict(keyword_postings)
        self._field_postings = {
            token: (tuple(index for index, _ in postings), tuple(strength for _, strength in postings))
            for token, postings in field_postings.items()
        }
        count = len(self._topics)
        self._idf = {token: math.log((count + 1) / (len(ids) + 1)) + 1 for token, ids in self._vocabulary_postings.items()}
        self._unknown_idf = math.log(count + 1) + 1
        self._phrase_norms = [
            tuple(math.sqrt(sum(self._idf[token] ** 2 for token in phrase)) for phrase in phrases)
            for phrases in self._phrase_tokens
        ]
        self._phrase_masses = [
            tuple(sum(self._idf[token] for token in phrase) or 1.0 for phrase in phrases)
            for phrases in self._phrase_tokens
        ]
        self.vocabulary: frozenset[str] = frozenset(stems)
        self._visible = {
            audience: frozenset(i for i, topic in enumerate(self._topics) if topic.visible_to(audience))
            for audience in ASKING_AUDIENCES
        }
        self._negatives = [
            (normalize_phrase(text), position[topic_id])
            for topic_id, texts in (negatives or {}).items()
            if topic_id in position
            for text in texts
        ]

    @property
    def tokens(self) -> frozenset[str]:
        """Every token of every topic's phrasings and keywords."""
        return frozenset(self._vocabulary_postings)

    def rank(self, analysis: Analysis, audience: str, only: frozenset[str] | None = None,
             exclude: frozenset[str] = frozenset(), discount: Mapping[str, float] | None = None) -> list[Candidate]:
        """Topics visible to `audience` (of `only`, if given, and not in `exclude`), best
        first, scored against the question's tokens (`discount`: factors for tokens that
        count less, such as a follow-up's words taken from the turn before)."""
        settings = self._settings
        tokens = analysis.tokens[: settings.max_tokens]
        if not tokens:
            return []
        rarity = {token: self._idf.get(token, self._unknown_idf) * (discount or {}).get(token, 1.0) for token in tokens}
        if settings.object_weight != 1.0 and not ACTION_CONCEPTS.isdisjoint(rarity):
            # "how do I enroll in the diabetes program": the program is the object of the action
            for token in PROGRAM_CONCEPTS.intersection(rarity):
                rarity[token] *= settings.object_weight
        total = sum(rarity.values())
        coverage: dict[int, float] = defaultdict(float)
        keyword: dict[int, float] = defaultdict(float)
        field: dict[int, float] = defaultdict(float)
        for token, weight in rarity.items():
            postings = self._field_postings.get(token)
            if postings is not None:
                indexes, strengths = postings
                for index, strength in zip(indexes, strengths):
                    coverage[index] += weight
                    field[index] += weight * strength
            for index in self._keyword_postings.get(token, ()):
                keyword[index] += weight
        query = " ".join(tokens)
        allowed = self._visible[audience]
        blocked = self._blocked(analysis.phrase)
        if blocked or only is not None or exclude:
            allowed = frozenset(
                index for index in allowed if index not in blocked
                and (only is None or self._topics[index].id in only) and self._topics[index].id not in exclude
            )
        pool = heapq.nlargest(
            settings.candidate_pool,
            [(coverage[index] + field[index], -index) for index in coverage if index in allowed],
        )
        query_norm = math.sqrt(sum(weight**2 for weight in rarity.values()))
        query_set = rarity.keys()
        idf = self._idf
        candidates = []
        for _, negated in pool:
            index = -negated
            fuzzy = max(map(self._scorer, itertools.repeat(query), self._phrases[index]), default=0.0) / 100
            overlap = recall = 0.0
            for phrase, norm, mass in zip(self._phrase_tokens[index], self._phrase_norms[index],
                                          self._phrase_masses[index]):
                shared = phrase & query_set
                if shared:
                    overlap = max(overlap, sum(rarity[token] ** 2 for token in shared) / (query_norm * norm))
                    recall = max(recall, sum(idf[token] for token in shared) / mass)
            components = Components(fuzzy, overlap, coverage[index] / total, keyword[index] / total,
                                    field[index] / total, recall)
            candidates.append(Candidate(self._topics[index], components.score(settings), components))
        candidates.sort(key=lambda candidate: candidate.score, reverse=True)
        return with_lead(candidates, settings.weight_lead)

    def _blocked(self, phrase: str) -> set[int]:
        """Topics ruled out by a staff negative example (near-)identical to this phrasing."""
        if not self._negatives:
            return set()
        hits = process.extract(
            phrase,
            [key for key, _ in self._negatives],
            scorer=fuzz.ratio,
            score_cutoff=self._settings.negative_cutoff,
            limit=None,
        )
        return {self._negatives[position][1] for _, _, position in hits}


def _strength(in_question: bool, in_alternates: int, in_keywords: bool, settings: Settings) -> float:
    """How characteristic a word is of a topic (0..1), BM25F-like: each field's occurrences
    weighted, then saturated, so a word of the canonical question, several alternates and
    the keywords counts fully while a word of one alternate only counts for little."""
    weighted = (settings.field_question * in_question + settings.field_alternate * in_alternates
                + settings.field_keyword * in_keywords)
    return weighted / (weighted + settings.field_saturation)


def with_lead(candidates: list[Candidate], weight: float) -> list[Candidate]:
    """The best candidate's score raised by `weight` times its lead over the runner-up
    (capped at 1), so a clear winner of a long question, whose words spread thinly over
    every topic, is confident enough to answer, while close calls stay close and get a
    clarify. The order of the candidates never changes."""
    if not candidates or weight <= 0:
        return candidates
    best = candidates[0]
    lead = best.score - (candidates[1].score if len(candidates) > 1 else 0.0)
    raised = Candidate(best.topic, round(min(1.0, best.score + weight * lead), 4), best.components)
    return [raised, *candidates[1:]]
