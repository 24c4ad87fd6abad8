"""Filters and globals for templates: numbers, dates and units in the reader's language."""
from decimal import Decimal

from flask import request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from . import policy
from .matching.calibration import band, likelihood
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
BAND_LABELS = {"strong": _l("Strong"), "good": _l("Good"), "possible": _l("Possible")}
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


# A counted unit in the form its number asks for: "1 person", "2 people" ("1 person", "2 personer").
# The lambdas keep each ngettext literal, so the catalogue extractor finds it.
_COUNTED_UNITS = {
    "piece": lambda n: ngettext("piece", "pieces", n), "pallet": lambda n: ngettext("pallet", "pallets", n),
    "hour": lambda n: ngettext("hour", "hours", n), "day": lambda n: ngettext("day", "days", n),
    "person": lambda n: ngettext("person", "people", n), "trip": lambda n: ngettext("trip", "trips", n),
    "tonne": lambda n: ngettext("tonne", "tonnes", n), "litre": lambda n: ngettext("litre", "litres", n),
}


def unit_label(unit: str | None, amount=None) -> str:
    """The unit's name for this amount: singular for exactly one, plural otherwise (and in lists)."""
    if not unit:
        return ""
    counted = _COUNTED_UNITS.get(unit)
    if counted is None:
        return str(UNIT_LABELS.get(unit, unit))
    n = 1 if amount is not None and Decimal(amount) == 1 else 2
    return counted(n)


def quantity(listing) -> str:
    if listing.quantity is None:
        return ""
    return f"{number(listing.quantity)}\u00a0{unit_label(listing.unit, listing.quantity)}".strip()


# One date format and one date-and-time format per language (CLDR patterns), used by every page.
DATE_PATTERNS = {"sv": "d MMM y", "en": "d MMM y"}
DATETIME_PATTERNS = {"sv": "d MMM y HH:mm", "en": "d MMM y, HH:mm"}


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in DATE_PATTERNS else "sv"


def date(value) -> str:
    """A day, e.g. "1 dec. 2026" / "1 Dec 2026"; a datetime is shown in Europe/Stockholm first."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        return format_datetime(value, DATE_PATTERNS[_language()])
    return format_date(value, DATE_PATTERNS[_language()])


def datetime_(value) -> str:
    """A moment, e.g. "1 dec. 2026 14:05" / "1 Dec 2026, 14:05", in Europe/Stockholm."""
    return format_datetime(value, DATETIME_PATTERNS[_language()]) if value else ""


def place(obj) -> str:
    """Where the organisation behind a listing or an introduction party is, as far as the reader may
    know: its municipality, or only the region when the organisation is hidden from the reader."""
    code = obj.organisation.municipality
    return reference.place_name(code, exact=policy.can(current_user, "see_place", obj))


def month_name(month: int) -> str:
    """January .. December ("januari" .. "december") in the reader's language."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", locale=get_locale() or "sv")[int(month)]).capitalize()


def match_strength(score) -> dict:
    """The shown strength of a suggestion or chain score: its band ("strong", "good",
    "possible"), the band's label in the reader's language and the calibrated percentage."""
    b = band(score)
    return {"band": b, "label": BAND_LABELS[b], "pct": int(round(likelihood(score) * 100))}


_STRENGTH_HTML: dict[tuple[str, str, int], Markup] = {}


def strength_html(score) -> Markup:
    """The strength of a score as the pages show it (the `strength` macro of _macros.html), made once
    per language, band and percentage: a page of 50 suggestions called gettext twice per row for it."""
    m = match_strength(score)
    key = (_language(), m["band"], m["pct"])
    html = _STRENGTH_HTML.get(key)
    if html is None:
        # A figure that rounds to 0 is shown as "under 1 %": "0 %" next to a suggestion reads as
        # "this will never work", which the engine does not claim.
        shown = (_("%(band)s · under 1 %%", band=m["label"]) if m["pct"] == 0
                 else _("%(band)s · %(pct)s %%", band=m["label"], pct=m["pct"]))
        html = Markup('<span class="score score-{}" title="{}">{}</span>').format(
            m["band"], _("How likely a broker would call this pair worth an introduction"), shown)
        _STRENGTH_HTML[key] = html
    return html


def init_app(app):
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["date"] = date
    app.jinja_env.filters["datetime"] = datetime_
    app.jinja_env.globals.update(
        quantity=quantity, unit_label=unit_label, month_name=month_name, match_strength=match_strength,
        strength_html=strength_html,
        class_label=reference.class_label,
        municipality_name=reference.municipality_name, place=place,
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
