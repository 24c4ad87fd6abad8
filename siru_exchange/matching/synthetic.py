"""Seeded synthetic regions of listings, for the benchmark and for tests of the blocking.

The mix follows the taxonomy: resource classes that can serve as something are mostly offered,
use classes (biomass fuel, animal bedding, ...) mostly needed; about a third of the listings carry
no class, so the engine has to infer it; text is Swedish or English built from the synonyms.
"""
from __future__ import annotations

import datetime as dt
import math
import random

from .model import Listing

_GROUP_WEIGHT = {"materials": 4.0, "energy": 1.5, "water": 1.0, "equipment": 1.5, "premises": 1.0,
                 "transport": 1.0, "services": 1.0, "competence": 1.0, "staff_time": 0.7, "social": 0.8}
_UNITS = {"materials": ("kg", "ton"), "energy": ("kWh", "MWh"), "water": ("l", "m3"),
          "premises": ("m2",), "competence": ("h",), "staff_time": ("h",), "social": ("places",),
          "equipment": ("pcs",), "transport": ("pallets",), "services": ("h",)}
_FREQ = ("once", "weekly", "monthly", "yearly", "continuous")
_TEMPLATES = {
    ("offer", "sv"): ("{syn} från vår produktion, hämtas på plats", "Vi har {syn} över",
                      "Överskott av {syn} {extra}", "{syn} finns att hämta"),
    ("need", "sv"): ("Vi söker {syn} till vår verksamhet", "Behöver {syn}",
                     "Söker {syn} {extra}", "Vi tar gärna emot {syn}"),
    ("offer", "en"): ("Spare {syn} from our production, collect on site", "We have surplus {syn}",
                      "Excess {syn} {extra}", "{syn} available for pickup"),
    ("need", "en"): ("We are looking for {syn} for our site", "Need {syn}",
                     "Wanted: {syn} {extra}", "We would take {syn}"),
}
_SYLL = ("ka", "lo", "mi", "tre", "vik", "sund", "berg", "dal", "rud", "ny", "sta", "holm", "by", "ma")


def _pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLL) for _ in range(3))


def generate(n: int, taxonomy, municipalities: dict, seed: int = 1, unclassified: float = 1 / 3):
    """``n`` listings over about ``n / 5`` organisations (ids 1..n, organisations "org-<k>")."""
    rng = random.Random(seed)
    classes = sorted(taxonomy.classes.values(), key=lambda c: c.id)
    weights = [_GROUP_WEIGHT.get(c.group, 1.0) for c in classes]
    graph = taxonomy.graph
    munis = sorted(municipalities.values(), key=lambda m: m.code)
    muni_w = [3.0 if m.code == "0680" else 1.0 for m in munis]
    n_orgs = max(3, n // 5)
    orgs = []
    for k in range(n_orgs):
        m = rng.choices(munis, muni_w)[0]
        lat = m.lat + rng.gauss(0, 0.06)
        lon = m.lon + rng.gauss(0, 0.1)
        orgs.append((f"org-{k}", m.code, lat, lon))
    extras = [_pseudo_word(rng) for _ in range(max(50, n // 20))]
    base = dt.date(2026, 1, 1)
    out = []
    for i in range(1, n + 1):
        cls = rng.choices(classes, weights)[0]
        if graph.out_degree(cls.id) > 0 and graph.in_degree(cls.id) == 0:
            p_offer = 0.7
        elif graph.in_degree(cls.id) > 0 and graph.out_degree(cls.id) == 0:
            p_offer = 0.3
        else:
            p_offer = 0.5
        kind = "offer" if rng.random() < p_offer else "need"
        lang = "sv" if rng.random() < 0.65 else "en"
        syns = list(cls.synonyms.get(lang, ())) or [cls.labels[lang]]
        title = rng.choice(syns + [cls.labels[lang]])
        title = title[0].upper() + title[1:]
        extra = rng.choice(extras) if rng.random() < 0.5 else ""
        desc = rng.choice(_TEMPLATES[(kind, lang)]).format(syn=rng.choice(syns), extra=extra).strip()
        desc = desc[0].upper() + desc[1:] + "."
        org, muni, olat, olon = rng.choice(orgs)
        located = rng.random() < 0.8
        qty = unit = None
        if rng.random() < 0.7:
            unit = rng.choice(_UNITS.get(cls.group, ("pcs",)))
            qty = round(math.exp(rng.uniform(0, 6)), 1)
        freq = rng.choice(_FREQ) if rng.random() < 0.7 else None
        start = end = None
        if rng.random() < 0.5:
            start = base + dt.timedelta(days=rng.randint(0, 540))
            end = start + dt.timedelta(days=rng.randint(14, 365)) if rng.random() < 0.7 else None
        out.append(Listing(
            id=i, kind=kind, organisation=org, title=title, description=desc,
            resource_class=None if rng.random() < unclassified else cls.id,
            municipality=muni, lat=olat if located else None, lon=olon if located else None,
            quantity=qty, unit=unit, frequency=freq, available_from=start, available_to=end,
        ))
    return out
