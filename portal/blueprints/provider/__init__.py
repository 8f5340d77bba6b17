"""The physician office area (office staff): the office's home, its staff and API tokens,
verification, and care coordination (worklist and secure messages)."""
from flask import Blueprint

bp = Blueprint("provider", __name__, url_prefix="/office", template_folder="templates")

from portal.blueprints.provider import views  # noqa: E402,F401
from portal.blueprints.provider import verify_views  # noqa: E402,F401
from portal.blueprints.provider import care_views  # noqa: E402,F401
