from __future__ import annotations

import hashlib
from datetime import date

from flask import current_app, g, jsonify, request

from portal.blueprints.api import bp
from portal.extensions import db, limiter
from portal.services import accounts, directory
from portal.services.npi import InvalidNPI, normalize_npi


def _api_error(status: int, title: str, message: str, headers: dict | None = None):
    return jsonify({"error": {"status": status, "title": title, "message": message}}), status, headers or {}


@bp.before_request
def authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    user = accounts.authenticate_api_token(db.session, raw.strip(), request.remote_addr) \
        if scheme.lower() == "bearer" else None
    if user is None:
        return _api_error(401, "Unauthorized", "Send a valid API token: Authorization: Bearer <token>.",
                          {"WWW-Authenticate": 'Bearer realm="portal-api"'})
    g.api_user = user
    return None


def token_key() -> str:
    """Rate limits count per token (a hash of it, never the token itself)."""
    header = request.headers.get("Authorization", "")
    return "token:" + hashlib.sha256(header.encode()).hexdigest()[:32]


api_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_API"], scope="api", key_func=token_key)


@bp.get("/providers/<npi>")
@api_limit
def provider(npi: str):
    try:
        number = normalize_npi(npi)
    except InvalidNPI as error:
        return _api_error(400, "Invalid NPI", str(error))
    today = date.today()
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
