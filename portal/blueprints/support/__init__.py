"""The support console: the assistant's dashboard, log, review queue, phrasings and exports."""
from flask import Blueprint

bp = Blueprint("support", __name__, url_prefix="/support", template_folder="templates")

from portal.blueprints.support import views  # noqa: E402,F401
