from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, Form, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.blueprints.admin.forms import UserFields
from portal.blueprints.public.forms import PageField
from portal.care.worklist import MAX_NOTE
from portal.forms import ROW_NUMBER, clean_text


class StaffForm(UserFields):
    """An office administrator adds a colleague: always office staff of their own organization."""


class OwnTokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), filters=[clean_text], validators=[Length(max=100)],
                       render_kw={"placeholder": _l("e.g. front desk eligibility system")})


class VerifyForm(FlaskForm):
    member_id = StringField(_l("Member ID"), filters=[clean_text],
                            validators=[DataRequired(_l("Enter the member ID.")),
                                        Length(max=20, message=_l("A member ID has at most 20 characters."))],
                            render_kw={"autocomplete": "off", "spellcheck": "false"})
    date_of_birth = DateField(_l("Date of birth"),
                              validators=[DataRequired(_l("Enter the date of birth as year, month and day."))])
    last_name = StringField(_l("Last name"), filters=[clean_text],
                            validators=[DataRequired(_l("Enter the last name.")), Length(max=80)],
                            render_kw={"autocomplete": "off"})
    date_of_service = DateField(_l("Date of service"), validators=[Optional()])


class BatchForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file to upload."))])


class ProviderCheckForm(Form):
    npi = StringField(_l("NPI (10 digits)"), filters=[clean_text], validators=[Length(max=40)])
    on = DateField(_l("On date"), validators=[Optional()])


class RosterForm(Form):
    pcp = IntegerField(_l("Primary care provider"), validators=[Optional(), ROW_NUMBER])
    coordinator = IntegerField(_l("Care coordinator"), validators=[Optional(), ROW_NUMBER])
    program = StringField(_l("Enrolled in"), filters=[clean_text], validators=[Length(max=40)])
    as_of = DateField(_l("Attributed on"), validators=[Optional()])
    new_since = DateField(_l("New since"), validators=[Optional()])
    dropped_since = DateField(_l("Dropped since"), validators=[Optional()])
    page = PageField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, 100_000)])


# --- care coordination ------------------------------------------------------------------------------


class WorklistFilterForm(Form):
    status = SelectField(_l("Show"), choices=[("open", _l("Open")), ("overdue", _l("Overdue")), ("done", _l("Done")),
                                              ("all", _l("All"))], default="open")
    kind = SelectField(_l("Change"), choices=[("", _l("Joined and left")), ("enrollment", _l("Joined a program")),
                                              ("withdrawal", _l("Left a program"))], default="")
    program = SelectField(_l("Program"), choices=[("", _l("All programs"))], default="")
    coordinator = SelectField(_l("Care coordinator"), choices=[("", _l("Everyone"))], default="")
    page = PageField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, 100_000)])


class ContactOutcomeForm(FlaskForm):
    outcome = RadioField(_l("What happened?"), choices=[], validators=[DataRequired(_l("Choose what happened."))])
    note = TextAreaField(_l("Note (optional)"), validators=[
        Length(max=MAX_NOTE, message=_l("A note has at most %(num)s characters.", num=MAX_NOTE))],
        render_kw={"rows": 3})


class AssignForm(FlaskForm):
    coordinator = SelectField(_l("Assign to"), choices=[("", _l("Nobody (the office administrators)"))], default="")

