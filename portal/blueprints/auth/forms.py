from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from portal.formatting import US_ZONES, other_zones, valid_zone
from portal.forms import clean_text, password_field


# The English names of time zones that portal/formatting.py gives (it stays free of Flask), in
# the page's language: the US_ZONES labels of the list, and their short forms in sentences.
ZONE_NAMES = {
    "Eastern Time": _l("Eastern Time"),
    "Central Time": _l("Central Time"),
    "Mountain Time": _l("Mountain Time"),
    "Arizona Time": _l("Arizona Time"),
    "Arizona Time: Mountain Time, no daylight saving": _l("Arizona Time: Mountain Time, no daylight saving"),
    "Pacific Time": _l("Pacific Time"),
    "Alaska Time": _l("Alaska Time"),
    "Hawaii Time": _l("Hawaii Time"),
    "Hawaii-Aleutian Time": _l("Hawaii-Aleutian Time"),
    "Hawaii-Aleutian Time: Aleutian Islands": _l("Hawaii-Aleutian Time: Aleutian Islands"),
    "Atlantic Time": _l("Atlantic Time"),
    "Atlantic Time: Puerto Rico, U.S. Virgin Islands": _l("Atlantic Time: Puerto Rico, U.S. Virgin Islands"),
    "Chamorro Time": _l("Chamorro Time"),
    "Chamorro Time: Guam, Northern Mariana Islands": _l("Chamorro Time: Guam, Northern Mariana Islands"),
    "Samoa Time": _l("Samoa Time"),
    "Samoa Time: American Samoa": _l("Samoa Time: American Samoa"),
    "Coordinated Universal Time": _l("Coordinated Universal Time"),
}


def translated_zone_label(label: str) -> str:
    """A zone label of portal/formatting.py in the page's language ("Paris time": "hora de Paris")."""
    if label in ZONE_NAMES:
        return str(ZONE_NAMES[label])
    if label.endswith(" time"):
        return _("%(place)s time", place=label.removesuffix(" time"))
    return label


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail address"), filters=[clean_text],
                        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
                        render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = password_field(_l("Password"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    member_id = StringField(_l("Member ID"), filters=[clean_text],
                            validators=[DataRequired(_l("Enter your member ID.")),
                                        Length(max=20, message=_l("A member ID has at most 20 characters."))],
                            render_kw={"autocomplete": "off", "spellcheck": "false"})
    date_of_birth = DateField(_l("Date of birth"),
                              validators=[DataRequired(_l("Enter your date of birth as year, month and day."))])
    last_name = StringField(_l("Last name"), filters=[clean_text],
                            validators=[DataRequired(_l("Enter your last name.")), Length(max=80)],
                            render_kw={"autocomplete": "family-name"})
    zip_code = StringField(_l("ZIP code"), filters=[clean_text],
                           validators=[DataRequired(_l("Enter your ZIP code.")),
                                       Regexp(r"^\d{5}(-\d{4})?$", message=_l("Enter a 5-digit ZIP code."))],
                           render_kw={"autocomplete": "postal-code", "inputmode": "numeric"})
    email = StringField(_l("E-mail address"), filters=[clean_text],
                        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
                        render_kw={"autocomplete": "email", "spellcheck": "false"})
    password = password_field(_l("Choose a password"), new=True)
    confirm = password_field(_l("Type the password again"), new=False)

    def validate_confirm(self, field):
        EqualTo("password", _l("The two passwords are not the same."))(self, field)


class ForgotPasswordForm(FlaskForm):
    email = StringField(_l("E-mail address"), filters=[clean_text],
                        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
                        render_kw={"autocomplete": "email", "spellcheck": "false"})


class NewPasswordForm(FlaskForm):
    password = password_field(_l("New password"), new=True)
    confirm = password_field(_l("Type the new password again"))

    def validate_confirm(self, field):
        EqualTo("password", _l("The two passwords are not the same."))(self, field)


class ChangePasswordForm(NewPasswordForm):
    current_password = password_field(_l("Current password"))


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), filters=[clean_text],
                       validators=[DataRequired(_l("Enter the code.")),
                                   Length(max=20, message=_l("A code is at most 20 characters."))],
                       render_kw={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "characters"})


class TimeZoneForm(FlaskForm):
    """The zone times are shown in: the device's (stored as none), a US one, or any other."""

    # Any zone of the database is accepted (the list holds the usual ones), with a plain message.
    time_zone = SelectField(_l("Time zone"), default="", validate_choice=False)

    def __init__(self, *args, device: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = {
            _("Your device"): [("", _("Use my device's time zone (now %(zone)s)", zone=device) if device
                                else _("Use my device's time zone"))],
            _("United States"): [(name, _("%(label)s (%(zone)s)", label=translated_zone_label(label), zone=name))
                                 for name, label in US_ZONES],
            _("Other time zones"): [(name, name.replace("_", " ")) for name in other_zones()],
        }

    def validate_time_zone(self, field):
        if field.data and not valid_zone(field.data):
            raise ValidationError(_l("Choose a time zone from the list."))
