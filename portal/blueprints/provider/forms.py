from __future__ import annotations

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
    name = StringField("What the token is for", filters=[clean_text], validators=[Length(max=100)],
                       render_kw={"placeholder": "e.g. front desk eligibility system"})


class VerifyForm(FlaskForm):
    member_id = StringField("Member ID", filters=[clean_text],
                            validators=[DataRequired("Enter the member ID."), Length(max=20, message="A member ID has at most 20 characters.")],
                            render_kw={"autocomplete": "off", "spellcheck": "false"})
    date_of_birth = DateField("Date of birth", validators=[DataRequired("Enter the date of birth as year, month and day.")])
    last_name = StringField("Last name", filters=[clean_text],
                            validators=[DataRequired("Enter the last name."), Length(max=80)],
                            render_kw={"autocomplete": "off"})
    date_of_service = DateField("Date of service", validators=[Optional()])


class BatchForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file to upload.")])


class ProviderCheckForm(Form):
    npi = StringField("NPI (10 digits)", filters=[clean_text], validators=[Length(max=40)])
    on = DateField("On date", validators=[Optional()])


class RosterForm(Form):
    pcp = IntegerField("Primary care provider", validators=[Optional(), ROW_NUMBER])
    coordinator = IntegerField("Care coordinator", validators=[Optional(), ROW_NUMBER])
    program = StringField("Enrolled in", filters=[clean_text], validators=[Length(max=40)])
    as_of = DateField("Attributed on", validators=[Optional()])
    new_since = DateField("New since", validators=[Optional()])
    dropped_since = DateField("Dropped since", validators=[Optional()])
    page = PageField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])


# --- care coordination ------------------------------------------------------------------------------


class WorklistFilterForm(Form):
    status = SelectField("Show", choices=[("open", "Open"), ("overdue", "Overdue"), ("done", "Done"), ("all", "All")],
                         default="open")
    kind = SelectField("Change", choices=[("", "Joined and left"), ("enrollment", "Joined a program"),
                                          ("withdrawal", "Left a program")], default="")
    program = SelectField("Program", choices=[("", "All programs")], default="")
    coordinator = SelectField("Care coordinator", choices=[("", "Everyone")], default="")
    page = PageField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])


class ContactOutcomeForm(FlaskForm):
    outcome = RadioField("What happened?", choices=[], validators=[DataRequired("Choose what happened.")])
    note = TextAreaField("Note (optional)", validators=[
        Length(max=MAX_NOTE, message=f"A note has at most {MAX_NOTE} characters.")], render_kw={"rows": 3})


class AssignForm(FlaskForm):
    coordinator = SelectField("Assign to", choices=[("", "Nobody (the office administrators)")], default="")

