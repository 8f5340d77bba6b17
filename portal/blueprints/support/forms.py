from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.blueprints.public.forms import PageField
from portal.forms import clean_text
from portal.models import ROLES
from portal.assistant.log import OUTCOMES
from portal.assistant.review import MAX_NOTE, MAX_PHRASE, MAX_TAGS

EMERGENCY_KIND_CHOICES = [("crisis", "Mental health crisis (988 first)"),
                          ("violence", "Danger from someone else (911 first)"),
                          ("poison", "Poisoning (911, Poison Help)"),
                          ("medical", "Medical emergency (911 first)")]

MAX_RANGE_DAYS = 366


# No exchange is older than the portal: earlier dates are refused rather than counted (and a
# date near year 1 cannot overflow the arithmetic of a period).
EARLIEST = date(2000, 1, 1)


class _Period(Form):
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    audience = SelectField("Audience", choices=[("", "All"), ("patient", "Patients"), ("provider", "Offices")],
                           default="")

    def validate_date_from(self, field):
        """The period as it will be read (an end left out is today) is at most MAX_RANGE_DAYS.
        (Checked here: an empty date_to stops its own validators.)"""
        if field.data and field.data < EARLIEST:
            raise ValidationError(f"Choose a date from {EARLIEST:%Y} onward.")
        end = self.date_to.data if self.date_to.data and self.date_to.data >= EARLIEST else date.today()
        if field.data and (end - field.data).days > MAX_RANGE_DAYS:
            raise ValidationError(f"Choose a period of at most {MAX_RANGE_DAYS} days.")

    def validate_date_to(self, field):
        if field.data and field.data < EARLIEST:
            raise ValidationError(f"Choose a date from {EARLIEST:%Y} onward.")
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")


class DashboardForm(_Period):
    pass


class LogFilterForm(_Period):
    outcome = SelectField("Outcome", choices=[("", "All"), *[(o, o.title()) for o in OUTCOMES]], default="")
    topic = StringField("Topic (its id, such as how-to-enroll)", filters=[clean_text], validators=[Length(max=80)])
    role = SelectField("Asked by", choices=[("", "Anyone"), ("anonymous", "Anonymous"), ("api", "API"),
                                            *ROLES.items()], default="")
    feedback = SelectField("Feedback", choices=[("", "Any"), ("helpful", "Helpful"), ("not_helpful", "Not helpful"),
                                                ("none", "None given")], default="")
    confidence_min = FloatField("Confidence from", validators=[Optional(), NumberRange(0, 1, "Use 0 to 1.")])
    confidence_max = FloatField("Confidence to", validators=[Optional(), NumberRange(0, 1, "Use 0 to 1.")])
    reviewed = SelectField("Reviewed", choices=[("", "Any"), ("no", "Not yet"), ("yes", "Reviewed")], default="")
    q = StringField("Question contains", filters=[clean_text], validators=[Length(max=200)])
    page = PageField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])

    def validate_confidence_max(self, field):
        if field.data is not None and self.confidence_min.data is not None and field.data < self.confidence_min.data:
            raise ValidationError("The upper confidence is below the lower one.")


class ReviewForm(FlaskForm):
    tags = StringField("Tags (comma-separated)", filters=[clean_text],
                       validators=[Length(max=MAX_TAGS, message=f"Tags have at most {MAX_TAGS} characters.")])
    note = TextAreaField("Note", validators=[Length(max=MAX_NOTE, message=f"A note has at most {MAX_NOTE} characters.")])
    label = SelectField("Correct answer", choices=[("", "Not set")], validate_choice=True, default="")


class PhraseForm(FlaskForm):
    kind = SelectField("Add as", choices=[("alternate", "Alternate phrasing of the topic"),
                                          ("negative", "Negative example: never this topic for this")])
    topic_id = SelectField("Topic", choices=[("", "Choose a topic")],
                           validators=[DataRequired("Choose the topic this phrasing asks for.")])
    phrase = StringField("Phrasing", filters=[clean_text], validators=[
        DataRequired("Enter the phrasing."), Length(max=MAX_PHRASE, message=f"A phrasing has at most {MAX_PHRASE} characters.")])





def set_topic_choices(form: FlaskForm, topics) -> FlaskForm:
    """The topic pickers: topic questions (what support staff read), not ids, in alphabetical order
    with the audience that sees each."""
    options = [(t.id, f"{t.question} ({t.audience})") for t in sorted(topics, key=lambda t: t.question.lower())]
    if isinstance(form, ReviewForm):
        extra = [("FALLBACK", "None: out of scope (FALLBACK)"), ("EMERGENCY", "An emergency (EMERGENCY)")]
        form.label.choices = [("", "Not set"), *extra, *options]
    if isinstance(form, PhraseForm):
        form.topic_id.choices = [("", "Choose a topic"), *options]
    return form


class EmergencyPhraseForm(FlaskForm):
    emergency_kind = SelectField("Kind of emergency", choices=EMERGENCY_KIND_CHOICES)
    phrase = StringField("Phrasing that means danger", filters=[clean_text], validators=[
        DataRequired("Enter the phrasing."), Length(max=MAX_PHRASE, message=f"A phrasing has at most {MAX_PHRASE} characters.")])


class RequestDoneForm(FlaskForm):
    note = TextAreaField("What happened (optional)", filters=[clean_text], validators=[
        Length(max=1000, message="A note has at most 1000 characters.")], render_kw={"rows": 2})


class RequestFilterForm(Form):
    status = SelectField("Show", choices=[("open", "Open requests"), ("done", "Done")], default="open")
    page = PageField("Page", default=1, validators=[Optional(), NumberRange(1, 100_000)])
