"""Languages in the assistant's log and the support console: each exchange keeps the language
it was answered in and shows it, the log filters by it, the review queue and the dashboard never
group questions of two languages together, a phrasing taught from an exchange keeps the
exchange's language, and a contact request keeps the language of the page it was sent from."""
from __future__ import annotations

import re

import pytest
from flask_babel import gettext
from sqlalchemy import select

from portal.assistant import answers as assistant_service
from portal.assistant import contact_requests
from portal.assistant import log as assistant_log
from portal.assistant import review
from portal.models import AssistantExchange, AssistantPhrase, AuditEvent, ContactRequest
from tests.helpers import post

SPANISH_TAG = re.compile(r'<span class="badge"><span aria-hidden="true">ES</span>'
                         r'<span class="visually-hidden">([^<]+)</span></span>')


@pytest.fixture(autouse=True)
def fresh_engine():
    assistant_service.clear_cache()
    yield
    assistant_service.clear_cache()


def record(db, question: str, language: str, outcome: str = "fallback", conversation: str | None = None,
           **reviewed) -> AssistantExchange:
    """An exchange logged the way the assistant logs one (masked question, the answer's language),
    with what a reviewer set on it (`reviewed`: label, reviewed...)."""
    exchange = assistant_log.record_exchange(db, user_id=None, role="anonymous", audience="patient", question=question,
                                             outcome=outcome, topic_id=None, confidence=0.2, candidates=[],
                                             latency_ms=1.0, conversation=conversation, language=language)
    for name, value in reviewed.items():
        setattr(exchange, name, value)
    db.commit()
    return exchange


def shown_ids(page: str) -> set[int]:
    return {int(found) for found in re.findall(r'href="/support/log/(\d+)"', page)}


# --- recording ------------------------------------------------------------------------------------


def test_an_exchange_keeps_the_language_it_was_answered_in(db):
    spanish = record(db, "¿cómo me inscribo?", "es")
    english = assistant_log.record_exchange(db, user_id=None, role="anonymous", audience="patient",
                                            question="how do i join", outcome="fallback", topic_id=None,
                                            confidence=0.2, candidates=[], latency_ms=1.0)
    db.commit()
    db.expire_all()
    assert db.get(AssistantExchange, spanish.id).language == "es"
    assert db.get(AssistantExchange, english.id).language == "en"  # the default, as before Spanish
    with pytest.raises(ValueError):
        assistant_log.record_exchange(db, user_id=None, role="anonymous", audience="patient", question="x",
                                      outcome="fallback", topic_id=None, confidence=0.0, candidates=[],
                                      latency_ms=0.0, language="fr")


# --- the console shows and filters the language ------------------------------------------------------


def test_the_log_and_the_exchange_show_a_spanish_exchange_as_spanish(support_client, db):
    spanish = record(db, "¿dónde veo mis programas?", "es", conversation="c" * 16)
    record(db, "where are my programs", "en")

    log = support_client.get("/support/log").get_data(as_text=True)
    assert SPANISH_TAG.findall(log) == ["Spanish"]  # one tag, read out as the language's name
    assert 'lang="es">¿dónde veo mis programas?</a>' in log and 'lang="en">where are my programs</a>' in log

    detail = support_client.get(f"/support/log/{spanish.id}").get_data(as_text=True)
    assert "<dt>Language</dt><dd>" in detail and SPANISH_TAG.search(detail)
    assert 'It is saved in the language of this exchange (Spanish).' in detail

    conversation = support_client.get(f"/support/conversations/{'c' * 16}").get_data(as_text=True)
    assert SPANISH_TAG.search(conversation)


def test_the_tag_is_named_in_the_console_language(app, support_client, db):
    record(db, "¿dónde veo mis programas?", "es")
    support_client.set_cookie("lang", "es", domain="portal.test")
    page = support_client.get("/support/log").get_data(as_text=True)
    assert '<html lang="es">' in page
    with app.test_request_context("/", headers={"Cookie": "lang=es"}):
        expected = gettext("Spanish")  # "Español" in the Spanish catalog
    assert SPANISH_TAG.findall(page) == [expected]


@pytest.mark.parametrize("language, expected", [("es", {"es"}), ("en", {"en"}), ("any", {"en", "es"})])
def test_the_log_filters_by_language(support_client, db, language, expected):
    items = {"es": record(db, "no encuentro mi tarjeta", "es"), "en": record(db, "i cannot find my card", "en")}
    page = support_client.get(f"/support/log?language={language}").get_data(as_text=True)
    assert shown_ids(page) == {items[key].id for key in expected}


def test_an_unknown_language_filter_is_refused(support_client, db):
    assert support_client.get("/support/log?language=fr").status_code == 400
    assert support_client.get("/support/log?language=").status_code == 400


def test_the_language_filter_applies_to_the_export(support_client, db):
    record(db, "no encuentro mi tarjeta", "es")
    record(db, "i cannot find my card", "en")
    lines = support_client.get("/support/log.csv?language=es").get_data(as_text=True).splitlines()
    assert lines[0].endswith(",language") and len(lines) == 2 and lines[1].endswith(",es")


# --- grouping never mixes languages ----------------------------------------------------------------


def test_clusters_never_mix_languages(support_client, db):
    # The same words in both languages: they would be one cluster if languages were mixed.
    ids = {language: {record(db, "portal app download", language).id, record(db, "portal app downloads", language).id}
           for language in ("en", "es")}
    clusters = review.review_clusters(db, review.Actor(), assistant_log.LogFilters())
    assert sorted((c.language, set(c.exchange_ids)) for c in clusters) == [("en", ids["en"]), ("es", ids["es"])]
    # With the assistant's own reading of the words too (as the queue page reads them).
    page = support_client.get("/support/queue").get_data(as_text=True)
    assert page.count("Mark all 2 reviewed") == 2 and len(SPANISH_TAG.findall(page)) == 1


def test_a_language_filtered_queue_keeps_only_that_language(db):
    record(db, "portal app download", "en")
    spanish = record(db, "portal app download", "es")
    clusters = review.review_clusters(db, review.Actor(), assistant_log.LogFilters(language="es"))
    assert [(c.language, c.exchange_ids) for c in clusters] == [("es", [spanish.id])]


def test_the_dashboard_counts_unanswered_questions_per_language(support_client, db):
    for language in ("en", "es", "es"):
        record(db, "portal app", language)
    stats = assistant_log.dashboard(db, review.Actor(), *_period(db))
    assert sorted(stats.unanswered) == [("portal app", "en", 1), ("portal app", "es", 2)]
    page = support_client.get("/support/").get_data(as_text=True)
    assert '<span lang="es">portal app (2)</span>' in page and '<span lang="en">portal app (1)</span>' in page


def _period(db):
    days = [e.created_at.date() for e in db.scalars(select(AssistantExchange))]
    return min(days), max(days)


# --- phrasings keep the exchange's language --------------------------------------------------------


@pytest.mark.parametrize("kind, topic_id", [("alternate", "how-to-enroll"), ("negative", "privacy")])
def test_a_phrasing_taught_from_a_spanish_exchange_is_spanish(support_client, db, kind, topic_id):
    spanish = record(db, "quiero unirme al programa de atención", "es")
    response = post(support_client, "/support/phrases", {"kind": kind, "topic_id": topic_id, "exchange": spanish.id,
                                                         "phrase": "quiero unirme al programa de atención"})
    assert response.status_code == 302
    phrase = db.scalar(select(AssistantPhrase))
    assert (phrase.kind, phrase.language, phrase.source_exchange_id) == (kind, "es", spanish.id)
    audit = db.scalar(select(AuditEvent).where(AuditEvent.action == "assistant.phrase_add"))
    assert audit.details["language"] == "es"
    assert SPANISH_TAG.search(support_client.get("/support/phrases").get_data(as_text=True))


def test_the_exchange_language_wins_over_the_form(support_client, db):
    spanish = record(db, "quiero unirme al programa de atención", "es")
    post(support_client, "/support/phrases", {"kind": "alternate", "topic_id": "how-to-enroll", "exchange": spanish.id,
                                              "phrase": "quiero unirme al programa", "language": "en"})
    assert db.scalar(select(AssistantPhrase.language)) == "es"


def test_a_phrasing_typed_in_takes_the_chosen_language(support_client, db):
    post(support_client, "/support/phrases", {"kind": "alternate", "topic_id": "how-to-enroll",
                                              "phrase": "me quiero inscribir", "language": "es"})
    post(support_client, "/support/phrases", {"kind": "alternate", "topic_id": "how-to-enroll",
                                              "phrase": "sign me up please"})
    assert sorted(db.scalars(select(AssistantPhrase.language))) == ["en", "es"]
    refused = post(support_client, "/support/phrases", {"kind": "alternate", "topic_id": "how-to-enroll",
                                                        "phrase": "ich will mitmachen", "language": "de"})
    assert refused.status_code == 400


def test_an_emergency_phrasing_from_a_spanish_exchange_stays_spanish_once_approved(support_client, admin_client, db):
    spanish = record(db, "me quiero tomar todas las pastillas del frasco", "es", label="EMERGENCY", reviewed=True)
    response = post(support_client, "/support/emergency-phrases",
                    {"exchange": spanish.id, "emergency_kind": "crisis",
                     "phrase": "tomar todas las pastillas del frasco"})
    assert response.status_code == 302
    phrase = db.scalar(select(AssistantPhrase))
    assert phrase.kind == "emergency" and phrase.language == "es" and phrase.pending
    assert SPANISH_TAG.search(support_client.get("/support/queue").get_data(as_text=True))
    assert post(admin_client, f"/support/phrases/{phrase.id}/approve").status_code == 302
    db.expire_all()
    assert not phrase.pending and phrase.language == "es"


def test_spanish_function_words_do_not_make_an_emergency_phrasing_specific(db):
    with pytest.raises(review.SupportError, match="at least 3 words"):
        review.add_phrase(db, review.Actor(), kind="emergency", topic_id="crisis", phrase="que para con las pastillas",
                          topic_ids=set(), knowledge_phrases={}, language="es")


# --- contact requests keep the page's language ----------------------------------------------------


def test_a_contact_request_keeps_the_page_language_and_support_sees_it(client, support_client, db):
    client.set_cookie("lang", "es", domain="portal.test")
    sent = post(client, "/assistant/contact", {"about": "No encuentro mi tarjeta", "name": "Ana Ruiz",
                                               "method": "phone", "phone": "312-555-0101"})
    assert sent.status_code == 302
    row = db.scalar(select(ContactRequest))
    assert row.language == "es"
    queue = support_client.get("/support/requests").get_data(as_text=True)
    assert "<dt>Reply in</dt><dd>Spanish</dd>" in queue


def test_a_contact_request_in_english_by_default(db):
    row = contact_requests.create(db, review.Actor(), "anonymous", contact_requests.NewRequest(
        about="help", name="Pat", method="email", email="pat@example.com"))
    other = contact_requests.create(db, review.Actor(), "anonymous", contact_requests.NewRequest(
        about="help", name="Pat", method="email", email="pat@example.com", language="xx"))
    assert (row.language, other.language) == ("en", "en")
