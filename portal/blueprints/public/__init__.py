"""Public pages: home, program directory, program pages, provider lookup, health check."""
from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from portal.blueprints.public import views  # noqa: E402,F401
