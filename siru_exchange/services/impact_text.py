"""The working of an impact figure in the reader's language: each `impact.Step` as one sentence."""

from __future__ import annotations

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..impact import NO_DENSITY, NO_PIECE_MASS, NOT_CONVERTIBLE, UNKNOWN_UNIT, Step
from ..templating import unit_label

FREQUENCY_WORDS = {"weekly": _l("per week"), "monthly": _l("per month"), "yearly": _l("per year")}
MODE_WORDS = {
    "truck": _l("truck"),
    "van": _l("van"),
    "car": _l("car"),
    "rail": _l("rail"),
    "ship": _l("ship"),
    "none": _l("none (pipe, cable or on site)"),
}
FLAG_WORDS = {
    NO_DENSITY: _l("no sourced density for this resource class, so a volume cannot be weighed"),
    NO_PIECE_MASS: _l("no sourced mass per piece for this resource class, so pieces cannot be weighed"),
    NOT_CONVERTIBLE: _l("this unit cannot be converted to a mass or an amount of energy"),
    UNKNOWN_UNIT: _l("unknown unit"),
}


def num(x, digits: int = 3) -> str:
    return format_decimal(round(float(x), digits), format="#,##0." + "#" * digits)


def kg_or_t(kg: float) -> str:
    """A CO2e figure in kg below one tonne, else in tonnes."""
    if abs(kg) < 1000:
        return _("%(n)s kg CO2e", n=num(kg))
    return _("%(n)s t CO2e", n=num(kg / 1000))


def sv() -> bool:
    return str(get_locale() or "sv").startswith("sv")


def describe(step: Step) -> str:  # noqa: PLR0911 (one branch per kind of line)
    v = step.values
    if step.key == "once":
        if v["counted"]:
            return _("%(q)s %(unit)s, once.", q=num(v["quantity"]), unit=unit_label(v["unit"], v["quantity"]))
        return _(
            "%(q)s %(unit)s, once, not in this period.",
            q=num(v["quantity"]),
            unit=unit_label(v["unit"], v["quantity"]),
        )
    if step.key == "periods":
        return _(
            "%(q)s %(unit)s %(per)s x %(n)s periods = %(moved)s %(unit)s.",
            q=num(v["quantity"]),
            unit=unit_label(v["unit"]),
            per=FREQUENCY_WORDS.get(v["frequency"], v["frequency"]),
            n=num(v["periods"]),
            moved=num(v["moved"]),
        )
    if step.key == "formula":  # numbers and unit symbols only; the decimal sign follows the language
        return v["text"].replace(".", ",") if sv() else v["text"]
    if step.key == "flag":
        return _("Not converted: %(why)s.", why=FLAG_WORDS.get(v["flag"], v["flag"]))
    if step.key == "avoided":
        return _(
            "Avoided: %(amount)s %(per)s x %(factor)s %(unit)s (replaces %(replaces)s) = %(central)s; "
            "range %(low)s to %(high)s. Source: %(publisher)s, %(year)s.",
            amount=num(v["amount"]),
            per=v["per"],
            factor=num(v["factor"], 5),
            unit=v["factor_unit"],
            replaces=v["replaces_sv"] if sv() and v.get("replaces_sv") else v["replaces"],
            central=kg_or_t(v["central"]),
            low=kg_or_t(v["low"]),
            high=kg_or_t(v["high"]),
            publisher=v["publisher"],
            year=v["year"],
        )
    if step.key == "not_estimated":
        return _("CO2e not estimated: there is no sourced factor for this resource class.")
    if step.key == "transport":
        return _(
            "Transport by %(mode)s: %(t)s t x %(km)s km = %(tkm)s tonne-km x %(factor)s kg CO2e per tonne-km"
            " = %(central)s. Source: %(publisher)s, %(year)s.",
            mode=MODE_WORDS.get(v["mode"], v["mode"]),
            t=num(v["tonnes"]),
            km=num(v["km"]),
            tkm=num(v["tkm"]),
            factor=num(v["factor"], 5),
            central=kg_or_t(v["central"]),
            publisher=v["publisher"],
            year=v["year"],
        )
    if step.key == "transport_unknown":
        return _(
            "Transport by %(mode)s not estimated: there is no sourced factor for it;"
            " the net figure leaves it out.",
            mode=MODE_WORDS.get(v["mode"], v["mode"]),
        )
    if step.key == "net":
        return _(
            "Net: %(avoided)s avoided - %(transport)s transport = %(net)s (range %(low)s to %(high)s).",
            avoided=kg_or_t(v["avoided"]),
            transport=kg_or_t(v["transport"]),
            net=kg_or_t(v["net"]),
            low=kg_or_t(v["low"]),
            high=kg_or_t(v["high"]),
        )
    return step.key
