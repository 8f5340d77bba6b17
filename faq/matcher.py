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
- keyword: the same share, counted over the topic's keywords only.

Words unknown to every topic count at the highest rarity, so a question about the
weather in Torrance keeps a low coverage everywhere. Only the `candidate_pool` topics
with the best coverage get fuzzy scoring, which keeps asking fast as the knowledge
base grows.
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from faq.knowledge import ASKING_AUDIENCES, Topic
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

    def score(self, settings: Settings) -> float:
        """The weighted mean the ranking sorts by."""
        weights = (settings.weight_fuzzy, settings.weight_overlap, settings.weight_coverage, settings.weight_keyword)
        values = (self.fuzzy, self.overlap, self.coverage, self.keyword)
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
        stems: set[str] = set()
        for index, topic in enumerate(self._topics):
            analyses = [analyzer.analyze(text) for text in (topic.question, *topic.alternates, *extra.get(topic.id, ()))]
            keyword_analyses = [analyzer.analyze(keyword) for keyword in topic.keywords]
            self._phrases.append(tuple(dict.fromkeys(a.key for a in analyses if a.key)))
            self._phrase_tokens.append(tuple(frozenset(key.split()) for key in self._phrases[-1]))
            keywords = {token for a in keyword_analyses for token in a.tokens}
            for token in keywords | {token for a in analyses for token in a.tokens}:
                vocabulary_postings[token].append(index)
            for token in keywords:
                keyword_postings[token].append(index)
            stems.update(stem for a in (*analyses, *keyword_analyses) for stem in a.stems if not analyzer.is_stop(stem))
        self._vocabulary_postings = dict(vocabulary_postings)
        self._keyword_postings = dict(keyword_postings)
        count = len(self._topics)
        self._idf = {token: math.log((count + 1) / (len(ids) + 1)) + 1 for token, ids in self._vocabulary_postings.items()}
        self._unknown_idf = math.log(count + 1) + 1
        self._phrase_norms = [
            tuple(math.sqrt(sum(self._idf[token] ** 2 for token in phrase)) for phrase in phrases)
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

    def rank(self, analysis: Analysis, audience: str) -> list[Candidate]:
        """Topics visible to `audience`, best first, scored against the question's tokens."""
        settings = self._settings
        tokens = analysis.tokens[: settings.max_tokens]
        if not tokens:
            return []
        rarity = {token: self._idf.get(token, self._unknown_idf) for token in tokens}
        total = sum(rarity.values())
        coverage: dict[int, float] = defaultdict(float)
        keyword: dict[int, float] = defaultdict(float)
        for token, weight in rarity.items():
            for index in self._vocabulary_postings.get(token, ()):
                coverage[index] += weight
            for index in self._keyword_postings.get(token, ()):
                keyword[index] += weight
        query = " ".join(tokens)
        visible = self._visible[audience]
        blocked = self._blocked(analysis.phrase)
        pool = heapq.nlargest(
            settings.candidate_pool,
            (index for index in coverage if index in visible and index not in blocked),
            key=coverage.__getitem__,
        )
        query_norm = math.sqrt(sum(weight**2 for weight in rarity.values()))
        candidates = []
        for index in pool:
            fuzzy = max((self._scorer(query, phrase) for phrase in self._phrases[index]), default=0.0) / 100
            overlap = max(
                (
                    sum(rarity[token] ** 2 for token in phrase if token in rarity) / (query_norm * norm)
                    for phrase, norm in zip(self._phrase_tokens[index], self._phrase_norms[index])
                ),
                default=0.0,
            )
            components = Components(fuzzy, overlap, coverage[index] / total, keyword[index] / total)
            candidates.append(Candidate(self._topics[index], components.score(settings), components))
        candidates.sort(key=lambda candidate: candidate.score, reverse=True)
        return candidates

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
