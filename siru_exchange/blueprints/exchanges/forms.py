from dataclasses import replace

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ...matching.vocabulary import EXCHANGE_FREQUENCIES, PEOPLE_KINDS, TRANSPORT_MODES, UNITS
from ...services import reference
from ...services.exchanges import ExchangeInput
from ...templating import UNIT_LABELS
from ..formtools import select_choices
from ..organisation_input import OrganisationField
from .labels import FREQ_LABELS, PEOPLE_KIND_LABELS, TRANSPORT_LABELS


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ExchangeForm(FlaskForm):
    """Types are parsed here (dates); every rule is checked once, in services.exchanges.validate."""

    resource_class = SelectField(_l("What moves"), validate_choice=False)
    description = TextAreaField(
        _l("Description"), description=_l("Optional: what it is, its quality, how it is handed over.")
    )
    supplier_id = SelectField(_l("From (supplier)"), validate_choice=False)
    receiver_id = SelectField(_l("To (receiver)"), validate_choice=False)
    quantity = StringField(_l("Quantity per period"), description=_l("How much moves each time, e.g. 2,5."))
    unit = SelectField(_l("Unit"), validate_choice=False)
    frequency = SelectField(_l("How often"), validate_choice=False, default="monthly")
    started_on = DateField(_l("From (date)"), validators=[Optional()])
    ended_on = DateField(
        _l("Until (last day)"), validators=[Optional()], description=_l("Leave empty while it goes on.")
    )
    distance_km = StringField(
        _l("Distance (km)"), description=_l("Computed from the two sites; change it if the road is longer.")
    )
    transport_mode = SelectField(_l("Transport"), validate_choice=False, default="truck")
    people_reached = StringField(
        _l("People reached"), description=_l("For a social exchange: how many people take part.")
    )
    people_kind = SelectField(_l("Kind of people reached"), validate_choice=False)
    version = HiddenField()
    submission = HiddenField()

    def fill_choices(self, organisations) -> None:
        """`organisations`: the few (id, name) pairs the supplier and receiver are chosen from (an
        introduction's parties, an exchange's own two)."""
        orgs = [(str(i), name) for i, name in organisations]
        self.supplier_id.choices = select_choices(("", "–"), *orgs)
        self.receiver_id.choices = select_choices(("", "–"), *orgs)
        self._fill_other_choices()

    def _fill_other_choices(self) -> None:
        self.resource_class.choices = select_choices(("", "–"), groups=reference.class_choices())
        self.unit.choices = select_choices(("", "–"), *((u, UNIT_LABELS[u]) for u in UNITS))
        self.frequency.choices = select_choices(*((f, FREQ_LABELS[f]) for f in EXCHANGE_FREQUENCIES))
        self.transport_mode.choices = select_choices(*((m, TRANSPORT_LABELS[m]) for m in TRANSPORT_MODES))
        self.people_kind.choices = select_choices(
            ("", "–"), *((k, PEOPLE_KIND_LABELS[k]) for k in PEOPLE_KINDS)
        )

    def to_input(self) -> ExchangeInput:
        return ExchangeInput(
            resource_class=self.resource_class.data or "",
            description=self.description.data or "",
            supplier_id=_int(self.supplier_id.data) if self.supplier_id is not None else None,
            receiver_id=_int(self.receiver_id.data) if self.receiver_id is not None else None,
            quantity=self.quantity.data or None,
            unit=self.unit.data or None,
            frequency=self.frequency.data or "",
            started_on=self.started_on.data,
            ended_on=self.ended_on.data,
            distance_km=self.distance_km.data or None,
            transport_mode=self.transport_mode.data or "",
            people_reached=self.people_reached.data or None,
            people_kind=self.people_kind.data or None,
        )

    def fill_from(self, exchange) -> None:
        for name in (
            "resource_class",
            "description",
            "unit",
            "frequency",
            "started_on",
            "ended_on",
            "transport_mode",
            "people_kind",
        ):
            getattr(self, name).data = getattr(exchange, name)
        self.supplier_id.data = str(exchange.supplier_id)
        self.receiver_id.data = str(exchange.receiver_id)
        self.quantity.data = _plain(exchange.quantity)
        self.distance_km.data = _plain(exchange.distance_km)
        self.people_reached.data = "" if exchange.people_reached is None else str(exchange.people_reached)
        self.version.data = str(exchange.version)


class OutsideExchangeForm(ExchangeForm):
    """A broker's outside deal, between any two organisations: each is typed (name or organisation
    number) and resolved in services.exchanges.record_outside, not chosen from a select of them all."""

    supplier_id = None
    receiver_id = None
    supplier = OrganisationField(_l("From (supplier)"))
    receiver = OrganisationField(_l("To (receiver)"))
    # the service names the parties' fields by the exchange's columns
    ERROR_FIELDS = {"supplier_id": "supplier", "receiver_id": "receiver"}

    def fill_choices(self) -> None:
        self.supplier.fill_suggestions()
        self.receiver.fill_suggestions()
        self._fill_other_choices()

    def to_input(self) -> ExchangeInput:
        typed = {"supplier_typed": self.supplier.data or "", "receiver_typed": self.receiver.data or ""}
        return replace(super().to_input(), **typed)


def _plain(value) -> str:
    """A stored number as the reader types it (decimal comma in Swedish, no thousands gap)."""
    if value is None:
        return ""
    return format_decimal(value, format="0.###")


class EndForm(FlaskForm):
    ended_on = DateField(_l("Last day of the exchange"), validators=[Optional()])
    version = HiddenField()


class VerifyForm(FlaskForm):
    note = TextAreaField(
        _l("How did you check the figures?"),
        description=_l("E.g. “Delivery notes for March to May seen on a visit.”"),
    )
    version = HiddenField()
