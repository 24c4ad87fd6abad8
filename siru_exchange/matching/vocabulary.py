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
