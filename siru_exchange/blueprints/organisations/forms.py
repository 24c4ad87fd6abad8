from dataclasses import replace

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField

from ..organisation_fields import OrganisationFieldsMixin


class OrganisationForm(OrganisationFieldsMixin, FlaskForm):
    show_contact = BooleanField(
        _l("Show the contact details on our public profile"),
        description=_l("Otherwise other organisations get them only through an introduction that everyone "
                       "has accepted."))

    def organisation_input(self):
        return replace(super().organisation_input(), show_contact=bool(self.show_contact.data))


class MemberForm(FlaskForm):
    name = StringField(_l("Name"))
    email = EmailField(_l("Email"), description=_l(
        "We send an invitation to this address; your colleague chooses a password through it."))
