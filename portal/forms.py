"""Form pieces shared by every area."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from portal.care.messages import MAX_BODY as MAX_MESSAGE
from portal.care.messages import MAX_SUBJECT

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


def valid_query(form):
    """A filter form read from the query string, or a 400 that says what is wrong."""
    from portal.web import fail

    if not form.validate():
        fail(400, "Check the filters: " + "; ".join(errors[0] for errors in form.errors.values()))
    return form


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


class NewMessageForm(FlaskForm):
    """The first message of a secure thread (a patient to their care team, or the office to a patient)."""

    subject = StringField("Subject (optional)", filters=[clean_text], validators=[
        Length(max=MAX_SUBJECT, message=f"Keep the subject under {MAX_SUBJECT} characters.")])
    body = TextAreaField("Your message", validators=[
        DataRequired("Write your message."),
        Length(max=MAX_MESSAGE, message=f"A message has at most {MAX_MESSAGE} characters.")], render_kw={"rows": 6})


class ReplyForm(FlaskForm):
    """An answer in a secure message thread (the patient's side and the office's)."""

    body = TextAreaField("Your answer", validators=[
        DataRequired("Write your message."),
        Length(max=MAX_MESSAGE, message=f"A message has at most {MAX_MESSAGE} characters.")], render_kw={"rows": 5})
