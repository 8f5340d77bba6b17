from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.assistant.contact_requests import MAX_ABOUT, MAX_BEST_TIME, MAX_NAME, METHODS
from portal.forms import clean_text


class ContactRequestForm(FlaskForm):
    about = TextAreaField("What do you need help with?", filters=[clean_text], validators=[
        DataRequired("Say in a few words what you need help with."),
        Length(max=MAX_ABOUT, message=f"Use at most {MAX_ABOUT} characters.")],
        render_kw={"rows": 4, "maxlength": MAX_ABOUT})
    name = StringField("Your name", filters=[clean_text], validators=[
        DataRequired("Enter the name we should ask for."), Length(max=MAX_NAME)],
        render_kw={"autocomplete": "name", "maxlength": MAX_NAME})
    method = RadioField("How should we contact you?", choices=list(METHODS.items()), default="phone",
                        validators=[DataRequired("Choose how we should contact you.")])
    phone = StringField("Phone number", filters=[clean_text], validators=[Length(max=40)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 40})
    email = StringField("E-mail address", filters=[clean_text], validators=[Length(max=254)],
                        render_kw={"autocomplete": "email", "inputmode": "email", "maxlength": 254})
    best_time = StringField("Best time to reach you (optional)", filters=[clean_text],
                            validators=[Length(max=MAX_BEST_TIME)], render_kw={"maxlength": MAX_BEST_TIME})
