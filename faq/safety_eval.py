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
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from faq.safety import CRISIS, DISTRESS, EMERGENCY, SafetyCheck, Signal, english_reading, readings
from faq.knowledge import KnowledgeBase, load_knowledge_base
from faq.safety_model import NONE, Example, label_of, train

COLUMNS = ("split", "expected", "kind", "audience", "category", "question")
EXPECTED = ("EMERGENCY", "DISTRESS", "NONE")
ORDINARY = "ordinary"  # the category of an everyday question, no near-miss: it must get no 988 either


@dataclass(frozen=True)
class Labelled:
    split: str
    expected: str
    kind: str
    audience: str
    category: str
    question: str


def read_safety_set(path: Path | str) -> list[Labelled]:
    """A labelled file; a file of ordinary questions (columns split, audience, question: no danger
    in any of them) is read as NONE rows of category ORDINARY."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if rows and "expected" not in rows[0]:
        return [Labelled(row["split"], "NONE", "none", row["audience"], ORDINARY, row["question"]) for row in rows
                if row.get("question")]
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
    ordinary: int = 0
    ordinary_routed: int = 0
    ordinary_offered: int = 0  # answered with 988 offered
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
        if not (self.emergencies or self.near_misses or self.distress):
            return (f"{name:8} ordinary questions routed {self.ordinary_routed}/{self.ordinary}, "
                    f"offered 988 {self.ordinary_offered}/{self.ordinary}")
        return (f"{name:8} emergencies routed {self.routed}/{self.emergencies} ({self.recall:.1%}), "
                f"right number first {self.right_first}/{self.emergencies}; near-misses routed "
                f"{self.near_misses_routed}/{self.near_misses} ({self.false_alarm_rate:.1%}); "
                f"distress offered 988 {self.distress_offered}/{self.distress} ({share:.0%})"
                + (f"; ordinary questions routed {self.ordinary_routed}/{self.ordinary}, offered 988 "
                   f"{self.ordinary_offered}/{self.ordinary}" if self.ordinary else ""))


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
        elif item.category == ORDINARY:
            part.ordinary += 1
            part.ordinary_routed += emergency
            part.ordinary_offered += signal is not None and signal.level == DISTRESS
            if emergency:
                part.false_alarms.append(item.question)
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


# --- the learned layer (faq/safety_model.py) -------------------------------------------------------

TRAINING_SPLITS = ("dev", "extra")  # never the held-out split
_TESTS = Path(__file__).resolve().parent.parent / "tests"
SAFETY_SETS = (_TESTS / "safety_eval.tsv", _TESTS / "safety_eval_extra.tsv", _TESTS / "safety_ordinary.tsv",
               _TESTS / "safety_eval_es.tsv", _TESTS / "safety_eval_es_extra.tsv")  # English, then Spanish


def is_spanish_file(path: Path | str) -> bool:
    """A file of Spanish rows: its name has `_es` (`safety_eval_es.tsv`, `safety_eval_es_extra.tsv`)."""
    return re.search(r"_es(?:_|$)", Path(path).stem) is not None


def training_examples(paths: Iterable[Path | str], knowledge: KnowledgeBase | None = None) -> list[Example]:
    """The development rows of the labelled files, and the knowledge bases' questions (English; with
    the default knowledge, the Spanish one too); none that reads (once prepared, either way) like a
    held-out row, so that the held-out figures stay unseen.

    The English weights learn the English reading of the English files' rows and of the English
    questions, exactly as before Spanish was added; the Spanish weights learn every row as the rules
    read it (the Spanish reading of a message that reads as Spanish)."""
    items = [(item, is_spanish_file(path)) for path in paths for item in read_safety_set(path)]
    held_out = [(item.question, spanish_file) for item, spanish_file in items if item.split not in TRAINING_SPLITS]
    # The English weights leave out what they left out before (the English files' held-out rows); the
    # Spanish weights whatever reads like a held-out row of any file.
    english_held_out = {reading for question, spanish_file in held_out if not spanish_file
                        for reading in readings(question) if reading is not None}
    all_held_out = {reading for question, _ in held_out for reading in readings(question) if reading is not None}
    examples = [example for item, spanish_file in items if item.split in TRAINING_SPLITS
                for example in _examples(item.question, label_of(item.expected, item.kind), not spanish_file)]
    examples += knowledge_examples(knowledge)
    if knowledge is None:
        examples += knowledge_examples(load_knowledge_base(language="es"), english=False)
    unseen = [replace(example, english=example.english and example.prepared not in english_held_out,
                      spanish=example.spanish and example.prepared not in all_held_out) for example in examples]
    return [example for example in unseen if example.english or example.spanish]


def knowledge_examples(knowledge: KnowledgeBase | None = None, english: bool = True) -> list[Example]:
    """Every way of asking each topic of a knowledge base (default: the English one), and its keywords:
    what ordinary questions look like (no danger in any of them). `english`: the English weights learn them too."""
    kb = knowledge if knowledge is not None else load_knowledge_base()
    return [example for topic in kb.topics for text in (topic.question, *topic.alternates, *topic.keywords)
            for example in _examples(text, NONE, english)]


def _examples(question: str, label: str, english: bool) -> list[Example]:
    """A question as each set of weights learns it: its English reading (when `english`), and the
    reading the rules use (the same one unless the question reads as Spanish)."""
    english_reading, spanish_reading = readings(question)
    if spanish_reading is None:
        return [Example(english_reading, label, english=english)]
    learned = [Example(spanish_reading, label, english=False)]
    return [Example(english_reading, label, spanish=False), *learned] if english else learned


def cross_validate(paths: Iterable[Path | str], folds: int = 8,
                   thresholds: Iterable[float] = (0.5, 0.6, 0.7, 0.8, 0.9)) -> str:
    """Figures of rules plus model when each block of rows is scored by a model learned without it.
    The blocks are contiguous, so that (the files being written author after author) a block's
    phrasings are mostly not in the rows the model learned from."""
    paths = [path for path in paths if not is_spanish_file(path)]  # the English weights' thresholds
    items = [item for path in paths for item in read_safety_set(path) if item.split in TRAINING_SPLITS]
    examples = [Example(english_reading(item.question), label_of(item.expected, item.kind)) for item in items]
    knowledge = knowledge_examples()  # always learned from
    rules = SafetyCheck(model=None)
    by_rules = [(s := rules(item.question)) is not None and s.level == EMERGENCY for item in items]
    probability = [0.0] * len(items)
    for fold in range(folds):
        held = [i for i in range(len(items)) if i * folds // len(items) == fold]
        model = train([examples[i] for i in range(len(items)) if i * folds // len(items) != fold] + knowledge)
        for i in held:
            probability[i] = model.emergency(examples[i].prepared)
    emergencies = [i for i, item in enumerate(items) if item.expected == "EMERGENCY"]
    near_misses = [i for i, item in enumerate(items) if item.expected == "NONE" and item.category != ORDINARY]
    ordinary = [i for i, item in enumerate(items) if item.category == ORDINARY]

    def share(routed: list[bool], rows: list[int]) -> str:
        return f"{sum(routed[i] for i in rows) / len(rows):.1%}"

    lines = [f"{len(items)} development rows, {folds} blocks; rules alone: emergencies routed "
             f"{share(by_rules, emergencies)}, near-misses routed {share(by_rules, near_misses)}"]
    for threshold in thresholds:
        routed = [r or p >= threshold for r, p in zip(by_rules, probability, strict=True)]
        lines.append(f"rules + model at {threshold:.2f}: emergencies routed {share(routed, emergencies)}, "
                     f"near-misses routed {share(routed, near_misses)}"
                     + (f", ordinary questions routed {share(routed, ordinary)}" if ordinary else ""))
    return "\n".join(lines)
