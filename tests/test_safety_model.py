"""The safety check's learned layer (faq/safety_model.py): weights learned from the development
rows only, kept in step with the labelled sets, adding safety and never taking it away, and quiet on
ordinary questions."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from faq import load_knowledge_base
from faq.cli import main
from faq.evaluation import read_labelled
from faq.safety import CRISIS, DISTRESS, EMERGENCY, MEDICAL, SafetyCheck, default_model, english_reading, prepare, readings
from faq.safety_eval import (SAFETY_SETS, TRAINING_SPLITS, is_spanish_file, read_safety_set, score,
                             training_examples)
from faq.safety_model import CLASSES, NONE, Example, SafetyModel, features, fingerprint, train

ORDINARY_SET = Path(__file__).with_name("safety_ordinary.tsv")
EVAL_SET = Path(__file__).with_name("faq_eval.tsv")


def test_the_shipped_weights_are_learned_from_the_current_sets():
    """Change a labelled set or a knowledge base and this fails until `python -m faq safety-train` is run."""
    examples = training_examples(SAFETY_SETS)
    model = default_model()
    message = "the labelled sets changed: run `python -m faq safety-train` and commit faq/knowledge/safety_weights.json"
    assert model.trained_on == fingerprint(e for e in examples if e.english), message
    assert model.spanish is not None and model.spanish.trained_on == fingerprint(e for e in examples if e.spanish), message


def test_the_english_weights_learn_nothing_from_the_spanish_files():
    """The Spanish files (and the Spanish knowledge base) feed the Spanish weights only: the English
    weights are those the English files alone give, so Spanish rows never move the English figures."""
    english_files = [path for path in SAFETY_SETS if not is_spanish_file(path)]
    assert len(english_files) == 3
    everything = [e for e in training_examples(SAFETY_SETS) if e.english]
    assert fingerprint(everything) == fingerprint(e for e in training_examples(english_files) if e.english)
    assert all(e.prepared == english_reading(e.prepared) for e in everything[:50])


def test_no_held_out_row_is_learned_from():
    """No held-out row, read either way, is learned by the Spanish weights; the English weights leave out
    the English files' held-out rows (as they did before the Spanish files)."""
    examples = training_examples(SAFETY_SETS)
    held_out = [(i, is_spanish_file(path)) for path in SAFETY_SETS for i in read_safety_set(path)
                if i.split not in TRAINING_SPLITS]
    assert held_out and {i.split for i, _ in held_out} == {"holdout"}
    spanish = {e.prepared for e in examples if e.spanish}
    english = {e.prepared for e in examples if e.english}
    assert not [i.question for i, _ in held_out if set(readings(i.question)) & spanish]
    assert not [i.question for i, in_spanish in held_out if not in_spanish and prepare(i.question) in english]


def test_the_learned_layer_only_adds_safety():
    """Every emergency the rules route is still routed; every 988 offer of the rules is still made."""
    rules, full = SafetyCheck(model=None), SafetyCheck()
    for item in (i for path in SAFETY_SETS for i in read_safety_set(path)):
        before, after = rules(item.question), full(item.question)
        if before is not None:
            assert after is not None and (after.level == EMERGENCY or before.level == DISTRESS), item.question
            if before.level == EMERGENCY:
                assert after == before, item.question


@pytest.mark.parametrize("message", [
    "i taped the garage door and the car is running. i just want to say bye to my care team",
    "Friday. I picked Friday because the kids are with their dad. Everything's paid off.",
    "mixed up all the pills I have in a bowl. just staring at it.",
])
def test_ways_of_speaking_no_rule_knows_are_routed(message):
    assert SafetyCheck(model=None)(message) is None or SafetyCheck(model=None)(message).level != EMERGENCY
    signal = SafetyCheck()(message)
    assert signal is not None and signal.level == EMERGENCY and signal.kind == CRISIS


def test_a_medical_emergency_found_by_the_weights_gets_911_first():
    message = "husband is sweaty and gray and says his jaw hurts and he feels like throwing up"
    assert SafetyCheck(model=None)(message) is None
    assert SafetyCheck()(message).kind == MEDICAL


def test_ordinary_questions_get_no_emergency_reply():
    """The evaluation set's questions (none learned from but a few short ones like "hi") and the
    held-out ordinary questions: an emergency card for hardly any (a needless card is the cheaper
    failure; the long, chatty questions of later authors that mention a heart attack in the past
    or pills are the ones it still gets), and 988 offered to hardly any."""
    kb = load_knowledge_base()
    check = SafetyCheck()
    everyday = [q.question for q in read_labelled(EVAL_SET, kb) if q.expected != "EMERGENCY"]
    signals = [check(q) for q in everyday]
    routed = [q for q, s in zip(everyday, signals, strict=True) if s is not None and s.level == EMERGENCY]
    assert len(routed) <= 0.01 * len(everyday), routed
    assert sum(s is not None for s in signals) <= 0.03 * len(everyday)  # 2.2% with the caregivers' set (ill relatives)
    held_out = score(check, [i for i in read_safety_set(ORDINARY_SET) if i.split == "holdout"])[0]["holdout"]
    assert held_out.ordinary >= 200
    assert held_out.ordinary_routed <= 0.01 * held_out.ordinary, held_out.false_alarms
    assert held_out.ordinary_offered <= 0.03 * held_out.ordinary


def test_words_it_never_saw_say_nothing():
    model = default_model()
    assert model.probabilities(prepare("zorbling quandrix flumox")) is None
    assert SafetyCheck()("zorbling quandrix flumox") is None


# --- learning ----------------------------------------------------------------------------------

TOY = [Example("i want to end it all tonight", CRISIS), Example("end it all with the pills", CRISIS),
       Example("he is not breathing and blue", MEDICAL), Example("not breathing help", MEDICAL),
       Example("how do i end my enrollment", NONE), Example("end my enrollment please", NONE),
       Example("so tired and low lately", DISTRESS), Example("low and tired all week", DISTRESS)]


def test_learning_is_deterministic_and_learns_the_examples():
    first, second = train(TOY * 3), train(TOY * 3)
    assert first.to_json() == second.to_json()
    for example in TOY:
        probabilities = first.probabilities(example.prepared)
        assert max(probabilities, key=probabilities.__getitem__) == example.label


def test_features_are_words_and_neighbours_within_a_clause():
    assert features("i am done , tonight") == ["i", "am", "i am", "done", "am done", "tonight"]


def test_weights_survive_a_round_trip(tmp_path):
    model = train(TOY)
    path = tmp_path / "weights.json"
    path.write_text(model.to_json(), encoding="utf-8")
    loaded = SafetyModel.load(path)
    assert loaded.trained_on == model.trained_on
    text = "end it all tonight"
    assert loaded.probabilities(text)[CRISIS] == pytest.approx(model.probabilities(text)[CRISIS], abs=1e-3)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["classes"] = list(reversed(CLASSES))
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError):
        SafetyModel.load(path)


def test_the_training_command_writes_weights_the_check_can_use(tmp_path, capsys):
    labelled = tmp_path / "set.tsv"
    rows = ["split\texpected\tkind\taudience\tcategory\tquestion",
            "dev\tEMERGENCY\tcrisis\tpatient\tplan\ti will glorp it all tonight",
            "dev\tEMERGENCY\tcrisis\tpatient\tplan\tglorp it all tonight, sorry",
            "dev\tEMERGENCY\tmedical\tpatient\tbreathing\tshe is not breathing",
            "dev\tNONE\tnone\tpatient\tidiom\tthis form is killing me",
            "dev\tDISTRESS\tnone\tpatient\tlow\tfeeling so low lately",
            "holdout\tEMERGENCY\tcrisis\tpatient\tplan\tzorblax quandrix"]
    labelled.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "weights.json"
    assert main(["safety-train", str(labelled), "--out", str(out)]) == 0
    model = SafetyModel.load(out)
    assert "zorblax" not in model.weights and "glorp it" in model.weights
    assert SafetyCheck(model=None)("glorp it all tonight") is None
    assert SafetyCheck(model=model)("glorp it all tonight").level == EMERGENCY
    broken = tmp_path / "broken.tsv"
    broken.write_text("split\texpected\tquestion\ndev\tMAYBE\thello\n", encoding="utf-8")
    assert main(["safety-train", str(broken), "--out", str(out)]) == 2
    assert "malformed" in capsys.readouterr().err
