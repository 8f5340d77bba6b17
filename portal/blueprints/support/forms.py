from __future__ import annotations

from datetime import date

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.blueprints.public.forms import PageField
from portal.forms import clean_text
from portal.models import ROLES
from portal.assistant.review import MAX_NOTE, MAX_PHRASE, MAX_TAGS, PHRASE_KIND_WORDS

EMERGENCY_KIND_CHOICES = [("crisis", _l("Mental health crisis (988 first)")),
                          ("violence", _l("Danger from someone else (911 first)")),
                          ("poison", _l("Poisoning (911, Poison Help)")),
                          ("medical", _l("Medical emergency (911 first)"))]
LANGUAGE_CHOICES = [("en", _l("English")), ("es", _l("Spanish"))]
OUTCOME_LABELS = {"answer": _l("Answer"), "clarify": _l("Clarify"), "fallback": _l("Fallback"),
                  "emergency": _l("Emergency")}


# The log's stored values as the console writes them in running text and tables ("fallback",
# "not helpful"); a value not listed here is shown as stored.
TERMS = {
    "outcome": {"answer": _l("answer"), "clarify": _l("clarify"), "fallback": _l("fallback"),
                "emergency": _l("emergency")},
    "feedback": {"helpful": _l("helpful"), "not_helpful": _l("not helpful")},
    "kind": PHRASE_KIND_WORDS,
    "audience": {"patient": _l("patient"), "provider": _l("provider"), "all": _l("all")},
    "role": {"anonymous": _l("anonymous"), "patient": _l("patient"), "provider": _l("provider"),
             "support": _l("support"), "admin": _l("admin")},
    "reading": {"new": _l("new"), "follow-up": _l("follow-up"), "same-for": _l("same-for"), "sibling": _l("sibling"),
                "pick": _l("pick"), "reject": _l("reject"), "small-talk": _l("small-talk")},
}


MAX_RANGE_DAYS = 366


# No exchange is older than the portal: earlier dates are refused rather than counted (and a
# date near year 1 cannot overflow the arithmetic of a period).
EARLIEST = date(2000, 1, 1)


class _Period(Form):
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    audience = SelectField(_l("Audience"), choices=[("", _l("All")), ("patient", _l("Patients")),
                                                    ("provider", _l("Offices"))], default="")

    def validate_date_from(self, field):
        """The period as it will be read (an end left out is today) is at most MAX_RANGE_DAYS.
        (Checked here: an empty date_to stops its own validators.)"""
        if field.data and field.data < EARLIEST:
            raise ValidationError(_("Choose a date from %(year)s onward.", year=EARLIEST.year))
        end = self.date_to.data if self.date_to.data and self.date_to.data >= EARLIEST else date.today()
        if field.data and (end - field.data).days > MAX_RANGE_DAYS:
            raise ValidationError(_("Choose a period of at most %(days)s days.", days=MAX_RANGE_DAYS))

    def validate_date_to(self, field):
        if field.data and field.data < EARLIEST:
            raise ValidationError(_("Choose a date from %(year)s onward.", year=EARLIEST.year))
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_("The end date is before the start date."))


class DashboardForm(_Period):
    pass


class LogFilterForm(_Period):
    outcome = SelectField(_l("Outcome"), choices=[("", _l("All")), *OUTCOME_LABELS.items()], default="")
    topic = StringField(_l("Topic (its id, such as how-to-enroll)"), filters=[clean_text],
                        validators=[Length(max=80)])
    role = SelectField(_l("Asked by"), choices=[("", _l("Anyone")), ("anonymous", _l("Anonymous")), ("api", "API"),
                                                *ROLES.items()], default="")
    feedback = SelectField(_l("Feedback"), choices=[("", _l("Any")), ("helpful", _l("Helpful")),
                                                    ("not_helpful", _l("Not helpful")), ("none", _l("None given"))],
                           default="")
    language = SelectField(_l("Language"), choices=[("any", _l("Any")), *LANGUAGE_CHOICES], default="any")
    confidence_min = FloatField(_l("Confidence from"), validators=[Optional(), NumberRange(0, 1, _l("Use 0 to 1."))])
    confidence_max = FloatField(_l("Confidence to"), validators=[Optional(), NumberRange(0, 1, _l("Use 0 to 1."))])
    reviewed = SelectField(_l("Reviewed"), choices=[("", _l("Any")), ("no", _l("Not yet")), ("yes", _l("Reviewed"))],
                           default="")
    q = StringField(_l("Question contains"), filters=[clean_text], validators=[Length(max=200)])
    page = PageField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, 100_000)])

    def validate_confidence_max(self, field):
        if field.data is not None and self.confidence_min.data is not None and field.data < self.confidence_min.data:
            raise ValidationError(_("The upper confidence is below the lower one."))


class ReviewForm(FlaskForm):
    tags = StringField(_l("Tags (comma-separated)"), filters=[clean_text], validators=[
        Length(max=MAX_TAGS, message=_l("Tags have at most %(num)s characters.", num=MAX_TAGS))])
    note = TextAreaField(_l("Note"), validators=[
        Length(max=MAX_NOTE, message=_l("A note has at most %(num)s characters.", num=MAX_NOTE))])
    label = SelectField(_l("Correct answer"), choices=[("", _l("Not set"))], validate_choice=True, default="")


class PhraseForm(FlaskForm):
    kind = SelectField(_l("Add as"), choices=[("alternate", _l("Alternate phrasing of the topic")),
                                              ("negative", _l("Negative example: never this topic for this"))])
    topic_id = SelectField(_l("Topic"), choices=[("", _l("Choose a topic"))],
                           validators=[DataRequired(_l("Choose the topic this phrasing asks for."))])
    phrase = StringField(_l("Phrasing"), filters=[clean_text], validators=[
        DataRequired(_l("Enter the phrasing.")),
        Length(max=MAX_PHRASE, message=_l("A phrasing has at most %(num)s characters.", num=MAX_PHRASE))])
    # Only for a phrasing typed in on the phrasings page: one taken from an exchange is in its language.
    language = SelectField(_l("Language of the phrasing"), choices=LANGUAGE_CHOICES, default="en")


def set_topic_choices(form: FlaskForm, topics) -> FlaskForm:
    """The topic pickers: topic questions (what support staff read), not ids, in alphabetical order
    with the audience that sees each."""
    audiences = TERMS["audience"]
    options = [(t.id, f"{t.question} ({audiences.get(t.audience, t.audience)})")
               for t in sorted(topics, key=lambda t: t.question.lower())]
    if isinstance(form, ReviewForm):
        extra = [("FALLBACK", _("None: out of scope (FALLBACK)")), ("EMERGENCY", _("An emergency (EMERGENCY)"))]
        form.label.choices = [("", _("Not set")), *extra, *options]
    if isinstance(form, PhraseForm):
        form.topic_id.choices = [("", _("Choose a topic")), *options]
    return form


class EmergencyPhraseForm(FlaskForm):
    emergency_kind = SelectField(_l("Kind of emergency"), choices=EMERGENCY_KIND_CHOICES)
    phrase = StringField(_l("Phrasing that means danger"), filters=[clean_text], validators=[
        DataRequired(_l("Enter the phrasing.")),
        Length(max=MAX_PHRASE, message=_l("A phrasing has at most %(num)s characters.", num=MAX_PHRASE))])


class RequestDoneForm(FlaskForm):
    note = TextAreaField(_l("What happened (optional)"), filters=[clean_text], validators=[
        Length(max=1000, message=_l("A note has at most %(num)s characters.", num=1000))], render_kw={"rows": 2})


class RequestFilterForm(Form):
    status = SelectField(_l("Show"), choices=[("open", _l("Open requests")), ("done", _l("Done"))], default="open")
    page = PageField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, 100_000)])
