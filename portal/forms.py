"""Form pieces shared by every area."""
from __future__ import annotations

from wtforms import PasswordField
from wtforms.validators import DataRequired, Length, NumberRange

from portal.services.passwords import MAX_LENGTH, MIN_LENGTH
from portal.services.text import strip_controls

# Longer inputs are refused before any work is done with them (a 1 MB "password").
PASSWORD_FIELD_MAX = MAX_LENGTH
# A row's number in the database: anything larger than its integer column holds would fail
# there (a 500), not be "not found".
ROW_NUMBER = NumberRange(1, 2**31 - 1, message="Not a number from the list.")


def show_error(form, message: str, field: str | None = None) -> None:
    """Show a service's refusal next to the field it is about, or above the form."""
    if field and field in form:
        form[field].errors = [*form[field].errors, message]
    else:
        form.form_errors.append(message)


def clean_text(value):
    return strip_controls(value) if isinstance(value, str) else value


def password_field(label: str, *, new: bool = False) -> PasswordField:
    validators = [DataRequired("Enter a password."),
                  Length(max=PASSWORD_FIELD_MAX, message=f"A password has at most {MAX_LENGTH} characters.")]
    if new:
        validators.append(Length(min=MIN_LENGTH, message=f"Use at least {MIN_LENGTH} characters."))
    return PasswordField(label, validators=validators,
                         render_kw={"autocomplete": "new-password" if new else "current-password",
                                    "maxlength": MAX_LENGTH})
