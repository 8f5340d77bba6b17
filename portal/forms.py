"""Form pieces shared by every area."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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
ROW_NUMBER = NumberRange(1, 2**31 - 1, message=_l("Not a number from the list."))


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
        errors = "; ".join(str(errors[0]) for errors in form.errors.values())
        fail(400, _("Check the filters: %(errors)s", errors=errors))
    return form


def clean_text(value):
    return strip_controls(value) if isinstance(value, str) else value


def password_field(label: str, *, new: bool = False) -> PasswordField:
    validators = [DataRequired(_l("Enter a password.")),
                  Length(max=PASSWORD_FIELD_MAX,
                         message=_l("A password has at most %(max)s characters.", max=MAX_LENGTH))]
    if new:
        validators.append(Length(min=MIN_LENGTH, message=_l("Use at least %(min)s characters.", min=MIN_LENGTH)))
    return PasswordField(label, validators=validators,
                         render_kw={"autocomplete": "new-password" if new else "current-password",
                                    "maxlength": MAX_LENGTH})


class NewMessageForm(FlaskForm):
    """The first message of a secure thread (a patient to their care team, or the office to a patient)."""

    subject = StringField(_l("Subject (optional)"), filters=[clean_text], validators=[
        Length(max=MAX_SUBJECT, message=_l("Keep the subject under %(max)s characters.", max=MAX_SUBJECT))])
    body = TextAreaField(_l("Your message"), validators=[
        DataRequired(_l("Write your message.")),
        Length(max=MAX_MESSAGE, message=_l("A message has at most %(max)s characters.", max=MAX_MESSAGE))],
        render_kw={"rows": 6})


class ReplyForm(FlaskForm):
    """An answer in a secure message thread (the patient's side and the office's)."""

    body = TextAreaField(_l("Your answer"), validators=[
        DataRequired(_l("Write your message.")),
        Length(max=MAX_MESSAGE, message=_l("A message has at most %(max)s characters.", max=MAX_MESSAGE))],
        render_kw={"rows": 5})
