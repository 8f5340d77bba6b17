from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import current_actor
from portal.assistant import answers as service
from portal.assistant import contact_requests
from portal.assistant.answers import Asker, Support, Thread
from portal.blueprints.assistant import bp
from portal.blueprints.assistant.forms import ContactRequestForm
from portal.extensions import db, limiter
from portal.forms import show_error
from portal.i18n import current_language
from portal.models import AssistantExchange, ContactRequest
from portal.web import fail

# Exchanges of this browser session: feedback and picked suggestions are accepted for these only.
SESSION_KEY = "assistant_exchanges"
# The id of this browser session's conversation (the server keeps its context; see Thread).
CONVERSATION_KEY = "assistant_conversation"
SENT_KEY = "contact_request_sent"  # the request this session made last, for its confirmation page
KEEP = 30
TRANSCRIPT_TURNS = 4  # earlier turns the page shows above the newest answer


def asker() -> Asker:
    if not current_user.is_authenticated:
        return Asker(current_actor())
    member = current_user.member if current_user.role == "patient" else None
    return Asker(current_actor(), current_user.role, member)


def support_contact() -> Support:
    return Support.from_config(current_app.config, url_for("assistant.contact"))


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
        fail(400, _("Type a question first."))
    # The conversation is this browser session's (the cookie is signed): an id typed into the
    # form cannot join someone else's, and the service also checks it belongs to this user.
    thread = Thread(session.get(CONVERSATION_KEY), "web", current_app.config["ASSISTANT_CONVERSATION_MINUTES"])
    reply = service.ask(db.session, who, question, audience, current_app.config["PORTAL_PAYER_NAME"],
                        topic=topic, picked_from=_own_exchange(form.get("from")),
                        user_link_hours=current_app.config["ASSISTANT_USER_LINK_HOURS"], thread=thread,
                        support=support_contact(), hint=current_language())
    session[CONVERSATION_KEY] = reply.conversation_id
    _remember(reply.exchange_id)
    return reply


def _transcript(reply: service.Reply | None) -> list[AssistantExchange]:
    """This session's earlier turns of the current conversation (masked, as logged), oldest first."""
    if reply is None:
        return []
    own = [i for i in session.get(SESSION_KEY, []) if i != reply.exchange_id][-TRANSCRIPT_TURNS:]
    if not own:
        return []
    rows = db.session.scalars(db.select(AssistantExchange).where(
        AssistantExchange.id.in_(own), AssistantExchange.conversation == reply.log_key)
        .order_by(AssistantExchange.id)).all()
    return list(rows)


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
    starters = service.suggested_questions(current_app.config["PORTAL_PAYER_NAME"], audience, current_language())
    kb = service.knowledge(current_app.config["PORTAL_PAYER_NAME"], current_language())
    return render_template("assistant/page.html", reply=reply, question=question, audience=audience,
                           starters=starters, transcript=_transcript(reply), kb=kb)


@bp.post("/ask")
@assistant_limit
def ask_json():
    reply = _ask_from_form()
    return jsonify({**reply.to_dict(), "exchange_id": reply.exchange_id, "handover": reply.support is not None})


@bp.post("/new")
@assistant_limit
def new_conversation():
    """Forget this session's conversation: the next question starts a new one."""
    service.end_conversation(db.session, session.pop(CONVERSATION_KEY, None))
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"status": "ok"})
    return redirect(url_for("assistant.page"))


@bp.post("/feedback")
@assistant_limit
def feedback():
    exchange_id = _own_exchange(request.form.get("exchange"))
    value = request.form.get("value", "")
    if exchange_id is None or value not in service.FEEDBACK:
        fail(400, _("This answer cannot be rated from here."))
    service.record_feedback(db.session, exchange_id, value)
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"status": "ok"})
    return render_template("assistant/thanks.html", value=value, support=support_contact())


@bp.route("/contact", methods=["GET", "POST"])
@assistant_limit
def contact():
    """ "Contact me": a request support staff see in their queue. Reached from the assistant's
    handover (?from=assistant), the request carries the conversation, so support sees what was asked."""
    form = ContactRequestForm()
    from_assistant = request.args.get("from") == "assistant"
    if request.method == "GET" and current_user.is_authenticated:
        form.name.data = form.name.data or current_user.display_name
        form.email.data = form.email.data or current_user.email
    if form.validate_on_submit():
        who = asker()
        conversation = service.conversation_log_key(db.session, session.get(CONVERSATION_KEY)) if from_assistant else None
        new = contact_requests.NewRequest(
            about=form.about.data, name=form.name.data, method=form.method.data, phone=form.phone.data or "",
            email=form.email.data or "", best_time=form.best_time.data or "",
            topic_id=(request.args.get("topic") or "")[:80] or None if from_assistant else None,
            conversation=conversation, language=current_language())
        try:
            row = contact_requests.create(db.session, who.actor, who.role, new,
                                          notify=current_app.config["PORTAL_SUPPORT_EMAIL"])
        except contact_requests.ContactRequestError as error:
            db.session.rollback()
            show_error(form, str(error), error.field)
        else:
            session[SENT_KEY] = row.id
            return redirect(url_for("assistant.contact_sent"))  # a reload does not send it twice
    status = 400 if request.method == "POST" else 200
    return render_template("assistant/contact.html", form=form, support=support_contact(),
                           from_assistant=from_assistant), status


@bp.get("/contact/sent")
def contact_sent():
    """The confirmation of this browser session's last request."""
    row = db.session.get(ContactRequest, session.get(SENT_KEY) or 0)
    if row is None:
        return redirect(url_for("assistant.contact"))
    return render_template("assistant/contact_sent.html", request_row=row, support=support_contact())
