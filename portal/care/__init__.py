"""The care coordinator's side of the portal.

    coordinators  which office staff account is which care coordinator, and who on the office
                  side reads a patient's messages and worklist items
    contacts      the patient's own phone and e-mail, and how they want to be contacted per program
    worklist      enrollments and withdrawals for the coordinators to follow up, with their outcomes
    messages      secure messages between a patient and their care team

Services take the signed-in `User` and an audit `Actor`; they never touch the request.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask_babel.speaklater import LazyString


class CareError(Exception):
    """A request the rules refuse; `status` is the HTTP status a view should answer with."""

    def __init__(self, message: str | LazyString, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message, self.status, self.field = message, status, field
