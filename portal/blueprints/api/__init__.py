"""The JSON API for offices' systems: Bearer tokens, never the session cookie (so no CSRF)."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from portal.blueprints.api import views  # noqa: E402,F401
