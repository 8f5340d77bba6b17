from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from portal.blueprints.admin.forms import UserFields
from portal.forms import clean_text


class StaffForm(UserFields):
    """An office administrator adds a colleague: always office staff of their own organization."""


class OwnTokenForm(FlaskForm):
    name = StringField("What the token is for", filters=[clean_text], validators=[Length(max=100)],
                       render_kw={"placeholder": "e.g. front desk eligibility system"})
