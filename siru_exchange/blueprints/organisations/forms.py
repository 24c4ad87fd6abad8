from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField

from ..organisation_fields import OrganisationFieldsMixin


class OrganisationForm(OrganisationFieldsMixin, FlaskForm):
    pass


class MemberForm(FlaskForm):
    name = StringField(_l("Name"))
    email = EmailField(_l("Email"))
    password = PasswordField(_l("First password"), description=_l("At least 10 characters. Tell your colleague to change it."))
