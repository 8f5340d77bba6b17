"""Choosing the settings by measurement: `python -m faq tune tests/faq_eval.tsv`.

The labelled rows are split by position: even rows *tune*, odd rows are *held out*
and only reported, so overfitting to the tuning rows shows as a gap between the two.

Stage 1, ranking. For each fuzzy scorer, every tuning question is ranked once;
each weight combination on a 0.1 grid then re-scores the same candidates from their
components (no re-ranking needed). The combination with the best top-1 accuracy on
the in-scope rows wins; ties go to the larger mean gap between the expected topic's
score and the best wrong topic's score. With those weights, the spelling-correction
cutoff and the candidate pool are swept the same way (ties: the smaller, i.e. faster,
pool, then the stricter cutoff).

Stage 2, decision. With that ranking, every combination of answer threshold,
answer margin and fallback threshold on a grid is scored by a utility over the
tuning rows whose outcome the thresholds decide:

    in scope:      +1 right answer, +0.5 clarify offering the right topic, -2 wrong answer
    out of scope:  -2 answered, -0.5 clarified, 0 fallback

Among combinations keeping out-of-scope answers at or under 5%, the best utility
wins; ties go to fewer wrong answers, then to the stricter (higher) thresholds.

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
from faq.matcher import Candidate
from faq.settings import FUZZY_SCORERS, Settings
from faq.text import normalize_phrase

WEIGHT_STEP = 0.1
_WEIGHT_NAMES = ("weight_fuzzy", "weight_overlap", "weight_coverage", "weight_keyword")
MAX_FALSE_ANSWER_RATE = 0.05
_ANSWER_THRESHOLDS = [round(0.40 + 0.02 * i, 2) for i in range(26)]  # 0.40 .. 0.90
_MARGINS = [round(0.01 * i, 2) for i in range(21)]  # 0.00 .. 0.20
_FALLBACK_THRESHOLDS = [round(0.20 + 0.02 * i, 2) for i in range(21)]  # 0.20 .. 0.60
_SPELL_CUTOFFS = (80.0, 85.0, 90.0, 95.0)
_CANDIDATE_POOLS = (6, 12, 24)


@dataclass(frozen=True)
class _Case:
    item: LabelledQuestion
    assessment: Assessment


@dataclass(frozen=True)
class TuningResult:
    settings: Settings
    ranking_accuracy: float  # stage 1: top-1 accuracy on the tuning rows
    utility: float  # stage 2: utility on the tuning rows
    tuned: Report  # the chosen settings evaluated on the tuning rows...
    held_out: Report  # ...and on the held-out rows


def tune(kb: KnowledgeBase, questions: Sequence[LabelledQuestion], base: Settings = Settings()) -> TuningResult:
    """Sweep ranking, then thresholds, on the even rows; measure the negative cutoff; report both halves."""
    tuning_rows, held_out_rows = list(questions[0::2]), list(questions[1::2])
    ranked, accuracy = _tune_ranking(kb, tuning_rows, base)
    decided, utility = _tune_thresholds(_assess(kb, tuning_rows, ranked), ranked)
    chosen = dataclasses.replace(decided, negative_cutoff=_negative_cutoff(kb, tuning_rows))
    assistant = Assistant(kb, settings=chosen)
    return TuningResult(chosen, accuracy, utility, evaluate(assistant, tuning_rows), evaluate(assistant, held_out_rows))


def _assess(kb: KnowledgeBase, rows: Sequence[LabelledQuestion], settings: Settings) -> list[_Case]:
    assistant = Assistant(kb, settings=settings)
    return [_Case(item, assistant.assess(item.question, item.audience)) for item in rows]


def _tune_ranking(kb: KnowledgeBase, rows: Sequence[LabelledQuestion], base: Settings) -> tuple[Settings, float]:
    """Stage 1: scorer and weights, then candidate pool and spelling cutoff; returns (settings, top-1 accuracy)."""
    weighted: tuple[tuple[float, float], Settings] | None = None
    for scorer in FUZZY_SCORERS:
        cases = _assess(kb, rows, dataclasses.replace(base, fuzzy_scorer=scorer))
        for weights in _weight_grid():
            settings = dataclasses.replace(base, fuzzy_scorer=scorer, **weights)
            quality = _ranking_quality(cases, settings)
            if weighted is None or quality > weighted[0]:
                weighted = (quality, settings)
    assert weighted is not None
    best: tuple[tuple[float, ...], Settings] | None = None
    for pool, cutoff in itertools.product(_CANDIDATE_POOLS, _SPELL_CUTOFFS):
        settings = dataclasses.replace(weighted[1], candidate_pool=pool, spell_cutoff=cutoff)
        key = (*_ranking_quality(_assess(kb, rows, settings), settings), -pool, cutoff)
        if best is None or key > best[0]:
            best = (key, settings)
    assert best is not None
    return best[1], best[0][0]


def _tune_thresholds(cases: Sequence[_Case], ranked: Settings) -> tuple[Settings, float]:
    """Stage 2: answer threshold, margin and fallback threshold by utility."""
    decidable = [(case, case.assessment.candidates) for case in cases if not case.assessment.decided_by_rules]
    out_of_scope = sum(1 for case in cases if case.item.expected == EXPECT_FALLBACK)
    best: tuple[tuple[float, ...], Settings] | None = None
    for answer_threshold, margin, fallback_threshold in itertools.product(_ANSWER_THRESHOLDS, _MARGINS, _FALLBACK_THRESHOLDS):
        if fallback_threshold > answer_threshold:
            continue
        settings = dataclasses.replace(
            ranked, answer_threshold=answer_threshold, answer_margin=margin, fallback_threshold=fallback_threshold
        )
        utility, wrong, false_answers = _utility(decidable, settings)
        if out_of_scope and false_answers / out_of_scope > MAX_FALSE_ANSWER_RATE:
            continue
        key = (utility, -wrong, answer_threshold, margin, fallback_threshold)
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
    """Weights for (fuzzy, overlap, coverage, keyword) on the grid, summing to 1."""
    steps = round(1 / WEIGHT_STEP)
    for fuzzy, overlap, coverage in itertools.product(range(steps + 1), repeat=3):
        keyword = steps - fuzzy - overlap - coverage
        if keyword >= 0:
            yield {
                name: round(steps_of_weight * WEIGHT_STEP, 10)
                for name, steps_of_weight in zip(_WEIGHT_NAMES, (fuzzy, overlap, coverage, keyword))
            }


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
        "fuzzy_scorer", *_WEIGHT_NAMES, "spell_cutoff", "candidate_pool",
        "answer_threshold", "answer_margin", "fallback_threshold", "negative_cutoff",
    )
    values = "\n".join(f"    {name} = {getattr(s, name)!r}" for name in fields)
    return (
        f"chosen settings (stage 1 top-1 accuracy {result.ranking_accuracy:.1%}, stage 2 utility {result.utility:g}):\n"
        f"{values}\n\n"
        f"on the tuning rows (even):\n{result.tuned.format()}\n\n"
        f"on the held-out rows (odd):\n{result.held_out.format()}"
    )
