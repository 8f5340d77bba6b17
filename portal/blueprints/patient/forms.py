from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length

from portal.forms import clean_text
from portal.models.clinical import CONTACT_PREFERENCES
from portal.services.enrollment import LEAVE_REASON_LABELS, LEAVE_REASONS, MAX_CONTACT_TIMES, MAX_REASON_DETAILS


class ContactPreferenceForm(FlaskForm):
    """How and when the care coordinator should contact the patient about one program."""

    contact_preference = RadioField(_l("How should your care coordinator contact you?"),
                                    choices=list(CONTACT_PREFERENCES.items()), default="phone")
    phone = StringField(_l("Phone number (for a call)"), filters=[clean_text], validators=[Length(max=30)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    contact_times = StringField(_l("Best days and times to reach you (optional)"), filters=[clean_text],
                                validators=[Length(max=MAX_CONTACT_TIMES,
                                                   message=_l("Keep this under %(num)s characters.",
                                                              num=MAX_CONTACT_TIMES))],
                                render_kw={"placeholder": _l("e.g. weekdays after 5 pm")})

    def offer(self, portal_available: bool) -> None:
        """A portal message is offered only when someone at the medical group reads them."""
        if not portal_available:
            self.contact_preference.choices = [c for c in self.contact_preference.choices if c[0] != "portal"]


class EnrollForm(ContactPreferenceForm):
    consent = BooleanField(_l("I have read the consent above and I agree to it"))
    consent_version = HiddenField()
    consent_language = HiddenField()  # the language of the consent text the page showed


class ContactDetailsForm(FlaskForm):
    phone = StringField(_l("Phone number"), filters=[clean_text], validators=[Length(max=30)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    email = StringField(_l("E-mail for your care team (leave empty to use your account's)"), filters=[clean_text],
                        validators=[Length(max=254)], render_kw={"autocomplete": "email", "inputmode": "email"})


class LeaveForm(FlaskForm):
    """Leaving a program, on the page that says first what leaving means. Both fields are
    optional; what the patient gives is shown to their care coordinator."""

    reason = RadioField(_l("Why are you leaving? (optional)"), default="", validate_choice=False,
                        choices=[("", _l("I would rather not say")), *LEAVE_REASON_LABELS.items(),
                                 ("other", _l("Another reason (you can say below)"))],
                        validators=[AnyOf(["", *LEAVE_REASONS],
                                          message=_l("Choose one of the reasons in the list, or none."))])
    details = TextAreaField(_l("Anything else your care team should know? (optional)"), filters=[clean_text],
                            validators=[Length(max=MAX_REASON_DETAILS,
                                               message=_l("Keep what you write under %(num)s characters.",
                                                          num=MAX_REASON_DETAILS))],
                            render_kw={"rows": 3, "maxlength": MAX_REASON_DETAILS})
