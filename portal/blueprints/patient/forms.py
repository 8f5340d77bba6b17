from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length

from portal.forms import clean_text
from portal.models.clinical import CONTACT_PREFERENCES
from portal.services.enrollment import LEAVE_REASONS, MAX_CONTACT_TIMES, MAX_REASON_DETAILS


class ContactPreferenceForm(FlaskForm):
    """How and when the care coordinator should contact the patient about one program."""

    contact_preference = RadioField("How should your care coordinator contact you?",
                                    choices=list(CONTACT_PREFERENCES.items()), default="phone")
    phone = StringField("Phone number (for a call)", filters=[clean_text], validators=[Length(max=30)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    contact_times = StringField("Best days and times to reach you (optional)", filters=[clean_text],
                                validators=[Length(max=MAX_CONTACT_TIMES,
                                                   message=f"Keep this under {MAX_CONTACT_TIMES} characters.")],
                                render_kw={"placeholder": "e.g. weekdays after 5 pm"})

    def offer(self, portal_available: bool) -> None:
        """A portal message is offered only when someone at the medical group reads them."""
        if not portal_available:
            self.contact_preference.choices = [c for c in self.contact_preference.choices if c[0] != "portal"]


class EnrollForm(ContactPreferenceForm):
    consent = BooleanField("I have read the consent above and I agree to it")
    consent_version = HiddenField()


class ContactDetailsForm(FlaskForm):
    phone = StringField("Phone number", filters=[clean_text], validators=[Length(max=30)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    email = StringField("E-mail for your care team (leave empty to use your account's)", filters=[clean_text],
                        validators=[Length(max=254)], render_kw={"autocomplete": "email", "inputmode": "email"})


class LeaveForm(FlaskForm):
    """Leaving a program, on the page that says first what leaving means. Both fields are
    optional; what the patient gives is shown to their care coordinator."""

    reason = RadioField("Why are you leaving? (optional)", default="", validate_choice=False,
                        choices=[("", "I would rather not say"),
                                 *((code, text.rstrip(".")) for code, text in LEAVE_REASONS.items() if code != "other"),
                                 ("other", "Another reason (you can say below)")],
                        validators=[AnyOf(["", *LEAVE_REASONS], message="Choose one of the reasons in the list, "
                                                                        "or none.")])
    details = TextAreaField("Anything else your care team should know? (optional)", filters=[clean_text],
                            validators=[Length(max=MAX_REASON_DETAILS,
                                               message=f"Keep what you write under {MAX_REASON_DETAILS} characters.")],
                            render_kw={"rows": 3, "maxlength": MAX_REASON_DETAILS})
