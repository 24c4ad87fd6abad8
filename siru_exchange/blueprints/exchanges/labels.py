"""Words for the exchange vocabulary, in the reader's language (codes from matching/vocabulary.py)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...matching.vocabulary import EXCHANGE_FREQUENCIES, PEOPLE_KINDS, TRANSPORT_MODES
from ...services import exchanges, impact, reference
from ...services.impact_text import MODE_WORDS
from ...templating import UNIT_LABELS, number
from ...templating import date as day

_MODE_TEXT = {
    "truck": _l("Truck"),
    "van": _l("Van"),
    "car": _l("Car"),
    "rail": _l("Rail"),
    "ship": _l("Ship"),
    "none": _l("None (pipe, cable or on site)"),
}
_PEOPLE_TEXT = {
    "traineeship": _l("Traineeships"),
    "work_training": _l("Work-training places"),
    "mentoring_hours": _l("Mentoring (people mentored)"),
    "hire": _l("Hires"),
}
EXCHANGE_STATUS_LABELS = {"proposed": _l("Waiting for confirmation"), "confirmed": _l("Confirmed")}
_ACTION_TEXT = {
    "proposed": _l("recorded the exchange"),
    "recorded": _l("recorded the deal (made outside the platform)"),
    "confirmed": _l("confirmed the figures"),
    "edited": _l("changed"),
    "ended": _l("ended the exchange"),
    "verified": _l("verified the figures"),
}
_FIELD_TEXT = {
    "resource_class": _l("What moves"),
    "description": _l("Description"),
    "quantity": _l("Quantity"),
    "unit": _l("Unit"),
    "frequency": _l("How often"),
    "started_on": _l("From"),
    "ended_on": _l("Until"),
    "distance_km": _l("Distance (km)"),
    "transport_mode": _l("Transport"),
    "people_reached": _l("People reached"),
    "people_kind": _l("Kind of people reached"),
    "supplier_id": _l("From"),
    "receiver_id": _l("To"),
    "verified": _l("Verified"),
}
EXCHANGE_FREQUENCY_LABELS = {
    "once": _l("Once"),
    "weekly": _l("Per week"),
    "monthly": _l("Per month"),
    "yearly": _l("Per year"),
}
TRANSPORT_LABELS = {code: _MODE_TEXT[code] for code in TRANSPORT_MODES}
PEOPLE_KIND_LABELS = {code: _PEOPLE_TEXT[code] for code in PEOPLE_KINDS}
FREQ_LABELS = {code: EXCHANGE_FREQUENCY_LABELS[code] for code in EXCHANGE_FREQUENCIES}
assert set(MODE_WORDS) == set(TRANSPORT_MODES)


def factors_method() -> str:
    """The impact method, stated in the reader's language (from data/impact_factors.json)."""
    method = impact.factors().method
    return method.get(reference.current_language(), method.get("en", ""))


def change_value(field: str, value) -> str:
    """A value from a version row, in words: class and unit names, transport, kinds; "–" for none."""
    if value in (None, ""):
        return "–"
    labels = {
        "resource_class": lambda v: reference.class_label(v),
        "unit": lambda v: str(UNIT_LABELS.get(v, v)),
        "frequency": lambda v: str(FREQ_LABELS.get(v, v)),
        "transport_mode": lambda v: str(TRANSPORT_LABELS.get(v, v)),
        "people_kind": lambda v: str(PEOPLE_KIND_LABELS.get(v, v)),
    }
    if field in ("quantity", "distance_km"):
        return number(value)
    if field in ("started_on", "ended_on"):
        return day(date.fromisoformat(value))
    if value is True or value is False:
        return str(_l("yes") if value else _l("no"))
    return labels[field](value) if field in labels else str(value)


def introduction_exchanges(introduction) -> list:
    """The exchanges of an introduction the current user sees (for the introduction's page)."""
    return exchanges.visible_exchanges(current_user, introduction.id)


def template_globals() -> dict:
    return {
        "introduction_exchanges": introduction_exchanges,
        "factors_method": factors_method,
        "change_value": change_value,
        "TRANSPORT_LABELS": TRANSPORT_LABELS,
        "PEOPLE_KIND_LABELS": PEOPLE_KIND_LABELS,
        "EXCHANGE_FREQUENCY_LABELS": FREQ_LABELS,
        "EXCHANGE_STATUS_LABELS": EXCHANGE_STATUS_LABELS,
        "EXCHANGE_ACTION_LABELS": _ACTION_TEXT,
        "EXCHANGE_FIELD_LABELS": _FIELD_TEXT,
    }
