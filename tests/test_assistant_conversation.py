"""Conversations in the portal: context kept on the server per conversation (web session or
API id), never shared or revived, logged turn by turn; the handover to a person and the
"contact me" requests support staff work through."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from portal.assistant import answers as service
from portal.assistant import contact_requests
from portal.models import AssistantConversation, AssistantExchange, AuditEvent, ContactRequest, OutboxMessage
from portal.services.audit import Actor
from tests import factories as f
from tests.helpers import csrf_token, post


@pytest.fixture(autouse=True)
def fresh_engine():
    service.clear_cache()
    yield
    service.clear_cache()


def _ask(client, question, **extra):
    token = csrf_token(client, "/assistant")
    response = client.post("/assistant/ask", data={"question": question, "audience": "patient", **extra},
                           headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def _api(client, question, conversation=None, audience="patient"):
    body = {"question": question, "audience": audience}
    if conversation is not None:
        body["conversation_id"] = conversation
    return client.post("/api/v1/assistant/ask", json=body)


def test_a_three_turn_conversation_in_the_panel(client, db):
    first = _ask(client, "tell me about the diabetes program")
    second = _ask(client, "and for heart disease?")
    third = _ask(client, "how do I join it?")
    assert [first["topic_id"], second["topic_id"], third["topic_id"]] == [
        "diabetes-program", "heart-disease-program", "how-to-enroll"]
    assert first["conversation_id"] == second["conversation_id"] == third["conversation_id"]
    turns = list(db.scalars(select(AssistantExchange).order_by(AssistantExchange.id)))
    assert [(t.turn, t.reading, t.previous_topic_id) for t in turns] == [
        (1, "new", None), (2, "sibling", "diabetes-program"), (3, "new", "heart-disease-program")]
    # The log's key is not the id the asker holds: the log cannot continue a conversation.
    assert len({t.conversation for t in turns}) == 1 and turns[0].conversation != first["conversation_id"]
    stored = db.scalar(select(AssistantConversation))
    assert stored.token_hash != first["conversation_id"] and stored.turns == 3


def test_picking_an_option_by_number_or_words(client, db):
    overview = _ask(client, "what lifestyle programs are there?")
    assert overview["topic_id"] == "lifestyle-programs"
    shown = [s["topic_id"] for s in overview["suggestions"]]
    assert _ask(client, "2")["topic_id"] == shown[1]
    _ask(client, "what lifestyle programs are there?")
    assert _ask(client, "the tobacco one")["topic_id"] == "tobacco-cessation"
    _ask(client, "what lifestyle programs are there?")
    assert _ask(client, "the last one")["topic_id"] == shown[-1]


def test_not_what_i_meant_offers_the_next_candidates(client, db):
    first = _ask(client, "how do I see my doctor")
    second = _ask(client, "no, that's not what I meant")
    assert second["outcome"] == "clarify" and second["suggestions"]
    assert first["topic_id"] not in {s["topic_id"] for s in second["suggestions"]}


def test_a_full_new_question_is_not_hijacked(client, db):
    _ask(client, "tell me about the diabetes program")
    assert _ask(client, "how do I reset my password?")["topic_id"] == "reset-password"


def test_the_page_keeps_the_conversation_without_javascript(client, db):
    post(client, "/assistant", {"question": "tell me about the weight management program", "audience": "patient"})
    page = post(client, "/assistant", {"question": "what about stress?", "audience": "patient"})
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "stress management program" in body.lower()
    assert "Earlier in this conversation" in body and "Answered: Tell me about the weight management program." in body
    assert "You can answer with the number of an option above" in body
    picked = post(client, "/assistant", {"question": "1", "audience": "patient"}).get_data(as_text=True)
    assert db.scalars(select(AssistantExchange).order_by(AssistantExchange.id.desc())).first().reading == "pick"
    assert "Earlier in this conversation" in picked
    # A new conversation forgets the context, on the server too.
    post(client, "/assistant/new", {})
    assert db.scalar(select(func.count(AssistantConversation.id)).where(
        AssistantConversation.expires_at > datetime.now(timezone.utc))) == 0
    post(client, "/assistant", {"question": "1", "audience": "patient"})
    assert db.scalars(select(AssistantExchange).order_by(AssistantExchange.id.desc())).first().reading != "pick"


def test_api_conversations_continue_by_id_and_never_cross(client, db):
    first = _api(client, "how do I verify a patient", audience="provider").json
    follow = _api(client, "what about providers?", first["conversation_id"], "provider").json
    assert follow["topic_id"] == "verify-provider-participation"
    assert follow["conversation_id"] == first["conversation_id"]
    # Unknown, malformed or expired ids: a new conversation, with no context from anyone.
    fresh = _api(client, "what about providers?", "not-a-real-id", "provider").json
    assert fresh["conversation_id"] != first["conversation_id"]
    assert _api(client, "x", 12).status_code == 400
    conversation = db.scalar(select(AssistantConversation).where(AssistantConversation.turns == 2))
    conversation.expires_at = datetime.now(timezone.utc) - timedelta(seconds=1)
    db.commit()
    late = _api(client, "what about providers?", first["conversation_id"], "provider").json
    assert late["conversation_id"] != first["conversation_id"]
    assert service.end_expired_conversations(db) == 1


def test_a_web_conversation_is_bound_to_its_user_and_channel(app, db):
    patient = f.user("patient")
    other = f.user("patient", email="other@example.com")
    first = service.ask(db, service.Asker(Actor.for_user(patient, "127.0.0.1"), "patient"),
                        "tell me about the diabetes program", "patient", "Cigna", thread=service.Thread())
    stolen = service.ask(db, service.Asker(Actor.for_user(other, "127.0.0.1"), "patient"), "and for heart disease?",
                         "patient", "Cigna", thread=service.Thread(first.conversation_id))
    assert stolen.conversation_id != first.conversation_id and stolen.answer.reading != "sibling"
    by_api = service.ask(db, service.Asker(Actor(ip_address="127.0.0.1"), "api"), "and for heart disease?", "patient",
                         "Cigna", thread=service.Thread(first.conversation_id, "api"))
    assert by_api.conversation_id != first.conversation_id


def test_the_context_keeps_no_words_of_the_asker(client, db):
    _ask(client, "Hi, I'm Marisol Quintanilla at 14 Birch Lane, how do I join the diabetes program?")
    context = db.scalar(select(AssistantConversation)).context
    stored = repr(context).lower()
    assert not {"marisol", "quintanilla", "birch", "lane", "14"} & set(stored.replace("'", " ").split())
    assert {"enroll", "diabetes"} <= set(context["terms"])  # only the knowledge base's own words are kept


def test_two_misses_in_a_row_hand_over_to_a_person(client, db, app):
    first = _ask(client, "zorbly fneep")
    assert first["outcome"] == "fallback" and not first["handover"]
    assert "Could you ask in other words?" in first["answer_text"]
    second = _ask(client, "blorp quux wibble")
    assert second["handover"] and "ask us to contact you" in second["answer_html"]
    assert f"tel:{app.config['PORTAL_SUPPORT_PHONE'].replace('-', '')}" in second["answer_html"]
    assert 'href="/assistant/contact?from=assistant"' in second["answer_html"]
    assert app.config["PORTAL_SUPPORT_HOURS"] in second["answer_text"]
    asked = _ask(client, "can I talk to a real person")
    assert asked["topic_id"] == "contact-support" and asked["handover"]


def test_contact_me_request_reaches_the_support_queue(client, support_client, db, app):
    _ask(client, "zorbly fneep")
    form = client.get("/assistant/contact")
    assert form.status_code == 200 and "Ask us to contact you" in form.get_data(as_text=True)
    refused = post(client, "/assistant/contact", {"about": "I cannot find my card", "name": "Ana", "method": "phone"})
    assert refused.status_code == 400 and "Enter a phone number" in refused.get_data(as_text=True)
    assert db.scalar(select(func.count(ContactRequest.id))) == 0
    assert "Your request includes your conversation" in client.get("/assistant/contact?from=assistant").get_data(
        as_text=True)
    assert post(client, "/assistant/contact", {"about": "x", "name": "Ana", "method": "phone",
                                               "phone": "((((((((("}).status_code == 400  # no digits
    sent = post(client, "/assistant/contact?from=assistant&topic=find-my-program",
                {"about": "The portal says my doctor is not listed", "name": "Ana Ruiz", "method": "phone",
                 "phone": "312-555-0101", "best_time": "mornings"})
    assert sent.status_code == 302 and sent.headers["Location"] == "/assistant/contact/sent"  # a reload sends nothing
    text = client.get("/assistant/contact/sent").get_data(as_text=True)
    assert "in our support team's queue" in text and "call you at 312-555-0101" in text
    row = db.scalar(select(ContactRequest))
    assert row.status == "open" and row.conversation is not None and row.topic_id == "find-my-program"
    notice = db.scalar(select(OutboxMessage).where(OutboxMessage.kind == "contact_request_notice"))
    assert notice.recipient == app.config["PORTAL_SUPPORT_EMAIL"] and notice.context == {"request_id": row.id}
    assert "1 contact request waiting" in support_client.get("/support/").get_data(as_text=True)
    queue = support_client.get("/support/requests").get_data(as_text=True)
    assert "Ana Ruiz" in queue and "The portal says my doctor is not listed" in queue
    assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "contact_request.view")) == 1
    done = post(support_client, f"/support/requests/{row.id}/done", {"note": "Called back, doctor listed now"})
    assert done.status_code == 302
    db.expire_all()
    assert row.status == "done" and row.done_at is not None and row.conversation is None  # the link goes
    assert post(support_client, f"/support/requests/{row.id}/done", {}).status_code == 409
    assert "Ana Ruiz" not in support_client.get("/support/requests").get_data(as_text=True)


def test_the_api_handover_links_to_the_portal_itself(client, db, app):
    conversation = _api(client, "zorbly fneep").json["conversation_id"]
    again = client.post("/api/v1/assistant/ask", json={"question": "blorp quux", "conversation_id": conversation},
                        headers={"Host": "evil.example"}).json
    assert f"{app.config['PORTAL_URL']}/assistant/contact?from=assistant" in again["answer_text"]
    assert "evil.example" not in again["answer_html"]


def test_contact_request_rules(db):
    actor = Actor(ip_address="127.0.0.1")
    with pytest.raises(contact_requests.ContactRequestError, match="e-mail"):
        contact_requests.create(db, actor, "anonymous", contact_requests.NewRequest("help", "Ana", "email", email="x@"))
    with pytest.raises(contact_requests.ContactRequestError):
        contact_requests.create(db, actor, "anonymous", contact_requests.NewRequest("", "Ana", "phone", "3125550101"))
    row = contact_requests.create(db, actor, "anonymous",
                                  contact_requests.NewRequest("help", "Ana", "email", email="Ana@Example.com"))
    assert row.email == "Ana@example.com"
    contact_requests.mark_done(db, actor, row.id, "")
    row.done_at = datetime.now(timezone.utc) - timedelta(days=contact_requests.DONE_KEPT_DAYS + 1)
    db.commit()
    assert contact_requests.purge_done(db) == 1


def test_support_sees_a_conversation_turn_by_turn(client, support_client, db):
    _ask(client, "tell me about the diabetes program")
    _ask(client, "and for heart disease?")
    key = db.scalar(select(AssistantExchange.conversation))
    page = support_client.get(f"/support/conversations/{key}").get_data(as_text=True)
    assert "2 turns" in page and "sibling" in page and "Tell me about the diabetes management program." in page
    exchange = db.scalars(select(AssistantExchange).order_by(AssistantExchange.id.desc())).first()
    detail = support_client.get(f"/support/log/{exchange.id}").get_data(as_text=True)
    assert "Answer given" in detail and "heart disease program" in detail.lower()
    log = support_client.get("/support/log").get_data(as_text=True)
    assert f"/support/conversations/{key}" in log


@pytest.mark.parametrize("path", ["/assistant/contact?endpoint=x&_external=1&_scheme=http",
                                  "/programs?endpoint=x&_external=1&state=CA"])
def test_query_words_url_for_knows_are_plain_query_words(client, db, path):
    """A link carrying "endpoint" or "_external" neither breaks a page (500) nor sends its form elsewhere."""
    response = client.get(path)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'action="http' not in body and 'href="http://localhost' not in body
