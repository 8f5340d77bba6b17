"""The safety check's second net: word weights learned from the labelled development sets.

The rules (`faq.safety_patterns`) read the ways of speaking someone wrote down; people in
danger also speak in ways nobody wrote a rule for ("taped the garage door and the car is
running", "I picked Friday because the kids are with their dad"). This model scores a message
by the words and word pairs it holds, with weights learned from every development row of the
labelled sets (`tests/safety_eval.tsv`, `tests/safety_eval_extra.tsv`, the Spanish
`tests/safety_eval_es*.tsv`; never the held-out split): a multinomial logistic regression over six
classes (no danger, distress, and the four emergency kinds). Two sets of weights: the English set
learns the English reading (`faq.safety.english_reading`) of the English files' rows and scores the
English reading of every message, so Spanish rows never change it; the Spanish set (`spanish`)
learns every file's rows as the rules read them (`faq.safety.prepare`) and scores only the Spanish
reading of a message that reads as Spanish.

It only ever adds safety: `SafetyCheck` asks it when the rules found no emergency. A message it
scores as an emergency with probability `EMERGENCY_AT` or more is routed as one (its most likely
kind); from `DISTRESS_AT` it is answered with 988 offered. The thresholds were chosen by
cross-validation over the development rows, split by author (`python -m faq safety-train --cv`).

The weights live in `faq/knowledge/safety_weights.json`, written by `python -m faq safety-train`,
with a fingerprint of the rows they were learned from: a test fails when the labelled sets change
and the weights were not learned again. Training is plain Python, deterministic, and takes a few
seconds; scoring a message is a few dozen dictionary look-ups.
"""
from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from faq.safety_patterns import CRISIS, DISTRESS, MEDICAL, POISON, VIOLENCE

NONE = "none"
CLASSES = (NONE, DISTRESS, CRISIS, MEDICAL, POISON, VIOLENCE)
EMERGENCY_CLASSES = (CRISIS, MEDICAL, POISON, VIOLENCE)
WEIGHTS_PATH = Path(__file__).parent / "knowledge" / "safety_weights.json"
EMERGENCY_AT = 0.7
DISTRESS_AT = 0.4
# Below this, the Spanish weights are sure a Spanish message holds no emergency: one the English weights alone
# find there offers 988 instead (`faq.safety`). Chosen on the Spanish development rows, cross-validated: the
# Spanish weights score the emergencies only the English weights route at 0.32 or more, and the questions and
# near-misses only the English weights routed at 0.13 or less.
NO_EMERGENCY_BELOW = 0.2

_MIN_COUNT = 2  # a feature seen in fewer rows than this is not learned
_MIN_FEATURES = 3  # fewer known words and pairs than this ("goodbye", "a a a"): the rules alone decide
_EPOCHS = 30
_RATE = 0.5
_L2 = 1e-5
_BREAKS = frozenset(".,;:!?")


def features(prepared: str) -> list[str]:
    """The words of a prepared message (`faq.safety.prepare`) and the pairs of neighbours within a clause."""
    found: list[str] = []
    previous = ""
    for word in prepared.split():
        if word[0] in _BREAKS:
            previous = ""
            continue
        found.append(word)
        if previous:
            found.append(f"{previous} {word}")
        previous = word
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Example:
    prepared: str
    label: str  # one of CLASSES
    english: bool = True  # learned by the English weights (an English reading of an English file's row)
    spanish: bool = True  # learned by the Spanish weights (the reading the rules use, of any file's row)


def label_of(expected: str, kind: str) -> str:
    """The class of a labelled row: an emergency's kind, DISTRESS, or NONE."""
    if expected == "EMERGENCY":
        if kind not in EMERGENCY_CLASSES:
            raise ValueError(f"unknown emergency kind {kind!r}")
        return kind
    return DISTRESS if expected == "DISTRESS" else NONE


def fingerprint(examples: Iterable[Example]) -> str:
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.label}\t{example.prepared}\n".encode())
    return digest.hexdigest()


class SafetyModel:
    """Per-feature weights for each class, and a bias per class; `spanish`, when given, the set that
    scores the Spanish reading of a message (learned from every file; see the module's docstring)."""

    def __init__(self, weights: dict[str, list[float]], bias: list[float], trained_on: str = "",
                 spanish: SafetyModel | None = None) -> None:
        self.weights = weights
        self.bias = bias
        self.trained_on = trained_on
        self.spanish = spanish

    def probabilities(self, prepared: str) -> dict[str, float] | None:
        """The probability of each class by these weights (never `spanish`'s); None when the model knows
        too little of the message (fewer than two of its words, or their pair) to judge it."""
        present = [self.weights[f] for f in features(prepared) if f in self.weights]
        if len(present) < _MIN_FEATURES:
            return None
        scores = list(self.bias)
        scale = 1 / math.sqrt(len(present))
        for row in present:
            for index, weight in enumerate(row):
                scores[index] += weight * scale
        return dict(zip(CLASSES, _softmax(scores), strict=True))

    def emergency(self, prepared: str) -> float:
        """The probability that the message is an emergency (0 when the model cannot judge it)."""
        probabilities = self.probabilities(prepared)
        return sum(probabilities[k] for k in EMERGENCY_CLASSES) if probabilities else 0.0

    def to_json(self) -> str:
        return json.dumps(self._data(), ensure_ascii=False, separators=(",", ":")) + "\n"

    def _data(self) -> dict[str, object]:
        rounded = {f: [round(w, 4) for w in row] for f, row in sorted(self.weights.items())}
        data: dict[str, object] = {"classes": CLASSES, "trained_on": self.trained_on,
                                   "bias": [round(b, 4) for b in self.bias], "weights": rounded}
        if self.spanish is not None:
            data["spanish"] = self.spanish._data()
        return data

    @classmethod
    def load(cls, path: Path | str = WEIGHTS_PATH) -> SafetyModel:
        return cls._from_data(json.loads(Path(path).read_text(encoding="utf-8")), str(path))

    @classmethod
    def _from_data(cls, data: dict, source: str) -> SafetyModel:
        if tuple(data["classes"]) != CLASSES:
            raise ValueError(f"{source}: classes {data['classes']} are not {CLASSES}")
        spanish = cls._from_data(data["spanish"], source) if "spanish" in data else None
        return cls(data["weights"], data["bias"], data.get("trained_on", ""), spanish)


def train(examples: Sequence[Example], seed: int = 0) -> SafetyModel:
    """The English weights, learned from the examples marked `english`, each set with the fingerprint of
    its own examples; when some examples are for one set only, with the Spanish weights learned from
    those marked `spanish`."""
    english = [example for example in examples if example.english]
    spanish = [example for example in examples if example.spanish]
    if english == spanish:
        return _train(english, seed)
    model = _train(english, seed)
    model.spanish = _train(spanish, seed)
    return model


def _train(examples: Sequence[Example], seed: int) -> SafetyModel:
    """Multinomial logistic regression by stochastic gradient descent (AdaGrad), each class weighted
    by the inverse of its frequency so that the rare kinds (poison) are learned as well as the rest."""
    rows = [(features(e.prepared), CLASSES.index(e.label)) for e in examples]
    counts = Counter(f for fs, _ in rows for f in fs)
    rows = [([f for f in fs if counts[f] >= _MIN_COUNT], label) for fs, label in rows]
    # Each class weighs as much as the others of its side, and the two sides (no emergency: none and
    # distress; an emergency: its four kinds) weigh the same: a message of unknown words is a coin toss,
    # which no threshold routes.
    per_class = Counter(label for _, label in rows)
    sides = [[c for c in range(len(CLASSES)) if per_class[c] and (CLASSES[c] in EMERGENCY_CLASSES) == side]
             for side in (False, True)]
    class_weight = [0.0] * len(CLASSES)
    for side in sides:
        for c in side:
            class_weight[c] = len(rows) / (2 * len(side) * per_class[c])
    weights: dict[str, list[float]] = {f: [0.0] * len(CLASSES) for f, n in counts.items() if n >= _MIN_COUNT}
    squares: dict[str, list[float]] = {f: [1e-8] * len(CLASSES) for f in weights}
    bias = [0.0] * len(CLASSES)
    bias_squares = [1e-8] * len(CLASSES)
    order = list(range(len(rows)))
    shuffle = random.Random(seed).shuffle
    for _ in range(_EPOCHS):
        shuffle(order)
        for index in order:
            fs, label = rows[index]
            scale = 1 / math.sqrt(len(fs)) if fs else 0.0
            scores = list(bias)
            for f in fs:
                for c, w in enumerate(weights[f]):
                    scores[c] += w * scale
            probabilities = _softmax(scores)
            for c in range(len(CLASSES)):
                error = (probabilities[c] - (1.0 if c == label else 0.0)) * class_weight[label]
                bias_squares[c] += error * error
                bias[c] -= _RATE * error / math.sqrt(bias_squares[c])
                for f in fs:
                    gradient = error * scale + _L2 * weights[f][c]
                    squares[f][c] += gradient * gradient
                    weights[f][c] -= _RATE * gradient / math.sqrt(squares[f][c])
    kept = {f: row for f, row in weights.items() if any(abs(w) >= 1e-3 for w in row)}
    return SafetyModel(kept, bias, fingerprint(examples))


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]
