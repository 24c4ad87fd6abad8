"""The region's impact figures from the database: only confirmed exchanges count; by municipality,
group and month; an organisation's own; and `flask impact --json`."""

import json
from datetime import date

from siru_exchange.models import Exchange
from siru_exchange.services import impact


def add_exchange(db, supplier, receiver, status="confirmed", **kw):
    values = {
        "supplier_id": supplier.id,
        "receiver_id": receiver.id,
        "resource_class": "steel_scrap",
        "quantity": 2,
        "unit": "tonne",
        "frequency": "once",
        "started_on": date(2026, 3, 1),
        "transport_mode": "truck",
        "distance_km": 50,
        "status": status,
        "description": "",
        "verified_note": "",
    }
    values.update(kw)
    exchange = Exchange(**values)
    db.session.add(exchange)
    db.session.commit()
    return exchange


def world(db, factory):
    nassjo = factory.organisation(name="Nässjö Verkstad AB", municipality="0682")
    habo = factory.organisation(name="Habo Ridcenter", municipality="0643")
    add_exchange(db, nassjo, habo)  # 2 t steel: 3000 kg avoided - 100 tkm x 0.14993 = 2985.007 kg net
    add_exchange(db, nassjo, habo, status="proposed", quantity=100)  # not confirmed: counts nowhere
    add_exchange(
        db,
        habo,
        nassjo,
        resource_class="work_training",
        quantity=2,
        unit="person",
        transport_mode="none",
        distance_km=None,
        people_reached=2,
        people_kind="work_training",
        started_on=date(2026, 5, 4),
    )
    add_exchange(
        db,
        habo,
        nassjo,
        resource_class="cardboard",
        quantity=1,
        unit="tonne",
        frequency="monthly",
        started_on=date(2026, 10, 1),
        ended_on=date(2026, 11, 30),
        distance_km=10,
    )
    return nassjo, habo


def test_region_totals_count_confirmed_exchanges_only(app, db, factory):
    world(db, factory)
    with app.test_request_context():
        totals = impact.region_totals(year=2026, as_of=date(2026, 12, 31))
    assert totals["exchanges"] == 3
    # steel 2 t + cardboard 1 t monthly, 1 October to 30 November: 61 of 365 days x 12 = 2.0055 periods
    assert totals["tonnes"] == 4.005
    assert totals["co2e_avoided_t"] == {"low": 3.0, "central": 3.0, "high": 3.0}
    # transport: steel 100 tkm and cardboard 2.0055 t x 10 km = 20.055 tkm; 120.055 x 0.14993 = 18.0 kg
    assert totals["transport_co2e_t"]["central"] == 0.018
    # net counts the estimated exchange only: 3000 - 14.993 = 2985.007 kg
    assert totals["co2e_t"]["central"] == 2.985
    assert (totals["people_reached"], totals["not_estimated"], totals["flagged"]) == (2, 1, 0)


def test_figures_by_municipality_group_and_month_and_for_one_organisation(app, db, factory):
    nassjo, habo = world(db, factory)
    with app.test_request_context():
        by_muni = impact.exchanges_by("municipality", year=2026, as_of=date(2026, 12, 31))
        by_group = impact.exchanges_by("group", year=2026, as_of=date(2026, 12, 31))
        by_month = impact.exchanges_by("month", year=2026, as_of=date(2026, 12, 31))
        mine = impact.organisation_impact(nassjo, year=2026, as_of=date(2026, 12, 31))
        only_habo = impact.region_totals(year=2026, municipality="0643", as_of=date(2026, 12, 31))
    assert [(r["key"], r["exchanges"]) for r in by_muni] == [("0643", 2), ("0682", 1)]  # the supplier's
    assert {r["key"]: r["exchanges"] for r in by_group} == {"materials": 2, "social": 1}
    assert len(by_month) == 12 and by_month[2]["tonnes"] == 2.0
    assert by_month[9]["tonnes"] == 1.019  # October: 31 of 365 days x 12 periods x 1 t
    assert by_month[11]["tonnes"] == 0.0  # ended on 30 November
    assert mine["exchanges"] == 3 and {e["role"] for e in mine["exchanges_list"]} == {"supplier", "receiver"}
    assert only_habo["exchanges"] == 2 and only_habo["people_reached"] == 2


def test_flask_impact_json_prints_the_region_totals(app, db, factory, runner):
    world(db, factory)
    result = runner.invoke(args=["impact", "--json", "--year", "2026"])
    assert result.exit_code == 0, result.output
    totals = json.loads(result.output)
    assert set(totals) >= {"tonnes", "co2e_t", "people_reached", "exchanges"}
    assert set(totals["co2e_t"]) == {"low", "central", "high"}
    assert totals["exchanges"] == 3 and totals["people_reached"] == 2
    bad = runner.invoke(args=["impact", "--json", "--year", "twenty"])
    assert bad.exit_code == 2


def test_every_organisations_figures_come_from_one_query_and_match_its_own(app, db, factory):
    """The broker view lists every organisation's impact: one query for all of them, and each the same
    as that organisation's own figures (a third organisation with an exchange in 2025 only shows 0)."""
    from sqlalchemy import event

    nassjo, habo = world(db, factory)
    old = factory.organisation(name="Gislaved Gummi AB", municipality="0662")
    add_exchange(db, old, habo, started_on=date(2025, 2, 1))
    statements = []

    def count(*_args):
        statements.append(1)

    with app.test_request_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            everyone = impact.organisation_impacts(year=2026, as_of=date(2026, 12, 31))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert len(statements) == 1
        assert set(everyone) == {nassjo.id, habo.id, old.id}
        for org in (nassjo, habo, old):
            assert everyone[org.id] == impact.organisation_impact(org, year=2026, as_of=date(2026, 12, 31))
    assert everyone[old.id]["exchanges"] == 0 and everyone[habo.id]["exchanges"] == 3
