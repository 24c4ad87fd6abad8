from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from ..organisation_fields import OrganisationFieldsMixin

# Each language named in itself, whatever the page's language.
LANGUAGE_CHOICES = [SelectChoice("sv", "Svenska"), SelectChoice("en", "English")]


class RegistrationForm(OrganisationFieldsMixin, FlaskForm):
    name = StringField(_l("Your name"))
    email = EmailField(_l("Email"))
    password = PasswordField(_l("Password"), description=_l("At least 10 characters."))
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, validate_choice=False)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"))
    password = PasswordField(_l("Password"))
    remember = BooleanField(_l("Remember me"))


class ProfileForm(FlaskForm):
    name = StringField(_l("Your name"))
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, validate_choice=False)


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"))
    new_password = PasswordField(_l("New password"), description=_l("At least 10 characters."))
