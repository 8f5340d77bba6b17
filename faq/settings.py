"""Every threshold and scoring weight of the assistant, in one place.

The values below were picked by measurement, not by feel: `python -m faq tune
tests/faq_eval.tsv` sweeps them on the even rows of the labelled set, reports the
odd rows as held out (see `faq/tuning.py` for the grids and the objective) and
prints the values to copy here. Re-run it after changing the knowledge base or the
lexicon.

Last sweep (428 labelled questions; 214 tuning rows, 214 held out):
- stage 1, ranking: token_set_ratio with weights fuzzy 0.2 / overlap 0.1 /
  coverage 0.6 / keyword 0.1, pool 24, spelling cutoff 80: top-1 accuracy 97.1%
  on the tuning rows;
- stage 2, decision: answer at >= 0.56 with a lead >= 0.01, fall back below 0.40
  (utility 155.5; 0 out-of-scope questions answered);
- stage 3: negative cutoff 91 (closest two labelled phrasings of a topic: ratio 90.x);
- held-out rows: top-1 accuracy 94.2%, answered correctly 86.6%, answered wrongly
  2.9%, out-of-scope answered 0%, emergency recall 100%.

Not tuned, because they only bound the work done on any input: max_question_chars,
max_tokens, spell_min_length, clarify_window and clarify_max (presentation: how many
options a clarify offers).
"""
from __future__ import annotations

from dataclasses import dataclass

FUZZY_SCORERS = ("token_set_ratio", "token_sort_ratio", "WRatio")


@dataclass(frozen=True)
class Settings:
    """Thresholds and weights; scores and thresholds are on a 0..1 scale."""

    # input handling
    max_question_chars: int = 2000  # longer questions are truncated before analysis
    max_tokens: int = 40  # content tokens kept for matching
    spell_min_length: int = 5  # shorter unknown words are never "corrected"
    spell_cutoff: float = 80.0  # rapidfuzz ratio an unknown word needs to become a known one
    candidate_pool: int = 24  # topics (best by word coverage) that get fuzzy scoring

    # ranking: score = weighted mean of fuzzy similarity, phrase overlap, word coverage and keywords
    fuzzy_scorer: str = "token_set_ratio"
    weight_fuzzy: float = 0.2
    weight_overlap: float = 0.1
    weight_coverage: float = 0.6
    weight_keyword: float = 0.1

    # decision
    answer_threshold: float = 0.56  # best score needed to answer...
    answer_margin: float = 0.01  # ...and lead over the runner-up
    fallback_threshold: float = 0.4  # below this best score: fallback, else clarify
    clarify_window: float = 0.1  # clarify offers topics within this distance of the best
    clarify_max: int = 3  # and at most this many
    negative_cutoff: float = 91.0  # ratio (normalize_phrase forms) at which a staff negative blocks its topic

    def __post_init__(self) -> None:
        if self.fuzzy_scorer not in FUZZY_SCORERS:
            raise ValueError(f"fuzzy_scorer must be one of {FUZZY_SCORERS}")
        if min(self.weight_fuzzy, self.weight_overlap, self.weight_coverage, self.weight_keyword) < 0 or (
            self.weight_fuzzy + self.weight_overlap + self.weight_coverage + self.weight_keyword <= 0
        ):
            raise ValueError("scoring weights must be >= 0 and not all 0")
        if not 0 <= self.fallback_threshold <= self.answer_threshold <= 1:
            raise ValueError("need 0 <= fallback_threshold <= answer_threshold <= 1")


DEFAULT_SETTINGS = Settings()
