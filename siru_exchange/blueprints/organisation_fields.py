"""The organisation fields, shared by the registration form and the organisation edit form."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..services import reference
from ..templating import SIZE_LABELS
from .formtools import select_choices


class OrganisationFieldsMixin:
    org_name = StringField(_l("Organisation name"))
    org_number = StringField(_l("Organisation number"), description=_l("10 digits, like 556677-8899."))
    municipality = SelectField(_l("Municipality"), validate_choice=False)
    sector = StringField(
        _l("Sector"), description=_l("What the organisation does, e.g. sawmill, café, foundry.")
    )
    size = SelectField(_l("Size"), validate_choice=False, default="small")
    description = TextAreaField(_l("About the organisation"))
    contact_name = StringField(_l("Contact person"))
    contact_email = EmailField(_l("Contact email"), validators=[Optional()])
    contact_phone = StringField(_l("Contact phone"))

    def fill_organisation_choices(self) -> None:
        self.municipality.choices = select_choices(
            ("", _l("Choose a municipality")), *reference.municipality_choices()
        )
        self.size.choices = select_choices(*SIZE_LABELS.items())

    def organisation_input(self):
        from ..services.accounts import OrganisationInput

        return OrganisationInput(
            name=self.org_name.data or "", org_number=self.org_number.data or "",
            municipality=self.municipality.data or "", sector=self.sector.data or "",
            size=self.size.data or "small", description=self.description.data or "",
            contact_name=self.contact_name.data or "", contact_email=self.contact_email.data or "",
            contact_phone=self.contact_phone.data or "",
        )
