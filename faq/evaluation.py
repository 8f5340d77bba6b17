"""Scoring the assistant on a labelled file (`python -m faq eval FILE.tsv`).

The file is tab-separated with a header holding the columns `expected`, `audience`
and `question` (in any order; other columns are ignored). `expected` is a topic id,
EMERGENCY or FALLBACK (an out-of-scope question). An empty audience takes the default.
"""
from __future__ import annotations

import csv
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from faq.assistant import ANSWER, CLARIFY, EMERGENCY, FALLBACK, Answer, Assistant
from faq.knowledge import ASKING_AUDIENCES, KnowledgeBase

EXPECT_EMERGENCY = "EMERGENCY"
EXPECT_FALLBACK = "FALLBACK"
COLUMNS = ("expected", "audience", "question")


class EvalFileError(ValueError):
    """The labelled file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class LabelledQuestion:
    expected: str  # a topic id, EXPECT_EMERGENCY or EXPECT_FALLBACK
    audience: str
    question: str
    line: int

    @property
    def in_scope(self) -> bool:
        return self.expected not in (EXPECT_EMERGENCY, EXPECT_FALLBACK)


def read_labelled(path: Path | str, kb: KnowledgeBase, default_audience: str = "patient") -> list[LabelledQuestion]:
    """Read and validate a labelled file against the knowledge base; raises EvalFileError."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as error:
        raise EvalFileError(f"{path}: cannot be read: {error}") from error
    if not rows:
        raise EvalFileError(f"{path}: empty file, expected a header with {', '.join(COLUMNS)}")
    header = [name.strip().lower() for name in rows[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise EvalFileError(f"{path}: line 1: header lacks column(s) {', '.join(missing)}")
    where = {name: header.index(name) for name in COLUMNS}
    questions: list[LabelledQuestion] = []
    problems: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(f"line {line}: {len(row)} fields, the header has {len(header)}")
            continue
        expected, audience, question = (row[where[name]].strip() for name in COLUMNS)
        audience = audience or default_audience
        if audience not in ASKING_AUDIENCES:
            problems.append(f"line {line}: audience '{audience}' is not one of {', '.join(ASKING_AUDIENCES)}")
        elif expected not in (EXPECT_EMERGENCY, EXPECT_FALLBACK):
            topic = kb.topic(expected)
            if topic is None:
                problems.append(f"line {line}: unknown topic id '{expected}'")
            elif not topic.visible_to(audience):
                problems.append(f"line {line}: topic '{expected}' is not shown to audience '{audience}'")
        if not question:
            problems.append(f"line {line}: empty question")
        questions.append(LabelledQuestion(expected, audience, question, line))
    if problems:
        raise EvalFileError(f"{path}:\n  " + "\n  ".join(problems))
    if not questions:
        raise EvalFileError(f"{path}: no questions")
    return questions


@dataclass(frozen=True)
class Result:
    item: LabelledQuestion
    answer: Answer
    latency_ms: float

    @property
    def top1(self) -> str | None:
        return self.answer.candidates[0][0] if self.answer.candidates else None

    @property
    def ideal(self) -> bool:
        """Answered with the right topic, fell back when out of scope, or caught the emergency."""
        outcome = self.answer.outcome
        if self.item.expected == EXPECT_EMERGENCY:
            return outcome == EMERGENCY
        if self.item.expected == EXPECT_FALLBACK:
            return outcome == FALLBACK
        return outcome == ANSWER and self.answer.topic_id == self.item.expected


@dataclass
class Report:
    """Figures over a labelled set; the `figures` dict is what tests assert on."""

    results: list[Result] = field(default_factory=list)

    def _where(self, expected: str | None = None, in_scope: bool | None = None) -> list[Result]:
        return [
            r for r in self.results
            if (expected is None or r.item.expected == expected) and (in_scope is None or r.item.in_scope == in_scope)
        ]

    @property
    def figures(self) -> dict[str, float | int]:
        in_scope = self._where(in_scope=True)
        out_of_scope = self._where(expected=EXPECT_FALLBACK)
        emergencies = self._where(expected=EXPECT_EMERGENCY)
        latencies = sorted(r.latency_ms for r in self.results)

        def share(results: Sequence[Result], test) -> float:
            return round(sum(1 for r in results if test(r)) / len(results), 4) if results else 0.0

        return {
            "questions": len(self.results),
            "in_scope": len(in_scope),
            "top1_accuracy": share(in_scope, lambda r: r.top1 == r.item.expected),
            "answered_correctly": share(in_scope, lambda r: r.ideal),
            "answered_wrongly": share(in_scope, lambda r: r.answer.outcome == ANSWER and not r.ideal),
            "clarify_rate": share(in_scope, lambda r: r.answer.outcome == CLARIFY),
            "clarify_offers_right_topic": share(
                in_scope,
                lambda r: r.answer.outcome == CLARIFY and any(s.topic_id == r.item.expected for s in r.answer.suggestions),
            ),
            "fallback_rate": share(in_scope, lambda r: r.answer.outcome == FALLBACK),
            "false_emergency_rate": share(
                self._where(in_scope=True) + out_of_scope, lambda r: r.answer.outcome == EMERGENCY
            ),
            "out_of_scope": len(out_of_scope),
            "false_answer_rate": share(out_of_scope, lambda r: r.answer.outcome == ANSWER),
            "out_of_scope_clarify_rate": share(out_of_scope, lambda r: r.answer.outcome == CLARIFY),
            "emergencies": len(emergencies),
            "emergency_recall": share(emergencies, lambda r: r.answer.outcome == EMERGENCY),
            "emergencies_missed": sum(1 for r in emergencies if r.answer.outcome != EMERGENCY),
            "p50_ms": round(statistics.median(latencies), 3) if latencies else 0.0,
            "p95_ms": round(latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))], 3)
            if latencies else 0.0,
        }

    @property
    def misses(self) -> list[Result]:
        return [r for r in self.results if not r.ideal]

    def format(self, verbose: bool = False) -> str:
        """A readable report; with verbose, every question not handled ideally."""
        f = self.figures
        lines = [
            f"questions: {f['questions']}  (in scope {f['in_scope']}, out of scope {f['out_of_scope']}, "
            f"emergencies {f['emergencies']})",
            f"in scope:     top-1 accuracy {f['top1_accuracy']:.1%}   answered correctly {f['answered_correctly']:.1%}"
            f"   answered wrongly {f['answered_wrongly']:.1%}",
            f"              clarify rate {f['clarify_rate']:.1%} (offering the right topic "
            f"{f['clarify_offers_right_topic']:.1%})   fallback rate {f['fallback_rate']:.1%}",
            f"out of scope: answered as if in scope {f['false_answer_rate']:.1%}   clarify rate "
            f"{f['out_of_scope_clarify_rate']:.1%}",
            f"emergencies:  recall {f['emergency_recall']:.1%}   missed {f['emergencies_missed']}   "
            f"false emergencies {f['false_emergency_rate']:.1%}",
            f"latency:      p50 {f['p50_ms']:.2f} ms   p95 {f['p95_ms']:.2f} ms per question",
        ]
        if verbose and self.misses:
            lines += ["", f"misses ({len(self.misses)}):"]
            for r in self.misses:
                got = r.answer.topic_id or "-"
                options = ", ".join(s.topic_id for s in r.answer.suggestions) if r.answer.outcome == CLARIFY else ""
                top = " ".join(f"{topic}={score:.2f}" for topic, score in r.answer.candidates)
                lines.append(
                    f"  line {r.item.line}: [{r.item.audience}] {r.item.question!r}\n"
                    f"      expected {r.item.expected}, got {r.answer.outcome} {got}"
                    + (f" (options: {options})" if options else "")
                    + (f"   top: {top}" if top else "")
                )
        return "\n".join(lines)


def evaluate(assistant: Assistant, questions: Sequence[LabelledQuestion]) -> Report:
    """Ask every question once, timing each call."""
    report = Report()
    for item in questions:
        started = time.perf_counter()
        answer = assistant.ask(item.question, item.audience)
        report.results.append(Result(item, answer, (time.perf_counter() - started) * 1000))
    return report
