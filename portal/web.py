"""Small helpers for views."""
from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

from flask import Response, current_app, stream_with_context
from werkzeug.exceptions import HTTPException, default_exceptions

from portal.models import utcnow
from portal.services.accounts import Policy


def fail(code: int, message: str) -> NoReturn:
    """Abort with a status code and a plain-language message shown to the user."""
    error = default_exceptions[code]()
    error.portal_message = message  # type: ignore[attr-defined]
    raise error


def download(lines: Iterable[str], name: str, extension: str = "csv", mimetype: str = "text/csv") -> Response:
    """A streamed file download named `name-<UTC time>.extension`."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    return Response(stream_with_context(lines), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}-{stamp}.{extension}"'})


def account_policy() -> Policy:
    return Policy.from_config(current_app.config)


__all__ = ["HTTPException", "account_policy", "download", "fail"]


def reader_zone() -> str:
    """The time zone dates and times are shown in: the account's choice, else the one the
    browser reported (the `tz` cookie, set by static/js/timezone.js), else PORTAL_TIME_ZONE.
    Every name is checked (valid_zone): a cookie or a stored value that is not a zone is ignored.
    E-mails are rendered by the worker, with no browser and nobody signed in: the recipient's
    account's choice (g.reader_zone, portal/delivery/messages.py), else PORTAL_TIME_ZONE."""
    from flask import current_app, g, has_app_context, has_request_context, request
    from flask_login import current_user

    from portal.formatting import DEFAULT_ZONE, valid_zone

    if has_request_context():
        # g.reader_zone: set where the reader is not the request's user (an e-mail's recipient).
        chosen = (valid_zone(g.get("reader_zone")) or valid_zone(getattr(current_user, "time_zone", None))
                  or valid_zone(request.cookies.get("tz")))
        if chosen:
            return chosen
    if not has_app_context():
        return DEFAULT_ZONE
    return valid_zone(current_app.config.get("PORTAL_TIME_ZONE")) or DEFAULT_ZONE
