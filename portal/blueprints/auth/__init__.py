"""Sign in and out, patient registration, passwords, the profile page."""
from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from portal.blueprints.auth import views  # noqa: E402,F401
