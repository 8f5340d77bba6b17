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
