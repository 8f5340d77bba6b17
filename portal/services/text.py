"""Text normalization shared by search, verification and imports."""
from __future__ import annotations

import re
import unicodedata

_PHONE = re.compile(r"^\+?[0-9 ().-]{7,25}$")
MIN_PHONE_DIGITS = 7
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def strip_controls(value: str) -> str:
    """Remove control, zero-width and bidi-override characters and collapse white space."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


def strip_invisible(value: str) -> str:
    """Remove control, zero-width and bidi characters but keep line breaks and tabs (for notes):
    a bidi override would make a note read differently from what it says."""
    return _INVISIBLE.sub("", (value or "").replace("\r\n", "\n")).strip()


def fold(value: str) -> str:
    """Lower case, accents removed, punctuation to single spaces: 'Núñez-O'Brien' -> 'nunez o brien'."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", ascii_text.lower()).strip()


def name_key(value: str) -> str:
    """The matching key of a person's name: folded with spaces, hyphens and apostrophes removed."""
    return fold(value).replace(" ", "")


def phone_ok(phone: str) -> bool:
    """A phone number as people write one: digits with spaces, dots, dashes or brackets, at least 7 digits."""
    return bool(_PHONE.match(phone)) and sum(c.isdigit() for c in phone) >= MIN_PHONE_DIGITS


def normal_email(value: str) -> str | None:
    """The address in its normal form, or None when it is not an e-mail address."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None
