"""The sentences that tell an organisation's impact, shared by its page and its badge."""
from flask_babel import gettext as _
from flask_babel import ngettext

from ...templating import number


def impact_headline(figures: dict | None) -> str:
    """The one line a badge leads with: tonnes kept, else people reached, else nothing yet."""
    if not figures or not figures.get("exchanges"):
        return _("No realised exchanges yet")
    if figures.get("tonnes"):
        return _("%(tonnes)s t kept from waste", tonnes=number(round(figures["tonnes"], 1)))
    if figures.get("people_reached"):
        return ngettext("%(num)d person reached", "%(num)d people reached", figures["people_reached"])
    return ngettext("%(num)d realised exchange", "%(num)d realised exchanges", figures["exchanges"])


def impact_detail(figures: dict | None, year: int) -> str:
    """The badge's second line: the year, and the CO2e avoided or that it is not estimated."""
    if not figures or not figures.get("exchanges"):
        return _("in %(year)s, through SIRU Exchange", year=year)
    co2e = figures.get("co2e_t")
    if co2e is None:
        return _("in %(year)s · CO₂e not estimated", year=year)
    return _("in %(year)s · %(co2e)s t CO₂e avoided", year=year, co2e=number(round(co2e["central"], 1)))


def impact_sentence(figures: dict | None, year: int) -> str:
    """"Your exchanges kept 42 t from waste in 2026." for the organisation's own page."""
    if not figures or not figures.get("exchanges"):
        return _("Your organisation has no realised exchanges in %(year)s yet.", year=year)
    tonnes = number(round(figures.get("tonnes") or 0, 1))
    people = figures.get("people_reached") or 0
    if figures.get("tonnes") and people:
        return ngettext("Your exchanges kept %(tonnes)s t from waste and reached %(num)d person in %(year)s.",
                        "Your exchanges kept %(tonnes)s t from waste and reached %(num)d people in %(year)s.",
                        people, tonnes=tonnes, year=year)
    if figures.get("tonnes"):
        return _("Your exchanges kept %(tonnes)s t from waste in %(year)s.", tonnes=tonnes, year=year)
    if people:
        return ngettext("Your exchanges reached %(num)d person in %(year)s.",
                        "Your exchanges reached %(num)d people in %(year)s.", people, year=year)
    return ngettext("Your organisation has %(num)d realised exchange in %(year)s.",
                    "Your organisation has %(num)d realised exchanges in %(year)s.", figures["exchanges"],
                    year=year)


def template_globals() -> dict:
    return {"impact_headline": impact_headline, "impact_detail": impact_detail,
            "impact_sentence": impact_sentence}
