"""Command line: `python -m faq answer|chat|eval|safety|safety-train|check|tune` (see faq/README.md)."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from faq.assistant import CLARIFY, Answer, Assistant, Translation
from faq.conversation import Context
from faq.evaluation import (
    SPLITS,
    EvalFileError,
    evaluate,
    evaluate_conversations,
    read_conversations,
    read_labelled,
    file_language,
    read_taught,
)
from faq.knowledge import (
    ASKING_AUDIENCES,
    KNOWLEDGE_DIR,
    KnowledgeBaseError,
    KnowledgeBase,
    check_knowledge_base,
    load_knowledge_base,
    read_knowledge_base,
    translated_languages,
)
from faq.language import DEFAULT_LANGUAGE, LANGUAGES, profile
from faq.safety_eval import SAFETY_SETS, cross_validate, training_examples
from faq.safety_eval import report as safety_report
from faq.safety_model import WEIGHTS_PATH, train
from faq.tuning import format_result, tune


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code (0 ok, 1 problems found, 2 bad input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KnowledgeBaseError as error:
        print(error, file=sys.stderr)
        return 1
    except EvalFileError as error:
        print(f"malformed labelled file: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m faq", description="The portal's rule-based FAQ assistant.")
    parser.add_argument("--knowledge", type=Path, default=KNOWLEDGE_DIR, help="knowledge directory (default: the package's)")
    commands = parser.add_subparsers(dest="command", required=True)

    answer = commands.add_parser("answer", help="answer questions from the arguments or standard input")
    answer.add_argument("--audience", choices=ASKING_AUDIENCES, default="patient")
    answer.add_argument("--json", action="store_true", help="one JSON object per line (the ask API's fields)")
    answer.add_argument("--language", choices=LANGUAGES, help="read and answer in this language (default: detected)")
    answer.add_argument("question", nargs="*", help="questions, one per argument (quote each); none: one per line on stdin")
    answer.set_defaults(run=_answer)

    chat = commands.add_parser("chat", help="conversations: JSON lines {conversation, audience, question[, language]} "
                                            "on stdin")
    chat.add_argument("--json", action="store_true", help="one answer object per line (the default and only format)")
    chat.set_defaults(run=_chat)

    evaluation = commands.add_parser("eval", help="score a labelled TSV file (expected, audience, question)")
    evaluation.add_argument("file", type=Path)
    evaluation.add_argument("--audience-default", choices=ASKING_AUDIENCES, default="patient")
    evaluation.add_argument("--verbose", "-v", action="store_true", help="list every question not handled ideally")
    evaluation.add_argument("--split", choices=SPLITS, help="only this split's rows (default: each split, then all)")
    evaluation.add_argument("--language", choices=LANGUAGES,
                            help="the rows' language without a language column (default: the file name's _<code> "
                                 "suffix, else en)")
    evaluation.add_argument("--taught", type=Path, metavar="TSV",
                            help="phrasings taught in the portal (flask --app wsgi assistant export-phrases), "
                                 "used as the portal uses them")
    evaluation.set_defaults(run=_eval)

    safety = commands.add_parser("safety", help="score the safety check on a labelled TSV file (split, expected, ...)")
    safety.add_argument("file", type=Path, nargs="+", help="one or more labelled files, scored together per split")
    safety.add_argument("--list", metavar="SPLIT", default="",
                        help="also list the misses of this split (only the dev split is for tuning)")
    safety.set_defaults(run=_safety)

    learn = commands.add_parser("safety-train", help="learn the safety check's word weights from the labelled sets")
    learn.add_argument("file", type=Path, nargs="*", default=list(SAFETY_SETS),
                       help="labelled files (default: tests/safety_eval.tsv, safety_eval_extra.tsv, safety_ordinary.tsv); "
                            "only their dev and extra rows are learned from")
    learn.add_argument("--cv", action="store_true", help="only print cross-validated figures per threshold")
    learn.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="where to write the weights")
    learn.set_defaults(run=_safety_train)

    check = commands.add_parser("check", help="validate the knowledge base")
    check.set_defaults(run=_check)

    tuning = commands.add_parser("tune", help="sweep weights and thresholds on a labelled file")
    tuning.add_argument("file", type=Path)
    tuning.add_argument("--audience-default", choices=ASKING_AUDIENCES, default="patient")
    tuning.add_argument("--language", choices=LANGUAGES,
                        help="tune this language's settings (default: the file name's _<code> suffix, else en)")
    tuning.set_defaults(run=_tune)
    return parser


def _answer(args: argparse.Namespace) -> int:
    assistant = _assistant(args.knowledge)
    questions: Iterable[str] = args.question or (line.rstrip("\r\n") for line in sys.stdin)
    for question in questions:
        answer = assistant.ask(question, args.audience, language=args.language)
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(_readable(question, answer), flush=True)
    return 0


def _chat(args: argparse.Namespace) -> int:
    """Turns with the same `conversation` share context, as in the ask API; a bad line gets an error object.
    A turn's optional `language` is the language to read and answer it in (default: detected)."""
    assistant = _assistant(args.knowledge)
    contexts: dict[str, Context] = {}
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            turn = json.loads(line)
        except ValueError:
            turn = None
        if not isinstance(turn, dict) or not isinstance(turn.get("question"), str) \
                or not isinstance(turn.get("conversation", ""), str) or turn.get("language") not in (None, *LANGUAGES):
            print(json.dumps({"error": f"line {number}: expected an object with a string 'question' (and "
                                       f"'conversation', 'audience', 'language': one of {', '.join(LANGUAGES)})"}),
                  flush=True)
            continue
        conversation = turn.get("conversation") or f"line-{number}"
        audience = turn.get("audience") if turn.get("audience") in ASKING_AUDIENCES else "patient"
        answer = assistant.converse(turn["question"], audience, contexts.get(conversation), language=turn.get("language"))
        if answer.context is not None:
            contexts[conversation] = answer.context
        print(json.dumps({**answer.to_dict(), "conversation_id": conversation}, ensure_ascii=False), flush=True)
    return 0


def _readable(question: str, answer: Answer) -> str:
    heading = " ".join(filter(None, (f"[{answer.outcome}]", answer.topic_id, f"(confidence {answer.confidence:.2f})")))
    lines = [f"Q: {question}", heading, answer.answer_text]
    if answer.suggestions:
        lines.append("Options:" if answer.outcome == CLARIFY else "Related:")
        lines += [f"  - {s.question} [{s.topic_id}]" for s in answer.suggestions]
    return "\n".join(lines) + "\n"


def _eval(args: argparse.Namespace) -> int:
    assistant = _assistant(args.knowledge, args.taught)
    kb = assistant.kb
    if _is_conversation_file(args.file):
        return _eval_conversations(args, kb, assistant)
    questions = read_labelled(args.file, kb, args.audience_default, args.language)
    splits = [args.split] if args.split else sorted({q.split for q in questions})
    for split in splits:
        rows = [q for q in questions if q.split == split]
        if len(splits) > 1 or args.split:
            print(f"== {split} ({'tuned on' if split == 'dev' else 'held out: never tuned on'})")
        print(evaluate(assistant, rows).format(verbose=args.verbose and (bool(args.split) or split == "dev")))
        print()
    if len(splits) > 1:
        print("== all")
        print(evaluate(assistant, questions).format())
    return 0


def _is_conversation_file(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8") as handle:
            return "conversation" in handle.readline().lower().split("\t")
    except (OSError, UnicodeDecodeError) as error:
        raise EvalFileError(f"{path}: cannot be read: {error}") from error


def _assistant(knowledge: Path, taught_file: Path | None = None) -> Assistant:
    """The assistant in English and every language the knowledge directory translates it to, with
    the portal's taught phrasings if a file of them is given (a `language` column: each phrasing's
    language, else English)."""
    kb = load_knowledge_base(knowledge)
    languages = translated_languages(knowledge)
    taught = {code: read_taught(taught_file, code) for code in (DEFAULT_LANGUAGE, *languages)} if taught_file else {}

    def phrases(code: str, kind: str) -> dict[str, list[str]] | None:
        return taught[code][kind] if taught else None

    translations = {code: Translation(load_knowledge_base(knowledge, kb.payer_name, code), phrases(code, "alternate"),
                                      phrases(code, "negative"))
                    for code in languages}
    emergency = read_taught(taught_file)["emergency"] if taught_file else None  # every language's
    return Assistant(kb, extra_alternates=phrases(DEFAULT_LANGUAGE, "alternate"),
                     negatives=phrases(DEFAULT_LANGUAGE, "negative"), emergency_phrases=emergency,
                     translations=translations)


def _eval_conversations(args: argparse.Namespace, kb, assistant: Assistant) -> int:
    conversations = read_conversations(args.file, kb, args.audience_default, args.language)
    splits = [args.split] if args.split else sorted({turns[0].item.split for turns in conversations})
    for split in splits:
        print(f"== {split} ({'tuned on' if split == 'dev' else 'held out: never tuned on'})")
        chosen = [turns for turns in conversations if turns[0].item.split == split]
        print(evaluate_conversations(assistant, chosen).format(verbose=args.verbose and (bool(args.split) or split == "dev")))
        print()
    return 0


def _safety(args: argparse.Namespace) -> int:
    try:
        print(safety_report(args.file, args.list))
    except (OSError, ValueError, KeyError) as error:
        print(f"malformed labelled file: {error}", file=sys.stderr)
        return 2
    return 0


def _safety_train(args: argparse.Namespace) -> int:
    try:
        if args.cv:
            print(cross_validate(args.file))
            return 0
        model = train(training_examples(args.file))
    except (OSError, ValueError, KeyError) as error:
        print(f"malformed labelled file: {error}", file=sys.stderr)
        return 2
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"{len(model.weights)} features written to {args.out}")
    return 0


def _check(args: argparse.Namespace) -> int:
    """English first, then every translation the knowledge directory holds."""
    failed = False
    for code in (DEFAULT_LANGUAGE, *translated_languages(args.knowledge)):
        kb, problems = read_knowledge_base(args.knowledge, language=code)
        problems += check_knowledge_base(kb)
        where = args.knowledge if code == DEFAULT_LANGUAGE else args.knowledge / code
        if problems:
            failed = True
            print(f"{len(problems)} problem(s) in {where} ({profile(code).name}):", file=sys.stderr)
            for problem in problems:
                print(f"  - {problem}", file=sys.stderr)
            continue
        print(_check_summary(kb) if code == DEFAULT_LANGUAGE else f"ok ({code}): {_check_summary(kb)[4:]}")
    return 1 if failed else 0


def _check_summary(kb: KnowledgeBase) -> str:
    audiences = {audience: len(kb.topics_for(audience)) for audience in ASKING_AUDIENCES}
    phrasings = sum(1 + len(topic.alternates) for topic in kb.topics)
    return (f"ok: {len(kb)} topics ({', '.join(f'{n} for {a}s' for a, n in audiences.items())}), "
            f"{phrasings} phrasings, {len(kb.required)} required topics present, {len(kb.site)} site paths")


def _tune(args: argparse.Namespace) -> int:
    """Tune one language's settings on its own knowledge base (faq/settings.py keeps one Settings per language)."""
    code = file_language(args.file, args.language)
    kb = load_knowledge_base(args.knowledge, language=code)
    print(format_result(tune(kb, read_labelled(args.file, kb, args.audience_default, code), profile(code).settings)))
    return 0
