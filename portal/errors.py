"""Error pages in the site's layout (in the page's language), JSON under /api/ (in English: the
API is a contract for programs), never a stack trace."""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

# The title and message of each error page, in the page's language.
PAGE_MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check what you entered and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("We could not find that page. It may have moved, or the address may be mistyped.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    409: (_l("Already done"), _l("This was already done, or it conflicts with a change made a moment ago. Reload the "
                                 "page to see where things stand.")),
    413: (_l("Too large"), _l("What you sent is larger than this site accepts.")),
    429: (_l("Too many requests"), _l("You have made too many requests in a short time. Please wait a moment and try "
                                      "again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred on our side. Please try again later.")),
}
# The same in English, for the JSON API (a contract for programs) and its documentation.
MESSAGES = {code: (str(title), str(message)) for code, (title, message) in PAGE_MESSAGES.items()}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(code: int, description: str | None = None):
    if wants_json():
        title, default_message = MESSAGES.get(code, (f"Error {code}", "The request could not be completed."))
        with force_locale("en"):  # a message given as a lazy string
            message = str(description or default_message)
        body = jsonify({"error": {"status": code, "title": title, "message": message}})
    else:
        title, default_message = PAGE_MESSAGES.get(code, (_l("Error %(code)s", code=code),
                                                          _l("The request could not be completed.")))
        body = render_template("errors/error.html", code=code, title=title, message=description or default_message)
    return make_response(body, code)


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Only our own messages (set with abort(code, description=...)) reach users; werkzeug's
        # defaults are replaced by the plain-language ones above.
        custom = getattr(error, "portal_message", None)
        response = _render(error.code or 500, custom)
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        app.logger.error("unhandled error on %s %s", request.method, request.path, exc_info=error.original_exception)
        return _render(500)
