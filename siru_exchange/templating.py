"""Filters and globals for templates: numbers, dates and units in the reader's language."""
from decimal import Decimal

from flask import request, url_for
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from . import policy
from .matching.vocabulary import FREQUENCIES, TERMS, UNITS, VISIBILITIES
from .services import reference

_UNIT_TEXT = {
    "kg": _l("kg"), "tonne": _l("tonnes"), "m3": _l("m³"), "litre": _l("litres"), "kWh": _l("kWh"),
    "MWh": _l("MWh"), "piece": _l("pieces"), "pallet": _l("pallets"), "m2": _l("m²"), "hour": _l("hours"),
    "day": _l("days"), "person": _l("people"), "trip": _l("trips"),
}
KIND_LABELS = {"offer": _l("Offer"), "need": _l("Need")}
_FREQUENCY_TEXT = {
    "once": _l("Once"), "weekly": _l("Weekly"), "monthly": _l("Monthly"), "yearly": _l("Yearly"),
    "continuous": _l("Continuous"),
}
_TERMS_TEXT = {"free": _l("Free"), "negotiable": _l("Negotiable"), "price": _l("Fixed price")}
_VISIBILITY_TEXT = {
    "public": _l("Public"), "members": _l("Members only"), "anonymous": _l("Anonymous (through a broker)"),
}
# Labels in the vocabulary's order (matching/vocabulary.py); a code without a label fails at import.
UNIT_LABELS = {code: _UNIT_TEXT[code] for code in UNITS}
FREQUENCY_LABELS = {code: _FREQUENCY_TEXT[code] for code in FREQUENCIES}
TERMS_LABELS = {code: _TERMS_TEXT[code] for code in TERMS}
VISIBILITY_LABELS = {code: _VISIBILITY_TEXT[code] for code in VISIBILITIES}
STATUS_LABELS = {"active": _l("Active"), "paused": _l("Paused"), "closed": _l("Closed")}
SIZE_LABELS = {
    "micro": _l("Micro (fewer than 10)"), "small": _l("Small (10–49)"), "medium": _l("Medium (50–249)"),
    "large": _l("Large (250 or more)"),
}
ROLE_LABELS = {"member": _l("Member"), "broker": _l("Broker"), "admin": _l("Administrator"),
               "researcher": _l("Researcher")}


def number(value, digits: int = 3) -> str:
    """1234.5 -> "1 234,5" in Swedish, "1,234.5" in English."""
    if value is None:
        return ""
    value = Decimal(value) if not isinstance(value, Decimal) else value
    value = value.normalize() if value == value.to_integral() else value
    pattern = "#,##0" if value == value.to_integral() else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern)


def quantity(listing) -> str:
    if listing.quantity is None:
        return ""
    unit = str(UNIT_LABELS.get(listing.unit, listing.unit or ""))
    return f"{number(listing.quantity)}\u00a0{unit}".strip()


def init_app(app):
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": format_datetime(d, fmt) if d else ""
    app.jinja_env.globals.update(
        quantity=quantity,
        class_label=reference.class_label,
        municipality_name=reference.municipality_name,
        KIND_LABELS=KIND_LABELS, FREQUENCY_LABELS=FREQUENCY_LABELS, TERMS_LABELS=TERMS_LABELS,
        VISIBILITY_LABELS=VISIBILITY_LABELS, STATUS_LABELS=STATUS_LABELS, SIZE_LABELS=SIZE_LABELS,
        UNIT_LABELS=UNIT_LABELS, ROLE_LABELS=ROLE_LABELS,
    )

    @app.context_processor
    def inject():
        return {
            "can": lambda action, obj=None: policy.can(current_user, action, obj),
            "current_language": reference.current_language(),
            "url_with": url_with,
        }


def url_with(**changes) -> str:
    """The current URL with some query arguments replaced (pagination and filter links)."""
    args = request.args.to_dict()
    args.update({k: v for k, v in changes.items() if v is not None})
    return url_for(request.endpoint, **(request.view_args or {}), **args)
