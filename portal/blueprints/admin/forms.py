from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, Form, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.blueprints.public.forms import PageField
from portal.delivery.messages import KIND_LABELS
from portal.forms import ROW_NUMBER, clean_text
from portal.models import ROLES
from portal.models.ops import OUTBOX_STATUSES
from portal.services.audit import ACTIONS

ROLE_CHOICES = list(ROLES.items())


class UserSearchForm(Form):
    q = StringField("E-mail or name", filters=[clean_text], validators=[Length(max=100)])
    role = SelectField("Role", choices=[("", "All roles"), *ROLE_CHOICES], default="")
    page = PageField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])


class OutboxFilterForm(Form):
    status = SelectField("Status", choices=[("", "Any"), *((s, s.capitalize()) for s in OUTBOX_STATUSES)], default="")
    kind = SelectField("Kind", choices=[("", "Any"), *KIND_LABELS.items()], default="")
    page = PageField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])


class UserFields(FlaskForm):
    email = StringField("E-mail address", filters=[clean_text],
                        validators=[DataRequired("Enter an e-mail address."), Length(max=254)])
    display_name = StringField("Name", filters=[clean_text], validators=[Length(max=120)])


class CreateUserForm(UserFields):
    role = SelectField("Role", choices=ROLE_CHOICES, default="provider")
    organization_id = IntegerField("Organization number (office staff)", validators=[Optional(), ROW_NUMBER],
                                   render_kw={"inputmode": "numeric"})
    member_id = StringField("Member ID (patients)", filters=[clean_text], validators=[Length(max=20)])
    is_office_admin = BooleanField("Office administrator (can add and disable staff of this organization)")


class RoleForm(FlaskForm):
    role = SelectField("New role", choices=ROLE_CHOICES)
    organization_id = IntegerField("Organization number (office staff)", validators=[Optional(), ROW_NUMBER],
                                   render_kw={"inputmode": "numeric"})
    member_id = StringField("Member ID (patients)", filters=[clean_text], validators=[Length(max=20)])
    # A guarded action (portal/confirm.py) confirmed in its own form: the server requires the box.
    confirm = BooleanField("I understand: they are signed out everywhere and their API tokens are revoked",
                           validators=[DataRequired("Tick the box to confirm: changing the role signs them out "
                                                    "everywhere and revokes their API tokens.")])


class TokenForm(FlaskForm):
    email = StringField("Office user's e-mail", filters=[clean_text],
                        validators=[DataRequired("Enter the office user's e-mail address."), Length(max=254)])
    name = StringField("What the token is for", filters=[clean_text], validators=[Length(max=100)],
                       render_kw={"placeholder": "e.g. front desk eligibility system"})


class OrganizationSearchForm(Form):
    q = StringField("Organization name or city", filters=[clean_text], validators=[Length(max=100)])
    page = PageField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])


class AuditFilterForm(Form):
    user = StringField("User's e-mail", filters=[clean_text], validators=[Length(max=254)])
    action = SelectField("Action", choices=[("", "All actions"), *ACTIONS.items()], default="")
    member = StringField("Member ID", filters=[clean_text], validators=[Length(max=40)])
    date_from = DateField("From (date)", validators=[Optional()])
    date_to = DateField("To (date)", validators=[Optional()])
    page = PageField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")


class ImportForm(FlaskForm):
    kind = SelectField("What the file holds", choices=[
        ("organizations", "Organizations"), ("programs", "Programs"), ("providers", "Providers and participation"),
        ("coordinators", "Care coordinators"), ("members", "Members and attribution")])
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file.")])
    dry_run = BooleanField("Dry run: check and count, change nothing")
    all_or_nothing = BooleanField("All or nothing: apply nothing if any row has an error")
