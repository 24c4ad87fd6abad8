"""Impact of realised exchanges: tonnes kept from waste or virgin use, CO2e avoided minus transport,
people reached; every figure with its working and sources. Pure: no Flask, no database, no models
(tests/unit/test_matching_purity.py checks it). See docs/impact.md for the method.
"""

from .compute import (
    PERIODS_PER_YEAR,
    ZERO,
    ExchangeInput,
    Impact,
    Range,
    Step,
    Totals,
    impact_of,
    month_window,
    periods_in,
    ran_in,
    total,
    year_window,
)
from .factors import FACTORS_FILE, Factor, FactorError, FactorSet, Source, load_factors, parse_factors
from .units import NO_DENSITY, NO_PIECE_MASS, NOT_CONVERTIBLE, UNKNOWN_UNIT, Converted, convert

__all__ = [
    "FACTORS_FILE",
    "NOT_CONVERTIBLE",
    "NO_DENSITY",
    "NO_PIECE_MASS",
    "PERIODS_PER_YEAR",
    "UNKNOWN_UNIT",
    "ZERO",
    "Converted",
    "ExchangeInput",
    "Factor",
    "FactorError",
    "FactorSet",
    "Impact",
    "Range",
    "Source",
    "Step",
    "Totals",
    "convert",
    "impact_of",
    "load_factors",
    "month_window",
    "parse_factors",
    "periods_in",
    "ran_in",
    "total",
    "year_window",
]
