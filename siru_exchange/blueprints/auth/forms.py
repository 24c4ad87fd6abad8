from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..organisation_fields import OrganisationFieldsMixin

# Each language named in itself, whatever the page's language.
LANGUAGE_CHOICES = [SelectChoice("sv", "Svenska"), SelectChoice("en", "English")]


class RegistrationForm(OrganisationFieldsMixin, FlaskForm):
    name = StringField(_l("Your name"))
    email = EmailField(_l("Email"))
    password = PasswordField(_l("Password"), description=_l(
        "At least 8 characters; a few unusual words in a row are easy to remember and hard to guess."))
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
    new_password = PasswordField(_l("New password"), description=_l(
        "At least 8 characters; a few unusual words in a row are easy to remember and hard to guess."))


class ForgotForm(FlaskForm):
    email = EmailField(_l("Email"), description=_l("The address you log in with."))


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), description=_l(
        "At least 8 characters; a few unusual words in a row are easy to remember and hard to guess."))


class InvitationForm(FlaskForm):
    name = StringField(_l("Your name"))
    password = PasswordField(_l("Choose a password"), description=_l(
        "At least 8 characters; a few unusual words in a row are easy to remember and hard to guess."))


class ConfirmForm(FlaskForm):
    """A button that confirms an email address: a link opened by a mail scanner changes nothing."""


class ClaimForm(FlaskForm):
    org_number = StringField(_l("Organisation number"), description=_l("NNNNNN-NNNN"))
    message = TextAreaField(_l("Message to the broker"), description=_l(
        "Your role at the organisation, and how the broker can check it (a phone number at work, for "
        "instance)."))
