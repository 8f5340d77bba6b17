"""The JSON API for offices' systems: Bearer tokens, never the session cookie (so no CSRF).
Its documentation for people (/api/v1/docs) is the one HTML page here, public like the
OpenAPI document it is rendered from."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")

from portal.blueprints.api import views  # noqa: E402,F401
