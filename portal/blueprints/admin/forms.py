from __future__ import annotations

from flask_babel import lazy_gettext as _l
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
# An outbox message's status as the Outbox page names it (the stored value is the key), in the
# order of OUTBOX_STATUSES.
OUTBOX_STATUS_LABELS = {"queued": _l("Queued"), "sending": _l("Sending"), "sent": _l("Sent"), "failed": _l("Failed"),
                        "cancelled": _l("Cancelled"), "skipped": _l("Skipped"), "logged": _l("Logged")}
assert tuple(OUTBOX_STATUS_LABELS) == OUTBOX_STATUSES, "name every outbox status, in order"


class UserSearchForm(Form):
    q = StringField(_l("E-mail or name"), filters=[clean_text], validators=[Length(max=100)])
    role = SelectField(_l("Role"), choices=[("", _l("All roles")), *ROLE_CHOICES], default="")
    page = PageField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, 100_000)])


class OutboxFilterForm(Form):
    status = SelectField(_l("Status"), choices=[("", _l("Any")), *OUTBOX_STATUS_LABELS.items()], default="")
    kind = SelectField(_l("Kind"), choices=[("", _l("Any")), *KIND_LABELS.items()], default="")
    page = PageField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, 100_000)])


class UserFields(FlaskForm):
    email = StringField(_l("E-mail address"), filters=[clean_text],
                        validators=[DataRequired(_l("Enter an e-mail address.")), Length(max=254)])
    display_name = StringField(_l("Name"), filters=[clean_text], validators=[Length(max=120)])


class CreateUserForm(UserFields):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="provider")
    organization_id = IntegerField(_l("Organization number (office staff)"), validators=[Optional(), ROW_NUMBER],
                                   render_kw={"inputmode": "numeric"})
    member_id = StringField(_l("Member ID (patients)"), filters=[clean_text], validators=[Length(max=20)])
    is_office_admin = BooleanField(_l("Office administrator (can add and disable staff of this organization)"))


class RoleForm(FlaskForm):
    role = SelectField(_l("New role"), choices=ROLE_CHOICES)
    organization_id = IntegerField(_l("Organization number (office staff)"), validators=[Optional(), ROW_NUMBER],
                                   render_kw={"inputmode": "numeric"})
    member_id = StringField(_l("Member ID (patients)"), filters=[clean_text], validators=[Length(max=20)])
    # A guarded action (portal/confirm.py) confirmed in its own form: the server requires the box.
    confirm = BooleanField(_l("I understand: they are signed out everywhere and their API tokens are revoked"),
                           validators=[DataRequired(_l("Tick the box to confirm: changing the role signs them out "
                                                       "everywhere and revokes their API tokens."))])


class TokenForm(FlaskForm):
    email = StringField(_l("Office user's e-mail"), filters=[clean_text],
                        validators=[DataRequired(_l("Enter the office user's e-mail address.")), Length(max=254)])
    name = StringField(_l("What the token is for"), filters=[clean_text], validators=[Length(max=100)],
                       render_kw={"placeholder": _l("e.g. front desk eligibility system")})


class OrganizationSearchForm(Form):
    q = StringField(_l("Organization name or city"), filters=[clean_text], validators=[Length(max=100)])
    page = PageField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, 100_000)])


class AuditFilterForm(Form):
    user = StringField(_l("User's e-mail"), filters=[clean_text], validators=[Length(max=254)])
    action = SelectField(_l("Action"), choices=[("", _l("All actions")), *ACTIONS.items()], default="")
    member = StringField(_l("Member ID"), filters=[clean_text], validators=[Length(max=40)])
    date_from = DateField(_l("From (date)"), validators=[Optional()])
    date_to = DateField(_l("To (date)"), validators=[Optional()])
    page = PageField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, 100_000)])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))


class ImportForm(FlaskForm):
    kind = SelectField(_l("What the file holds"), choices=[
        ("organizations", _l("Organizations")), ("programs", _l("Programs")),
        ("providers", _l("Providers and participation")), ("coordinators", _l("Care coordinators")),
        ("members", _l("Members and attribution"))])
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])
    dry_run = BooleanField(_l("Dry run: check and count, change nothing"))
    all_or_nothing = BooleanField(_l("All or nothing: apply nothing if any row has an error"))
