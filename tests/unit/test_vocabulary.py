"""Units and frequencies are defined once (matching/vocabulary.py); the engine understands every one."""
import datetime as dt

import pytest

from siru_exchange import matching
from siru_exchange.matching import vocabulary as scoring
from siru_exchange.matching.vocabulary import FREQUENCIES, UNIT_DIMENSIONS, UNITS


@pytest.mark.parametrize("unit", UNITS)
def test_the_engine_reads_every_unit_of_the_vocabulary(unit):
    assert scoring.normalise_unit(unit) == UNIT_DIMENSIONS[unit]


@pytest.mark.parametrize("frequency", FREQUENCIES)
def test_the_engine_reads_every_frequency_of_the_vocabulary(frequency):
    assert scoring.normalise_frequency(frequency) == frequency


@pytest.mark.parametrize("unit", ["piece", "pallet", "person", "trip"])
def test_quantities_in_counted_units_count_in_a_suggestion(unit):
    """An offer of 20 pallets covers a need of 10 pallets (the engine used to ignore these units)."""
    engine = matching.Engine(matching.load_taxonomy())
    common = {"title": "Lastpallar", "description": "Lastpallar av trä", "resource_class": "pallets",
              "municipality": "0680", "frequency": "once", "available_from": dt.date(2026, 1, 1)}
    engine.add(matching.Listing(id=1, kind="offer", organisation="a", quantity=20, unit=unit, **common))
    need = matching.Listing(id=2, kind="need", organisation="b", quantity=10, unit=unit, **common)
    engine.add(need)
    [suggestion] = engine.suggest(need)
    assert "quantity_fit" in {r.code for r in suggestion.reasons}
