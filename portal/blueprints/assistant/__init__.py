"""The assistant's pages: a chat page that works without JavaScript, and the JSON endpoint
of the chat panel shown on every page (session and CSRF token, like any form)."""
from flask import Blueprint

bp = Blueprint("assistant", __name__, url_prefix="/assistant", template_folder="templates")

from portal.blueprints.assistant import views  # noqa: E402,F401
