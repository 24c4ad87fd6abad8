"""The impact arithmetic (pure): unit conversions, each factor's arithmetic, the factor file's rules,
the periods counted in a year, and a worked example checked by hand."""

import copy
import json
from datetime import date

import pytest

from siru_exchange import impact
from siru_exchange.impact import ExchangeInput, convert, impact_of, year_window

FACTORS = impact.load_factors()
RAW = json.loads(impact.FACTORS_FILE.read_text(encoding="utf-8"))
END_OF_2026 = date(2026, 12, 31)


def one_off(resource_class, quantity, unit, **kw):
    values = {
        "id": 1,
        "resource_class": resource_class,
        "quantity": quantity,
        "unit": unit,
        "frequency": "once",
        "started_on": date(2026, 3, 1),
    }
    values.update(kw)
    return ExchangeInput(**values)


def in_2026(ex):
    return impact_of(ex, FACTORS, *year_window(2026), END_OF_2026)


# -- the factor file ------------------------------------------------------------------------------


def test_every_factor_has_a_source_with_a_url_and_a_year():
    factors = FACTORS.all_factors()
    assert len(factors) >= 9
    for f in factors:
        assert f.source.title and f.source.publisher, f.id
        assert f.source.url.startswith(("https://", "http://")), f.id
        assert 1990 <= f.source.year <= 2026, f.id
        assert f.low <= f.value <= f.high, f.id
    # every source in the file is used by some factor, and every factor names a source in the file
    tables = ("avoided", "transport", "density", "piece_mass")
    keys = ("source", "range_source")
    used = {raw[key] for table in tables for raw in RAW[table] for key in keys if key in raw}
    assert used == set(RAW["sources"])


def test_the_method_is_stated_in_both_languages():
    for lang in ("sv", "en"):
        text = FACTORS.method[lang]
        assert "attribution" in text.lower() and (
            "surplus heat" in text.lower() or "spillvärme" in text.lower()
        )


def test_a_factor_without_a_source_or_with_a_range_that_excludes_it_is_refused():
    broken = copy.deepcopy(RAW)
    broken["avoided"][0]["source"] = "made_up"
    with pytest.raises(impact.FactorError, match="unknown source"):
        impact.parse_factors(broken)
    broken = copy.deepcopy(RAW)
    broken["transport"][0]["low"] = 1.0
    with pytest.raises(impact.FactorError, match="range"):
        impact.parse_factors(broken)
    broken = copy.deepcopy(RAW)
    broken["sources"]["epal"]["url"] = "epal-pallets.org"
    with pytest.raises(impact.FactorError, match="URL"):
        impact.parse_factors(broken)
    broken = copy.deepcopy(RAW)
    del broken["sources"]["epal"]["year"]
    with pytest.raises(impact.FactorError, match="year"):
        impact.parse_factors(broken)


# -- conversions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "unit", "resource_class", "value", "base"),
    [
        (2500, "kg", "steel_scrap", 2.5, "t"),
        (3, "tonne", "cardboard", 3.0, "t"),
        (1500, "kWh", "surplus_heat", 1.5, "MWh"),
        (2, "MWh", "surplus_heat", 2.0, "MWh"),
        (10, "m3", "sawdust", 3.15, "t"),  # 10 m3 x 315 kg/m3 / 1000
        (2000, "litre", "sawdust", 0.63, "t"),  # 2000 l = 2 m3 x 315 kg/m3
        (4, "m3", "wood_chips", 1.18, "t"),  # 4 x 295 / 1000
        (40, "piece", "pallets", 1.0, "t"),  # 40 x 25 kg
        (40, "pallet", "pallets", 1.0, "t"),
        (3, "day", "mentoring", 24.0, "h"),  # a working day of 8 hours
        (5, "hour", "mentoring", 5.0, "h"),
        (4, "person", "work_training", 4.0, "person"),
    ],
)
def test_units_convert(quantity, unit, resource_class, value, base):
    converted = convert(quantity, unit, resource_class, FACTORS)
    assert converted.base == base and converted.flag is None
    assert converted.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("unit", "resource_class", "flag"),
    [
        ("m3", "steel_scrap", impact.NO_DENSITY),  # no sourced density: never guessed
        ("litre", "used_oil", impact.NO_DENSITY),
        ("piece", "furniture", impact.NO_PIECE_MASS),
        ("m2", "office_premises", impact.NOT_CONVERTIBLE),
        ("trip", "van_capacity", impact.NOT_CONVERTIBLE),
        ("barrel", "used_oil", impact.UNKNOWN_UNIT),
    ],
)
def test_a_unit_that_cannot_be_converted_is_flagged_not_guessed(unit, resource_class, flag):
    converted = convert(7, unit, resource_class, FACTORS)
    assert (converted.value, converted.base, converted.flag) == (None, None, flag)
    result = in_2026(one_off(resource_class, 7, unit))
    assert result.tonnes is None and result.avoided is None and result.flag == flag
    assert [s.key for s in result.working] == ["once", "flag"]


def test_a_volume_keeps_the_range_of_its_density():
    converted = convert(10, "m3", "sawdust", FACTORS)
    assert (converted.low, converted.high) == (pytest.approx(2.9), pytest.approx(3.4))


# -- every factor's arithmetic --------------------------------------------------------------------


def test_steel_scrap_avoids_primary_steel():
    """2 t of steel scrap x 1500 kg CO2e/t (Broadbent 2016) = 3000 kg CO2e, no range given."""
    result = in_2026(one_off("steel_scrap", 2, "tonne"))
    assert (result.avoided.low, result.avoided.central, result.avoided.high) == (3000, 3000, 3000)
    assert result.factor.id == "steel_scrap_primary_steel" and result.factor.replaces == "primary steel"


def test_pallet_reuse_is_per_piece_with_its_range():
    """100 reused pallets x 5.0 kg CO2e (range 4.12 to 5.0) = 500 kg (412 to 500); their mass
    100 x 25 kg = 2.5 t."""
    result = in_2026(one_off("pallets", 100, "piece"))
    assert result.tonnes == pytest.approx(2.5)
    assert (result.avoided.low, result.avoided.central, result.avoided.high) == (
        pytest.approx(412),
        pytest.approx(500),
        pytest.approx(500),
    )


def test_pallets_given_in_tonnes_are_weighed_but_not_counted_as_pieces():
    """A per-piece factor needs pieces: 2 t of pallets shows its tonnes and "CO2e not estimated"."""
    result = in_2026(one_off("pallets", 2, "tonne"))
    assert result.tonnes == 2 and result.avoided is None
    assert "not_estimated" in [s.key for s in result.working]


@pytest.mark.parametrize("resource_class", ["surplus_heat", "space_heating", "greenhouse_heat"])
def test_heat_replaces_district_heat(resource_class):
    """10 MWh x 28 kg CO2e/MWh (Habo 2021) = 280 kg; range 10 x 11.1 = 111 to 10 x 119.4 = 1194."""
    result = in_2026(one_off(resource_class, 10, "MWh", transport_mode="none"))
    assert result.mwh == 10 and result.tonnes is None
    assert (result.avoided.low, result.avoided.central, result.avoided.high) == (
        pytest.approx(111),
        pytest.approx(280),
        pytest.approx(1194),
    )
    assert result.transport == impact.ZERO


@pytest.mark.parametrize(
    ("mode", "central", "low", "high"),
    [("truck", 0.14993, 0.10273, 0.30139), ("rail", 0.03, 0.03, 0.03), ("ship", 0.014, 0.007, 0.06)],
)
def test_each_transport_mode_is_tonne_km_times_its_factor(mode, central, low, high):
    """2 t over 50 km = 100 tonne-km, times the mode's kg CO2e per tonne-km."""
    result = in_2026(one_off("steel_scrap", 2, "tonne", distance_km=50, transport_mode=mode))
    assert result.transport.central == pytest.approx(100 * central)
    assert (result.transport.low, result.transport.high) == (
        pytest.approx(100 * low),
        pytest.approx(100 * high),
    )
    assert result.net.central == pytest.approx(3000 - 100 * central)
    assert result.net.low == pytest.approx(3000 - 100 * high)  # the widest honest range


@pytest.mark.parametrize("mode", ["van", "car"])
def test_a_mode_without_a_factor_says_transport_not_estimated(mode):
    result = in_2026(one_off("steel_scrap", 2, "tonne", distance_km=50, transport_mode=mode))
    assert result.transport == impact.ZERO and result.transport_estimated is False
    assert "transport_unknown" in [s.key for s in result.working]
    assert impact.total([result]).transport_not_estimated == 1


def test_a_class_without_a_factor_shows_tonnes_and_co2e_not_estimated():
    result = in_2026(one_off("cardboard", 4, "tonne", distance_km=10, transport_mode="truck"))
    assert result.tonnes == 4 and result.avoided is None and result.net is None
    assert "not_estimated" in [s.key for s in result.working]
    totals = impact.total([result])
    assert totals.not_estimated == 1 and totals.avoided is None and totals.net is None
    assert totals.transport.central == pytest.approx(40 * 0.14993)  # its transport is still shown


# -- periods --------------------------------------------------------------------------------------


def test_a_monthly_flow_over_a_whole_year_is_twelve_periods():
    ex = ExchangeInput(1, "steel_scrap", 1, "tonne", "monthly", date(2025, 6, 1))
    assert impact.periods_in(ex, *year_window(2026), END_OF_2026) == pytest.approx(12)
    assert impact.periods_in(ex, *year_window(2025), END_OF_2026) == pytest.approx(12 * 214 / 365)


def test_periods_stop_at_the_end_date_and_at_today():
    ex = ExchangeInput(1, "steel_scrap", 1, "tonne", "yearly", date(2026, 1, 1), ended_on=date(2026, 3, 31))
    assert impact.periods_in(ex, *year_window(2026), END_OF_2026) == pytest.approx(90 / 365)
    ongoing = ExchangeInput(1, "steel_scrap", 1, "tonne", "weekly", date(2026, 1, 1))
    assert impact.periods_in(ongoing, *year_window(2026), date(2026, 1, 14)) == pytest.approx(2.0, rel=0.01)
    assert impact.periods_in(ongoing, *year_window(2027), date(2026, 1, 14)) == 0


def test_a_one_off_counts_in_the_year_it_happened_and_people_in_each_year_it_ran():
    ex = one_off("traineeship_newcomers", 3, "person", people_reached=3, transport_mode="none")
    assert in_2026(ex).people_reached == 3
    assert impact_of(ex, FACTORS, *year_window(2027), date(2027, 6, 1)).people_reached == 0
    running = ExchangeInput(1, "mentoring", 4, "hour", "monthly", date(2025, 9, 1), people_reached=2)
    assert in_2026(running).people_reached == 2 and in_2026(running).amount.value == pytest.approx(48)


# -- a worked example, by hand --------------------------------------------------------------------


def test_worked_example_checked_by_hand():
    """A foundry gives a workshop 1.5 t of steel scrap every month from 1 April 2026, 32 km by truck.

    In 2026, counted to 31 December: 1 April to 31 December is 275 days of 365, so
        periods = 12 x 275 / 365 = 9.0411 months;  moved = 1.5 t x 9.0411 = 13.5616 t.
    Avoided (primary steel, 1500 kg CO2e/t):  13.5616 x 1500 = 20 342.5 kg CO2e (no range given).
    Transport: 13.5616 t x 32 km = 433.97 tonne-km;
        x 0.14993 = 65.07 kg (low x 0.10273 = 44.58 kg, high x 0.30139 = 130.80 kg).
    Net: 20 342.5 - 65.07 = 20 277.4 kg CO2e; low 20 342.5 - 130.80 = 20 211.7; high 20 342.5 - 44.58
    = 20 297.9. So about 20.3 t CO2e, 20.2 to 20.3 t.
    """
    ex = ExchangeInput(
        7, "steel_scrap", 1.5, "tonne", "monthly", date(2026, 4, 1), distance_km=32, transport_mode="truck"
    )
    result = in_2026(ex)
    assert result.periods == pytest.approx(9.0411, abs=1e-4)
    assert result.tonnes == pytest.approx(13.5616, abs=1e-4)
    assert result.avoided.central == pytest.approx(20342.5, abs=0.1)
    assert result.transport.central == pytest.approx(65.07, abs=0.01)
    assert result.transport.low == pytest.approx(44.58, abs=0.01)
    assert result.transport.high == pytest.approx(130.80, abs=0.01)
    assert result.net.central == pytest.approx(20277.4, abs=0.1)
    assert result.net.low == pytest.approx(20211.7, abs=0.1)
    assert result.net.high == pytest.approx(20297.9, abs=0.1)
    assert [s.key for s in result.working] == ["periods", "avoided", "transport", "net"]
    totals = impact.total([result, in_2026(one_off("pallets", 100, "piece"))])
    assert totals.exchanges == 2 and totals.tonnes == pytest.approx(13.5616 + 2.5, abs=1e-4)
    assert totals.net.central == pytest.approx(20277.4 + 500, abs=0.1)
