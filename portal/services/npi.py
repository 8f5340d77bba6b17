"""National Provider Identifier (NPI) validation.

An NPI is 10 digits; the last is a Luhn check digit computed over the card-issuer
prefix 80840 followed by the first nine digits.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

_PREFIX_SUM = 24  # Luhn contribution of the prefix "80840", fixed for every NPI.


class InvalidNPI(ValueError):
    """The text is not a valid NPI; the message (lazy: in the page's language) says why, in words
    for the user; str(error) is that message."""


def check_digit(first_nine: str) -> int:
    """The Luhn check digit for the nine leading digits of an NPI."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("nine digits expected")
    total = _PREFIX_SUM
    # Walking from the right, every second digit starting with the rightmost is doubled.
    for position, char in enumerate(reversed(first_nine)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def normalize_npi(raw: str) -> str:
    """Return the 10-digit NPI from user input, or raise InvalidNPI with a clear reason."""
    text = (raw or "").strip().replace(" ", "").replace("-", "")
    if not text:
        raise InvalidNPI(_l("Enter a 10-digit NPI."))
    if not text.isascii() or not text.isdigit():
        raise InvalidNPI(_l("An NPI contains digits only."))
    if len(text) != 10:
        raise InvalidNPI(_l("An NPI has exactly 10 digits; this one has %(num)s.", num=len(text)))
    if text[0] not in "12":
        raise InvalidNPI(_l("An NPI starts with 1 or 2."))
    if check_digit(text[:9]) != int(text[9]):
        raise InvalidNPI(_l("This NPI's check digit is wrong: please check it for a typing error."))
    return text


def is_valid_npi(raw: str) -> bool:
    try:
        normalize_npi(raw)
    except InvalidNPI:
        return False
    return True


def make_npi(first_nine: int | str) -> str:
    """Build a valid NPI from nine leading digits (used by demo data and tests)."""
    body = f"{int(first_nine):09d}"
    return body + str(check_digit(body))
