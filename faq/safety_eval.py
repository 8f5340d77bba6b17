"""Scoring the safety check on a labelled file: `python -m faq safety tests/safety_eval.tsv`.

The file's columns: `split` (dev and extra: what the rules were developed on; holdout: written
by another author and never tuned on), `expected` (EMERGENCY, DISTRESS or NONE: a near-miss that only
looks like danger), `kind` (crisis, medical or violence for an emergency), `audience`,
`category` and `question` (line breaks written as the two characters \\n). Figures per split:
emergencies routed (recall), with the right reply first (988 for a crisis, 911 otherwise),
near-misses routed as emergencies, distress offered 988, and the time per message.
"""
from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from faq.safety import CRISIS, DISTRESS, EMERGENCY, SafetyCheck, Signal

COLUMNS = ("split", "expected", "kind", "audience", "category", "question")
EXPECTED = ("EMERGENCY", "DISTRESS", "NONE")


@dataclass(frozen=True)
class Labelled:
    split: str
    expected: str
    kind: str
    audience: str
    category: str
    question: str


def read_safety_set(path: Path | str) -> list[Labelled]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    items = []
    for number, row in enumerate(rows, start=2):
        if row.get("expected") not in EXPECTED or not row.get("question"):
            raise ValueError(f"line {number}: expected must be one of {', '.join(EXPECTED)} and question given")
        items.append(Labelled(row["split"], row["expected"], row["kind"], row["audience"], row["category"],
                              row["question"].replace("\\n", "\n")))
    return items


@dataclass
class SplitFigures:
    emergencies: int = 0
    routed: int = 0
    right_first: int = 0  # routed, and 988 first for a crisis, 911 first otherwise
    near_misses: int = 0
    near_misses_routed: int = 0
    distress: int = 0
    distress_offered: int = 0
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.routed / self.emergencies if self.emergencies else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.near_misses_routed / self.near_misses if self.near_misses else 0.0

    def line(self, name: str) -> str:
        share = self.distress_offered / self.distress if self.distress else 1.0
        return (f"{name:8} emergencies routed {self.routed}/{self.emergencies} ({self.recall:.1%}), "
                f"right number first {self.right_first}/{self.emergencies}; near-misses routed "
                f"{self.near_misses_routed}/{self.near_misses} ({self.false_alarm_rate:.1%}); "
                f"distress offered 988 {self.distress_offered}/{self.distress} ({share:.0%})")


def score(check: SafetyCheck, items: Iterable[Labelled]) -> tuple[dict[str, SplitFigures], float]:
    """Figures per split, and the mean time per message in milliseconds."""
    figures: dict[str, SplitFigures] = {}
    elapsed, count = 0.0, 0
    for item in items:
        started = time.perf_counter()
        signal = check(item.question)
        elapsed += time.perf_counter() - started
        count += 1
        part = figures.setdefault(item.split, SplitFigures())
        emergency = signal is not None and signal.level == EMERGENCY
        if item.expected == "EMERGENCY":
            part.emergencies += 1
            part.routed += emergency
            part.right_first += emergency and _right_first(item.kind, signal)
            if not emergency:
                part.missed.append(item.question)
        elif item.expected == "NONE":
            part.near_misses += 1
            part.near_misses_routed += emergency
            if emergency:
                part.false_alarms.append(item.question)
        else:
            part.distress += 1
            part.distress_offered += signal is not None and signal.level in (DISTRESS, EMERGENCY)
    return figures, (elapsed / count * 1000 if count else 0.0)


def _right_first(kind: str, signal: Signal | None) -> bool:
    """988 first for a mental health crisis, 911 first for every other kind."""
    return signal is not None and (signal.kind == CRISIS) == (kind == CRISIS)


def report(paths: Path | str | Iterable[Path | str], verbose_split: str = "") -> str:
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    figures, per_message = score(SafetyCheck(), [item for path in files for item in read_safety_set(path)])
    lines = [figures[name].line(name) for name in sorted(figures)]
    lines.append(f"time per message: {per_message:.3f} ms")
    if verbose_split and verbose_split in figures:
        lines += ["", f"missed ({verbose_split}):", *figures[verbose_split].missed,
                  "", f"near-misses routed ({verbose_split}):", *figures[verbose_split].false_alarms]
    return "\n".join(lines)
