"""The assistant in the portal: page and panel endpoints, personal answers, the masked log,
feedback, picked suggestions, the public API, and knowledge-base links into the portal."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from sqlalchemy import select
from werkzeug.routing import RequestRedirect
from werkzeug.exceptions import MethodNotAllowed, NotFound

from portal.assistant import answers as service
from portal.models import AssistantExchange, AuditEvent
from tests import factories as f
from tests.helpers import csrf_token, post


@pytest.fixture(autouse=True)
def fresh_engine():
    service.clear_cache()
    yield
    service.clear_cache()


def _exchanges(db) -> list[AssistantExchange]:
    return list(db.scalars(select(AssistantExchange).order_by(AssistantExchange.id)))


def _ask_json(client, question, **extra):
    token = csrf_token(client, "/assistant")
    return client.post("/assistant/ask", data={"question": question, **extra},
                       headers={"X-CSRFToken": token, "Accept": "application/json"})


# --- asking -------------------------------------------------------------------------------------


def test_page_works_without_javascript_and_logs_masked(client, db):
    page = client.get("/assistant").get_data(as_text=True)
    assert "Questions people ask" in page and 'name="question"' in page
    question = "I'm CC100000123 born 03/09/1975, call 312-555-0101: what is a care coordinator?"
    response = post(client, "/assistant", {"question": question, "audience": "patient"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Was this helpful?" in body
    exchange = _exchanges(db)[-1]
    assert exchange.question == "I'm [MEMBER ID] born [DATE], call [PHONE]: what is a care coordinator?"
    assert exchange.role == "anonymous" and exchange.audience == "patient"
    assert len(exchange.candidates) == 3 and exchange.latency_ms > 0
    answered = post(client, "/assistant", {"question": "what is a care coordinator?"}).get_data(as_text=True)
    assert "registered nurse" in answered
    assert _exchanges(db)[-1].topic_id == "care-coordinator" and _exchanges(db)[-1].outcome == "answer"


def test_json_endpoint_returns_the_contract_fields(client, db):
    response = _ask_json(client, "how do I leave a program?")
    assert response.status_code == 200
    data = response.json
    assert {"outcome", "topic_id", "confidence", "answer_text", "answer_html", "suggestions", "exchange_id",
            "conversation_id", "handover", "language"} == set(data)
    assert data["outcome"] == "answer" and data["topic_id"] == "withdraw-enrollment"


def test_emergency_always_wins(client, db):
    data = _ask_json(client, "how do i enroll in the heart program, i have chest pain right now").json
    assert data["outcome"] == "emergency" and "911" in data["answer_text"]
    assert _exchanges(db)[-1].outcome == "emergency"


@pytest.mark.parametrize("question", ["x" * 10_000, "😀😀😀", "'; DROP TABLE users; --", "¿Cómo me inscribo?",
                                      "<script>alert(1)</script>"])
def test_odd_questions_get_a_sensible_outcome(client, db, question):
    response = _ask_json(client, question)
    assert response.status_code == 200 and response.json["outcome"] in ("fallback", "clarify", "answer")
    assert "<script>" not in response.json["answer_html"]
    page = post(client, "/assistant", {"question": question}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_script_in_a_question_is_shown_escaped(client, db):
    page = post(client, "/assistant", {"question": "<script>alert(1)</script> how do I enroll"}).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; how do I enroll" in page
    assert "<script>alert(1)" not in page


def test_empty_question_is_a_400(client, db):
    assert post(client, "/assistant", {"question": "   "}).status_code == 400


# --- personal answers ----------------------------------------------------------------------------


@pytest.fixture
def patient(make_client, db):
    org = f.organization(name="Lakeside Physicians")
    program = f.program(org)
    coordinator = f.care_coordinator(org, first_name="Casey", last_name="Nurse", phone="312-555-0101")
    member = f.member(date_of_birth=date(1980, 1, 1))
    f.attribution(member, program, care_coordinator=coordinator, pcp=f.provider(programs=[program]))
    f.enrollment(member, f.clinical_program(name="Weight management", code="weight-management"),
                 confirmation_code="EN-ABCDEFGH")
    db.commit()
    return make_client("patient", member=member)


def test_signed_in_patient_gets_their_own_enrollments(patient, db):
    data = _ask_json(patient, "am I enrolled in anything?").json
    assert data["topic_id"] == "enrollment-status"
    assert "Weight management" in data["answer_text"] and "EN-ABCDEFGH" in data["answer_html"]
    views = list(db.scalars(select(AuditEvent).where(AuditEvent.action == "member.view")))
    assert views and views[-1].member_ref == patient.user.member.member_id
    assert _exchanges(db)[-1].tags.endswith("personal") and _exchanges(db)[-1].role == "patient"


def test_signed_in_patient_gets_their_care_coordinator(patient, db):
    data = _ask_json(patient, "who is my care coordinator").json
    assert "Casey Nurse" in data["answer_text"] and "312-555-0101" in data["answer_text"]


def test_anonymous_gets_the_general_answer_and_a_sign_in_hint(client, db):
    data = _ask_json(client, "am I enrolled in anything?").json
    assert "Sign in to see the programs you are in." in data["answer_text"]
    assert "EN-" not in data["answer_text"]
    assert not list(db.scalars(select(AuditEvent).where(AuditEvent.action == "member.view")))


# --- feedback and suggestions -----------------------------------------------------------------------


def test_feedback_only_on_this_sessions_exchanges(client, app, db):
    first = _ask_json(client, "what is collaborative care").json
    response = client.post("/assistant/feedback", data={"exchange": first["exchange_id"], "value": "not_helpful"},
                           headers={"X-CSRFToken": csrf_token(client, "/assistant"), "Accept": "application/json"})
    assert response.status_code == 200
    assert _exchanges(db)[-1].feedback == "not_helpful"
    stranger = app.test_client()
    other = post(stranger, "/assistant/feedback", {"exchange": first["exchange_id"], "value": "helpful"})
    assert other.status_code == 400
    assert post(client, "/assistant/feedback", {"exchange": first["exchange_id"], "value": "meh"}).status_code == 400
    db.expire_all()
    assert _exchanges(db)[-1].feedback == "not_helpful"


def test_not_helpful_leads_to_a_person_without_javascript(client, app, db):
    first = _ask_json(client, "what is collaborative care").json
    page = post(client, "/assistant/feedback", {"exchange": first["exchange_id"], "value": "not_helpful"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "To talk to a person, call" in text
    assert f">{app.config['PORTAL_SUPPORT_PHONE']}</a>" in text and 'href="/assistant/contact?from=assistant"' in text


def test_picked_suggestion_is_logged(client, db):
    first = _ask_json(client, "programs").json
    assert first["suggestions"]
    choice = first["suggestions"][0]
    second = _ask_json(client, choice["question"], topic=choice["topic_id"], **{"from": first["exchange_id"]}).json
    assert second["topic_id"] == choice["topic_id"] and second["outcome"] == "answer"
    db.expire_all()
    assert db.get(AssistantExchange, first["exchange_id"]).picked_suggestion == choice["topic_id"]


def test_staff_phrases_change_the_engine(client, db):
    from portal.models import AssistantPhrase, utcnow

    before = _ask_json(client, "zorbleflax").json
    assert before["outcome"] == "fallback"
    db.add(AssistantPhrase(topic_id="how-to-enroll", kind="alternate", phrase="zorbleflax", normalized="zorbleflax",
                           approved_at=utcnow()))
    db.commit()
    after = _ask_json(client, "zorbleflax").json
    assert after["outcome"] == "answer" and after["topic_id"] == "how-to-enroll"


# --- the public API ---------------------------------------------------------------------------------


def test_public_api_ask(client, db):
    spec = client.get("/api/v1/openapi.json").json
    response = client.post("/api/v1/assistant/ask", json={"question": "is there a cost to join?", "audience": "patient"})
    assert response.status_code == 200
    jsonschema.validate(response.json, {"$ref": "#/components/schemas/AssistantAnswer", **spec})
    assert response.json["outcome"] in ("answer", "clarify")
    assert client.post("/api/v1/assistant/ask", json={"question": "hi", "audience": "admin"}).status_code == 400
    assert client.post("/api/v1/assistant/ask", json={"audience": "patient"}).status_code == 400
    assert client.post("/api/v1/assistant/ask", data="not json").status_code == 400
    assert _exchanges(db)[-1].role == "api"


def test_public_api_ask_is_rate_limited(client, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_ASSISTANT", "2 per minute")
    statuses = [client.post("/api/v1/assistant/ask", json={"question": "what is an aco"}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]


# --- the knowledge base's links point at real pages -----------------------------------------------------


def test_every_knowledge_base_link_resolves(app):
    site = yaml.safe_load((Path(__file__).resolve().parent.parent / "faq" / "knowledge" / "site.yaml").read_text())
    paths = list(site.values()) if isinstance(site, dict) else []
    paths = [p if isinstance(p, str) else p.get("path") for p in paths]
    assert paths
    adapter = app.url_map.bind("portal.test")
    for path in paths:
        try:
            adapter.match(path.split("?")[0], method="GET")
        except (NotFound, MethodNotAllowed, RequestRedirect) as error:
            pytest.fail(f"{path}: {error!r}")


def test_every_page_offers_starter_questions_that_work_without_javascript(client, provider_client, db):
    home = client.get("/").get_data(as_text=True)
    assert "data-assistant-starters" in home and 'name="topic" value="what-is-collaborative-care"' in home
    office = provider_client.get("/office/").get_data(as_text=True)
    assert 'name="topic" value="verify-patient-enrollment"' in office  # office staff get their questions
    page = post(client, "/assistant", {"topic": "find-my-program", "question": "How do I find my program?",
                                       "audience": "patient"}).get_data(as_text=True)
    assert "Was this helpful?" in page and _exchanges(db)[-1].topic_id == "find-my-program"


def test_a_personal_answer_is_not_followed_by_the_general_one(patient, db):
    """The general enrollment-status answer says "Sign in and open My programs": after the
    patient's own list, that would contradict it."""
    data = _ask_json(patient, "am I enrolled in anything?").json
    assert "Weight management" in data["answer_text"] and "Sign in" not in data["answer_text"]
    assert "Sign in" not in data["answer_html"]


def test_signed_in_patient_asks_which_programs_they_can_join(patient, db):
    f.clinical_program(name="Tobacco cessation", code="tobacco-cessation", eligibility={})
    f.clinical_program(name="Senior fitness", code="senior-fitness", eligibility={"min_age": 65})
    db.commit()
    data = _ask_json(patient, "which programs am I eligible for?").json
    assert data["topic_id"] == "enrollment-eligibility"
    assert "You can join: Tobacco cessation" in data["answer_text"]
    assert 'href="/my/programs/tobacco-cessation/enroll"' in data["answer_html"]
    assert "Senior fitness: " in data["answer_text"] and "Weight management: You are already in Weight management" \
        in data["answer_text"]
    views = list(db.scalars(select(AuditEvent).where(AuditEvent.action == "member.view")))
    assert views[-1].details["what"] == "program eligibility"


def test_signed_out_the_eligibility_question_says_what_signing_in_would_show(client, db):
    data = _ask_json(client, "which programs am I eligible for?").json
    assert "Sign in to see which programs you can join" in data["answer_text"]
