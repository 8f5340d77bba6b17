"""Password policy and hashing (unit tests, no app)."""
import pytest

from portal.services import passwords
from portal.services.passwords import WeakPassword, check_policy


@pytest.mark.parametrize("password, reason", [
    ("short-one", "at least 12"),
    ("x" * 129, "at most 128"),
    ("password1234", "common"),
    ("qwertyuiop12", "common"),
    ("123456789012", "common"),
    ("aaaaaaaaaaaa", "easy"),
    ("maria.lopez2024!", "e-mail address or name"),
])
def test_weak_passwords_are_refused_with_a_reason(password, reason):
    with pytest.raises(WeakPassword) as refused:
        check_policy(password, ("maria.lopez@example.com", "Maria Lopez"))
    assert reason.lower() in str(refused.value).lower()


@pytest.mark.parametrize("password", ["tangerine-harbor-quietly-42", "correct horse battery staple", "Zq8!vL2#pR9m"])
def test_strong_passwords_pass(password):
    check_policy(password, ("maria.lopez@example.com",))


def test_hashes_are_argon2id_salted_and_verify():
    first, second = passwords.hash_password("tangerine-harbor-quietly-42"), passwords.hash_password("tangerine-harbor-quietly-42")
    assert first.startswith("$argon2id$") and first != second
    assert passwords.verify_password(first, "tangerine-harbor-quietly-42")
    assert not passwords.verify_password(first, "tangerine-harbor-quietly-43")
    assert not passwords.verify_password(None, "anything")  # unknown account: no error, just no
    assert not passwords.verify_password("!invited", "anything")  # invited, password not chosen yet
    assert not passwords.verify_password(first, "x" * 1_000_000)  # never hashes a huge input
