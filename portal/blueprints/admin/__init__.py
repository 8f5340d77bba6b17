"""The admin area: users, organizations' access, API tokens and the audit log."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

from portal.blueprints.admin import views  # noqa: E402,F401
