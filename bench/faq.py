"""FAQ assistant speed: `python -m bench.faq [--topics 1000] [--repeat 5]`.

Times `Assistant.ask()` over every question of tests/faq_eval.tsv, and `Assistant.converse()`
over every turn of the conversations of tests/faq_conversations.tsv (each turn with the
context of the one before), with the real knowledge base, then with the knowledge base grown
to `--topics` topics (synthetic
topics made from the real ones with varied wording and their own place names, so the
vocabulary and the postings grow as a real catalogue would), and reports p50/p95 of
each and the grown-to-real ratio measured in the same run, so the figure compares
across machines and noisy neighbours.
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import time

from bench.common import ROOT, percentiles, print_table, write_results
from faq import Assistant, KnowledgeBase, load_knowledge_base
from faq.evaluation import read_conversations, read_labelled
from faq.safety import SafetyCheck
from faq.safety_eval import read_safety_set

EVAL_FILE = ROOT / "tests" / "faq_eval.tsv"
CONVERSATION_FILE = ROOT / "tests" / "faq_conversations.tsv"
SAFETY_FILE = ROOT / "tests" / "safety_eval.tsv"
_SYLLABLES = ("bar", "cel", "dor", "fen", "gal", "hol", "kir", "lan", "mor", "nes", "pil", "ros", "tam", "vel", "wyn")
_PLACES = ("county", "valley", "heights", "springs", "harbor", "ridge", "falls", "park")
_OPENERS = ("", "quick question: ", "hello, ", "can you tell me ", "i was wondering ", "please explain ")
_CLOSERS = ("", " please", " thanks", " for my family", " this year", " as a new member")


def grown(kb: KnowledgeBase, size: int, seed: int = 20130401) -> KnowledgeBase:
    """The knowledge base plus synthetic topics up to `size` topics, deterministic for a seed."""
    rng = random.Random(seed)
    originals = kb.topics
    topics = list(originals)
    while len(topics) < size:
        base = originals[len(topics) % len(originals)]
        place = "".join(rng.choice(_SYLLABLES) for _ in range(2)) + " " + rng.choice(_PLACES)

        def vary(text: str) -> str:
            return f"{rng.choice(_OPENERS)}{text.rstrip('?.').lower()} in {place}{rng.choice(_CLOSERS)}"

        topics.append(
            dataclasses.replace(
                base,
                id=f"{base.id}-{len(topics)}",
                question=vary(base.question),
                alternates=tuple(vary(alternate) for alternate in base.alternates),
                keywords=(*base.keywords, place),
                related=(),
            )
        )
    return dataclasses.replace(kb, topics=tuple(topics))


def measure(kb: KnowledgeBase, questions: list[tuple[str, str]], repeat: int) -> tuple[dict, float]:
    """Percentiles of ask() over `repeat` passes of the questions, and the build time in ms."""
    started = time.perf_counter()
    assistant = Assistant(kb)
    build_ms = (time.perf_counter() - started) * 1000
    for question, audience in questions:  # warm-up: caches, branch predictors
        assistant.ask(question, audience)
    samples = []
    for _ in range(repeat):
        for question, audience in questions:
            started = time.perf_counter()
            assistant.ask(question, audience)
            samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples), build_ms


def measure_turns(kb: KnowledgeBase, conversations: list[list[tuple[str, str]]], repeat: int) -> dict:
    """Percentiles of converse() per turn, every turn with its conversation's context."""
    assistant = Assistant(kb)

    def play(samples: list[float] | None) -> None:
        for turns in conversations:
            context = None
            for question, audience in turns:
                started = time.perf_counter()
                answer = assistant.converse(question, audience, context)
                if samples is not None:
                    samples.append((time.perf_counter() - started) * 1000)
                context = answer.context

    play(None)
    samples: list[float] = []
    for _ in range(repeat):
        play(samples)
    return percentiles(samples)


def measure_safety(messages: list[str], repeat: int, check: SafetyCheck | None = None) -> dict:
    """The safety check alone (it runs first on every question, before any matching)."""
    check = check or SafetyCheck()
    for message in messages:
        check(message)
    samples = []
    for _ in range(repeat):
        for message in messages:
            started = time.perf_counter()
            check(message)
            samples.append((time.perf_counter() - started) * 1000)
    return {**percentiles(samples), "mean_ms": round(sum(samples) / len(samples), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--topics", type=int, default=1000, help="size of the grown knowledge base")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the labelled questions")
    args = parser.parse_args()

    kb = load_knowledge_base()
    questions = [(q.question, q.audience) for q in read_labelled(EVAL_FILE, kb)]
    big = grown(kb, args.topics)
    real, real_build = measure(kb, questions, args.repeat)
    large, large_build = measure(big, questions, args.repeat)
    ratios = {key: round(large[key] / real[key], 2) for key in ("p50_ms", "p95_ms")}
    conversations = [[(t.item.question, t.item.audience) for t in turns]
                     for turns in read_conversations(CONVERSATION_FILE, kb)]
    turns_real = measure_turns(kb, conversations, args.repeat)
    turns_large = measure_turns(big, conversations, args.repeat)
    turn_ratios = {key: round(turns_large[key] / turns_real[key], 2) for key in ("p50_ms", "p95_ms")}

    print(f"\nFAQ assistant: {len(questions)} labelled questions x {args.repeat} passes")
    print_table(
        [
            (f"real ({len(kb)} topics)", f"{real_build:.0f}", f"{real['p50_ms']:.3f}", f"{real['p95_ms']:.3f}", "1.0x"),
            (
                f"grown ({len(big)} topics)", f"{large_build:.0f}", f"{large['p50_ms']:.3f}", f"{large['p95_ms']:.3f}",
                f"{ratios['p50_ms']}x / {ratios['p95_ms']}x",
            ),
        ],
        ("knowledge base", "build ms", "ask p50 ms", "ask p95 ms", "grown / real (p50 / p95)"),
    )
    turn_count = sum(len(turns) for turns in conversations)
    print(f"\nConversations: {len(conversations)} conversations, {turn_count} turns with context x {args.repeat}")
    print_table(
        [(f"real ({len(kb)} topics)", f"{turns_real['p50_ms']:.3f}", f"{turns_real['p95_ms']:.3f}", "1.0x"),
         (f"grown ({len(big)} topics)", f"{turns_large['p50_ms']:.3f}", f"{turns_large['p95_ms']:.3f}",
          f"{turn_ratios['p50_ms']}x / {turn_ratios['p95_ms']}x")],
        ("knowledge base", "turn p50 ms", "turn p95 ms", "grown / real (p50 / p95)"),
    )
    messages = [item.question for item in read_safety_set(SAFETY_FILE)] + [q for q, _ in questions]
    safety = measure_safety(messages, args.repeat)
    rules = measure_safety(messages, args.repeat, SafetyCheck(model=None))
    print(f"\nSafety check alone: {len(messages)} messages (the crisis set and the labelled questions) x {args.repeat}")
    print_table([("rules alone", f"{rules['mean_ms']:.3f}", f"{rules['p50_ms']:.3f}", f"{rules['p95_ms']:.3f}", "1.0x"),
                 ("rules + learned weights (as served)", f"{safety['mean_ms']:.3f}", f"{safety['p50_ms']:.3f}",
                  f"{safety['p95_ms']:.3f}", f"{safety['mean_ms'] / rules['mean_ms']:.2f}x")],
                ("check", "mean ms", "p50 ms", "p95 ms", "mean / rules alone"))
    path = write_results(
        "faq",
        {
            "questions": len(questions),
            "repeat": args.repeat,
            "real": {"topics": len(kb), "build_ms": round(real_build, 1), **real},
            "grown": {"topics": len(big), "build_ms": round(large_build, 1), **large},
            "grown_to_real": ratios,
            "conversations": {"conversations": len(conversations), "turns": turn_count, "real": turns_real,
                              "grown": turns_large, "grown_to_real": turn_ratios},
            "safety": {"messages": len(messages), **safety, "rules_alone_mean_ms": rules["mean_ms"]},
        },
    )
    print(f"\nresults written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
