"""The regional dashboard (/impact), its map data, the broker view, the yearly report and the badge:
counts that match the database, no organisation named on a public page, anonymous listings counted
and never named, and a badge that exists only while the organisation shares it."""
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from siru_exchange.models import Introduction, IntroductionParty, Listing
from siru_exchange.services import dashboard
from tests.dashboard_data import exchange
from tests.factories import PASSWORD

YEAR = date.today().year


def login(client, user):
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def region(db, factory):
    """Two firms in Jönköping, one in Värnamo whose only listing is anonymous, listings of each
    kind, introductions at three statuses and two confirmed exchanges (one proposed, not counted)."""
    smedja = factory.organisation(name="Smedjan Qwerty AB", municipality="0680")
    snickeri = factory.organisation(name="Snickeriet Asdfgh AB", municipality="0680")
    hemlig = factory.organisation(name="Hemliga Zxcvbn AB", municipality="0683")
    factory.listing(smedja, kind="offer", title="Stålskrot", resource_class="steel_scrap")
    factory.listing(smedja, kind="offer", title="Lastpallar", resource_class="pallets", status="closed")
    factory.listing(snickeri, kind="need", title="Stål till verkstaden", resource_class="steel_scrap")
    factory.listing(hemlig, kind="offer", title="Spillvärme från ugnen", resource_class="surplus_heat",
                    visibility="anonymous")
    for status in ("proposed", "realised", "realised", "declined"):
        intro = Introduction(kind="broker", status=status)
        intro.parties = [IntroductionParty(organisation_id=smedja.id),
                         IntroductionParty(organisation_id=snickeri.id)]
        db.session.add(intro)
    db.session.commit()
    exchange(db, smedja, snickeri, quantity=Decimal("4"), unit="tonne")           # 4 t steel, Jönköping
    exchange(db, hemlig, snickeri, resource_class="surplus_heat", quantity=Decimal("10"), unit="MWh")
    exchange(db, snickeri, smedja, quantity=Decimal("99"), status="proposed")     # not confirmed
    return {"smedja": smedja, "snickeri": snickeri, "hemlig": hemlig}


NAMES = ("Smedjan Qwerty", "Snickeriet Asdfgh", "Hemliga Zxcvbn")


def test_the_figures_match_the_database(app, db, region):
    counts = dashboard.listing_counts(YEAR)
    assert counts == {"total": 4, "offers": 3, "needs": 1, "anonymous": 1, "active": 3}
    assert counts["total"] == db.session.scalar(select(func.count(Listing.id)))
    by_status = {row["key"]: row["count"] for row in dashboard.introductions_by_status(YEAR)}
    assert by_status == {"proposed": 1, "accepted": 0, "in_dialogue": 0, "agreed": 0, "realised": 2,
                         "declined": 1}
    by_municipality = {row["key"]: row for row in dashboard.listings_by_municipality(YEAR)}
    assert len(by_municipality) == 13  # every municipality of the county, with or without listings
    assert (by_municipality["0680"]["offers"], by_municipality["0680"]["needs"]) == (2, 1)
    # Värnamo's only listing is anonymous: counted in the totals above, never by municipality (a count
    # there would tell where its organisation is).
    assert by_municipality["0683"]["listings"] == 0 and by_municipality["0604"]["listings"] == 0
    groups = {row["key"]: row["listings"] for row in dashboard.listings_by_group(YEAR)}
    assert groups == {"materials": 3, "energy": 1}
    months = dashboard.listings_by_month(YEAR)
    assert [row["month"] for row in months] == list(range(1, 13))
    assert sum(row["listings"] for row in months) == 4
    totals = dashboard.impact_totals(YEAR)
    assert totals["exchanges"] == 2 and totals["tonnes"] == pytest.approx(4)  # the proposed one is left out
    points = {p["code"]: p for p in dashboard.map_points(YEAR)}
    assert points["0680"]["exchanges"] == 1 and points["0683"]["exchanges"] == 1
    assert points["0680"]["listings"] == 3


def test_a_year_without_anything_counts_nothing(app, db, region):
    assert dashboard.listing_counts(YEAR - 5)["total"] == 0
    assert sum(r["count"] for r in dashboard.introductions_by_status(YEAR - 5)) == 0


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_public_page_names_no_organisation(app, client, region, lang):
    client.post("/language", data={"lang": lang})
    for path in ("/impact/", "/impact/?year=all", f"/impact/report/{YEAR}", "/impact/map.json",
                 "/impact/map.json?year=all"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = text(response)
        for name in NAMES:
            assert name not in body, (path, name)
    page = text(client.get("/impact/"))
    assert 'role="img"' in page and "<title id=\"chart-municipality-title\">" in page
    # the numbers are in a table beside the chart
    assert re.search(r"<th scope=\"row\">Jönköping</th><td class=\"num\">3</td>", page)


def test_the_map_data_is_counts_at_municipality_centres(app, client, region):
    data = client.get("/impact/map.json").get_json()
    assert len(data["municipalities"]) == 13
    assert set(data["municipalities"][0]) == {"code", "name", "lat", "lon", "offers", "needs", "listings",
                                               "exchanges", "summary"}
    centre = {m["code"]: m for m in data["municipalities"]}["0683"]
    assert centre["listings"] == 0  # Värnamo's only listing is anonymous: not placed on the map
    assert data["outlines"].endswith("jonkoping_municipalities.geojson")


def test_the_outlines_are_the_county_s_13_municipalities(app, client):
    response = client.get("/static/data/jonkoping_municipalities.geojson")
    outlines = response.get_json(force=True)
    codes = sorted(f["properties"]["code"] for f in outlines["features"])
    assert codes == sorted(dashboard.reference.municipalities())
    assert len(response.data) < 60_000
    lon, lat = outlines["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 13 < lon < 16 and 57 < lat < 58.5  # WGS84, longitude first


def test_brokers_see_the_organisations_and_others_do_not(app, client, factory, region):
    assert client.get("/impact/broker").status_code == 302  # to the login
    member = factory.user(region["smedja"])
    login(client, member)
    assert client.get("/impact/broker").status_code == 403
    assert "/impact/broker" not in text(client.get("/impact/"))
    client.post("/auth/logout")
    login(client, factory.broker())
    page = text(client.get(f"/impact/broker?year={YEAR}"))
    for name in NAMES:
        assert name in page
    assert f'/organisations/{region["smedja"].id}#impact' in page
    # Heat is counted in MWh: the heat exchange's row says so, instead of "0,0 t".
    assert "4&nbsp;t + 10&nbsp;MWh" in page            # the receiver of both
    assert '<td class="num">10&nbsp;MWh</td>' in page  # the heat exchange and its supplier
    assert "0&nbsp;t<" not in page


def test_the_broker_view_pages_the_organisations_by_name_with_the_counts_of_each(app, client, factory, db):
    """At national size the broker view listed all 10,000 organisations (2.9 MB, 1.6 s): pages of
    BROKER_ROWS_PAGE by name, the total above them, each row's own listing count."""
    orgs = [factory.organisation(name=f"Firma {i:03d} AB") for i in range(dashboard.BROKER_ROWS_PAGE + 3)]
    for org in orgs[:3]:
        factory.listing(organisation=org)
    for org in orgs[3:]:
        factory.listing(organisation=org)
        factory.listing(organisation=org, kind="need")
    factory.organisation(name="Tyst AB")  # nothing in the year: not on the page
    login(client, factory.broker())
    first = text(client.get("/impact/broker"))
    assert f'<small id="organisations-count">({dashboard.BROKER_ROWS_PAGE + 3})</small>' in first
    assert first.count('#impact">Firma ') == dashboard.BROKER_ROWS_PAGE and 'rel="next"' in first
    assert first.index("Firma 000 AB") < first.index("Firma 001 AB") and "Tyst AB" not in first
    row = re.search(r"Firma 004 AB</a></th>\s*<td>[^<]*</td>\s*<td class=\"num\">(\d+)</td>", first)
    assert row and row.group(1) == "2"
    second = text(client.get("/impact/broker?page=2"))
    assert second.count('#impact">Firma ') == 3 and "Firma 052 AB" in second


def test_an_organisation_sees_its_own_impact_and_nobody_else_does(app, client, factory, region):
    path = f"/organisations/{region['smedja'].id}"
    assert 'id="impact"' not in text(client.get(path))
    login(client, factory.user(region["snickeri"]))
    assert 'id="impact"' not in text(client.get(path))
    client.post("/auth/logout")
    login(client, factory.user(region["smedja"]))
    page = text(client.get(path))
    assert 'id="impact"' in page
    assert f"Era utbyten räddade 4 t från avfall under {YEAR}." in page


def test_the_badge_exists_only_while_it_is_shared(app, client, db, factory, region):
    smedja = region["smedja"]
    assert smedja.badge_token is None
    assert client.get("/impact/badge/" + "a" * 22 + ".svg").status_code == 404
    outsider = factory.user(region["snickeri"])
    login(client, outsider)
    assert client.post(f"/impact/organisations/{smedja.id}/badge", data={"share": "yes"}).status_code == 403
    client.post("/auth/logout")
    login(client, factory.user(smedja))
    response = client.post(f"/impact/organisations/{smedja.id}/badge", data={"share": "yes"})
    assert response.status_code == 302
    db.session.refresh(smedja)
    token = smedja.badge_token
    assert token and len(token) >= 16
    client.post("/auth/logout")
    badge = client.get(f"/impact/badge/{token}.svg?lang=en")
    assert badge.status_code == 200 and badge.mimetype == "image/svg+xml"
    assert badge.headers["Content-Security-Policy"] == "default-src 'none'"
    assert badge.headers["Cache-Control"] == "no-cache"  # a badge no longer shared must not linger
    svg = text(badge)
    assert "4 t kept from waste" in svg and "Smedjan Qwerty AB" in svg and "<script" not in svg
    assert "räddade från avfall" in text(client.get(f"/impact/badge/{token}.svg"))
    login(client, factory.user(smedja))
    client.post(f"/impact/organisations/{smedja.id}/badge", data={"share": "no"})
    assert client.get(f"/impact/badge/{token}.svg").status_code == 404


def test_the_report_is_printable_in_both_languages(app, client, region):
    sv = text(client.get(f"/impact/report/{YEAR}"))
    assert f"SIRU Exchange: effektrapport {YEAR}" in sv and "Faktorer och deras källor" in sv
    client.post("/language", data={"lang": "en"})
    en = text(client.get(f"/impact/report/{YEAR}"))
    assert f"SIRU Exchange: impact report {YEAR}" in en and "Factors and their sources" in en
    assert client.get(f"/impact/report/{YEAR + 1}").status_code == 404
    assert client.get("/impact/report/1999").status_code == 404


def test_an_unknown_year_shows_this_year(app, client, region):
    for value in ("abc", "1999", "99999999999"):
        page = text(client.get(f"/impact/?year={value}"))
        assert f"Regionen i siffror, {YEAR}" in page
