"""Password policy and hashing.

Policy: 12 to 128 characters, not a common or easily guessed password (zxcvbn's estimate,
which checks a list of 30,000 common passwords, names, words, keyboard patterns, dates and
repeats, and the user's own e-mail and name), strength score 3 or more out of 4.
Hashing: Argon2id (memory-hard), parameters from argon2-cffi's RFC 9106 low-memory profile.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3

_hasher = PasswordHasher()
# A hash of a random password, checked when an e-mail is unknown so that a failed sign-in
# takes as long whether or not the account exists.
_DUMMY_HASH = _hasher.hash("not-a-real-password-7f3c9a")


def configure_hasher(**costs: int) -> None:
    """Set Argon2 costs (time_cost, memory_cost, parallelism): the test suite lowers them;
    production keeps argon2-cffi's defaults."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(**costs)
    _DUMMY_HASH = _hasher.hash("not-a-real-password-7f3c9a")


class WeakPassword(ValueError):
    """The password does not meet the policy; the message says why, for the user."""


# zxcvbn's warnings (English only: it has no translations) as our own messages, so that they are
# in the page's language. A warning not listed here (a newer zxcvbn's) gives the general one.
_ZXCVBN_WARNINGS = {
    "Straight rows of keys are easy to guess.": _l("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.": _l("Short keyboard patterns are easy to guess."),
    'Repeats like "aaa" are easy to guess.': _l('Repeats like "aaa" are easy to guess.'),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        _l('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    'Sequences like "abc" or "6543" are easy to guess.': _l('Sequences like "abc" or "6543" are easy to guess.'),
    "Recent years are easy to guess.": _l("Recent years are easy to guess."),
    "Dates are often easy to guess.": _l("Dates are often easy to guess."),
    "This is a top-10 common password.": _l("This is a top-10 common password."),
    "This is a top-100 common password.": _l("This is a top-100 common password."),
    "This is a very common password.": _l("This is a very common password."),
    "This is similar to a commonly used password.": _l("This is similar to a commonly used password."),
    "A word by itself is easy to guess.": _l("A word by itself is easy to guess."),
    "Names and surnames by themselves are easy to guess.": _l("Names and surnames by themselves are easy to guess."),
    "Common names and surnames are easy to guess.": _l("Common names and surnames are easy to guess."),
}


def check_policy(password: str, user_inputs: tuple[str, ...] = ()) -> None:
    """Raise WeakPassword with a plain-language reason when `password` is not acceptable."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(_l("Use at least %(min)s characters.", min=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise WeakPassword(_l("Use at most %(max)s characters.", max=MAX_LENGTH))
    lowered = password.lower()
    for value in user_inputs:
        local_part = value.lower().split("@")[0]
        if len(local_part) >= 4 and local_part in lowered:
            raise WeakPassword(_l("Do not use your e-mail address or name in your password."))
    inputs = [part for value in user_inputs for part in value.lower().replace("@", " ").replace(".", " ").split()]
    result = zxcvbn(password, user_inputs=inputs)
    if result["score"] < MIN_SCORE:
        warning = _ZXCVBN_WARNINGS.get(result["feedback"].get("warning") or "",
                                       _l("This password would be easy to guess."))
        raise WeakPassword(_l("%(warning)s Choose a longer password with several unrelated words, or one from a "
                              "password manager.", warning=warning))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches. With no hash, still spends the time of a check."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
