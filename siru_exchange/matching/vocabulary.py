"""The listing vocabulary, defined once: units and frequencies (pure: no Flask, no database).

The models, the services, the forms, the templates and the engine import these; labels in the
reader's language live in `siru_exchange.templating`, keyed by these codes (a test checks that every
code has a label and that the engine understands every unit a form offers).
"""
from __future__ import annotations

# The units a member can choose: code -> (dimension, factor to the dimension's base unit).
# Counted things keep their own dimension, so pieces never compare with pallets or people.
UNIT_DIMENSIONS: dict[str, tuple[str, float]] = {
    "kg": ("mass", 1.0), "tonne": ("mass", 1000.0), "m3": ("volume", 1000.0), "litre": ("volume", 1.0),
    "kWh": ("energy", 1.0), "MWh": ("energy", 1000.0), "piece": ("count", 1.0), "pallet": ("pallet", 1.0),
    "m2": ("area", 1.0), "hour": ("time", 1.0), "day": ("time", 8.0), "person": ("person", 1.0),
    "trip": ("trip", 1.0),
}
UNITS: tuple[str, ...] = tuple(UNIT_DIMENSIONS)

# The frequencies a member can choose (the engine also reads a few more from imported files).
FREQUENCIES: tuple[str, ...] = ("once", "weekly", "monthly", "yearly", "continuous")

TERMS: tuple[str, ...] = ("free", "negotiable", "price")
VISIBILITIES: tuple[str, ...] = ("public", "members", "anonymous")

# Exchanges (a realised flow, see siru_exchange/impact): how often the recorded quantity moves. A
# "continuous" flow is recorded per week, month or year, so that every quantity has a period.
EXCHANGE_FREQUENCIES: tuple[str, ...] = ("once", "weekly", "monthly", "yearly")
# How the resource travels between the two sites ("none" for a pipe, a cable or a service on site).
TRANSPORT_MODES: tuple[str, ...] = ("truck", "van", "car", "rail", "ship", "none")
# What a social exchange's people reached counts.
PEOPLE_KINDS: tuple[str, ...] = ("traineeship", "work_training", "mentoring_hours", "hire")

# How the engine reads units and frequencies, including a few more spellings from imported files.
# Units: name -> (dimension, factor to the base unit of that dimension).
ENGINE_UNITS = {
    "g": ("mass", 0.001), "kg": ("mass", 1.0), "t": ("mass", 1000.0), "ton": ("mass", 1000.0),
    "tons": ("mass", 1000.0), "tonne": ("mass", 1000.0), "tonnes": ("mass", 1000.0),
    "ml": ("volume", 0.001), "l": ("volume", 1.0), "liter": ("volume", 1.0), "litre": ("volume", 1.0),
    "litres": ("volume", 1.0), "liters": ("volume", 1.0), "m3": ("volume", 1000.0),
    "m³": ("volume", 1000.0), "kubikmeter": ("volume", 1000.0),
    "wh": ("energy", 0.001), "kwh": ("energy", 1.0), "mwh": ("energy", 1000.0),
    "gwh": ("energy", 1_000_000.0),
    "kw": ("power", 1.0), "mw": ("power", 1000.0),
    "m2": ("area", 1.0), "m²": ("area", 1.0), "kvm": ("area", 1.0), "sqm": ("area", 1.0),
    "h": ("time", 1.0), "hour": ("time", 1.0), "hours": ("time", 1.0), "tim": ("time", 1.0),
    "timmar": ("time", 1.0), "timme": ("time", 1.0), "day": ("time", 8.0), "days": ("time", 8.0),
    "dag": ("time", 8.0), "dagar": ("time", 8.0),
    "pcs": ("count", 1.0), "st": ("count", 1.0), "styck": ("count", 1.0), "pieces": ("count", 1.0),
    "pallets": ("pallet", 1.0), "pall": ("pallet", 1.0), "pallar": ("pallet", 1.0),
    "places": ("count", 1.0), "platser": ("count", 1.0),
}
# Every unit the site offers (matching/vocabulary.py), by its code, lower-cased as normalise_unit reads it.
ENGINE_UNITS.update({code.lower(): dimension for code, dimension in UNIT_DIMENSIONS.items()})

FREQUENCY_WORDS = {
    "once": "once", "one-off": "once", "oneoff": "once", "engång": "once", "engangs": "once",
    "engångs": "once", "daily": "daily", "dagligen": "daily", "weekly": "weekly",
    "varje vecka": "weekly", "veckovis": "weekly", "monthly": "monthly", "månadsvis": "monthly",
    "varje månad": "monthly", "quarterly": "quarterly", "kvartalsvis": "quarterly",
    "yearly": "yearly", "annually": "yearly", "årligen": "yearly", "varje år": "yearly",
    "continuous": "continuous", "löpande": "continuous", "kontinuerligt": "continuous",
    "ongoing": "continuous",
}
PER_YEAR = {"daily": 365.0, "weekly": 52.0, "monthly": 12.0, "quarterly": 4.0, "yearly": 1.0}


def normalise_unit(unit: str | None) -> tuple[str, float] | None:
    if not unit:
        return None
    return ENGINE_UNITS.get(unit.strip().lower().replace(" ", "").rstrip("."))


def normalise_frequency(freq: str | None) -> str | None:
    if not freq:
        return None
    return FREQUENCY_WORDS.get(freq.strip().lower())
