from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ...matching.vocabulary import FREQUENCIES, TERMS, UNITS, VISIBILITIES
from ...services import reference
from ...services.distance import DISTANCE_CHOICES
from ...services.listings import ListingInput
from ...templating import FREQUENCY_LABELS, KIND_LABELS, TERMS_LABELS, UNIT_LABELS, VISIBILITY_LABELS
from ..formtools import select_choices


class ListingForm(FlaskForm):
    """Types are parsed here (dates); every rule is checked once, in services.listings.validate."""

    kind = SelectField(_l("Kind"), validate_choice=False)
    title = StringField(
        _l("Title"), description=_l("Say what it is in a few words, e.g. “Sawdust, dry, 2 m³ a week”.")
    )
    description = TextAreaField(_l("Description"))
    resource_class = SelectField(
        _l("Resource class"), validate_choice=False,
        description=_l("Optional. Leave empty and we work it out from your text."),
    )
    quantity = StringField(_l("Quantity"))
    unit = SelectField(_l("Unit"), validate_choice=False)
    frequency = SelectField(_l("How often"), validate_choice=False, default="once")
    available_from = DateField(_l("Available from"), validators=[Optional()])
    available_to = DateField(_l("Available until"), validators=[Optional()])
    terms = SelectField(_l("Terms"), validate_choice=False, default="negotiable")
    price = StringField(_l("Price (SEK)"), description=_l("Only for a fixed price."))
    visibility = SelectField(_l("Who may see it"), validate_choice=False, default="public")
    version = HiddenField()
    submission = HiddenField()  # one-time token of a new listing's form (formtools.new_submission_token)

    def fill_choices(self) -> None:
        self.kind.choices = select_choices(*KIND_LABELS.items())
        self.resource_class.choices = select_choices(
            ("", _l("Not sure – work it out from the text")), groups=reference.class_choices()
        )
        self.unit.choices = select_choices(("", "–"), *((u, UNIT_LABELS[u]) for u in UNITS))
        self.frequency.choices = select_choices(*((f, FREQUENCY_LABELS[f]) for f in FREQUENCIES))
        self.terms.choices = select_choices(*((t, TERMS_LABELS[t]) for t in TERMS))
        self.visibility.choices = select_choices(*((v, VISIBILITY_LABELS[v]) for v in VISIBILITIES))

    def to_input(self) -> ListingInput:
        return ListingInput(
            kind=self.kind.data or "", title=self.title.data or "", description=self.description.data or "",
            resource_class=self.resource_class.data or None, quantity=self.quantity.data or None,
            unit=self.unit.data or None, frequency=self.frequency.data or "once",
            available_from=self.available_from.data, available_to=self.available_to.data,
            terms=self.terms.data or "negotiable", price=self.price.data or None,
            visibility=self.visibility.data or "public",
        )


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"))
    kind = SelectField(_l("Kind"), validate_choice=False)
    resource_class = SelectField(_l("Resource class"), validate_choice=False)
    municipality = SelectField(_l("Municipality"), validate_choice=False)
    within = SelectField(_l("Distance"), validate_choice=False)

    def fill_choices(self) -> None:
        self.within.choices = select_choices(
            ("", _l("Any distance")),
            *((str(km), _l("Within %(km)d km of us", km=km)) for km in DISTANCE_CHOICES),
        )
        self.kind.choices = select_choices(("", _l("Offers and needs")), *KIND_LABELS.items())
        self.resource_class.choices = select_choices(
            ("", _l("All resource classes")), groups=reference.class_choices()
        )
        self.municipality.choices = select_choices(
            ("", _l("Whole county")), *reference.municipality_choices()
        )
