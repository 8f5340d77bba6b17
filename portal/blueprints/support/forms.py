from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.blueprints.public.forms import PageField
from portal.forms import clean_text
from portal.models import ROLES
from portal.services.support import MAX_NOTE, MAX_PHRASE, MAX_TAGS, OUTCOMES

EMERGENCY_KIND_CHOICES = [("crisis", "Mental health crisis (988 first)"),
                          ("violence", "Danger from someone else (911 first)"),
                          ("poison", "Poisoning (911, Poison Help)"),
                          ("medical", "Medical emergency (911 first)")]

MAX_RANGE_DAYS = 366


class _Period(Form):
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    audience = SelectField("Audience", choices=[("", "All"), ("patient", "Patients"), ("provider", "Offices")],
                           default="")

    def validate_date_to(self, field):
        if field.data and self.date_from.data:
            if field.data < self.date_from.data:
                raise ValidationError("The end date is before the start date.")
            if (field.data - self.date_from.data).days > MAX_RANGE_DAYS:
                raise ValidationError(f"Choose a period of at most {MAX_RANGE_DAYS} days.")


class DashboardForm(_Period):
    pass


class LogFilterForm(_Period):
    outcome = SelectField("Outcome", choices=[("", "All"), *[(o, o.title()) for o in OUTCOMES]], default="")
    topic = StringField("Topic id", filters=[clean_text], validators=[Length(max=80)])
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
    label = StringField("Correct answer: topic id, FALLBACK or EMERGENCY", filters=[clean_text],
                        validators=[Length(max=80)])


class PhraseForm(FlaskForm):
    kind = SelectField("Add as", choices=[("alternate", "Alternate phrasing of the topic"),
                                          ("negative", "Negative example: never this topic for this")])
    topic_id = StringField("Topic id", filters=[clean_text], validators=[DataRequired("Enter a topic id."),
                                                                          Length(max=80)])
    phrase = StringField("Phrasing", filters=[clean_text], validators=[
        DataRequired("Enter the phrasing."), Length(max=MAX_PHRASE, message=f"A phrasing has at most {MAX_PHRASE} characters.")])





class EmergencyPhraseForm(FlaskForm):
    emergency_kind = SelectField("Kind of emergency", choices=EMERGENCY_KIND_CHOICES)
    phrase = StringField("Phrasing that means danger", filters=[clean_text], validators=[
        DataRequired("Enter the phrasing."), Length(max=MAX_PHRASE, message=f"A phrasing has at most {MAX_PHRASE} characters.")])
