"""Error pages in the site's layout, JSON under /api/, never a stack trace."""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Please check what you entered and try again."),
    403: ("Access denied", "You do not have permission to see this page."),
    404: ("Page not found", "We could not find that page. It may have moved, or the address may be mistyped."),
    405: ("Method not allowed", "This page cannot be used that way."),
    409: ("Already done", "This was already done, or it conflicts with a change made a moment ago. Reload the page to see where things stand."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Too many requests", "You have made too many requests in a short time. Please wait a moment and try again."),
    500: ("Something went wrong", "An unexpected error occurred on our side. Please try again later."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(code: int, description: str | None = None):
    title, default_message = MESSAGES.get(code, (f"Error {code}", "The request could not be completed."))
    message = description or default_message
    if wants_json():
        body = jsonify({"error": {"status": code, "title": title, "message": message}})
    else:
        body = render_template("errors/error.html", code=code, title=title, message=message)
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
