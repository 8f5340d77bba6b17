from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from portal.formatting import US_ZONES, other_zones, valid_zone
from portal.forms import clean_text, password_field


class LoginForm(FlaskForm):
    email = StringField("E-mail address", filters=[clean_text],
                        validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
                        render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = password_field("Password")
    next = HiddenField()


class RegisterForm(FlaskForm):
    member_id = StringField("Member ID", filters=[clean_text],
                            validators=[DataRequired("Enter your member ID."), Length(max=20, message="A member ID has at most 20 characters.")],
                            render_kw={"autocomplete": "off", "spellcheck": "false"})
    date_of_birth = DateField("Date of birth", validators=[DataRequired("Enter your date of birth as year, month and day.")])
    last_name = StringField("Last name", filters=[clean_text],
                            validators=[DataRequired("Enter your last name."), Length(max=80)],
                            render_kw={"autocomplete": "family-name"})
    zip_code = StringField("ZIP code", filters=[clean_text],
                           validators=[DataRequired("Enter your ZIP code."),
                                       Regexp(r"^\d{5}(-\d{4})?$", message="Enter a 5-digit ZIP code.")],
                           render_kw={"autocomplete": "postal-code", "inputmode": "numeric"})
    email = StringField("E-mail address", filters=[clean_text],
                        validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
                        render_kw={"autocomplete": "email", "spellcheck": "false"})
    password = password_field("Choose a password", new=True)
    confirm = password_field("Type the password again", new=False)

    def validate_confirm(self, field):
        EqualTo("password", "The two passwords are not the same.")(self, field)


class ForgotPasswordForm(FlaskForm):
    email = StringField("E-mail address", filters=[clean_text],
                        validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
                        render_kw={"autocomplete": "email", "spellcheck": "false"})


class NewPasswordForm(FlaskForm):
    password = password_field("New password", new=True)
    confirm = password_field("Type the new password again")

    def validate_confirm(self, field):
        EqualTo("password", "The two passwords are not the same.")(self, field)


class ChangePasswordForm(NewPasswordForm):
    current_password = password_field("Current password")


class CodeForm(FlaskForm):
    code = StringField("Code", filters=[clean_text],
                       validators=[DataRequired("Enter the code."), Length(max=20, message="A code is at most 20 characters.")],
                       render_kw={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "characters"})


class TimeZoneForm(FlaskForm):
    """The zone times are shown in: the device's (stored as none), a US one, or any other."""

    # Any zone of the database is accepted (the list holds the usual ones), with a plain message.
    time_zone = SelectField("Time zone", default="", validate_choice=False)

    def __init__(self, *args, device: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = {
            "Your device": [("", f"Use my device's time zone{f' (now {device})' if device else ''}")],
            "United States": [(name, f"{label} ({name})") for name, label in US_ZONES],
            "Other time zones": [(name, name.replace("_", " ")) for name in other_zones()],
        }

    def validate_time_zone(self, field):
        if field.data and not valid_zone(field.data):
            raise ValidationError("Choose a time zone from the list.")
