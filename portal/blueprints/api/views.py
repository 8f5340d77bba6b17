from __future__ import annotations

import functools
from datetime import date

from flask import current_app, g, jsonify, render_template, request, url_for

from portal import access
from portal.assistant import answers as assistant
from portal.blueprints.api import bp, docs as api_docs
from portal.blueprints.api.openapi import openapi_document
from portal.extensions import db, limiter
from portal.i18n import reader_language
from portal.models import SPECIALTIES, Organization
from portal.services import accounts, batch_csv, directory, roster, verification
from portal.services.audit import Actor
from portal.services.npi import InvalidNPI, normalize_npi
from portal.services.states import STATES
from portal.services.text import strip_controls
from portal.services.verification import VerificationError


def _api_error(status: int, title: str, message: str, headers: dict | None = None):
    return jsonify({"error": {"status": status, "title": title, "message": message}}), status, headers or {}


@bp.before_request
def authenticate():
    if access.rule_for(request.endpoint or "") != access.TOKEN:  # e.g. the public OpenAPI document
        return None
    scheme, _, raw = request.headers.get("Authorization", "").strip().partition(" ")
    user = accounts.authenticate_api_token(db.session, raw.strip(), request.remote_addr,
                                           current_app.config["API_TOKEN_CHECK_SECONDS"]) \
        if scheme.lower() == "bearer" else None
    if user is None:
        return _api_error(401, "Unauthorized", "Send a valid API token: Authorization: Bearer <token>.",
                          {"WWW-Authenticate": 'Bearer realm="portal-api"'})
    g.api_user = user
    return None


def token_key() -> str:
    """Rate limits count per token: its identity once authenticated, never the raw header (which
    could be spelled "bearer", "BEARER" or with two spaces to start a new count)."""
    return f"token:{g.api_user.token_id}"


api_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_API"], scope="api", key_func=token_key)
verify_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_VERIFY"], scope="api-verify",
                                    key_func=token_key)
batch_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_BATCH"], scope="api-batch", key_func=token_key)


def _actor() -> Actor:
    return Actor.for_user(g.api_user, request.remote_addr)


def _json_object() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise _Invalid("Send a JSON object with Content-Type: application/json.", None)
    return data


class _Invalid(Exception):
    def __init__(self, message: str, field: str | None):
        super().__init__(message)
        self.message, self.field = message, field


@bp.errorhandler(_Invalid)
def invalid(error: _Invalid):
    body = {"error": {"status": 400, "title": "Invalid request", "message": error.message}}
    if error.field:
        body["error"]["field"] = error.field
    return jsonify(body), 400


def _date_arg(name: str) -> date | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _Invalid(f"{name} must be a date as YYYY-MM-DD.", name) from None


def _int_arg(name: str, default: int | None, low: int = 1, high: int = 100_000) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise _Invalid(f"{name} must be a whole number from {low} to {high}.", name)
    return int(raw)


@bp.post("/verifications")
@api_limit
@verify_limit
def verifications():
    data = _json_object()
    try:
        query = verification.build_query(data.get("member_id"), data.get("date_of_birth"), data.get("last_name"),
                                          data.get("date_of_service"))
    except VerificationError as error:
        raise _Invalid(error.message, error.field) from None
    reference, result = verification.verify(db.session, _actor(), query, channel="api")
    return jsonify({"reference": reference, **result.to_dict()})


@bp.post("/verifications/batch")
@api_limit
@batch_limit
def verifications_batch():
    items = _json_object().get("items")
    if not isinstance(items, list) or not items:
        raise _Invalid("Send {\"items\": [...]} with one object per patient.", "items")
    if len(items) > batch_csv.MAX_ROWS:
        raise _Invalid(f"At most {batch_csv.MAX_ROWS:,} items in one batch; this one has {len(items):,}.", "items")
    rows = [(index, {key: str(item.get(key) or "")[:100] for key in ("member_id", "date_of_birth", "last_name",
                                                                      "date_of_service")})
            if isinstance(item, dict) else (index, {}) for index, item in enumerate(items)]
    reference, results = verification.verify_batch(db.session, _actor(), rows, channel="api-batch")
    out = []
    for row in results:
        item = row.to_dict()
        item["index"] = item.pop("row")
        item.pop("input")
        out.append(item)
    return jsonify({"reference": reference, "count": len(out), "results": out})


@bp.get("/programs")
@api_limit
def programs():
    state = (request.args.get("state") or "").strip().upper() or None
    if state and state not in STATES:
        raise _Invalid("state must be a two-letter US state code.", "state")
    specialty = request.args.get("specialty") or None
    if specialty and specialty not in SPECIALTIES:
        raise _Invalid("specialty must be one of " + ", ".join(SPECIALTIES) + ".", "specialty")
    q = strip_controls(request.args.get("q") or "")
    if len(q) > 200:
        raise _Invalid("q is limited to 200 characters.", "q")
    filters = directory.ProgramFilters(q=q, state=state, specialty=specialty,
                                       arrangement="specialist" if specialty else None,
                                       page=_int_arg("page", 1), per_page=_int_arg("per_page", 50, high=200))
    page = directory.search_programs(db.session, filters)
    return jsonify({
        "total": page.total, "page": page.page, "per_page": page.per_page,
        "programs": [{
            "slug": hit.program.slug, "name": hit.program.name, "organization": hit.program.organization.name,
            "arrangement": hit.program.arrangement, "specialty": hit.program.specialty, "city": hit.program.city,
            "state": hit.program.state, "effective_date": hit.program.effective_date.isoformat(),
            "end_date": hit.program.end_date.isoformat() if hit.program.end_date else None,
            "demo_data": hit.program.is_demo, "score": hit.score,
        } for hit in page.items],
    })


@bp.get("/roster")
@api_limit
def roster_api():
    user = g.api_user
    filters = roster.RosterFilters(
        organization_id=user.organization_id, as_of=_date_arg("as_of") or date.today(),
        pcp_id=_int_arg("pcp", None, high=10**9), coordinator_id=_int_arg("coordinator", None, high=10**9),
        clinical_program=request.args.get("program") or None, new_since=_date_arg("new_since"),
        dropped_since=_date_arg("dropped_since"), page=_int_arg("page", 1),
        per_page=_int_arg("per_page", 100, high=1000),
    )
    page = roster.roster_page(db.session, _actor(), filters)
    organization = db.session.get(Organization, user.organization_id)
    group = roster.group_resource(organization, filters, [roster.fhir_member(e) for e in page.items], page.total)
    group["meta"] = {"page": page.page, "per_page": page.per_page, "pages": page.pages}
    response = jsonify(group)
    response.mimetype = "application/fhir+json"
    return response


assistant_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_ASSISTANT"], scope="api-assistant")


@bp.post("/assistant/ask")
@assistant_limit
def assistant_ask():
    """The public assistant: general answers (no personal data: the API has no session)."""
    data = _json_object()
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        raise _Invalid("question must be a non-empty string.", "question")
    audience = data.get("audience", "patient")
    if audience not in assistant.AUDIENCES:
        raise _Invalid("audience must be patient or provider.", "audience")
    conversation = data.get("conversation_id")
    if conversation is not None and (not isinstance(conversation, str)
                                     or len(conversation) > assistant.MAX_CONVERSATION_ID):
        raise _Invalid("conversation_id must be the string a previous answer returned.", "conversation_id")
    language = data.get("language")
    if language is not None and language not in assistant.LANGUAGES:
        raise _Invalid(f"language must be one of {', '.join(assistant.LANGUAGES)}, or left out to detect it.",
                       "language")
    # An unknown or expired id starts a new conversation: the reply's conversation_id says which.
    thread = assistant.Thread(conversation or None, "api", current_app.config["ASSISTANT_CONVERSATION_MINUTES"])
    reply = assistant.ask(db.session, assistant.Asker(Actor(ip_address=request.remote_addr), "api"), question, audience,
                          current_app.config["PORTAL_PAYER_NAME"],
                          user_link_hours=current_app.config["ASSISTANT_USER_LINK_HOURS"], thread=thread,
                          language=language, hint=reader_language(),
                          # links under PORTAL_URL, never the request's Host header
                          support=assistant.Support.from_config(current_app.config, current_app.config[
                              "PORTAL_URL"].rstrip("/") + url_for("assistant.contact")))
    return jsonify(reply.to_dict())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI document; its server is PORTAL_URL, never the request's Host header."""
    return jsonify(openapi_document(_api_url()))


def _api_url() -> str:
    return current_app.config["PORTAL_URL"].rstrip("/") + url_for("api.openapi").rpartition("/")[0]


@functools.lru_cache(maxsize=4)
def _docs(api_url: str) -> api_docs.Docs:
    """The documentation's content: the same for every request (built once per worker)."""
    return api_docs.build(openapi_document(api_url))


@bp.get("/docs")
def docs():
    """The API's documentation for people, rendered from the OpenAPI document: public, like the
    document (it holds no member data), and no token needed. Its curl commands use PORTAL_URL,
    never the request's Host header."""
    config = current_app.config
    limits = [("Every call with a token", config["RATELIMIT_API"], "per token"),
              ("Member verifications (POST /api/v1/verifications)", config["RATELIMIT_VERIFY"], "per token"),
              ("Batches (POST /api/v1/verifications/batch)", config["RATELIMIT_BATCH"], "per token"),
              ("The assistant (POST /api/v1/assistant/ask)", config["RATELIMIT_ASSISTANT"], "per address")]
    return render_template("api/docs.html", docs=_docs(_api_url()), limits=limits,
                           token_check_seconds=config["API_TOKEN_CHECK_SECONDS"], inline=api_docs.inline)


@bp.get("/providers/<npi>")
@api_limit
def provider(npi: str):
    try:
        number = normalize_npi(npi)
    except InvalidNPI as error:
        return _api_error(400, "Invalid NPI", str(error))
    today = _date_arg("date") or date.today()
    view = directory.provider_by_npi(db.session, number, today)
    if view is None:
        return _api_error(404, "Not found", "No participating provider has this NPI.")
    provider = view.provider
    return jsonify({
        "npi": provider.npi,
        "name": provider.display_name,
        "specialty": provider.specialty,
        "primary_care": provider.is_primary_care,
        "organization": provider.organization.name,
        "as_of": today.isoformat(),
        "participating": view.participating,
        "participations": [
            {"program": part.program.name, "program_slug": part.program.slug, "state": part.program.state,
             "start_date": part.start_date.isoformat(),
             "end_date": part.end_date.isoformat() if part.end_date else None, "active": part.active}
            for part in view.participations
        ],
    })
