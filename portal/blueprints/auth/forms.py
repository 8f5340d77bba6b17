from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from portal.forms import clean_text, password_field


class LoginForm(FlaskForm):
    email = StringField("E-mail address", filters=[clean_text],
                        validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
                        render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = password_field("Password")
    next = HiddenField()


class RegisterForm(FlaskForm):
    member_id = StringField("Member ID", filters=[clean_text],
                            validators=[DataRequired("Enter your member ID."), Length(max=20, message="A member ID has at most 20 characters.")],
                            render_kw={"autocomplete": "off", "spellcheck": "false"})
    date_of_birth = DateField("Date of birth", validators=[DataRequired("Enter your date of birth as year, month and day.")])
    last_name = StringField("Last name", filters=[clean_text],
                            validators=[DataRequired("Enter your last name."), Length(max=80)],
                            render_kw={"autocomplete": "family-name"})
    zip_code = StringField("ZIP code", filters=[clean_text],
                           validators=[DataRequired("Enter your ZIP code."),
                                       Regexp(r"^\d{5}(-\d{4})?$", message="Enter a 5-digit ZIP code.")],
                           render_kw={"autocomplete": "postal-code", "inputmode": "numeric"})
    email = StringField("E-mail address", filters=[clean_text],
                        validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
                        render_kw={"autocomplete": "email", "spellcheck": "false"})
    password = password_field("Choose a password", new=True)
    confirm = password_field("Type the password again", new=False)

    def validate_confirm(self, field):
        EqualTo("password", "The two passwords are not the same.")(self, field)


class ForgotPasswordForm(FlaskForm):
    email = StringField("E-mail address", filters=[clean_text],
                        validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
                        render_kw={"autocomplete": "email", "spellcheck": "false"})


class NewPasswordForm(FlaskForm):
    password = password_field("New password", new=True)
    confirm = password_field("Type the new password again")

    def validate_confirm(self, field):
        EqualTo("password", "The two passwords are not the same.")(self, field)


class ChangePasswordForm(NewPasswordForm):
    current_password = password_field("Current password")


class CodeForm(FlaskForm):
    code = StringField("Code", filters=[clean_text],
                       validators=[DataRequired("Enter the code."), Length(max=20, message="A code is at most 20 characters.")],
                       render_kw={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "characters"})
