"""The listings page's "within 30 km of us": inside, outside and on the boundary, organisations placed
by their municipality, anonymous listings placed at their municipality's centre only, invalid values
refused, and the bounding-box search checked against the exhaustive one."""
import random

import pytest

from siru_exchange.matching.geo import bounding_box, haversine_km
from siru_exchange.services import listings as listing_service
from siru_exchange.services import reference
from tests.factories import PASSWORD

HOME = (57.7826, 14.1618)  # Jönköping's centre
KM_PER_DEGREE_LAT = 6371.0088 * 3.141592653589793 / 180


def north(km: float) -> tuple[float, float]:
    return (HOME[0] + km / KM_PER_DEGREE_LAT, HOME[1])


def titles(page) -> set[str]:
    return {listing.title for listing in page.items}


@pytest.fixture
def area(factory):
    home = factory.organisation(name="Hemma AB", municipality="0680", lat=HOME[0], lon=HOME[1])
    member = factory.user(home)

    def firm(title, municipality="0680", at=None, **kw):
        lat, lon = at if at else (None, None)
        org = factory.organisation(municipality=municipality, lat=lat, lon=lon)
        return factory.listing(org, title=title, **kw)

    firm("Nära 10 km", at=north(9.9))
    firm("Innanför gränsen", at=north(29.99))
    firm("Utanför gränsen", at=north(30.01))
    firm("Långt bort", at=north(120))
    firm("Nässjö utan plats", municipality="0682")  # placed at Nässjö's centre, about 35 km away
    # Its site is 5 km away, but an anonymous listing is placed at its municipality's centre (Vaggeryd,
    # about 32 km away): the filter never tells more than the municipality the listing shows.
    firm("Anonym nära", municipality="0665", at=north(5), visibility="anonymous")
    return member


def search(user, km, **kw):
    return listing_service.search(user, listing_service.SearchFilters(within_km=km, **kw), per_page=100)


def test_inside_outside_and_on_the_boundary(app, area):
    assert titles(search(area, 10)) == {"Nära 10 km"}
    assert titles(search(area, "30")) == {"Nära 10 km", "Innanför gränsen"}
    assert titles(search(area, 50)) == {"Nära 10 km", "Innanför gränsen", "Utanför gränsen",
                                        "Nässjö utan plats"}
    assert "Långt bort" not in titles(search(area, 100))
    assert len(search(area, None).items) == 6


def test_the_distance_combines_with_the_other_filters(app, area):
    assert titles(search(area, 30, q="gränsen")) == {"Innanför gränsen"}
    assert search(area, 30, kind="need").total == 0


def test_a_distance_never_finds_an_anonymous_listing_of_another_organisation(app, area):
    """A distance would tell where the organisation behind an anonymous listing is (its municipality,
    Vaggeryd, is 30-50 km away): like the municipality filter, it finds only listings whose owner the
    reader may know. The listing is still listed without the filter."""
    vaggeryd = reference.municipalities()["0665"]
    assert 30 < haversine_km(*HOME, vaggeryd.lat, vaggeryd.lon) < 50
    for km in (10, 30, 50, 100):
        assert "Anonym nära" not in titles(search(area, km))
    assert "Anonym nära" in titles(search(area, None))


def test_a_member_without_a_site_measures_from_the_municipality(app, factory, area):
    nassjo_member = factory.user(factory.organisation(municipality="0682"))
    assert "Nässjö utan plats" in titles(search(nassjo_member, 10))


@pytest.mark.parametrize("value", ["7", "abc", "-30", "30.5", "0", "1e2"])
def test_a_distance_not_on_the_list_is_refused(app, client, area, value):
    client.post("/auth/login", data={"email": area.email, "password": PASSWORD})
    response = client.get(f"/listings/?within={value}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Välj ett avstånd i listan." in page
    assert "6 annonser hittades" in page  # all of them, shown without the distance
    assert client.get(f"/listings/map.json?within={value}").get_json() == {
        "errors": {"within": "Välj ett avstånd i listan."}}


def test_a_visitor_or_an_organisation_without_a_place_cannot_ask(app, client, factory, area):
    response = client.get("/listings/?within=30")
    assert response.status_code == 422
    assert "Logga in som medlem i en organisation" in response.get_data(as_text=True)
    nowhere = factory.user(factory.organisation(municipality="other"))
    client.post("/auth/login", data={"email": nowhere.email, "password": PASSWORD})
    response = client.get("/listings/?within=30")
    assert response.status_code == 422
    assert "ingen plats i länet" in response.get_data(as_text=True)


def test_the_form_offers_the_distances_to_members_in_both_languages(app, client, area):
    assert 'name="within"' not in client.get("/listings/").get_data(as_text=True)
    client.post("/auth/login", data={"email": area.email, "password": PASSWORD})
    page = client.get("/listings/?within=30").get_data(as_text=True)
    assert '<option selected value="30">Inom 30 km från oss</option>' in page
    assert "2 annonser hittades" in page
    client.post("/language", data={"lang": "en"})
    assert "Within 100 km of us" in client.get("/listings/").get_data(as_text=True)


def test_the_map_view_counts_what_the_filters_find(app, client, area):
    client.post("/auth/login", data={"email": area.email, "password": PASSWORD})
    data = client.get("/listings/map.json?within=30").get_json()
    counts = {m["code"]: m["listings"] for m in data["municipalities"]}
    assert counts["0680"] == 2 and sum(counts.values()) == 2
    page = client.get("/listings/?view=map&within=30").get_data(as_text=True)
    assert 'data-map-url="/listings/map.json?view=map&amp;within=30"' in page
    assert '<td class="num">2</td>' in page


def test_the_bounding_box_search_agrees_with_the_exhaustive_one(app, factory):
    rng = random.Random(13)
    home = factory.organisation(municipality="0680", lat=HOME[0], lon=HOME[1])
    member = factory.user(home)
    places = {}
    for i in range(40):
        at = (HOME[0] + rng.uniform(-1.2, 1.2), HOME[1] + rng.uniform(-2, 2))
        org = factory.organisation(municipality="0680", lat=at[0], lon=at[1])
        listing = factory.listing(org, title=f"Plats {i}")
        places[listing.title] = at
    for km in (10, 30, 50, 100):
        box = bounding_box(*HOME, km)
        expected = {t for t, at in places.items() if haversine_km(*HOME, *at) <= km}
        assert all(box[0] <= places[t][0] <= box[1] and box[2] <= places[t][1] <= box[3] for t in expected)
        assert titles(search(member, km)) == expected, km
