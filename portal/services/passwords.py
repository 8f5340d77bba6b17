"""Password policy and hashing.

Policy: 12 to 128 characters, not a common or easily guessed password (zxcvbn's estimate,
which checks a list of 30,000 common passwords, names, words, keyboard patterns, dates and
repeats, and the user's own e-mail and name), strength score 3 or more out of 4.
Hashing: Argon2id (memory-hard), parameters from argon2-cffi's RFC 9106 low-memory profile.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
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


def check_policy(password: str, user_inputs: tuple[str, ...] = ()) -> None:
    """Raise WeakPassword with a plain-language reason when `password` is not acceptable."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.")
    lowered = password.lower()
    for value in user_inputs:
        local_part = value.lower().split("@")[0]
        if len(local_part) >= 4 and local_part in lowered:
            raise WeakPassword("Do not use your e-mail address or name in your password.")
    inputs = [part for value in user_inputs for part in value.lower().replace("@", " ").replace(".", " ").split()]
    result = zxcvbn(password, user_inputs=inputs)
    if result["score"] < MIN_SCORE:
        warning = result["feedback"].get("warning") or "This password would be easy to guess."
        raise WeakPassword(
            f"{warning.rstrip('.')}. Choose a longer password with several unrelated words, "
            "or one from a password manager."
        )


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
