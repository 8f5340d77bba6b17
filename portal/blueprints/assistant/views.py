from __future__ import annotations

from flask import current_app, jsonify, render_template, request, session
from flask_login import current_user

from portal.access import current_actor
from portal.blueprints.assistant import bp
from portal.extensions import db, limiter
from portal.services import assistant as service
from portal.services.assistant import Asker
from portal.web import fail

# Exchanges of this browser session: feedback and picked suggestions are accepted for these only.
SESSION_KEY = "assistant_exchanges"
KEEP = 30


def asker() -> Asker:
    if not current_user.is_authenticated:
        return Asker(current_actor())
    member = current_user.member if current_user.role == "patient" else None
    return Asker(current_actor(), current_user.role, member)


def _remember(exchange_id: int) -> None:
    session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-(KEEP - 1):], exchange_id]


def _own_exchange(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and int(raw) in session.get(SESSION_KEY, []) else None


def _ask_from_form() -> service.Reply:
    form = request.form
    who = asker()
    audience = service.normalize_audience(form.get("audience"), who.role)
    question = form.get("question", "")
    topic = form.get("topic") or None
    if not question.strip() and not topic:
        fail(400, "Type a question first.")
    reply = service.ask(db.session, who, question, audience, current_app.config["PORTAL_PAYER_NAME"],
                        topic=topic, picked_from=_own_exchange(form.get("from")),
                        user_link_hours=current_app.config["ASSISTANT_USER_LINK_HOURS"])
    _remember(reply.exchange_id)
    return reply


assistant_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_ASSISTANT"], scope="assistant",
                                       methods=["POST"])


@bp.route("", methods=["GET", "POST"])
@assistant_limit
def page():
    who = asker()
    audience = service.normalize_audience(request.values.get("audience"), who.role)
    reply = question = None
    if request.method == "POST":
        reply = _ask_from_form()
        question = request.form.get("question") or None
    starters = service.suggested_questions(current_app.config["PORTAL_PAYER_NAME"], audience)
    return render_template("assistant/page.html", reply=reply, question=question, audience=audience,
                           starters=starters)


@bp.post("/ask")
@assistant_limit
def ask_json():
    reply = _ask_from_form()
    return jsonify({**reply.to_dict(), "exchange_id": reply.exchange_id})


@bp.post("/feedback")
@assistant_limit
def feedback():
    exchange_id = _own_exchange(request.form.get("exchange"))
    value = request.form.get("value", "")
    if exchange_id is None or value not in service.FEEDBACK:
        fail(400, "This answer cannot be rated from here.")
    service.record_feedback(db.session, exchange_id, value)
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"status": "ok"})
    return render_template("assistant/thanks.html", value=value)
