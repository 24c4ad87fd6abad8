"""Reasons: why a suggestion was made, stored as (code, params) and rendered in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

FREQUENCY_TEXT = {
    "sv": {"once": "en gång", "daily": "varje dag", "weekly": "varje vecka", "monthly": "varje månad",
           "quarterly": "varje kvartal", "yearly": "varje år", "continuous": "löpande"},
    "en": {"once": "one-off", "daily": "daily", "weekly": "weekly", "monthly": "monthly",
           "quarterly": "quarterly", "yearly": "yearly", "continuous": "continuous"},
}

# How a frequency reads inside a particular reason, where the plain word does not fit the sentence
# ("båda engångs" is not Swedish; "båda gäller ett enda tillfälle" is).
_FREQUENCY_IN = {
    "frequency_same": {"sv": {"once": "gäller ett enda tillfälle"}, "en": {}},
    "frequency_compatible": {
        "sv": {"once": "ett engångsbehov", "daily": "ett dagligt behov", "weekly": "ett behov varje vecka",
               "monthly": "ett behov varje månad", "quarterly": "ett behov varje kvartal",
               "yearly": "ett årligt behov", "continuous": "ett löpande behov"},
        "en": {},
    },
}

_TEMPLATES = {
    "same_class": {"sv": "båda gäller {offer_class}", "en": "both are {offer_class}"},
    "serves": {"sv": "{offer_class} kan användas som {need_class}",
               "en": "{offer_class} can serve as {need_class}"},
    "serves_via": {"sv": "{offer_class} kan användas som {need_class} (via {via})",
                   "en": "{offer_class} can serve as {need_class} (via {via})"},
    "serves_use": {"sv": "{offer_class} kan användas till {use}",
                   "en": "{offer_class} can be used for {use}"},
    "social_partner": {"sv": "en social partner (ideell, integration eller volontärer)",
                       "en": "a social partner (non-profit, integration or volunteers)"},
    "distance": {"sv": "{km} km avstånd", "en": "{km} km apart"},
    "same_place": {"sv": "på samma ort", "en": "in the same place"},
    "distance_within": {"sv": "inom {km} km", "en": "within {km} km"},
    "distance_over": {"sv": "mer än {km} km avstånd", "en": "more than {km} km apart"},
    "text": {"sv": "liknande ord: {terms}", "en": "similar wording: {terms}"},
    "quantity_fit": {"sv": "mängderna passar", "en": "quantities fit"},
    "quantity_covers": {"sv": "erbjudandet täcker behovet", "en": "the offer covers the need"},
    "quantity_partial": {"sv": "erbjudandet täcker {pct} % av behovet",
                         "en": "the offer covers {pct}% of the need"},
    "timing": {"sv": "tillgängligt när det behövs", "en": "available when needed"},
    "frequency_same": {"sv": "båda {frequency}", "en": "both {frequency}"},
    "frequency_compatible": {"sv": "löpande tillgång passar {frequency}",
                             "en": "continuous supply suits a {frequency} need"},
}
_CLASS_PARAMS = ("offer_class", "need_class", "use")

# A distance as told about an organisation whose place is hidden: a band this wide says as little
# as "somewhere in the county" does (the county is about 100 km across), where "14 km" or "in the
# same place" would point at a municipality from the reader's own.
DISTANCE_BAND_KM = 50
DISTANCE_BANDS = 2


@lru_cache(maxsize=1)
def _default_taxonomy():
    try:
        from .taxonomy import load_taxonomy
        return load_taxonomy()
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class Reason:
    """One explanation line. ``code`` selects a template, ``params`` fills it (JSON-serialisable).

    Class parameters hold taxonomy ids; ``text()`` turns them into labels in the asked language.
    """

    code: str
    params: dict = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted((k, str(v)) for k, v in self.params.items()))))

    def text(self, lang: str = "sv", taxonomy=None) -> str:
        """Human-readable text in ``lang`` ("sv" or "en"); labels come from ``taxonomy`` (default:
        the packaged taxonomy)."""
        lang = lang if lang in ("sv", "en") else "sv"
        tax = taxonomy if taxonomy is not None else _default_taxonomy()
        template = _TEMPLATES.get(self.code, {}).get(lang)
        if template is None:
            return f"{self.code}: {self.params}"
        values = dict(self.params)

        def label(cid):
            text = tax.label(cid, lang) if tax is not None else str(cid).replace("_", " ")
            # Mid-sentence: lower-case the first letter, but keep acronyms ("IT-utrustning").
            if len(text) > 1 and text[0].isupper() and not text[1].isupper():
                text = text[0].lower() + text[1:]
            return text

        for key in _CLASS_PARAMS:
            if key in values:
                values[key] = label(values[key])
        if self.code == "serves_use" and values.get("offer_class") == values.get("use"):
            # "arbetsträning kan användas till arbetsträning" says nothing: the two are one kind
            template = _TEMPLATES["same_class"][lang]
        if "via" in values:
            values["via"] = ", ".join(label(c) for c in values["via"])
            if self.code == "serves_use":
                template += " (via {via})"
        if "terms" in values:
            if not values["terms"]:
                return ""  # a wording reason that names no word says nothing (stored before issue 11)
            values["terms"] = ", ".join(values["terms"])
        if "frequency" in values:
            code = values["frequency"]
            special = _FREQUENCY_IN.get(self.code, {}).get(lang, {})
            values["frequency"] = special.get(code) or FREQUENCY_TEXT[lang].get(code, code)
        if "km" in values:
            km = values["km"]
            values["km"] = (f"{km:.1f}" if km < 10 else f"{km:.0f}") if isinstance(km, float) else km
            if lang == "sv":
                values["km"] = str(values["km"]).replace(".", ",")
        return template.format(**values)

    def coarse(self) -> Reason:
        """This reason with its distance told only in bands of DISTANCE_BAND_KM (others unchanged)."""
        if self.code not in ("distance", "same_place"):
            return self
        km = float(self.params.get("km") or 0)
        for band in range(1, DISTANCE_BANDS + 1):
            if km <= band * DISTANCE_BAND_KM:
                return Reason("distance_within", {"km": band * DISTANCE_BAND_KM})
        return Reason("distance_over", {"km": DISTANCE_BANDS * DISTANCE_BAND_KM})

    def to_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: dict) -> Reason:
        return cls(data["code"], dict(data.get("params") or {}))
