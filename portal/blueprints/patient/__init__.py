"""The patient area: my care team, my programs, enrolling and withdrawing."""
from flask import Blueprint

bp = Blueprint("patient", __name__, url_prefix="/my", template_folder="templates")

from portal.blueprints.patient import views  # noqa: E402,F401
