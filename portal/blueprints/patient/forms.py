from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import Length

from portal.forms import clean_text
from portal.models.clinical import CONTACT_PREFERENCES
from portal.services.enrollment import MAX_CONTACT_TIMES, MAX_REASON


class EnrollForm(FlaskForm):
    contact_preference = RadioField("How should your care coordinator contact you?",
                                    choices=list(CONTACT_PREFERENCES.items()), default="phone")
    contact_times = StringField("Best days and times to reach you (optional)", filters=[clean_text],
                                validators=[Length(max=MAX_CONTACT_TIMES,
                                                   message=f"Keep this under {MAX_CONTACT_TIMES} characters.")],
                                render_kw={"placeholder": "e.g. weekdays after 5 pm"})
    consent = BooleanField("I have read the consent above and I agree to it")
    consent_version = HiddenField()


class WithdrawForm(FlaskForm):
    reason = TextAreaField("Why are you leaving? (optional)", filters=[clean_text],
                           validators=[Length(max=MAX_REASON, message=f"Keep this under {MAX_REASON} characters.")])
