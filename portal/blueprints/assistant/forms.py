from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.assistant.contact_requests import MAX_ABOUT, MAX_BEST_TIME, MAX_NAME, METHODS
from portal.forms import clean_text


class ContactRequestForm(FlaskForm):
    about = TextAreaField(_l("What do you need help with?"), filters=[clean_text], validators=[
        DataRequired(_l("Say in a few words what you need help with.")),
        Length(max=MAX_ABOUT, message=_l("Use at most %(num)s characters.", num=MAX_ABOUT))],
        render_kw={"rows": 4, "maxlength": MAX_ABOUT})
    name = StringField(_l("Your name"), filters=[clean_text], validators=[
        DataRequired(_l("Enter the name we should ask for.")), Length(max=MAX_NAME)],
        render_kw={"autocomplete": "name", "maxlength": MAX_NAME})
    method = RadioField(_l("How should we contact you?"), choices=list(METHODS.items()), default="phone",
                        validators=[DataRequired(_l("Choose how we should contact you."))])
    phone = StringField(_l("Phone number"), filters=[clean_text], validators=[Length(max=40)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 40})
    email = StringField(_l("E-mail address"), filters=[clean_text], validators=[Length(max=254)],
                        render_kw={"autocomplete": "email", "inputmode": "email", "maxlength": 254})
    best_time = StringField(_l("Best time to reach you (optional)"), filters=[clean_text],
                            validators=[Length(max=MAX_BEST_TIME)], render_kw={"maxlength": MAX_BEST_TIME})
