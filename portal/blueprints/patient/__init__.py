"""The patient area: my care team, my programs, joining and leaving them, messages with the care team."""
from flask import Blueprint

bp = Blueprint("patient", __name__, url_prefix="/my", template_folder="templates")

from portal.blueprints.patient import views  # noqa: E402,F401
