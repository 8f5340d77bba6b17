"""The engine's conversations: how a turn leans on the one before, and what it must never do."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from faq import Assistant, load_knowledge_base
from faq.conversation import Context
from faq.evaluation import evaluate_conversations, read_conversations

ROOT = Path(__file__).resolve().parent.parent
CONVERSATIONS = ROOT / "tests" / "faq_conversations.tsv"


@pytest.fixture(scope="module")
def assistant():
    return Assistant(load_knowledge_base())


def play(assistant, turns, audience="patient"):
    context, answers = None, []
    for question in turns:
        answer = assistant.converse(question, audience, context)
        answers.append(answer)
        context = answer.context
    return answers


@pytest.mark.parametrize("turns, audience, expected", [
    # another value of the same group: its own topic
    (["tell me about the diabetes program", "and for heart disease?"], "patient", "heart-disease-program"),
    (["Is there something to help me quit smoking?", "same for weight"], "patient", "weight-management"),
    (["how do I verify a patient", "what about providers?"], "provider", "verify-provider-participation"),
    (["how do I verify a patient", "and a whole file of them?"], "provider", "batch-verification"),
    # a pronoun: the follow-up's own words lead, the last question's fill in
    (["what is a care coordinator", "how do I contact mine?"], "patient", "contact-care-coordinator"),
    (["tell me about the stress management program", "how do I join it?"], "patient", "how-to-enroll"),
    (["tell me about the tobacco program", "and how do I drop out of it later?"], "patient", "withdraw-enrollment"),
    # a value named after a listing that offered it
    (["what health programs can I join?", "and the lifestyle ones?"], "patient", "lifestyle-programs"),
])
def test_follow_ups_lean_on_the_last_turn(assistant, turns, audience, expected):
    last = play(assistant, turns, audience)[-1]
    assert (last.outcome, last.topic_id) == ("answer", expected), last.reading


@pytest.mark.parametrize("pick, index", [("2", 1), ("option 3", 2), ("the first one", 0), ("the last one", -1),
                                         ("yes the second please", 1), ("number two", 1)])
def test_an_option_is_picked_by_number_or_ordinal(assistant, pick, index):
    first, second = play(assistant, ["what lifestyle programs are there?", pick])
    assert second.reading == "pick" and second.topic_id == first.suggestions[index].topic_id


def test_an_option_is_picked_by_its_words(assistant):
    first, second = play(assistant, ["what lifestyle programs are there?", "the tobacco one"])
    assert "tobacco-cessation" in {s.topic_id for s in first.suggestions}
    assert second.topic_id == "tobacco-cessation"


def test_a_number_with_nothing_offered_is_not_a_pick(assistant):
    answer = assistant.converse("2", "patient", Context())
    assert answer.reading != "pick" and answer.outcome == "fallback"


def test_not_what_i_meant_offers_other_topics_never_the_same(assistant):
    first, second = play(assistant, ["how do I see my doctor", "no, that's not what I meant"])
    assert second.outcome == "clarify" and second.reading == "reject"
    assert first.topic_id not in {s.topic_id for s in second.suggestions}
    third = assistant.converse("none of these", "patient", second.context)
    assert not {s.topic_id for s in third.suggestions} & {s.topic_id for s in second.suggestions}


def test_a_rejection_that_says_what_was_meant_is_asked(assistant):
    _, second = play(assistant, ["tell me about the diabetes program", "no, I meant how to withdraw"])
    assert (second.outcome, second.topic_id) == ("answer", "withdraw-enrollment")


@pytest.mark.parametrize("question, expected", [
    ("how do I reset my password?", "reset-password"),
    ("who can see my information and how is it protected?", "privacy"),
    ("what does my care coordinator do?", "care-coordinator"),
])
def test_a_full_new_question_is_never_hijacked(assistant, question, expected):
    last = play(assistant, ["tell me about the diabetes program", question])[-1]
    assert (last.outcome, last.topic_id) == ("answer", expected)


def test_safety_wins_in_any_turn(assistant):
    first, second = play(assistant, ["what lifestyle programs are there?", "2 and then i will kill myself"])
    assert second.outcome == "emergency"
    third = assistant.converse("the first one", "patient", second.context)
    assert third.outcome != "emergency"


def test_the_second_miss_in_a_row_hands_over(assistant):
    first, second, third = play(assistant, ["zorbly fneep", "blorp quux", "tell me about the diabetes program"])
    assert (first.handover, second.handover) == (False, True)
    assert second.context.fallbacks == 2 and third.context.fallbacks == 0 and not third.handover
    asked = assistant.converse("I want to talk to a real person", "patient")
    assert asked.topic_id == "contact-support" and asked.handover


def test_small_talk_is_not_a_miss(assistant):
    answers = play(assistant, ["zorbly fneep", "thanks", "hello"])
    assert [a.reading for a in answers[1:]] == ["small-talk", "small-talk"]
    assert not any(a.handover for a in answers)


def test_context_round_trips_and_drops_anything_malformed():
    context = Context("how-to-enroll", ("enroll", "diabetes"), ("a", "b"), ("c",), ("d",), 1, 3, True)
    assert Context.from_dict(json.loads(json.dumps(context.to_dict()))) == context
    assert Context.from_dict({"topic_id": "<script>", "terms": ["ok", "<b>", 3], "offered": "x", "turn": -4,
                              "fallbacks": 10**9, "clarified": "yes"}) == Context(terms=("ok",))
    assert Context.from_dict(None) == Context() and Context.from_dict([1, 2]) == Context()


def test_ask_stands_alone(assistant):
    assert assistant.ask("and for heart disease?").reading == "new"


def test_the_labelled_conversations_meet_the_floor(assistant):
    """Development part tuned on, held-out part never; the README reports both."""
    conversations = read_conversations(CONVERSATIONS, assistant.kb)
    assert len(conversations) >= 150
    by_split = {split: evaluate_conversations(assistant, [c for c in conversations if c[0].item.split == split])
                for split in ("dev", "heldout")}
    assert by_split["dev"].figures["follow_up_right"] >= 0.88
    assert by_split["heldout"].figures["follow_up_right"] >= 0.85
    assert all(r.figures["emergencies_missed"] == 0 for r in by_split.values())


def test_chat_cli_keeps_context_per_conversation():
    lines = [{"conversation": "a", "audience": "patient", "question": "tell me about the diabetes program"},
             {"conversation": "b", "audience": "provider", "question": "how do I verify a patient"},
             {"conversation": "a", "audience": "patient", "question": "and for heart disease?"},
             "not json",
             {"conversation": "b", "audience": "provider", "question": "what about providers?"}]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    result = subprocess.run([sys.executable, "-m", "faq", "chat", "--json"], input=stdin, capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("topic_id") for o in out] == ["diabetes-program", "verify-patient-enrollment",
                                                 "heart-disease-program", None, "verify-provider-participation"]
    assert "error" in out[3] and out[2]["conversation_id"] == "a"


def test_a_malformed_conversation_file_is_refused_with_every_reason(tmp_path):
    from faq.evaluation import EvalFileError

    path = tmp_path / "bad.tsv"
    path.write_text("conversation\tturn\taudience\tquestion\texpected\n"
                    "c1\tone\tpatient\thi\thow-to-enroll\n"
                    "c1\t2\tdoctor\thow do I enroll\thow-to-enroll\n"
                    "c1\t3\tpatient\tthe second\tPICK:x\n"
                    "c2\t1\tpatient\tbulk check\tbatch-verification\n"
                    "c2\t2\tpatient\t\tCLARIFY\n", encoding="utf-8")
    with pytest.raises(EvalFileError) as error:
        read_conversations(path, load_knowledge_base())
    message = str(error.value)
    for reason in ("turn 'one' is not a number", "audience 'doctor'", "'PICK:x' should be PICK:n",
                   "topic 'batch-verification' is not shown to audience 'patient'", "line 6: empty question"):
        assert reason in message
