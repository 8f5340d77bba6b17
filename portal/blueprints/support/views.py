from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext

from portal import charts
from portal.access import current_actor
from portal.assistant import answers as assistant
from portal.assistant import contact_requests
from portal.assistant import log as assistant_log
from portal.assistant import review as assistant_review
from portal.assistant.log import LogFilters, SupportError
from portal.blueprints.support import bp
from portal.blueprints.support.forms import (
    EMERGENCY_KIND_CHOICES,
    LANGUAGE_CHOICES,
    DashboardForm,
    EmergencyPhraseForm,
    LogFilterForm,
    PhraseForm,
    RequestDoneForm,
    RequestFilterForm,
    ReviewForm,
    TERMS,
    set_topic_choices,
)
from portal.i18n import current_language
from portal.extensions import db
from portal.forms import show_error, valid_query as _valid
from portal.models import AssistantPhrase
from portal.services.text import strip_controls
from portal.web import download, fail


def _payer() -> str:
    return current_app.config["PORTAL_PAYER_NAME"]


def _topic_ids() -> set[str]:
    return {topic.id for topic in assistant.knowledge(_payer())}


@bp.app_template_global()
def topic_title(topic_id: str | None) -> str:
    """A topic's question for people, in the console's language; the id itself if the knowledge
    base no longer has it."""
    topic = assistant.knowledge(_payer(), current_language()).topic(topic_id or "")
    return topic.question if topic is not None else (topic_id or "")


@bp.app_template_global()
def emergency_kind(kind: str | None) -> str:
    """An emergency phrasing's kind in words: "Mental health crisis (988 first)"."""
    return dict(EMERGENCY_KIND_CHOICES).get(kind or "", kind or "")


@bp.app_template_global()
def log_term(group: str, value: str | None) -> str:
    """A stored value of the log in the console's language ("fallback", "not helpful"), as stored if unknown."""
    return str(TERMS[group].get(value or "", value or ""))


@bp.app_template_global()
def language_name(code: str | None) -> str:
    """A stored language code in words, in the console's language: "Spanish"."""
    return str(dict(LANGUAGE_CHOICES).get(code or "", code or ""))


def _topics():
    """The knowledge base's topics, their questions in the console's language (the ids are the same)."""
    return list(assistant.knowledge(_payer(), current_language()))


def _log_filters(form: LogFilterForm, per_page: int = 50) -> LogFilters:
    return LogFilters(date_from=form.date_from.data, date_to=form.date_to.data, outcome=form.outcome.data or "",
                      topic=form.topic.data or "", audience=form.audience.data or "", role=form.role.data or "",
                      feedback=form.feedback.data or "", confidence_min=form.confidence_min.data,
                      confidence_max=form.confidence_max.data, reviewed=form.reviewed.data or "",
                      language="" if form.language.data in (None, "any") else form.language.data, q=form.q.data or "",
                      page=form.page.data or 1, per_page=per_page)


def _ids_from_form() -> list[int]:
    ids = [int(raw) for raw in request.form.getlist("exchange") if raw.isdigit()]
    if not ids:
        fail(400, _("Choose at least one exchange."))
    return ids


# The dashboard's outcomes, bottom of each bar first: name and colour (the pattern follows from the
# place: solid, stripes, dots, cross-hatch; portal/charts.py).
OUTCOME_SERIES = (("answer", _l("Answered"), "accent"), ("clarify", _l("Unsure (asked to clarify)"), "amber"),
                  ("fallback", _l("Fallback (no answer)"), "muted"),
                  ("emergency", _l("Emergency (988 or 911)"), "danger"))


def _dashboard_charts(stats: assistant_log.Dashboard, date_from: date, date_to: date, audience: str) -> dict:
    questions = charts.Unit(_("question"), _("questions"))
    axis = {"unit": questions, "x_title": _("Day (UTC)"), "weekly_x_title": _("Week (UTC)")}
    per_day = charts.bar_chart("questions-per-day", _("Questions per day"), stats.dates,
                               [count for _day, count in stats.days], **axis)
    outcomes = charts.stacked_chart(
        "outcomes-per-day", _("Outcomes per day"), stats.dates,
        [charts.Series(key, str(name), tuple(stats.outcomes_per_day.get(key, [0] * len(stats.dates))), tone)
         for key, name, tone in OUTCOME_SERIES], **axis)
    period = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
    if audience:
        period["audience"] = audience
    top = charts.top_chart("top-topics", _("Top topics answered"), [
        charts.Item(topic_title(topic), count, url_for("support.log", topic=topic, outcome="answer", **period), topic)
        for topic, count in stats.top_topics], unit=questions, label_heading=_("Topic"), tone="accent")
    return {"per_day": per_day, "outcomes": outcomes, "top_topics": top}


@bp.get("/")
def dashboard():
    form = _valid(DashboardForm(request.args))
    date_to = form.date_to.data or date.today()
    date_from = form.date_from.data or date_to - timedelta(days=29)
    stats = assistant_log.dashboard(db.session, current_actor(), date_from, date_to, form.audience.data or "")
    return render_template("support/dashboard.html", form=form, stats=stats, date_from=date_from, date_to=date_to,
                           charts=_dashboard_charts(stats, date_from, date_to, form.audience.data or ""),
                           open_requests=contact_requests.open_count(db.session),
                           oldest_request=contact_requests.oldest_open(db.session))


@bp.get("/log")
def log():
    form = _valid(LogFilterForm(request.args))
    page = assistant_log.search_log(db.session, current_actor(), _log_filters(form))
    return render_template("support/log.html", form=form, page=page)


@bp.get("/log.csv")
def log_csv():
    form = _valid(LogFilterForm(request.args))
    return download(assistant_log.export_csv(db.session, current_actor(), _log_filters(form)), "assistant-log")


@bp.get("/log.tsv")
def log_eval_tsv():
    form = _valid(LogFilterForm(request.args))
    return download(assistant_log.export_eval_tsv(db.session, current_actor(), _log_filters(form)), "assistant-eval",
                    "tsv", "text/tab-separated-values")


@bp.get("/log/<int:exchange_id>")
def exchange(exchange_id: int):
    item = assistant_log.get_exchange(db.session, current_actor(), exchange_id)
    if item is None:
        fail(404, _("There is no such exchange (it may have been purged)."))
    topics = _topics()
    return render_template("support/exchange.html", exchange=item,
                           answer_html=assistant.answer_shown(db.session, _payer(), item),
                           review_form=set_topic_choices(ReviewForm(tags=item.tags, note=item.note,
                                                                    label=item.label or ""), topics),
                           phrase_form=set_topic_choices(PhraseForm(phrase=strip_controls(item.question),
                                                                    topic_id=item.label or item.topic_id or ""), topics),
                           emergency_form=EmergencyPhraseForm(phrase=strip_controls(item.question)))


@bp.post("/review")
def review():
    form = set_topic_choices(ReviewForm(), _topics())
    ids = _ids_from_form()
    if not form.validate_on_submit():
        fail(400, "; ".join(str(errors[0]) for errors in form.errors.values()))
    try:
        count = assistant_review.review(db.session, current_actor(), ids, _topic_ids(), tags=form.tags.data or "",
                                        note=form.note.data or "", label=form.label.data or "")
    except SupportError as error:
        db.session.rollback()
        fail(error.status, error.message)
    flash(ngettext("%(num)s exchange marked reviewed.", "%(num)s exchanges marked reviewed.", count), "success")
    back = request.form.get("back", "")
    return redirect(back if back.startswith("/support/") and not back.startswith("//") else url_for("support.queue"))


@bp.get("/queue")
def queue():
    form = _valid(DashboardForm(request.args))
    filters = LogFilters(date_from=form.date_from.data, date_to=form.date_to.data, audience=form.audience.data or "")
    clusters = assistant_review.review_clusters(db.session, current_actor(), filters,
                                                terms=assistant.engine(db.session, _payer()).terms)
    return render_template("support/queue.html", form=form, clusters=clusters[:50], total=len(clusters),
                           review_form=set_topic_choices(ReviewForm(), _topics()),
                           missed=assistant_review.missed_emergencies(db.session),
                           pending=assistant_review.pending_emergency_phrases(db.session))


@bp.route("/phrases", methods=["GET", "POST"])
def phrases():
    form = set_topic_choices(PhraseForm(), _topics())
    status = 200
    if form.validate_on_submit():
        source = request.form.get("exchange", "")
        try:
            assistant_review.add_phrase(db.session, current_actor(), kind=form.kind.data, topic_id=form.topic_id.data,
                                        phrase=form.phrase.data, topic_ids=_topic_ids(),
                                        knowledge_phrases=_knowledge_phrases(),
                                        source_exchange_id=int(source) if source.isdigit() else None,
                                        language=form.language.data)
        except SupportError as error:
            db.session.rollback()
            show_error(form, error.message, error.field)
            status = error.status
        else:
            flash(_("The phrasing was added: every worker uses it from the next question on."), "success")
            return redirect(url_for("support.phrases"))
    elif request.method == "POST":
        status = 400
    return render_template("support/phrases.html", form=form, items=assistant_review.phrases(db.session, include_removed=True)), status


@bp.post("/emergency-phrases")
def teach_emergency():
    form = EmergencyPhraseForm()
    source = request.form.get("exchange", "")
    if not form.validate_on_submit():
        fail(400, "; ".join(str(errors[0]) for errors in form.errors.values()))
    try:
        assistant_review.add_phrase(db.session, current_actor(), kind="emergency", topic_id=form.emergency_kind.data,
                                    phrase=form.phrase.data, topic_ids=_topic_ids(),
                                    knowledge_phrases=_knowledge_phrases(),
                                    source_exchange_id=int(source) if source.isdigit() else None)
    except SupportError as error:
        db.session.rollback()
        fail(error.status, error.message)
    flash(_("The emergency phrasing waits for a second support user or an admin to approve it (Review queue); "
            "it routes to 988/911 from then on."), "success")
    return redirect(url_for("support.queue"))


def _phrase_action(phrase_id: int, action, done: str, back: str):
    """Approve or remove a staff phrasing (the service checks who may), then go back."""
    item = db.session.get(AssistantPhrase, phrase_id)
    if item is None:
        fail(404, _("There is no such phrasing."))
    try:
        action(db.session, current_actor(), item)
    except SupportError as error:
        db.session.rollback()
        fail(error.status, error.message)
    flash(done, "success")
    return redirect(url_for(back))


@bp.post("/phrases/<int:phrase_id>/approve")
def approve_phrase(phrase_id: int):
    return _phrase_action(phrase_id, assistant_review.approve_phrase,
                          _("The emergency phrasing is approved: every worker routes it from the next question on."),
                          "support.queue")


@bp.post("/phrases/<int:phrase_id>/remove")
def remove_phrase(phrase_id: int):
    back = "support.queue" if request.form.get("back") == "queue" else "support.phrases"
    return _phrase_action(phrase_id, assistant_review.remove_phrase, _("The phrasing was removed: it no longer counts."),
                          back)


@bp.post("/draft")
def draft():
    questions = [q for q in request.form.getlist("question")][:20]
    if not questions:
        fail(400, _("Choose the questions to draft a topic from."))
    snippet = assistant_review.draft_topic(questions, request.form.get("audience", "all"))
    return render_template("support/draft.html", snippet=snippet)


@bp.get("/requests")
def requests():
    """ "Contact me" requests: open ones oldest first, the queue to work through."""
    form = _valid(RequestFilterForm(request.args))
    page = contact_requests.search(db.session, current_actor(), form.status.data or "open", form.page.data or 1)
    return render_template("support/requests.html", form=form, page=page, done_form=RequestDoneForm())


@bp.post("/requests/<int:request_id>/done")
def request_done(request_id: int):
    form = RequestDoneForm()
    if not form.validate_on_submit():
        fail(400, "; ".join(str(errors[0]) for errors in form.errors.values()))
    try:
        contact_requests.mark_done(db.session, current_actor(), request_id, form.note.data or "")
    except contact_requests.ContactRequestError as error:
        db.session.rollback()
        fail(404 if isinstance(error, contact_requests.RequestNotFound) else 409, str(error))
    flash(_("Request %(number)s marked done.", number=request_id), "success")
    return redirect(url_for("support.requests"))


@bp.get("/conversations/<key>")
def conversation(key: str):
    """Every logged turn of one conversation, each with how it was read and what it leaned on."""
    turns = assistant_log.conversation_turns(db.session, current_actor(), key)
    if not turns:
        fail(404, _("There is no such conversation in the log (it may have been purged)."))
    return render_template("support/conversation.html", turns=turns, key=key)


def _knowledge_phrases() -> dict[str, str]:
    """The knowledge base's own phrasings in both languages (English first): a taught phrasing may
    be in either, and none may end up owned by two topics."""
    return {**assistant.knowledge_phrases(_payer(), "es"), **assistant.knowledge_phrases(_payer(), "en")}
