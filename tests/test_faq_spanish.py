"""The assistant in Spanish: language detection, Spanish normalization, scope rules and
conversations, the package's `language` API, the Spanish knowledge base's checks, the command
line, and the Spanish labelled set's figures."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from faq import Assistant, Translation, load_knowledge_base, read_knowledge_base
from faq.assistant import ANSWER, EMERGENCY, FALLBACK
from faq.conversation import Context
from faq.evaluation import EXPECT_FALLBACK, evaluate, evaluate_conversations, file_language, read_conversations, read_labelled
from faq.knowledge import KNOWLEDGE_DIR, check_knowledge_base, translated_languages
from faq.language import detect_language, profile
from faq.rules import detect_out_of_scope
from faq.text import Analyzer, normalize_phrase

ROOT = Path(__file__).resolve().parent.parent
EVAL_ES = ROOT / "tests" / "faq_eval_es.tsv"
CONVERSATIONS_ES = ROOT / "tests" / "faq_conversations_es.tsv"
SPANISH = profile("es")
needs_spanish = pytest.mark.skipif("es" not in translated_languages(), reason="no Spanish knowledge base yet")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def kb_es():
    if "es" not in translated_languages():
        pytest.skip("no Spanish knowledge base yet")
    return load_knowledge_base(language="es")


@pytest.fixture(scope="module")
def assistant(kb, kb_es):
    return Assistant(kb, translations={"es": Translation(kb_es)})


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(lexicon=SPANISH.lexicon)


def play(assistant, turns, audience="patient", hint=None):
    context, answers = None, []
    for question in turns:
        answer = assistant.converse(question, audience, context, hint=hint)
        answers.append(answer)
        context = answer.context
    return answers


# --- detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, hint, expected", [
    ("¿Cómo me inscribo en el programa de diabetes?", "en", "es"),
    ("como me inscribo", "en", "es"),  # no accents, no question marks
    ("q tengo q hacer pa darme de baja", "en", "es"),  # texting
    ("ola kiero info del programa", "en", "es"),
    ("How do I enroll in the diabetes program?", "es", "en"),
    ("my doctor is José García, how do I reach him?", "es", "en"),  # a Spanish name in English
    ("NPI", "es", "es"), ("NPI", "en", "en"),  # short and unclear: the hint
    ("2", "es", "es"), ("ok", "en", "en"), ("", "es", "es"),
    ("je voudrais changer mon mot de passe", "en", "en"),  # another language: the page's
    ("我怎么注册", "es", "es"),
])
def test_detection_reads_the_words_and_keeps_the_hint_when_they_do_not_say(text, hint, expected):
    assert detect_language(text, hint) == expected


def test_detection_defaults_to_english_and_ignores_unknown_hints():
    assert detect_language("2") == "en"
    assert detect_language("2", "fr") == "en"


@needs_spanish
def test_a_spanish_question_on_an_english_page_is_answered_in_spanish(assistant, kb_es):
    answer = assistant.ask("¿Cómo me doy de baja de un programa?", hint="en")
    assert (answer.language, answer.outcome, answer.topic_id) == ("es", ANSWER, "withdraw-enrollment")
    assert answer.to_dict()["language"] == "es"
    assert answer.answer_text.split()[0] in kb_es.topic("withdraw-enrollment").answer


@needs_spanish
def test_an_english_question_on_a_spanish_page_is_answered_in_english(assistant):
    answer = assistant.ask("how do I leave a program?", hint="es")
    assert (answer.language, answer.topic_id) == ("en", "withdraw-enrollment")


@needs_spanish
def test_another_language_falls_back_in_the_page_language(assistant, kb_es):
    for hint in ("en", "es"):
        answer = assistant.ask("je voudrais changer mon mot de passe", hint=hint)
        assert (answer.outcome, answer.reason, answer.language) == (FALLBACK, "other_language", hint)
    assert "español" in assistant.ask("我怎么注册", hint="es").answer_text


# --- normalization -------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("¿Cómo cambio mi contraseña?", "como cambio mi contrasena"),  # accents, ñ, ¿
    ("olvidé la CONTRASEÑA", "olvide la contrasena"),
    ("q hago xq no puedo entrar", "que hago porque no puedo entrar"),  # texting shorthand
    ("ola tmb kiero info", "hola tambien quiero informacion"),
])
def test_spanish_text_is_folded_and_shorthand_written_out(a, b):
    assert normalize_phrase(a, lexicon=SPANISH.lexicon) == b


@pytest.mark.parametrize("question, concept", [
    ("quiero dejar de fumar", "tobacco"), ("dejar el vape", "tobacco"), ("vapear", "tobacco"),
    ("cigarros", "tobacco"), ("bajar de peso", "weight"), ("tengo el azúcar alta", "diabetes"),
    ("soy diabético", "diabetes"), ("diabetis", "diabetes"), ("problemas del corazón", "heart"),
    ("cardíaco", "heart"), ("quiero darme de baja", "withdraw"), ("salirme del programa", "withdraw"),
    ("cancelar", "withdraw"), ("mi cordinadora", "coordinator"), ("coordinadora de atención", "coordinator"),
    ("inscrivirme", "enroll"), ("me uno", "enroll"), ("inscribirme", "enroll"), ("inscripción", "enroll"),
    ("contrasena", "password"), ("contraseña", "password"), ("el NPI del médico", "npi"),
    ("1234567893", "npi"), ("mi care coordinator", "coordinator"), ("sign up", "enroll"),
])
def test_synonyms_and_misspellings_reach_the_shared_concepts(analyzer, question, concept):
    assert concept in analyzer.analyze(question).tokens


def test_stemming_joins_word_forms(analyzer):
    forms = ["enfermedad", "enfermedades"], ["sesión", "sesiones"], ["inscribirme", "inscribir"], ["programa", "programas"]
    for words in forms:
        assert len({analyzer.analyze(word).tokens for word in words}) == 1, words


def test_stop_words_and_relatives_never_decide_a_match(analyzer):
    assert analyzer.analyze("¿qué es esto?").tokens == ()
    assert analyzer.analyze("mi mamá quiere salirse del programa").tokens[:2] == ("them", "withdraw")


# --- scope rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize("question, reason", [
    ("¿qué dosis de metformina debo tomar?", "medical_advice"),
    ("¿la insulina tiene efectos secundarios?", "medical_advice"),
    ("tengo dolor de cabeza todos los días", "medical_advice"),
    ("¿debo tomar aspirina?", "medical_advice"),
    ("cuánta insulina me pongo antes de cenar", "medical_advice"),
    ("¿qué debo comer si soy diabético?", "medical_advice"),
    ("mis resultados de laboratorio salieron altos", "medical_advice"),
    ("¿cuánto es mi copago?", "benefits"),
    ("¿mi seguro cubre la resonancia?", "benefits"),
    ("necesito autorización previa para una cirugía", "benefits"),
    ("me negaron un reclamo dental", "benefits"),
    ("¿cubren lentes?", "benefits"),
    ("la farmacia no tiene mi medicina", "benefits"),
    ("¿cuál es el código de facturación para una visita?", "benefits"),
    ("¿qué tiempo hace hoy en Torrance?", "no_match"),
    ("dame una receta de pollo", "no_match"),
])
def test_out_of_scope_spanish_questions_fall_back(analyzer, question, reason):
    assert detect_out_of_scope(analyzer.analyze(question), SPANISH.scope) == reason


@pytest.mark.parametrize("question", [
    "¿cuánto cuesta el programa de diabetes?",  # cost-to-patient, not benefits
    "¿mi prima sube si me inscribo en el programa?",
    "no tengo dolor, solo quiero saber del programa del corazón",  # a denied symptom
    "¿el clima afecta mi inscripción en el programa?",  # off-topic words with the program named
])
def test_the_same_words_about_the_program_stay_in_scope(analyzer, question):
    assert detect_out_of_scope(analyzer.analyze(question), SPANISH.scope) is None


@needs_spanish
def test_out_of_scope_replies_are_spanish_and_link_to_a_person(assistant):
    answer = assistant.ask("¿qué dosis de metformina debo tomar?", hint="es")
    assert (answer.outcome, answer.reason, answer.language) == (FALLBACK, "medical_advice", "es")
    assert 'href="/contact"' in answer.answer_html


# --- emergencies -----------------------------------------------------------------------------------


@needs_spanish
def test_a_spanish_emergency_gets_the_spanish_reply_with_its_numbers(assistant):
    answer = assistant.ask("me quiero morir", hint="es")
    assert (answer.outcome, answer.language) == (EMERGENCY, "es")
    assert all(f'href="{href}"' in answer.answer_html for href in ("tel:988", "sms:988", "tel:911"))


@needs_spanish
def test_a_spanish_emergency_read_in_english_adds_the_spanish_lines(assistant, kb):
    answer = assistant.ask("me quiero morir", language="en")
    assert (answer.outcome, answer.language) == (EMERGENCY, "en")
    assert answer.answer_text.startswith(assistant.ask("I want to die").answer_text.split("\n")[0])
    assert "988" in answer.answer_text.split("\n\n")[-1] and "español" in answer.answer_text


# --- conversations ---------------------------------------------------------------------------------


@needs_spanish
@pytest.mark.parametrize("turns, expected, reading", [
    (["háblame del programa de diabetes", "¿y para el corazón?"], "heart-disease-program", "sibling"),
    (["¿cómo me inscribo en el programa de diabetes?", "¿y el de peso?"], "how-to-enroll", "same-for"),
    (["quiero dejar de fumar", "gracias"], None, "small-talk"),
])
def test_spanish_follow_ups_and_small_talk(assistant, turns, expected, reading):
    last = play(assistant, turns, hint="es")[-1]
    assert (last.topic_id, last.reading, last.language) == (expected, reading, "es")


@needs_spanish
@pytest.mark.parametrize("pick, index", [("2", 1), ("la opción 1", 0), ("la última", -1), ("sí, la segunda", 1),
                                         ("el número dos por favor", 1)])
def test_picking_an_offered_option_in_spanish(assistant, pick, index):
    first = assistant.ask("programas", hint="es")
    assert first.suggestions, first
    answer = assistant.converse(pick, "patient", first.context)
    assert (answer.reading, answer.topic_id, answer.language) == ("pick", first.suggestions[index].topic_id, "es")


@needs_spanish
@pytest.mark.parametrize("rejection", ["no, eso no es lo que quería", "respuesta equivocada", "ninguna"])
def test_turning_down_an_answer_in_spanish(assistant, rejection):
    first = assistant.ask("¿cómo me inscribo en un programa?", hint="es")
    assert first.outcome == ANSWER
    answer = assistant.converse(rejection, "patient", first.context)
    assert answer.reading == "reject" and answer.topic_id != first.topic_id
    assert all(s.topic_id != first.topic_id for s in answer.suggestions)


@needs_spanish
def test_a_question_starting_with_no_is_not_a_rejection(assistant):
    first = assistant.ask("¿cómo me inscribo en un programa?", hint="es")
    answer = assistant.converse("no puedo iniciar sesión", "patient", first.context)
    assert answer.reading != "reject"


@needs_spanish
@pytest.mark.parametrize("greeting, reply", [("hola", "greeting"), ("buenos días", "greeting"), ("gracias", "closing")])
def test_spanish_small_talk(assistant, greeting, reply):
    answer = assistant.ask(greeting, hint="en")
    assert (answer.reading, answer.reason, answer.language) == ("small-talk", reply, "es")


@needs_spanish
def test_asking_for_a_person_in_spanish_hands_over(assistant):
    answer = assistant.ask("quiero hablar con una persona", hint="es")
    assert (answer.topic_id, answer.handover) == ("contact-support", True)


@needs_spanish
def test_the_context_remembers_the_language_of_the_conversation(assistant):
    first = assistant.ask("¿qué programas hay?", hint="en")
    assert first.context.language == "es"
    stored = Context.from_dict(json.loads(json.dumps(first.context.to_dict())))
    assert stored.language == "es"
    # "2" says nothing of its language: the conversation's wins over the page's
    assert assistant.converse("2", "patient", stored, hint="en").language == "es"
    # a question plainly in English switches the conversation to English
    assert assistant.converse("how do I join a program?", "patient", stored, hint="es").language == "en"


# --- the package's API -----------------------------------------------------------------------------


@needs_spanish
def test_an_explicit_language_reads_and_answers_in_it(assistant):
    answer = assistant.ask("programa de diabetes", language="es")
    assert (answer.language, answer.topic_id) == ("es", "diabetes-program")
    with pytest.raises(ValueError):
        assistant.ask("hola", language="fr")


def test_an_english_only_assistant_answers_spanish_with_the_other_language_reply(kb):
    answer = Assistant(kb).ask("¿Cómo me inscribo en el programa de diabetes?")
    assert (answer.outcome, answer.reason, answer.language) == (FALLBACK, "other_language", "en")


@needs_spanish
def test_suggestions_and_topics_in_spanish(assistant, kb_es):
    suggested = assistant.suggested_questions("patient", language="es")
    assert [s.question for s in suggested] == [t.question for t in kb_es.topics_for("patient")]
    answer = assistant.answer_topic("how-to-enroll", "patient", language="es")
    assert answer.language == "es" and answer.answer_html == assistant.answer_topic(
        "how-to-enroll", "patient", Context(language="es", turn=1)).answer_html
    assert assistant.answer_topic("how-to-enroll", "patient").language == "en"


@needs_spanish
def test_staff_phrasings_are_per_language(kb, kb_es):
    taught = Assistant(kb, translations={"es": Translation(kb_es, extra_alternates={"contact-support": ["cebra cruce"]},
                                                           negatives={"withdraw-enrollment": ["cancelar"]})})
    assert taught.ask("cebra cruce", language="es").topic_id == "contact-support"
    assert taught.ask("cancelar", language="es").topic_id != "withdraw-enrollment"
    assert taught.ask("cancel", language="en").topic_id == "withdraw-enrollment"


# --- the Spanish knowledge base --------------------------------------------------------------------


@needs_spanish
def test_the_spanish_knowledge_base_translates_every_topic(kb, kb_es):
    assert [t.id for t in kb_es] == [t.id for t in kb] or {t.id for t in kb_es} == {t.id for t in kb}
    for topic in kb_es:
        english = kb.topic(topic.id)
        assert (topic.audience, topic.related) == (english.audience, english.related)
        assert len(topic.alternates) >= 8
    assert set(kb_es.responses) == set(kb.responses)
    assert {(v.group, v.name, v.topic) for v in kb_es.entities} == {(v.group, v.name, v.topic) for v in kb.entities}


def _spanish_copy(tmp_path: Path) -> Path:
    if "es" not in translated_languages():
        pytest.skip("no Spanish knowledge base yet")
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    return copy


def _edit_first_topic(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["topics"][0])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_spanish_checks_name_every_problem(tmp_path):
    root = _spanish_copy(tmp_path)
    about = root / "es" / "topics" / "about.yaml"
    first_id = yaml.safe_load(about.read_text(encoding="utf-8"))["topics"][0]["id"]

    def break_it(topic):
        topic["audience"] = "provider" if topic.get("audience") != "provider" else "patient"
        topic["links"] = [{"label": "Nowhere", "path": "/nowhere"}]
        topic["alternates"] = topic["alternates"][:3]

    _edit_first_topic(about, break_it)
    data = yaml.safe_load(about.read_text(encoding="utf-8"))
    data["topics"].append({**data["topics"][0], "id": "teleportation"})
    about.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (root / "es" / "topics" / "account.yaml").unlink()
    kb, problems = read_knowledge_base(root, language="es")
    problems += check_knowledge_base(kb)
    text = "\n".join(problems)
    assert f"('{first_id}'): audience" in text and "differs from the English topic's" in text
    assert "link to '/nowhere' is not in site.yaml" in text
    assert "needs at least 8" in text
    assert "topic 'teleportation' is not an English topic" in text
    assert "has no translation" in text


def test_a_translation_takes_audience_and_related_from_english(tmp_path):
    root = _spanish_copy(tmp_path)
    _edit_first_topic(root / "es" / "topics" / "about.yaml", lambda topic: (topic.pop("audience", None),
                                                                           topic.pop("related", None)))
    kb, problems = read_knowledge_base(root, language="es")
    assert problems + check_knowledge_base(kb) == []


# --- command line ---------------------------------------------------------------------------------


def faq(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "faq", *args], cwd=ROOT, input=stdin, capture_output=True, text=True,
                          timeout=120)


@needs_spanish
def test_cli_answer_in_spanish():
    result = faq("answer", "--json", "--language", "es", "quiero darme de baja")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["language"], data["topic_id"]) == ("es", "withdraw-enrollment")
    detected = json.loads(faq("answer", "--json", "¿cómo me inscribo?").stdout)
    assert detected["language"] == "es"
    assert faq("answer", "--language", "fr", "hola").returncode == 2


@needs_spanish
def test_cli_chat_takes_a_language_per_line():
    lines = [{"conversation": "a", "question": "programas", "language": "es"},
             {"conversation": "a", "question": "2"},
             {"conversation": "b", "question": "NPI", "language": "en"},
             {"conversation": "c", "question": "hola", "language": "fr"}]
    result = faq("chat", "--json", stdin="\n".join(json.dumps(line) for line in lines) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a.get("language") for a in answers[:3]] == ["es", "es", "en"]
    assert "error" in answers[3] and "language" in answers[3]["error"]


@needs_spanish
def test_cli_check_covers_both_languages():
    result = faq("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ") and "\nok (es): " in result.stdout


@needs_spanish
def test_cli_eval_reads_the_language_from_the_file_name_a_column_or_the_option(tmp_path):
    rows = "expected\taudience\tquestion\nwithdraw-enrollment\tpatient\tquiero darme de baja del programa\n"
    named = tmp_path / "mini_es.tsv"
    named.write_text(rows, encoding="utf-8")
    plain = tmp_path / "mini.tsv"
    plain.write_text(rows, encoding="utf-8")
    column = tmp_path / "column.tsv"
    column.write_text("language\t" + rows.replace("\n", "\nes\t", 1).rstrip("\t"), encoding="utf-8")
    assert file_language(named) == "es" and file_language(plain) == "en" and file_language(plain, "es") == "es"
    for args in ((str(named),), (str(plain), "--language", "es"), (str(column),)):
        result = faq("eval", *args)
        assert result.returncode == 0, result.stderr
        assert "top-1 accuracy 100.0%" in result.stdout, (args, result.stdout)


# --- the Spanish labelled set -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def labelled_es(kb):
    if not EVAL_ES.exists():
        pytest.skip("no Spanish labelled set yet")
    return read_labelled(EVAL_ES, kb)


def test_the_spanish_labelled_set_is_large_enough_and_spanish(labelled_es):
    assert len(labelled_es) >= 300 and {q.language for q in labelled_es} == {"es"}
    assert {q.split for q in labelled_es} == {"dev", "heldout"}
    assert sum(q.expected == EXPECT_FALLBACK for q in labelled_es) >= 20


def test_spanish_figures_meet_the_issue_targets(assistant, labelled_es):
    """Held-out top-1 >= 90%, every emergency routed, out of scope answered <= 2% (the dev rows
    were tuned on, the held-out ones never: that is the figure to believe)."""
    for split in ("dev", "heldout"):
        figures = evaluate(assistant, [q for q in labelled_es if q.split == split]).figures
        assert figures["top1_accuracy"] >= 0.90, (split, figures)
        assert figures["emergency_recall"] == 1.0, (split, figures)
        assert figures["false_answer_rate"] <= 0.02, (split, figures)


@needs_spanish
def test_spanish_conversations_are_followed(assistant, kb):
    if not CONVERSATIONS_ES.exists():
        pytest.skip("no Spanish conversations yet")
    conversations = read_conversations(CONVERSATIONS_ES, kb)
    figures = evaluate_conversations(assistant, conversations).figures
    assert figures["emergencies_missed"] == 0
    assert figures["follow_up_right"] >= 0.8, figures


@pytest.mark.parametrize("question, concept", [
    # joining in every person, with the pronoun that tells "me uno" from the number "uno"
    ("¿cómo me uno a un programa?", "enroll"), ("mi esposa se une", "enroll"), ("nos unimos", "enroll"),
    ("te unes", "enroll"), ("me inscribo", "enroll"), ("se inscriben", "enroll"), ("me apunto", "enroll"),
    ("me afilio", "enroll"), ("afiliarse", "enroll"), ("quiero meterme al programa", "enroll"),
    ("me registro en el programa de diabetes", "enroll"), ("registrarme para un programa", "enroll"),
    # leaving a habit is tobacco, leaving a program or the calls is withdrawing
    ("quiero dejar el vape", "tobacco"), ("dejo ya el cigarro", "tobacco"), ("quiero dejar el vicio de fumar", "tobacco"),
    ("dejar de usar el vape", "tobacco"), ("parar de fumar", "tobacco"), ("quitarme el cigarro", "tobacco"),
    ("dejar el programa", "withdraw"), ("dejar de recibir llamadas", "withdraw"), ("¿cómo paro las llamadas?", "withdraw"),
    ("quiero parar el programa", "withdraw"), ("detener mi inscripción", "withdraw"),
    # words that share a stem with a word of another meaning
    ("¿cuáles son las metas?", "goal"), ("¿cuánto sale?", "cost"), ("¿cuánto me sale el programa?", "cost"),
    ("me sale un error", "problem"), ("¿en qué estados?", "state"), ("seguridad de mis datos", "privacy"),
    ("quiero registrarme", "register"), ("¿registran lo que hago?", "audit"), ("la aplicación", "portal"),
    ("aplicar al programa", "enroll"), ("¿qué programas tengo?", "enrolled"), ("¿en qué programas estoy?", "enrolled"),
    ("¿en qué programa me inscribí?", "enrolled"), ("¿qué programas hay?", "catalog"),
    ("¿a quién le pregunto?", "human"), ("un humano", "human"), ("una persona", "human"),
    # English words inside Spanish questions stay English
    ("case manager care", "casemanager"), ("my care coordinator", "coordinator"), ("no puedo hacer login", "login"),
    ("olvidé mi password", "password"), ("cambiar mi email", "contact"), ("el portal", "portal"),
])
def test_everyday_spanish_reaches_its_concept(analyzer, question, concept):
    assert concept in analyzer.analyze(question).tokens


@pytest.mark.parametrize("question, concept", [
    ("case manager care", "cost"), ("¿cuáles son las metas?", "enroll"), ("quiero dejar el vape", "withdraw"),
    ("dejar el cigarro", "withdraw"), ("¿cuánto sale?", "withdraw"), ("me sale un error", "withdraw"),
    ("quiero registrarme", "audit"), ("¿qué programas tengo?", "catalog"), ("¿en qué estados?", "status"),
    ("seguridad de mis datos", "plan"), ("¿cuál es la función del coordinador?", "portaluse"),
    ("¿cómo funciona la asignación?", "role"), ("¿cuánto tiempo dura?", "size"),
])
def test_a_word_is_not_read_as_a_word_of_the_same_stem(analyzer, question, concept):
    assert concept not in analyzer.analyze(question).tokens


def test_words_that_stem_alike_stay_apart_in_the_tables(analyzer):
    """Two synonyms of different concepts must not reach one stem key: the later would hide the other."""
    from faq.lexicon_es import SYNONYMS
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for phrase, concept in SYNONYMS.items():
        key = analyzer._phrase_key(phrase)
        earlier = seen.setdefault(key, (phrase, concept))
        assert earlier[1] == concept, (earlier, (phrase, concept))


def test_kept_words_are_kept_and_english_words_stay_english(analyzer):
    """"preguntar" counts (it is someone to ask), the noun "pregunta" does not; "care" is never "caro"."""
    assert analyzer.analyze("quiero preguntar algo").tokens
    assert analyzer.analyze("una pregunta").tokens == ()
    assert analyzer.analyze("care").tokens == ()
    assert analyzer.analyze("programs").tokens == analyzer.analyze("programas").tokens


@needs_spanish
@pytest.mark.parametrize("question, topic", [
    ("¿cómo me uno a un programa?", "how-to-enroll"), ("quiero dejar el vape", "tobacco-cessation"),
    ("dejar el programa", "withdraw-enrollment"), ("¿cuánto sale?", "cost-to-patient"),
    ("¿en qué programas estoy?", "enrollment-status"), ("case manager care", "case-manager"),
])
def test_the_author_s_questions_are_answered(assistant, question, topic):
    answer = assistant.ask(question, "patient", language="es")
    assert (answer.outcome, answer.topic_id) == (ANSWER, topic)
