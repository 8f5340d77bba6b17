"""The assistant service in two languages: the ask API's `language` field (validated, or the
question's own language detected, with the request's as the hint), answers and their personal
additions in the answer's language, and the language kept in the log."""
from __future__ import annotations

import jsonschema
import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from faq.knowledge import translated_languages
from portal.assistant import answers as service
from portal.models import AssistantExchange
from tests.helpers import csrf_token

pytestmark = pytest.mark.skipif("es" not in translated_languages(), reason="no Spanish knowledge base yet")
API = "/api/v1/assistant/ask"


@pytest.fixture(autouse=True)
def fresh_engine():
    service.clear_cache()
    yield
    service.clear_cache()


def _last(db) -> AssistantExchange:
    return db.scalars(select(AssistantExchange).order_by(AssistantExchange.id.desc())).first()


def test_the_api_answers_in_the_language_asked_for(client, db):
    spec = client.get("/api/v1/openapi.json").json
    response = client.post(API, json={"question": "quiero darme de baja del programa", "language": "es"})
    assert response.status_code == 200
    jsonschema.validate(response.json, {"$ref": "#/components/schemas/AssistantAnswer", **spec})
    assert (response.json["language"], response.json["topic_id"]) == ("es", "withdraw-enrollment")
    assert _last(db).language == "es"


@pytest.mark.parametrize("language", ["fr", "ES", "spanish", 5, ["es"]])
def test_a_language_the_assistant_does_not_speak_is_a_400(client, db, language):
    response = client.post(API, json={"question": "hola", "language": language})
    assert response.status_code == 400
    assert response.json["error"]["field"] == "language" and "en, es" in response.json["error"]["message"]


def test_without_a_language_the_question_says_which(client, db):
    spanish = client.post(API, json={"question": "¿Cómo me inscribo en un programa?"}).json
    assert (spanish["language"], spanish["topic_id"]) == ("es", "how-to-enroll")
    english = client.post(API, json={"question": "how do I join a program?"}, headers={"Accept-Language": "es"}).json
    assert english["language"] == "en"


def test_a_short_question_takes_the_requests_language_then_the_conversations(client, db):
    first = client.post(API, json={"question": "NPI"}, headers={"Accept-Language": "es"}).json
    assert first["language"] == "es"
    started = client.post(API, json={"question": "¿qué programas hay?"}).json
    follow = client.post(API, json={"question": "2", "conversation_id": started["conversation_id"]}).json
    assert follow["language"] == "es"


def test_a_spanish_emergency_links_its_numbers(client, db):
    data = client.post(API, json={"question": "me quiero morir", "language": "es"}).json
    assert (data["outcome"], data["language"]) == ("emergency", "es")
    assert all(f'href="{href}"' in data["answer_html"] for href in ("tel:911", "tel:988", "sms:988"))
    assert _last(db).language == "es"


def test_the_sign_in_hint_is_in_the_answers_language(app, client, db):
    token = csrf_token(client, "/assistant")
    data = client.post("/assistant/ask", data={"question": "¿en qué programas estoy inscrito?"},
                       headers={"X-CSRFToken": token, "Accept": "application/json"}).json
    assert (data["language"], data["topic_id"]) == ("es", "enrollment-status")
    with app.test_request_context("/"), force_locale("es"):
        hint = gettext("Sign in to see the programs you are in.")
    assert hint in data["answer_text"]


def test_starters_and_logged_answers_in_spanish(app, client, db):
    with app.app_context():
        starters = service.suggested_questions(app.config["PORTAL_PAYER_NAME"], "patient", "es")
        kb = service.knowledge(app.config["PORTAL_PAYER_NAME"], "es")
    assert starters and all(kb.topic(s["topic_id"]).question == s["question"] for s in starters)
    client.post(API, json={"question": "programa de diabetes", "language": "es"})
    with app.test_request_context("/"):
        shown = service.answer_shown(db, app.config["PORTAL_PAYER_NAME"], _last(db))
    assert str(shown).startswith(service.engine(db, app.config["PORTAL_PAYER_NAME"]).answer_topic(
        "diabetes-program", "patient", language="es").answer_html[:40])
