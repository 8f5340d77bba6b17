"""Unit tests of the FAQ engine (the `faq` package): no app, no database."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from faq import (
    ANSWER,
    CLARIFY,
    EMERGENCY,
    FALLBACK,
    Assistant,
    KnowledgeBaseError,
    Topic,
    check_knowledge_base,
    load_knowledge_base,
    read_knowledge_base,
)
from faq.assistant import decide
from faq.evaluation import EXPECT_EMERGENCY, EXPECT_FALLBACK, evaluate, read_labelled
from faq.knowledge import KNOWLEDGE_DIR
from faq.matcher import Candidate, Components
from faq.render import ALLOWED_TAGS, is_safe_href
from faq.settings import DEFAULT_SETTINGS
from faq.text import Analyzer, normalize_phrase, stem

ROOT = Path(__file__).resolve().parent.parent
EVAL_FILE = ROOT / "tests" / "faq_eval.tsv"
API_FIELDS = {"outcome", "topic_id", "confidence", "answer_text", "answer_html", "suggestions", "language"}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def assistant(kb):
    return Assistant(kb)


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


# --- normalization ---------------------------------------------------------------------------


def test_normalization_folds_case_accents_punctuation_and_contractions(analyzer):
    assert analyzer.analyze("Can't LOG-IN!!").key == analyzer.analyze("cannot log in").key == "not login"
    assert analyzer.analyze("Crème BRÛLÉE?").phrase == "creme brulee"
    assert analyzer.analyze("I’m here; what’s next?").surface == ("i", "am", "here", ";", "what", "is", "next", "?")


def test_common_misspellings_and_shorthand_are_fixed(analyzer):
    assert analyzer.analyze("Enrolment in the diabetis programme").key == analyzer.analyze(
        "enrollment in the diabetes program"
    ).key
    assert normalize_phrase("verfy pt elig w/ dob") == "verify patient elig with date of birth"


def test_stemming_joins_word_forms_but_keeps_states_apart():
    assert stem("enrolling") == stem("enroll") == "enroll"
    assert stem("changes") == stem("changing") == stem("change")
    assert stem("verified") == stem("verify")
    assert stem("enrolled") == "enrolled"  # a state ("am I enrolled?"), not the action


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("quit smoking", "tobacco"), ("vaping", "tobacco"), ("cigarettes", "tobacco"),
        ("lose weight", "weight"), ("obesity", "weight"),
        ("blood sugar", "diabetes"), ("diabetic", "diabetes"), ("sugar", "diabetes"),
        ("cardiac", "heart"), ("heart disease", "heart"),
        ("cancel", "withdraw"), ("leave", "withdraw"), ("stop", "withdraw"), ("opt out", "withdraw"),
        ("accountable care organization", "aco"), ("ACOs", "aco"),
        ("primary care physician", "pcp"), ("national provider identifier", "npi"),
        ("patient-centered medical home", "pcmh"), ("registered nurse", "rn"), ("nurse", "rn"),
        ("elig", "eligible"), ("attrib", "attribution"), ("P4V", "payforvalue"),
        ("Texas", "state"), ("new york", "state"),
    ],
)
def test_synonyms_and_abbreviations_map_to_one_concept(analyzer, phrase, concept):
    assert analyzer.analyze(phrase).tokens == (concept,)


def test_stop_words_never_decide_a_match(analyzer, assistant):
    assert analyzer.analyze("how do I get what you have about it please").tokens == ()
    for question in ("what is the", "how do I", "can you tell me about it"):
        assert assistant.ask(question).outcome == FALLBACK


def test_ten_digit_numbers_are_read_as_an_npi(analyzer):
    assert analyzer.analyze("is 1234567893 participating").tokens == ("npi", "participate")


def test_unknown_words_are_corrected_against_the_vocabulary(assistant):
    answer = assistant.ask("helthcare partnrs in torance")
    assert (answer.outcome, answer.topic_id) == (ANSWER, "healthcare-partners-program")


# --- emergencies -----------------------------------------------------------------------------

EMERGENCIES = [
    "I'm having chest pain right now",
    "my chest hurts and my left arm is numb",
    "chest pian",
    "I can't breathe",
    "cant breath",
    "my husband isn't breathing",
    "I think my dad is having a stroke",
    "her face is drooping and her speech is slurred",
    "my friend overdosed",
    "my friend OD'd",
    "I took too many pills",
    "it won't stop bleeding",
    "he is unconscious",
    "she collapsed and is not responding",
    "my baby is choking",
]
CRISES = [
    "I want to kill myself",
    "i wanna die",
    "I don't want to live anymore",
    "I'm thinking about suicide",
    "sucidal",
    "thinking of ending my life",
    "I'm going to hurt myself",
    "no one cares i want to die",
]


@pytest.mark.parametrize("question", EMERGENCIES + CRISES)
def test_emergencies_get_911(assistant, question):
    answer = assistant.ask(question)
    assert answer.outcome == EMERGENCY
    assert answer.topic_id is None and answer.confidence == 1.0
    assert "911" in answer.answer_text


@pytest.mark.parametrize("question", CRISES)
def test_mental_health_crises_get_988_first(assistant, question):
    answer = assistant.ask(question)
    assert answer.outcome == EMERGENCY and answer.reason == "crisis"
    assert answer.answer_text.index("988") < answer.answer_text.index("911")


@pytest.mark.parametrize(
    "question",
    [
        "I'm having chest pain, how do I join the heart disease program?",
        "how do i enroll in stress management? i want to kill myself",
        "what's the weather? I can't breathe",
    ],
)
def test_emergency_always_wins_over_a_matching_topic(assistant, question):
    for audience in ("patient", "provider"):
        assert assistant.ask(question, audience).outcome == EMERGENCY


@pytest.mark.parametrize(
    "question",
    [
        "heart disease program",
        "stress management",
        "diabetes program",
        "support after a heart attack",
        "I had a heart attack last year, can I join?",
        "work stress is killing me, any programs",
        "I'm not having chest pain, but I'd like to join the heart program",
        "I don't want to die from heart disease, what can I do",
        "I'm not suicidal, just stressed",
        "what's the emergency contact on my account",
        "is the portal responsive on my phone",
        "kill the process",
    ],
)
def test_benign_and_negated_phrases_are_not_emergencies(assistant, question):
    assert assistant.ask(question).outcome != EMERGENCY


# --- audiences -------------------------------------------------------------------------------


def test_topics_for_an_audience(kb):
    patient = {t.id for t in kb.topics_for("patient")}
    provider = {t.id for t in kb.topics_for("provider")}
    assert "withdraw-enrollment" in patient and "withdraw-enrollment" not in provider
    assert "batch-verification" in provider and "batch-verification" not in patient
    assert "privacy" in patient & provider
    assert all(kb.topic(i).audience in ("patient", "all") for i in patient)
    assert all(kb.topic(i).audience in ("provider", "all") for i in provider)


@pytest.mark.parametrize(
    ("question", "audience", "hidden"),
    [
        ("how do I verify a patient's eligibility", "patient", "verify-patient-enrollment"),
        ("how do I withdraw from a program", "provider", "withdraw-enrollment"),
    ],
)
def test_an_audience_never_gets_or_is_offered_the_other_audiences_topics(assistant, question, audience, hidden):
    answer = assistant.ask(question, audience)
    other = "provider" if audience == "patient" else "patient"
    offered = {answer.topic_id, *(s.topic_id for s in answer.suggestions), *(t for t, _ in answer.candidates)}
    assert hidden not in offered
    assert all(assistant.kb.topic(t).audience != other for t in offered if t)
    assert assistant.ask(question, other).topic_id == hidden


def test_related_follow_ups_respect_the_audience(kb, assistant):
    for audience in ("patient", "provider"):
        for topic in kb.topics_for(audience):
            answer = assistant.answer_topic(topic.id, audience)
            assert answer is not None and answer.outcome == ANSWER
            assert all(kb.topic(s.topic_id).visible_to(audience) for s in answer.suggestions)
    assert assistant.answer_topic("batch-verification", "patient") is None
    assert assistant.answer_topic("no-such-topic") is None


def test_an_unknown_audience_is_treated_as_patient(assistant):
    assert assistant.ask("how do I withdraw from a program", "admin").topic_id == "withdraw-enrollment"
    assert assistant.ask("bulk verification", "admin").topic_id != "batch-verification"


# --- outcomes --------------------------------------------------------------------------------


def _candidates(kb, *scores):
    topics = list(kb.topics)
    return [Candidate(topics[i], score, Components(score, score, score, score)) for i, score in enumerate(scores)]


def test_decide_answers_clarifies_and_falls_back_on_the_thresholds(kb):
    s = DEFAULT_SETTINGS
    assert decide(_candidates(kb, 0.95, 0.5), s).outcome == ANSWER
    close = decide(_candidates(kb, 0.9, 0.9 - s.answer_margin / 2, 0.3), s)
    assert close.outcome == CLARIFY and len(close.chosen) == 2
    middling = decide(_candidates(kb, (s.answer_threshold + s.fallback_threshold) / 2), s)
    assert middling.outcome == CLARIFY and len(middling.chosen) == 1
    assert decide(_candidates(kb, s.fallback_threshold - 0.01), s).outcome == FALLBACK
    assert decide([], s).outcome == FALLBACK


def _topic(topic_id: str, question: str, *alternates: str) -> Topic:
    return Topic(topic_id, "all", question, alternates, (), f"About {topic_id}.")


def test_clarify_offers_the_close_topics(kb):
    walking = _topic("dog-walking-schedule", "Dog walking schedule?", "dog walking times")
    price = _topic("dog-walking-price", "Dog walking price?", "dog walking fees")
    answer = Assistant(dataclasses.replace(kb, topics=(walking, price))).ask("dog walking")
    assert answer.outcome == CLARIFY and answer.topic_id is None
    assert {s.topic_id for s in answer.suggestions} == {"dog-walking-schedule", "dog-walking-price"}
    assert {s.question for s in answer.suggestions} == {walking.question, price.question}


def test_a_vague_question_gets_a_clarify_from_the_real_knowledge_base(assistant):
    answer = assistant.ask("doctor")
    assert answer.outcome == CLARIFY
    assert 2 <= len(answer.suggestions) <= DEFAULT_SETTINGS.clarify_max
    assert [s.topic_id for s in answer.suggestions] == [t for t, _ in answer.candidates][: len(answer.suggestions)]


def test_an_answer_carries_the_topic_its_links_and_follow_ups(assistant):
    answer = assistant.ask("how do I reach my care coordinator?")
    assert (answer.outcome, answer.topic_id) == (ANSWER, "contact-care-coordinator")
    assert 0 < answer.confidence <= 1
    assert any(link.path == "/my/care-team" for link in answer.links)
    assert "care-coordinator" in [s.topic_id for s in answer.suggestions]
    assert len(answer.candidates) <= 3 and answer.candidates[0][0] == "contact-care-coordinator"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("what dose of metformin should I take", "medical_advice"),
        ("is it normal to have a headache every day", "medical_advice"),
        ("my dental claim was denied", "benefits"),
        ("¿Cómo me inscribo en el programa de diabetes?", "other_language"),
        ("我怎么注册", "other_language"),
        ("tell me a joke", "no_match"),
        ("what's the score of the lakers game", "no_match"),
    ],
)
def test_out_of_scope_questions_fall_back_to_a_person(assistant, question, reason):
    answer = assistant.ask(question)
    assert (answer.outcome, answer.topic_id, answer.reason) == (FALLBACK, None, reason)
    assert 'href="/contact"' in answer.answer_html
    assert any(link.path == "/contact" for link in answer.links)


def test_a_negated_symptom_is_not_read_as_a_request_for_medical_advice(assistant):
    answer = assistant.ask("no chest pain or fever, just asking about the heart disease program")
    assert answer.outcome != EMERGENCY and answer.reason != "medical_advice"
    assert answer.candidates[0][0] == "heart-disease-program"


# --- staff phrases ---------------------------------------------------------------------------


def test_extra_alternates_teach_a_new_phrasing(kb, assistant):
    phrasing = "zebra crossing question"
    assert assistant.ask(phrasing).outcome == FALLBACK
    taught = Assistant(kb, extra_alternates={"contact-support": [phrasing]})
    answer = taught.ask("Zebra-crossing question?")
    assert (answer.outcome, answer.topic_id) == (ANSWER, "contact-support")


def test_a_negative_example_stops_its_topic_for_that_phrasing_only(kb, assistant):
    phrasing = "how do I enroll"
    assert assistant.ask(phrasing).topic_id == "how-to-enroll"
    tuned = Assistant(kb, negatives={"how-to-enroll": [phrasing]})
    blocked = tuned.ask("How do I enroll??")
    offered = {blocked.topic_id, *(s.topic_id for s in blocked.suggestions), *(t for t, _ in blocked.candidates)}
    assert "how-to-enroll" not in offered
    assert tuned.ask("what are the steps to sign up for a care program").topic_id == "how-to-enroll"


def test_phrases_for_unknown_topics_are_ignored(kb):
    Assistant(kb, extra_alternates={"gone": ["anything"]}, negatives={"gone": ["anything"]}).ask("anything")


# --- bad input -------------------------------------------------------------------------------

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)> how do I enroll"


@pytest.mark.parametrize(
    "question",
    [
        "", "   ", "\n\t", "?!?!", "🙂🙂🙂", "\x00\x07\x1b[31m\u202e", "x" * 10_000,
        "how do i enroll " * 700, "'; DROP TABLE users; --", "SELECT * FROM members WHERE 1=1",
        "<script>alert('x')</script>", HOSTILE, "Как зарегистрироваться", "😀 ñ ü ß ø",
    ],
)
def test_bad_input_never_raises_and_is_never_echoed(assistant, question):
    for audience in ("patient", "provider"):
        answer = assistant.ask(question, audience)
        assert answer.outcome in (ANSWER, CLARIFY, FALLBACK)
        assert "<script" not in answer.answer_html and "onerror" not in answer.answer_html
        assert "alert(" not in answer.answer_text and "DROP TABLE" not in answer.answer_text
        json.dumps(answer.to_dict())


def test_non_text_questions_fall_back(assistant):
    assert assistant.ask(None).outcome == FALLBACK  # type: ignore[arg-type]


def test_empty_questions_ask_for_a_question(assistant):
    answer = assistant.ask("  \n ")
    assert (answer.outcome, answer.reason) == (FALLBACK, "empty")
    assert "type a question" in answer.answer_text


def test_answer_html_is_sanitized_even_if_the_knowledge_base_is_not(kb):
    evil = Topic(
        id="evil", audience="all", question="Zanzibar quokka question?",
        alternates=("zanzibar quokka",) * 5, keywords=("zanzibar", "quokka"),
        answer="Hi <script>steal()</script> [a](javascript:alert(1)) [b](//evil.example) "
        "[c](/contact) [d](https://example.org) <iframe src=x></iframe> <a href='javascript:x()'>e</a>",
    )
    answer = Assistant(dataclasses.replace(kb, topics=(*kb.topics, evil))).ask("zanzibar quokka")
    assert answer.topic_id == "evil"
    html = answer.answer_html
    assert "<script" not in html and "<iframe" not in html and "<a href='javascript" not in html
    assert set(re.findall(r'href="([^"]*)"', html)) == {"/contact", "https://example.org"}
    assert 'href="//evil.example"' not in html
    assert 'href="/contact"' in html and 'href="https://example.org"' in html


def test_every_reply_uses_only_safe_tags_and_links(kb, assistant):
    replies = [assistant.answer_topic(t.id, "provider" if t.audience == "provider" else "patient") for t in kb]
    replies += [assistant.ask(q) for q in ("program", "", "what dose should I take", "I can't breathe")]
    for reply in replies:
        assert reply is not None
        assert set(re.findall(r"</?([a-z0-9]+)", reply.answer_html)) <= ALLOWED_TAGS
        assert all(is_safe_href(href) for href in re.findall(r'href="([^"]*)"', reply.answer_html))
        assert "<" not in reply.answer_text and "](" not in reply.answer_text


# --- API shape -------------------------------------------------------------------------------


def test_to_dict_has_exactly_the_ask_api_fields(assistant):
    for question in ("how do I enroll", "program", "weather?", "I can't breathe"):
        data = assistant.ask(question).to_dict()
        assert set(data) == API_FIELDS
        assert data["outcome"] in ("answer", "clarify", "fallback", "emergency")
        assert 0.0 <= data["confidence"] <= 1.0
        assert all(set(s) == {"topic_id", "question"} for s in data["suggestions"])
        json.dumps(data)


def test_answers_are_frozen(assistant):
    with pytest.raises(dataclasses.FrozenInstanceError):
        assistant.ask("how do I enroll").outcome = EMERGENCY  # type: ignore[misc]


def test_knowledge_base_lookup_and_suggested_questions(kb, assistant):
    topic = kb.topic("how-to-enroll")
    assert topic is not None and topic.question.endswith("?")
    assert kb.topic("nope") is None and "nope" not in kb and "privacy" in kb
    suggested = assistant.suggested_questions("provider")
    assert [s.topic_id for s in suggested] == [t.id for t in kb.topics_for("provider")]


def test_the_faq_package_imports_neither_flask_nor_the_database_nor_the_portal():
    code = (
        "import sys, faq, faq.cli, faq.tuning\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'sqlalchemy', 'portal', 'werkzeug'})\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# --- knowledge base --------------------------------------------------------------------------


def test_the_knowledge_base_check_passes(kb):
    assert check_knowledge_base(kb) == []


def test_every_required_topic_exists(kb):
    lines = (KNOWLEDGE_DIR / "required_topics.txt").read_text().splitlines()
    required = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert len(required) >= 38
    assert [topic_id for topic_id in required if topic_id not in kb] == []


def test_the_payer_name_is_configuration(kb):
    other = load_knowledge_base(payer_name="Acme Health")
    assert "Acme Health" in other.topic("aco-relationship").answer
    assert all("{payer}" not in t.answer and "Acme" not in t.answer for t in kb)


# The national lines the emergency replies give (and "24 hours", "press 2 for Spanish").
NATIONAL_LINES = {"911", "988", "1-800-222-1222", "18002221222", "1-800-799-7233", "18007997233", "88788", "24", "2"}


def test_answers_state_no_figures_beyond_the_source_documents(kb):
    """Every number in an answer comes from the seeds or the portal's own rules; no phone numbers
    but the national emergency lines, in the emergency replies only."""
    allowed = {"1", "2.65", "10", "32", "57", "100", "230", "144,000", "81,000", "63,000",
               "2008", "2013", "2014", "2021", "911", "988", "1,000"}
    emergency = {key: text for key, text in kb.responses.items() if key.startswith("emergency_")}
    texts = [re.sub(r"(?m)^\s*\d+\. ", "", t.answer) for t in kb]
    texts += [text for key, text in kb.responses.items() if key not in emergency]
    numbers = {n for text in texts for n in re.findall(r"\d[\d,.]*\d|\d", text)}
    assert numbers <= allowed, numbers - allowed
    assert not any(re.search(r"\d{3}[-. ]\d{3}[-. ]\d{4}", text) for text in texts)
    lines = {n for text in emergency.values() for n in re.findall(r"\d[\d-]*\d|\d", text)}
    assert lines <= NATIONAL_LINES, lines - NATIONAL_LINES


def _broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    path = target / "topics" / "account.yaml"
    text = path.read_text()
    text = text.replace("  - id: privacy\n", "  - id: create-account\n", 1)  # duplicate id
    text = text.replace("related: [account-settings, contact-support, create-account]", "related: [no-such-topic]")
    text = text.replace("path: /forgot-password}", "path: /nowhere}")
    text = text.replace("      - talk to a human\n      - customer service number\n", "")  # 4 alternates left
    text = text.replace("      - support?\n", "      - register for an account\n")  # another topic's phrasing
    path.write_text(text)
    return target


def test_the_check_reports_every_problem(tmp_path):
    kb, problems = read_knowledge_base(_broken_copy(tmp_path))
    problems += check_knowledge_base(kb)
    report = "\n".join(problems)
    assert "'create-account' is used 2 times" in report
    assert "required topic 'privacy' is missing" in report
    assert "related topic 'no-such-topic' does not exist" in report
    assert "link to '/nowhere' is not in site.yaml" in report
    assert "'contact-support': has 4 alternates" in report
    assert "already used by topic 'create-account'" in report


def test_loading_a_broken_knowledge_base_raises(tmp_path):
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(_broken_copy(tmp_path))
    assert len(caught.value.problems) >= 6


# --- the labelled evaluation set -------------------------------------------------------------


@pytest.fixture(scope="module")
def labelled(kb):
    return read_labelled(EVAL_FILE, kb)


def test_the_eval_set_covers_every_topic_both_audiences_and_the_hard_cases(kb, labelled):
    expected = [q.expected for q in labelled]
    assert len(labelled) >= 1000
    assert expected.count(EXPECT_FALLBACK) >= 100 and expected.count(EXPECT_EMERGENCY) >= 50
    held_out = [q for q in labelled if q.split == "heldout"]
    assert len(held_out) >= 300 and {q.audience for q in held_out} == {"patient", "provider"}
    assert {t.id for t in kb} <= set(expected)
    assert {q.audience for q in labelled} == {"patient", "provider"}


# Held-out questions that happen to read like a knowledge-base phrasing: people write "quit
# smoking help" whoever writes the alternates. Counted when the first held-out part was frozen
# (29), after a round of general alternates written without seeing it (31), and with the second
# pair of authors' held-out half (52, the same with the knowledge base before and after the
# round that followed); a higher count means held-out questions were copied into the knowledge
# base, which makes its figure meaningless.
HELD_OUT_COINCIDENCES = 52


def test_held_out_questions_are_not_copied_into_the_knowledge_base(kb, labelled):
    phrasings = {normalize_phrase(p): t.id for t in kb for p in (t.question, *t.alternates)}
    copies = [
        q.line for q in labelled
        if q.split == "heldout" and any(fuzz.ratio(normalize_phrase(q.question), p) >= 90 for p in phrasings)
    ]
    assert len(copies) <= HELD_OUT_COINCIDENCES


def test_eval_figures_do_not_fall_below_the_reported_ones(assistant, labelled):
    """The README reports both parts; the held-out part (never tuned on) is the one to believe.
    The issue's held-out targets (top-1 >= 95%, wrong topic <= 2%, out of scope answered <= 2%)
    are not met yet: these floors are today's figures, so a change cannot make them worse."""
    floors = {"dev": (0.93, 0.025, 0.01), "heldout": (0.85, 0.035, 0.04)}
    for split, (top1, wrong, false_answers) in floors.items():
        figures = evaluate(assistant, [q for q in labelled if q.split == split]).figures
        assert figures["top1_accuracy"] >= top1, (split, figures)
        assert figures["answered_wrongly"] <= wrong, (split, figures)
        assert figures["false_answer_rate"] <= false_answers, (split, figures)
        assert figures["emergency_recall"] == 1.0, split
        assert figures["false_emergency_rate"] <= 0.01, split
