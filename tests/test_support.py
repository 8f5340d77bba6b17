"""The support console: filters, dashboard, clusters, review actions, phrasings (round trip
through the assistant), exports, retention, and escaping of stored questions."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal.assistant import answers as assistant_service
from portal.assistant import log as assistant_log
from portal.assistant import review
from portal.models import AssistantExchange, AssistantPhrase, AuditEvent, utcnow
from tests.helpers import csrf_token, post


@pytest.fixture(autouse=True)
def fresh_engine():
    assistant_service.clear_cache()
    yield
    assistant_service.clear_cache()


def exchange(db, question, outcome="fallback", **kw) -> AssistantExchange:
    fields = dict(audience="patient", question=question, outcome=outcome, confidence=0.2, role="anonymous",
                  candidates=[{"topic_id": "how-to-enroll", "score": 0.2}])
    fields.update(kw)
    item = AssistantExchange(**fields)
    db.add(item)
    db.commit()
    return item


def actions(db, action):
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def logged(db):
    return {
        "a": exchange(db, "how do i sign up for yoga class"),
        "b": exchange(db, "how do I sign up for yoga classes?"),
        "c": exchange(db, "what is a care coordinator", outcome="answer", topic_id="care-coordinator", confidence=0.95,
                      feedback="helpful", role="patient"),
        "d": exchange(db, "<script>alert(1)</script> =HYPERLINK(\"http://x\") \u202eevil\u200b", outcome="clarify",
                      confidence=0.5, audience="provider"),
        "e": exchange(db, "x" * 10_000, outcome="fallback"),
    }


def test_only_support_and_admin(client, patient_client, provider_client, support_client, admin_client):
    for other in (patient_client, provider_client):
        assert other.get("/support/").status_code == 403
    assert client.get("/support/log").status_code == 302
    assert support_client.get("/support/").status_code == 200 and admin_client.get("/support/").status_code == 200


def test_dashboard_figures_and_text_alternative(support_client, logged, db):
    page = support_client.get("/support/").get_data(as_text=True)
    assert "5 questions from" in page and "20.0%</strong> answer" in page and "60.0%</strong> fallback" in page
    assert "<svg" in page and "Questions per day as a table" in page and 'What is a care coordinator?</a> <span class="muted chart-note">care-coordinator</span>' in page
    assert "how do i sign up for yoga class (1)" in page
    assert actions(db, "assistant.dashboard_view")
    assert support_client.get("/support/?date_from=2026-01-10&date_to=2026-01-01").status_code == 400
    assert support_client.get("/support/?date_from=2020-01-01&date_to=2026-01-01").status_code == 400


@pytest.mark.parametrize("query, expected", [
    ("outcome=answer", {"c"}), ("audience=provider", {"d"}), ("feedback=helpful", {"c"}),
    ("confidence_min=0.4&confidence_max=0.6", {"d"}), ("q=yoga", {"a", "b"}), ("topic=care-coordinator", {"c"}),
    ("role=patient", {"c"}), ("reviewed=yes", set()), ("q=100%25", set()),
])
def test_log_filters(support_client, logged, query, expected):
    page = support_client.get(f"/support/log?{query}").get_data(as_text=True)
    shown = {key for key, item in logged.items() if f'/support/log/{item.id}"' in page}
    assert shown == expected


@pytest.mark.parametrize("query", ["confidence_min=2", "confidence_min=0.8&confidence_max=0.2", "outcome=bogus",
                                   "page=-1", "date_from=2026-02-31", "q=" + "z" * 300])
def test_log_filter_errors_are_400(support_client, query):
    assert support_client.get(f"/support/log?{query}").status_code == 400


def test_stored_questions_are_escaped(support_client, logged):
    page = support_client.get("/support/log").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    detail = support_client.get(f"/support/log/{logged['d'].id}").get_data(as_text=True)
    assert "<script>alert(1)" not in detail and 'How do I join a care program? <span class="muted" lang="en">(how-to-enroll)</span>: 0.2' in detail
    # The clarifying answer it was given reads as the patient saw it (HTML, not its tags as text).
    assert "I&#39;m not sure which of these you mean" in detail or "I'm not sure which of these you mean" in detail
    assert "&lt;p&gt;" not in detail and "&lt;/p&gt;" not in detail
    for shown in (page, detail, support_client.get("/support/queue").get_data(as_text=True)):
        assert "\u202e" not in shown and "\u200b" not in shown  # no bidi override or zero-width character


def test_review_queue_clusters_similar_questions(support_client, logged, db):
    clusters = review.review_clusters(db, review.Actor(), assistant_log.LogFilters())
    assert clusters[0].size == 2 and set(clusters[0].exchange_ids) == {logged["a"].id, logged["b"].id}
    assert logged["c"].id not in {i for c in clusters for i in c.exchange_ids}  # answered confidently
    page = support_client.get("/support/queue").get_data(as_text=True)
    assert "Mark all 2 reviewed" in page


def test_review_a_cluster_with_label_tags_and_audit(support_client, logged, db):
    response = post(support_client, "/support/review", {"exchange": [logged["a"].id, logged["b"].id],
                                                         "label": "FALLBACK", "tags": "out of scope"})
    assert response.status_code == 302
    db.expire_all()
    for key in ("a", "b"):
        item = db.get(AssistantExchange, logged[key].id)
        assert item.reviewed and item.label == "FALLBACK" and item.tags == "out of scope"
        assert item.reviewed_by_user_id == support_client.user.id
    assert actions(db, "assistant.review")[-1].details["count"] == 2
    bad = post(support_client, "/support/review", {"exchange": logged["d"].id, "label": "no-such-topic"})
    assert bad.status_code == 400
    assert not db.get(AssistantExchange, logged["d"].id).reviewed


def test_accepted_phrasing_changes_the_assistant_and_can_be_undone(support_client, client, db):
    def ask(question):
        token = csrf_token(client, "/assistant")
        return client.post("/assistant/ask", data={"question": question},
                           headers={"X-CSRFToken": token, "Accept": "application/json"}).json

    question = "zorbleflax quibbleworth"
    first = ask(question)
    assert first["outcome"] == "fallback"
    logged = db.scalars(select(AssistantExchange).order_by(AssistantExchange.id.desc())).first()
    response = post(support_client, "/support/phrases", {"kind": "alternate", "topic_id": "how-to-enroll",
                                                          "phrase": question, "exchange": logged.id})
    assert response.status_code == 302
    after = ask(question)
    assert after["outcome"] == "answer" and after["topic_id"] == "how-to-enroll"
    db.expire_all()
    assert db.get(AssistantExchange, logged.id).label == "how-to-enroll"
    phrase = db.scalar(select(AssistantPhrase))
    assert phrase.created_by_user_id == support_client.user.id
    post(support_client, f"/support/phrases/{phrase.id}/remove")
    assert ask(question)["outcome"] == "fallback"
    assert actions(db, "assistant.phrase_add") and actions(db, "assistant.phrase_remove")


def test_negative_example_blocks_a_topic_for_that_phrasing(support_client, client, db):
    question = "how do I enroll"
    assert client.post("/api/v1/assistant/ask", json={"question": question}).json["topic_id"] == "how-to-enroll"
    post(support_client, "/support/phrases", {"kind": "negative", "topic_id": "how-to-enroll", "phrase": question})
    assert client.post("/api/v1/assistant/ask", json={"question": question}).json["topic_id"] != "how-to-enroll"


@pytest.mark.parametrize("data, message", [
    ({"kind": "alternate", "topic_id": "no-such-topic", "phrase": "hello there"}, "Not a valid choice"),
    ({"kind": "alternate", "topic_id": "how-to-enroll", "phrase": "What is a care coordinator?"}, "already belongs"),
    ({"kind": "alternate", "topic_id": "how-to-enroll", "phrase": "x" * 301}, "at most 300"),
    ({"kind": "sometimes", "topic_id": "how-to-enroll", "phrase": "hello"}, "Not a valid choice"),
])
def test_bad_phrasings_are_refused(support_client, db, data, message):
    response = post(support_client, "/support/phrases", data)
    assert response.status_code in (400, 409)
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(AssistantPhrase)) is None


def test_a_phrasing_owned_by_another_staff_topic_is_refused(support_client, db):
    post(support_client, "/support/phrases", {"kind": "alternate", "topic_id": "how-to-enroll", "phrase": "gizmo plan"})
    again = post(support_client, "/support/phrases", {"kind": "alternate", "topic_id": "privacy", "phrase": "Gizmo plan!"})
    body = again.get_data(as_text=True)
    assert again.status_code == 409 and "already a staff alternate of topic &#39;how-to-enroll&#39;" in body


def test_draft_topic_yaml(support_client, logged):
    page = post(support_client, "/support/draft", {"question": ["how do i sign up for yoga class",
                                                                "yoga sign up?"]}).get_data(as_text=True)
    assert "id: new-topic-id" in page and "yoga sign up?" in page


def test_exports(support_client, logged, db):
    rows = list(csv.DictReader(io.StringIO(support_client.get("/support/log.csv").get_data(as_text=True))))
    assert len(rows) == 5
    payload = next(r for r in rows if r["id"] == str(logged["d"].id))
    assert payload["question"].startswith("'<script>") is False and payload["question"].startswith("<script>")
    db.execute(update(AssistantExchange).where(AssistantExchange.id == logged["d"].id)
               .values(question="=HYPERLINK(\"http://evil\")"))
    db.commit()
    rows = list(csv.DictReader(io.StringIO(support_client.get("/support/log.csv").get_data(as_text=True))))
    assert next(r for r in rows if r["id"] == str(logged["d"].id))["question"].startswith("'=")
    post(support_client, "/support/review", {"exchange": logged["a"].id, "label": "FALLBACK"})
    post(support_client, "/support/review", {"exchange": logged["c"].id, "label": "care-coordinator"})
    post(support_client, "/support/review", {"exchange": logged["d"].id, "label": "FALLBACK"})
    tsv = support_client.get("/support/log.tsv").get_data(as_text=True).splitlines()
    assert tsv[0] == "expected\taudience\tquestion"
    assert sorted(tsv[1:]) == ["FALLBACK\tpatient\thow do i sign up for yoga class",
                               "FALLBACK\tprovider\t'=HYPERLINK(\"http://evil\")",  # neutralized, as in the CSV
                               "care-coordinator\tpatient\twhat is a care coordinator"]
    assert {e.details["format"] for e in actions(db, "assistant.export")} == {"csv", "eval-tsv"}


def test_exported_tsv_is_valid_for_faq_eval(support_client, logged, tmp_path):
    import subprocess
    import sys

    post(support_client, "/support/review", {"exchange": logged["c"].id, "label": "care-coordinator"})
    path = tmp_path / "real.tsv"
    path.write_text(support_client.get("/support/log.tsv").get_data(as_text=True))
    result = subprocess.run([sys.executable, "-m", "faq", "eval", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "questions: 1" in result.stdout


def test_retention_purge(app, db, logged):
    db.execute(update(AssistantExchange).where(AssistantExchange.id.in_([logged["a"].id, logged["b"].id]))
               .values(created_at=utcnow() - timedelta(days=400)))
    db.add(AssistantPhrase(topic_id="how-to-enroll", kind="alternate", phrase="yoga", normalized="yoga",
                           source_exchange_id=logged["a"].id))
    db.commit()
    result = app.test_cli_runner().invoke(args=["assistant", "purge"])
    assert result.exit_code == 0 and "Deleted 2 assistant exchange(s) older than 365 days" in result.output
    assert db.scalar(select(AssistantPhrase)).source_exchange_id is None
    assert len(list(db.scalars(select(AssistantExchange)))) == 3


def test_log_export_streams_more_rows_than_one_chunk(support_client, db):
    db.add_all(AssistantExchange(audience="patient", question=f"question {i}", outcome="fallback") for i in range(2500))
    db.commit()
    rows = list(csv.DictReader(io.StringIO(support_client.get("/support/log.csv").get_data(as_text=True))))
    assert len(rows) == 2500 and rows[-1]["question"] == "question 2499"


def test_daily_stats_follow_logging_rating_and_rebuild(db, logged):
    from portal.models import AssistantDailyStat, rebuild_daily_stats

    def snapshot():
        return sorted((s.day, s.audience, s.outcome, s.feedback, s.topic_id, s.questions)
                      for s in db.scalars(select(AssistantDailyStat)) if s.questions)

    assert sum(row[-1] for row in snapshot()) == 5
    item = db.get(AssistantExchange, logged["a"].id)
    item.feedback = "not_helpful"
    db.commit()
    incremental = snapshot()
    assert any(row[2:4] == ("fallback", "not_helpful") and row[-1] == 1 for row in incremental)
    rebuild_daily_stats(db.connection())
    db.commit()
    assert snapshot() == incremental


# --- teaching a missed emergency ---------------------------------------------------------------------


def _ask_api(client, question):
    return client.post("/api/v1/assistant/ask", json={"question": question}).json


# Coded words no rule and no learned weight knows: only a taught phrasing routes it.
MISSED = "gonna do the big zorble with the quandrix at the blorp"


def test_a_missed_emergency_heads_the_queue_and_is_taught_with_a_second_persons_approval(
        support_client, make_client, client, db):
    assert _ask_api(client, MISSED)["outcome"] != "emergency"
    missed = db.scalars(select(AssistantExchange).order_by(AssistantExchange.id.desc())).first()
    exchange(db, "how do I cancel my account")  # ordinary work in the queue too
    post(support_client, "/support/review", {"exchange": missed.id, "label": "EMERGENCY"})
    queue = support_client.get("/support/queue").get_data(as_text=True)
    assert "Missed emergencies" in queue and queue.index("Missed emergencies") < queue.index("how do I cancel")
    assert f"/support/log/{missed.id}" in queue

    page = support_client.get(f"/support/log/{missed.id}").get_data(as_text=True)
    assert "Teach a missed emergency" in page
    proposed = post(support_client, "/support/emergency-phrases", {
        "emergency_kind": "crisis", "phrase": "the big zorble with the quandrix at the blorp",
        "exchange": missed.id})
    assert proposed.status_code == 302
    phrase = db.scalar(select(AssistantPhrase).where(AssistantPhrase.kind == "emergency"))
    assert phrase.pending and phrase.topic_id == "crisis"
    assert _ask_api(client, MISSED)["outcome"] != "emergency"  # not in effect before a second person approves
    queue = support_client.get("/support/queue").get_data(as_text=True)
    assert "waiting for a second person" in queue and "Missed emergencies" not in queue

    own = post(support_client, f"/support/phrases/{phrase.id}/approve")
    assert own.status_code == 403 and "second person" in own.get_data(as_text=True)
    assert _ask_api(client, MISSED)["outcome"] != "emergency"

    colleague = make_client("support")
    assert post(colleague, f"/support/phrases/{phrase.id}/approve").status_code == 302
    reply = _ask_api(client, MISSED.upper() + " ok")
    assert reply["outcome"] == "emergency" and 'href="tel:988"' in reply["answer_html"]
    db.expire_all()
    assert db.get(AssistantPhrase, phrase.id).approved_by_user_id == colleague.user.id
    assert post(colleague, f"/support/phrases/{phrase.id}/approve").status_code == 409
    assert actions(db, "assistant.phrase_approve")

    post(colleague, f"/support/phrases/{phrase.id}/remove")  # undo: no longer routed
    assert _ask_api(client, MISSED)["outcome"] != "emergency"


def test_an_admin_may_approve_an_emergency_phrasing(support_client, admin_client, client, db):
    post(support_client, "/support/emergency-phrases", {"emergency_kind": "medical",
                                                        "phrase": "grandpa went grey and quiet at dinner"})
    phrase = db.scalar(select(AssistantPhrase))
    assert post(admin_client, f"/support/phrases/{phrase.id}/approve").status_code == 302
    assert _ask_api(client, "help, grandpa went grey and quiet at dinner")["outcome"] == "emergency"


@pytest.mark.parametrize("data, message", [
    ({"emergency_kind": "crisis", "phrase": "help"}, "at least 3 words"),
    ({"emergency_kind": "crisis", "phrase": "please help me now"}, "at least 3 words"),
    ({"emergency_kind": "crisis", "phrase": "going to the woods", "exchange": "999999"}, "no such exchange"),
    ({"emergency_kind": "crisis", "phrase": "care coordinator"}, "ordinary question"),
    ({"emergency_kind": "crisis", "phrase": "how do I enroll"}, "ordinary question"),
    ({"emergency_kind": "earthquake", "phrase": "the ground is shaking"}, "Not a valid choice"),
])
def test_emergency_phrasings_that_would_route_ordinary_questions_are_refused(support_client, db, data, message):
    response = post(support_client, "/support/emergency-phrases", data)
    assert response.status_code in (400, 404) and message in response.get_data(as_text=True)
    assert db.scalar(select(AssistantPhrase)) is None


def test_an_emergency_phrasing_that_recent_questions_contain_is_refused(support_client, db):
    for number in range(5):
        exchange(db, f"my order number {number} shipped to the wrong office", outcome="answer")
    response = post(support_client, "/support/emergency-phrases", {"emergency_kind": "medical",
                                                                   "phrase": "shipped to the wrong office"})
    assert response.status_code == 400 and "would have sent 5 of the last" in response.get_data(as_text=True)
    assert db.scalar(select(AssistantPhrase)) is None


# --- the link to the asking user ----------------------------------------------------------------------


def test_links_to_users_are_dropped_after_the_session_could_still_use_them(app, db, patient_client, logged):
    token = csrf_token(patient_client, "/assistant")
    patient_client.post("/assistant/ask", data={"question": "who is my care coordinator"},
                        headers={"X-CSRFToken": token, "Accept": "application/json"})
    mine = db.scalars(select(AssistantExchange).order_by(AssistantExchange.id.desc())).first()
    assert mine.user_id == patient_client.user.id and mine.role == "patient"
    old = exchange(db, "an older question", user_id=patient_client.user.id, role="patient",
                   created_at=utcnow() - timedelta(hours=13))
    result = app.test_cli_runner().invoke(args=["assistant", "purge"])
    assert result.exit_code == 0 and "unlinked 1 from their user (older than 12 hours)" in result.output
    db.expire_all()
    assert db.get(AssistantExchange, old.id).user_id is None and db.get(AssistantExchange, old.id).role == "patient"
    assert db.get(AssistantExchange, mine.id).user_id == patient_client.user.id
    assert assistant_log.unlink_users(db, 12) == 0


def test_asking_also_drops_expired_links(app, db, client, monkeypatch):
    old = exchange(db, "an older question", created_at=utcnow() - timedelta(days=2),
                   user_id=None, role="patient")
    from tests import factories as f
    user = f.user("patient")
    db.commit()
    db.execute(update(AssistantExchange).where(AssistantExchange.id == old.id).values(user_id=user.id))
    db.commit()
    monkeypatch.setattr(assistant_service, "UNLINK_EVERY", 1)
    _ask_api(client, "how do I enroll")
    db.expire_all()
    assert db.get(AssistantExchange, old.id).user_id is None


def test_the_log_is_masked_on_every_path(support_client, client, db):
    question = "my name is Maria Lopez, 123 Main St, 90210, card 4111 1111 1111 1111, how do I enroll"
    _ask_api(client, question)
    token = csrf_token(client, "/assistant")
    client.post("/assistant", data={"question": question, "csrf_token": token})
    stored = [e.question for e in db.scalars(select(AssistantExchange))]
    assert len(stored) == 2
    for text in stored:
        assert "Maria" not in text and "Main" not in text and "90210" not in text and "4111" not in text
    export = support_client.get("/support/log.csv").get_data(as_text=True)
    assert "Maria" not in export and "[NAME]" in export


def test_review_notes_lose_invisible_and_bidi_characters_but_keep_their_lines(support_client, logged, db):
    note = "check\u202e txen\u200b the\u2066 wording\r\nsecond line\x07"
    assert post(support_client, "/support/review", {"exchange": logged["a"].id, "label": "FALLBACK",
                                                    "note": note}).status_code == 302
    db.expire_all()
    assert db.get(AssistantExchange, logged["a"].id).note == "check txen the wording\nsecond line"


def test_paraphrases_of_one_need_are_one_cluster(db):
    """Five ways of asking for a mobile app are one group; other needs stay apart."""
    from portal.assistant import answers as engine_service

    app_questions = ["is there a mobile app?", "can I download an app for my phone", "do you have an iphone app",
                     "android app??", "is the portal in the app store"]
    others = ["how do i sign up for yoga class", "where do I park at the clinic", "can I pay my bill by text"]
    for question in app_questions + others:
        exchange(db, question)
    engine = engine_service.engine(db, "Cigna")
    clusters = review.review_clusters(db, review.Actor(), assistant_log.LogFilters(), terms=engine.terms)
    biggest = clusters[0]
    assert biggest.size == 5 and set(biggest.questions) == set(app_questions)
    assert len(clusters) == 1 + len(others)


def test_taught_phrasings_export_for_faq_eval(app, db, tmp_path):
    from faq.evaluation import read_taught
    from portal.models import AssistantPhrase

    db.add(AssistantPhrase(topic_id="how-to-enroll", kind="alternate", phrase="put me on\tthe yoga list",
                           normalized="put me on the yoga list", approved_at=review.utcnow()))
    db.add(AssistantPhrase(topic_id="crisis", kind="emergency", phrase="not approved yet", normalized="x"))
    db.commit()
    out = tmp_path / "taught.tsv"
    result = app.test_cli_runner().invoke(args=["assistant", "export-phrases", str(out)])
    assert result.exit_code == 0 and "1 phrasing(s)" in result.output
    assert read_taught(out)["alternate"] == {"how-to-enroll": ["put me on the yoga list"]}
    db.add(AssistantPhrase(topic_id="how-to-enroll", kind="alternate", phrase="apúntame a yoga", language="es",
                           normalized="apuntame a yoga", approved_at=review.utcnow()))
    db.commit()
    app.test_cli_runner().invoke(args=["assistant", "export-phrases", str(out)])
    assert read_taught(out, "es")["alternate"] == {"how-to-enroll": ["apúntame a yoga"]}
    assert read_taught(out, "en")["alternate"] == {"how-to-enroll": ["put me on the yoga list"]}


@pytest.mark.parametrize("query", ["date_from=0001-01-02", "date_from=1900-01-01", "date_to=0001-01-05",
                                   "date_from=2026-01-01&date_to=2024-01-01"])
def test_a_period_too_long_or_too_early_is_refused_not_counted(support_client, query):
    response = support_client.get(f"/support/?{query}")
    assert response.status_code == 400
