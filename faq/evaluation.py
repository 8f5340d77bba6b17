"""Scoring the assistant on a labelled file (`python -m faq eval FILE.tsv`).

The file is tab-separated with a header holding the columns `expected`, `audience`
and `question` (in any order; other columns are ignored). `expected` is a topic id,
EMERGENCY or FALLBACK (an out-of-scope question). An empty audience takes the default.
An optional `split` column says which rows are for development (`dev`, the default) and
which are held out (`heldout`: never tuned on, reported on their own). The rows' language
(each row is read and answered in it) is an optional `language` column, else the file's:
the `--language` option, else a `_<code>` suffix of the file name (`faq_eval_es.tsv`),
else English.
"""
from __future__ import annotations

import csv
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from faq.assistant import ANSWER, CLARIFY, EMERGENCY, FALLBACK, Answer, Assistant
from faq.knowledge import ASKING_AUDIENCES, KnowledgeBase
from faq.language import DEFAULT_LANGUAGE, LANGUAGES

EXPECT_EMERGENCY = "EMERGENCY"
EXPECT_FALLBACK = "FALLBACK"
COLUMNS = ("expected", "audience", "question")
SPLITS = ("dev", "heldout")


class EvalFileError(ValueError):
    """The labelled file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class LabelledQuestion:
    expected: str  # a topic id, EXPECT_EMERGENCY or EXPECT_FALLBACK
    audience: str
    question: str
    line: int
    split: str = "dev"
    language: str = DEFAULT_LANGUAGE

    @property
    def in_scope(self) -> bool:
        return self.expected not in (EXPECT_EMERGENCY, EXPECT_FALLBACK)


def _table(path: Path | str, required: Sequence[str]) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """A tab-separated file with a header: each row as column -> value (stripped), with its line
    number, and the rows that could not be read; raises EvalFileError if the file or header is unusable."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as error:
        raise EvalFileError(f"{path}: cannot be read: {error}") from error
    if not rows:
        raise EvalFileError(f"{path}: empty file, expected a header with {', '.join(required)}")
    header = [name.strip().lower() for name in rows[0]]
    missing = [name for name in required if name not in header]
    if missing:
        raise EvalFileError(f"{path}: line 1: header lacks column(s) {', '.join(missing)}")
    records: list[tuple[int, dict[str, str]]] = []
    problems: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(f"line {line}: {len(row)} fields, the header has {len(header)}")
            continue
        records.append((line, {name: cell.strip() for name, cell in zip(header, row)}))
    return records, problems


_LANGUAGE_SUFFIX = re.compile(r"_(" + "|".join(LANGUAGES) + r")$")


def file_language(path: Path | str, option: str | None = None) -> str:
    """The language of a labelled file's rows without a `language` column: `option`, else the
    file name's `_<code>` suffix, else English."""
    if option:
        return option
    match = _LANGUAGE_SUFFIX.search(Path(path).stem)
    return match.group(1) if match else DEFAULT_LANGUAGE


def _item(line: int, row: dict[str, str], kb: KnowledgeBase, default_audience: str, problems: list[str],
          labels: tuple[str, ...] = (EXPECT_EMERGENCY, EXPECT_FALLBACK),
          default_language: str = DEFAULT_LANGUAGE) -> LabelledQuestion:
    """One labelled row, its problems added to `problems`: the split, the audience, an `expected`
    topic the audience sees (or one of `labels`), a question, its language."""
    expected, audience, question = (row[name] for name in COLUMNS)
    audience = audience or default_audience
    split = row.get("split") or "dev"
    language = row.get("language") or default_language
    if split not in SPLITS:
        problems.append(f"line {line}: split '{split}' is not one of {', '.join(SPLITS)}")
    if language not in LANGUAGES:
        problems.append(f"line {line}: language '{language}' is not one of {', '.join(LANGUAGES)}")
    if audience not in ASKING_AUDIENCES:
        problems.append(f"line {line}: audience '{audience}' is not one of {', '.join(ASKING_AUDIENCES)}")
    elif expected not in labels:
        topic = kb.topic(expected)
        if topic is None:
            problems.append(f"line {line}: unknown topic id '{expected}'")
        elif not topic.visible_to(audience):
            problems.append(f"line {line}: topic '{expected}' is not shown to audience '{audience}'")
    if not question:
        problems.append(f"line {line}: empty question")
    return LabelledQuestion(expected, audience, question, line, split, language)


def read_labelled(path: Path | str, kb: KnowledgeBase, default_audience: str = "patient",
                  language: str | None = None) -> list[LabelledQuestion]:
    """Read and validate a labelled file against the knowledge base; raises EvalFileError.
    `language`: the rows' language when the file has no `language` column (see `file_language`)."""
    records, problems = _table(path, COLUMNS)
    default_language = file_language(path, language)
    questions = [_item(line, row, kb, default_audience, problems, default_language=default_language)
                 for line, row in records]
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
    detected: str | None = None  # the language detected with the page in another language (None: one spoken)

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
            "language_detected": share([r for r in in_scope if r.detected], lambda r: r.detected == r.item.language),
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
        if any(r.detected for r in self.results):
            lines.append(f"language:     in-scope questions detected in their language with the page in another "
                         f"{f['language_detected']:.1%}")
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
    """Ask every question once in its language, timing each call; when the assistant speaks
    several languages, also detect each question's language with the page in another one."""
    report = Report()
    spoken = assistant.languages
    for item in questions:
        started = time.perf_counter()
        answer = assistant.ask(item.question, item.audience, language=item.language)
        elapsed = (time.perf_counter() - started) * 1000
        other = next((code for code in spoken if code != item.language), None)
        detected = assistant.language_of(item.question, hint=other) if other else None
        report.results.append(Result(item, answer, elapsed, detected))
    return report


TAUGHT_KINDS = ("alternate", "negative", "emergency")


def read_taught(path: Path | str, language: str | None = None) -> dict[str, dict[str, list[str]]]:
    """Phrasings taught in the portal (kind, topic_id, phrase[, language]): per kind, per topic or
    emergency kind; with `language`, only that language's (a row without one is English)."""
    taught: dict[str, dict[str, list[str]]] = {kind: {} for kind in TAUGHT_KINDS}
    records, problems = _table(path, ("kind", "topic_id", "phrase"))
    for line, row in records:
        if row["kind"] not in TAUGHT_KINDS or not row["phrase"]:
            problems.append(f"line {line}: expected kind (one of {', '.join(TAUGHT_KINDS)}), topic_id and a phrase")
            continue
        if language is not None and (row.get("language") or DEFAULT_LANGUAGE) != language:
            continue
        taught[row["kind"]].setdefault(row["topic_id"], []).append(row["phrase"])
    if problems:
        raise EvalFileError(f"{path}:\n  " + "\n  ".join(problems))
    return taught


# Conversations: a labelled file with the columns `conversation` and `turn` as well (turns of
# one conversation share context). `expected` may also be PICK:n (the n-th option the previous
# reply offered, -1 the last) or CLARIFY (options, none of them the topic the user turned down).
EXPECT_CLARIFY = "CLARIFY"
PICK_PREFIX = "PICK:"


@dataclass(frozen=True)
class LabelledTurn:
    conversation: str
    turn: int
    item: LabelledQuestion


def read_conversations(path: Path | str, kb: KnowledgeBase, default_audience: str = "patient",
                       language: str | None = None) -> list[list[LabelledTurn]]:
    """Read a labelled conversation file; conversations in file order, turns in turn order."""
    records, problems = _table(path, ("conversation", "turn", *COLUMNS))
    default_language = file_language(path, language)
    conversations: dict[str, list[LabelledTurn]] = {}
    for line, row in records:
        turn, expected = row["turn"], row["expected"]
        if not turn.isdigit():
            problems.append(f"line {line}: turn '{turn}' is not a number")
            continue
        if expected.startswith(PICK_PREFIX) and not expected[len(PICK_PREFIX):].lstrip("-").isdigit():
            problems.append(f"line {line}: '{expected}' should be PICK:n")
        labels = (expected,) if expected.startswith(PICK_PREFIX) else (EXPECT_CLARIFY, EXPECT_EMERGENCY, EXPECT_FALLBACK)
        item = _item(line, row, kb, default_audience, problems, labels, default_language)
        conversations.setdefault(row["conversation"], []).append(LabelledTurn(row["conversation"], int(turn), item))
    if problems:
        raise EvalFileError(f"{path}:\n  " + "\n  ".join(problems))
    if not conversations:
        raise EvalFileError(f"{path}: no conversations")
    return [sorted(turns, key=lambda t: t.turn) for turns in conversations.values()]


@dataclass(frozen=True)
class TurnResult:
    turn: LabelledTurn
    answer: Answer
    right: bool
    wanted: str  # the expected topic once PICK:n is resolved


@dataclass
class ConversationReport:
    results: list[TurnResult] = field(default_factory=list)

    @property
    def figures(self) -> dict[str, float | int]:
        follow = [r for r in self.results if r.turn.turn > 1]
        first = [r for r in self.results if r.turn.turn == 1]

        def share(results: Sequence[TurnResult]) -> float:
            return round(sum(r.right for r in results) / len(results), 4) if results else 0.0

        return {"conversations": len({r.turn.conversation for r in self.results}), "turns": len(self.results),
                "follow_up_turns": len(follow), "follow_up_right": share(follow), "first_turns_right": share(first),
                "emergencies_missed": sum(1 for r in self.results
                                          if r.turn.item.expected == EXPECT_EMERGENCY and r.answer.outcome != EMERGENCY)}

    def format(self, verbose: bool = False) -> str:
        f = self.figures
        lines = [f"conversations: {f['conversations']}  turns {f['turns']}  (follow-up turns {f['follow_up_turns']})",
                 f"follow-up turns answered right {f['follow_up_right']:.1%}   first turns {f['first_turns_right']:.1%}"
                 f"   emergencies missed {f['emergencies_missed']}"]
        if verbose:
            for r in self.results:
                if not r.right:
                    got = f"{r.answer.outcome} {r.answer.topic_id or ''}".strip()
                    options = ", ".join(s.topic_id for s in r.answer.suggestions) if r.answer.outcome == CLARIFY else ""
                    lines.append(f"  {r.turn.conversation} turn {r.turn.turn} [{r.turn.item.audience}] "
                                 f"{r.turn.item.question!r}: expected {r.wanted}, got {got} ({r.answer.reading})"
                                 + (f" options: {options}" if options else ""))
        return "\n".join(lines)


def evaluate_conversations(assistant: Assistant, conversations: Sequence[Sequence[LabelledTurn]]) -> ConversationReport:
    """Play every conversation through `Assistant.converse`, scoring each turn."""
    report = ConversationReport()
    for turns in conversations:
        context = None
        previous: Answer | None = None
        for turn in turns:
            item = turn.item
            answer = assistant.converse(item.question, item.audience, context, language=item.language)
            wanted = item.expected
            if wanted.startswith(PICK_PREFIX):
                offered = previous.suggestions if previous is not None else ()
                index = int(wanted[len(PICK_PREFIX):])
                index = index - 1 if index > 0 else index
                wanted = offered[index].topic_id if -len(offered) <= index < len(offered) else "(not offered)"
            if wanted == EXPECT_CLARIFY and previous is None:
                # A vague first message is served when the user gets options to pick from: a
                # clarify's, or an answer's related questions (PICK:n on the next turn reads either).
                right = answer.outcome in (ANSWER, CLARIFY) and bool(answer.suggestions)
            elif wanted == EXPECT_CLARIFY:
                turned_down = previous.topic_id if previous is not None else None
                right = answer.outcome == CLARIFY and all(s.topic_id != turned_down for s in answer.suggestions)
            elif wanted == EXPECT_EMERGENCY:
                right = answer.outcome == EMERGENCY
            elif wanted == EXPECT_FALLBACK:
                right = answer.outcome == FALLBACK
            else:
                right = answer.outcome == ANSWER and answer.topic_id == wanted
            report.results.append(TurnResult(turn, answer, right, wanted))
            context, previous = answer.context, answer
    return report
