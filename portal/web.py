"""Small helpers for views."""
from __future__ import annotations

from typing import NoReturn

from werkzeug.exceptions import HTTPException, default_exceptions


def fail(code: int, message: str) -> NoReturn:
    """Abort with a status code and a plain-language message shown to the user."""
    error = default_exceptions[code]()
    error.portal_message = message  # type: ignore[attr-defined]
    raise error


__all__ = ["HTTPException", "fail"]
