"""Choosing the settings by measurement: `python -m faq tune tests/faq_eval.tsv`.

Only the labelled rows of the `dev` split are read: the `heldout` rows are dropped
before anything else, so the sweep never sees them (score them with `python -m faq
eval FILE --split heldout`, figures only). To show overfitting inside dev, the chosen
settings are also reported on the odd and even dev rows separately.

Stage 1, ranking. For each fuzzy scorer, every tuning question is ranked once;
each combination of the six component weights (fuzzy, overlap, coverage, keyword,
field, recall) on a 0.1 grid then re-scores the same candidates from their
components (no re-ranking needed). The combination with the best top-1 accuracy on
the in-scope rows wins; ties go to the larger mean gap between the expected topic's
score and the best wrong topic's score. With those weights, the field weights of the
BM25F-like component (alternate weight, saturation), then the object weight (how much a
program's name counts when the question names an action on it), then the spelling-correction
cutoff and the candidate pool are swept the same way (ties: the smaller, i.e. faster,
pool, then the stricter cutoff).

Stage 2, decision. With that ranking, every combination of the lead weight (how
much the best topic's lead over the runner-up raises its score), answer threshold,
answer margin and fallback threshold on a grid is scored by a utility over the
tuning rows whose outcome the thresholds decide:

    in scope:      +1 right answer, +0.5 clarify offering the right topic, -2 wrong answer
    out of scope:  -2 answered, -0.5 clarified, 0 fallback

Among combinations keeping out-of-scope answers at or under 2% and wrong-topic answers
at or under 2% of the in-scope rows, the best utility wins; ties go to fewer wrong answers, then to the smaller lead weight, then to the
stricter (higher) thresholds.

Stage 3, negative examples. A staff negative must block its own phrasing (and
trivial variants of it) but no other way of asking: the cutoff is set just above the
highest similarity (rapidfuzz ratio of `normalize_phrase` forms) between two
different labelled phrasings of one topic (tuning rows and knowledge-base phrasings).
"""
from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from faq.assistant import ANSWER, CLARIFY, Assessment, Assistant, decide
from faq.evaluation import EXPECT_FALLBACK, LabelledQuestion, Report, evaluate
from faq.knowledge import KnowledgeBase
from faq.matcher import Candidate, with_lead
from faq.settings import FUZZY_SCORERS, Settings
from faq.text import normalize_phrase

WEIGHT_STEP = 0.1
_WEIGHT_NAMES = ("weight_fuzzy", "weight_overlap", "weight_coverage", "weight_keyword", "weight_field", "weight_recall")
TUNING_SPLIT = "dev"
MAX_FALSE_ANSWER_RATE = 0.02
MAX_WRONG_ANSWER_RATE = 0.02  # in-scope questions answered with a wrong topic
_ANSWER_THRESHOLDS = [round(0.40 + 0.02 * i, 2) for i in range(26)]  # 0.40 .. 0.90
_MARGINS = [round(0.01 * i, 2) for i in range(21)]  # 0.00 .. 0.20
_FALLBACK_THRESHOLDS = [round(0.20 + 0.02 * i, 2) for i in range(21)]  # 0.20 .. 0.60
_SPELL_CUTOFFS = (80.0, 85.0, 90.0, 95.0)
_CANDIDATE_POOLS = (6, 12, 24)
_LEADS = (0.0, 0.25, 0.5, 0.75, 1.0)
_FIELD_ALTERNATES = (0.25, 0.5, 1.0)
_FIELD_SATURATIONS = (0.5, 1.0, 2.0)
_OBJECT_WEIGHTS = (0.25, 0.4, 0.6, 1.0)


@dataclass(frozen=True)
class _Case:
    item: LabelledQuestion
    assessment: Assessment


@dataclass(frozen=True)
class TuningResult:
    settings: Settings
    ranking_accuracy: float  # stage 1: top-1 accuracy on the tuning rows
    utility: float  # stage 2: utility on the tuning rows
    tuned: Report  # the chosen settings evaluated on the dev rows...
    even: Report  # ...on the even dev rows...
    odd: Report  # ...and on the odd dev rows
    ignored: int = 0  # rows of other splits, never read


def tune(kb: KnowledgeBase, questions: Sequence[LabelledQuestion], base: Settings = Settings()) -> TuningResult:
    """Sweep ranking, then thresholds, on the dev rows only; measure the negative cutoff."""
    tuning_rows = [item for item in questions if item.split == TUNING_SPLIT]
    ranked, accuracy = _tune_ranking(kb, tuning_rows, dataclasses.replace(base, weight_lead=0.0))
    decided, utility = _tune_thresholds(_assess(kb, tuning_rows, ranked), ranked)
    chosen = dataclasses.replace(decided, negative_cutoff=_negative_cutoff(kb, tuning_rows))
    assistant = Assistant(kb, settings=chosen)
    return TuningResult(chosen, accuracy, utility, evaluate(assistant, tuning_rows),
                        evaluate(assistant, tuning_rows[0::2]), evaluate(assistant, tuning_rows[1::2]),
                        len(questions) - len(tuning_rows))


def _assess(kb: KnowledgeBase, rows: Sequence[LabelledQuestion], settings: Settings) -> list[_Case]:
    assistant = Assistant(kb, settings=settings)
    return [_Case(item, assistant.assess(item.question, item.audience, item.language)) for item in rows]


def _tune_ranking(kb: KnowledgeBase, rows: Sequence[LabelledQuestion], base: Settings) -> tuple[Settings, float]:
    """Stage 1: scorer and weights, then candidate pool and spelling cutoff; returns (settings, top-1 accuracy)."""
    weighted: tuple[tuple[float, float], Settings] | None = None
    for scorer in FUZZY_SCORERS:
        vectors = _vectors(_assess(kb, rows, dataclasses.replace(base, fuzzy_scorer=scorer)))
        for weights in _weight_grid():
            quality = _vector_quality(vectors, tuple(weights[name] for name in _WEIGHT_NAMES))
            if weighted is None or quality > weighted[0]:
                weighted = (quality, dataclasses.replace(base, fuzzy_scorer=scorer, **weights))
    assert weighted is not None
    fielded = weighted
    for alternate, saturation in itertools.product(_FIELD_ALTERNATES, _FIELD_SATURATIONS):
        settings = dataclasses.replace(weighted[1], field_alternate=alternate, field_saturation=saturation)
        quality = _ranking_quality(_assess(kb, rows, settings), settings)
        if quality > fielded[0]:
            fielded = (quality, settings)
    objected = fielded
    for object_weight in _OBJECT_WEIGHTS:
        settings = dataclasses.replace(fielded[1], object_weight=object_weight)
        quality = _ranking_quality(_assess(kb, rows, settings), settings)
        if quality > objected[0]:
            objected = (quality, settings)
    best: tuple[tuple[float, ...], Settings] | None = None
    for pool, cutoff in itertools.product(_CANDIDATE_POOLS, _SPELL_CUTOFFS):
        settings = dataclasses.replace(objected[1], candidate_pool=pool, spell_cutoff=cutoff)
        key = (*_ranking_quality(_assess(kb, rows, settings), settings), -pool, cutoff)
        if best is None or key > best[0]:
            best = (key, settings)
    assert best is not None
    return best[1], best[0][0]


def _tune_thresholds(cases: Sequence[_Case], ranked: Settings) -> tuple[Settings, float]:
    """Stage 2: answer threshold, margin and fallback threshold by utility."""
    out_of_scope = sum(1 for case in cases if case.item.expected == EXPECT_FALLBACK)
    in_scope = sum(1 for case in cases if case.item.in_scope)
    best: tuple[tuple[float, ...], Settings] | None = None
    for lead in _LEADS:
        decidable = [(case, with_lead(list(case.assessment.candidates), lead))
                     for case in cases if not case.assessment.decided_by_rules]
        for answer_threshold, margin, fallback_threshold in itertools.product(
                _ANSWER_THRESHOLDS, _MARGINS, _FALLBACK_THRESHOLDS):
            if fallback_threshold > answer_threshold:
                continue
            settings = dataclasses.replace(
                ranked, answer_threshold=answer_threshold, answer_margin=margin, fallback_threshold=fallback_threshold,
                weight_lead=lead,
            )
            utility, wrong, false_answers = _utility(decidable, settings)
            if out_of_scope and false_answers / out_of_scope > MAX_FALSE_ANSWER_RATE:
                continue
            if in_scope and wrong / in_scope > MAX_WRONG_ANSWER_RATE:
                continue
            key = (utility, -wrong, -lead, answer_threshold, margin, fallback_threshold)
            if best is None or key > best[0]:
                best = (key, settings)
    assert best is not None
    return best[1], best[0][0]


def _negative_cutoff(kb: KnowledgeBase, rows: Sequence[LabelledQuestion]) -> float:
    """Stage 3: just above the closest pair of different labelled phrasings of one topic."""
    phrasings: dict[str, set[str]] = {
        topic.id: {normalize_phrase(p) for p in (topic.question, *topic.alternates)} for topic in kb
    }
    for item in rows:
        if item.in_scope:
            phrasings[item.expected].add(normalize_phrase(item.question))
    closest = max(
        (fuzz.ratio(a, b) for texts in phrasings.values() for a, b in itertools.combinations(sorted(texts), 2)),
        default=0.0,
    )
    return float(min(100, int(closest) + 1))


def _weight_grid() -> Iterator[dict[str, float]]:
    """Weights for (fuzzy, overlap, coverage, keyword, field, recall) on the grid, summing to 1."""
    steps = round(1 / WEIGHT_STEP)
    for head in itertools.product(range(steps + 1), repeat=len(_WEIGHT_NAMES) - 1):
        last = steps - sum(head)
        if last >= 0:
            yield {
                name: round(steps_of_weight * WEIGHT_STEP, 10)
                for name, steps_of_weight in zip(_WEIGHT_NAMES, (*head, last))
            }


_Vectors = list[tuple[tuple[float, ...], list[tuple[float, ...]]]]


def _vectors(cases: Sequence[_Case]) -> _Vectors:
    """Per in-scope case: the expected topic's component values and those of the other candidates."""
    def values(candidate: Candidate) -> tuple[float, ...]:
        c = candidate.components
        return (c.fuzzy, c.overlap, c.coverage, c.keyword, c.field, c.recall)

    out: _Vectors = []
    for case in cases:
        if not case.item.in_scope:
            continue
        candidates = case.assessment.candidates
        expected = next((values(c) for c in candidates if c.topic.id == case.item.expected), (0.0,) * len(_WEIGHT_NAMES))
        out.append((expected, [values(c) for c in candidates if c.topic.id != case.item.expected]))
    return out


def _vector_quality(vectors: _Vectors, weights: tuple[float, ...]) -> tuple[float, float]:
    """`_ranking_quality` on precomputed component values (weights need not sum to 1)."""
    if not vectors:
        return (0.0, 0.0)
    total = sum(weights)
    hits = 0
    gaps = 0.0
    for expected, others in vectors:
        score = sum(w * v for w, v in zip(weights, expected)) / total
        best_other = max((sum(w * v for w, v in zip(weights, other)) for other in others), default=0.0) / total
        hits += score > best_other
        gaps += score - best_other
    return round(hits / len(vectors), 4), gaps / len(vectors)


def _ranking_quality(cases: Sequence[_Case], settings: Settings) -> tuple[float, float]:
    """(top-1 accuracy, mean gap between the expected topic and the best other) over in-scope rows."""
    hits = 0
    gaps = 0.0
    in_scope = [case for case in cases if case.item.in_scope]
    for case in in_scope:
        scores = {c.topic.id: c.components.score(settings) for c in case.assessment.candidates}
        expected = scores.pop(case.item.expected, 0.0)
        best_other = max(scores.values(), default=0.0)
        hits += expected > best_other
        gaps += expected - best_other
    return (round(hits / len(in_scope), 4), gaps / len(in_scope)) if in_scope else (0.0, 0.0)


def _utility(decidable: Sequence[tuple[_Case, Sequence[Candidate]]], settings: Settings) -> tuple[float, int, int]:
    """(utility, wrong answers in scope, answers out of scope) of the thresholds in `settings`."""
    utility = 0.0
    wrong = false_answers = 0
    for case, candidates in decidable:
        decision = decide(candidates, settings)
        chosen = {c.topic.id for c in decision.chosen}
        if case.item.in_scope:
            if decision.outcome == ANSWER:
                right = case.item.expected in chosen
                utility += 1 if right else -2
                wrong += not right
            elif decision.outcome == CLARIFY and case.item.expected in chosen:
                utility += 0.5
        elif case.item.expected == EXPECT_FALLBACK:
            if decision.outcome == ANSWER:
                utility -= 2
                false_answers += 1
            elif decision.outcome == CLARIFY:
                utility -= 0.5
    return utility, wrong, false_answers


def format_result(result: TuningResult) -> str:
    """The chosen values (to copy into faq/settings.py) and the figures on both halves."""
    s = result.settings
    fields = (
        "fuzzy_scorer", *_WEIGHT_NAMES, "field_alternate", "field_saturation", "object_weight", "spell_cutoff",
        "candidate_pool",
        "weight_lead", "answer_threshold", "answer_margin", "fallback_threshold", "negative_cutoff",
    )
    values = "\n".join(f"    {name} = {getattr(s, name)!r}" for name in fields)
    return (
        f"chosen settings (stage 1 top-1 accuracy {result.ranking_accuracy:.1%}, stage 2 utility {result.utility:g}):\n"
        f"{values}\n\n"
        f"on the dev rows ({len(result.tuned.results)} tuned on; {result.ignored} rows of other splits never read):\n"
        f"{result.tuned.format()}\n\n"
        f"on the even dev rows:\n{result.even.format()}\n\n"
        f"on the odd dev rows:\n{result.odd.format()}"
    )
