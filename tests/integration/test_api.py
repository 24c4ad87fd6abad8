"""The JSON API: the same rules as the forms, answered as JSON that names each field."""
import pytest

from siru_exchange.models import Listing


def test_listings_are_filtered_and_paginated(client, factory):
    org = factory.organisation(municipality="0686")
    for i in range(3):
        factory.listing(organisation=org, title=f"Sågspån {i}", resource_class="sawdust")
    factory.listing(organisation=org, kind="need", title="Bränsle", resource_class="biomass_fuel")
    body = client.get("/api/v1/listings?kind=offer&per_page=2&municipality=0686").get_json()
    assert body["total"] == 3 and body["pages"] == 2 and len(body["items"]) == 2
    assert {item["kind"] for item in body["items"]} == {"offer"}
    one = client.get(f"/api/v1/listings/{body['items'][0]['id']}").get_json()
    assert one["organisation"] == {"name": org.name}
    assert one["municipality"] == "0686" and one["region"] == "06"


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=gift", "kind"),
        ("resource_class=unobtainium", "resource_class"),
        ("municipality=9999", "municipality"),
        ("page=abc", "page"),
        ("per_page=1000", "per_page"),
    ],
)
def test_bad_filters_answer_422_naming_the_field(client, query, field):
    response = client.get(f"/api/v1/listings?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["fields"]


def test_anonymous_listing_hides_its_organisation(client, factory):
    listing = factory.listing(visibility="anonymous")
    assert client.get(f"/api/v1/listings/{listing.public_id}").get_json()["organisation"] is None
    assert client.get("/api/v1/listings/999999").status_code == 404
    assert client.get("/api/v1/listings/999999").get_json()["error"]


def test_member_posts_a_listing_and_bad_json_gets_422_per_field(client, auth, factory, db):
    member = factory.user()
    assert client.post("/api/v1/listings", json={"kind": "offer", "title": "Pallar"}).status_code == 401
    auth.login(member.email)
    not_json = client.post("/api/v1/listings", data="not json", content_type="application/json")
    assert not_json.status_code == 400
    response = client.post(
        "/api/v1/listings",
        json={
            "kind": "offer",
            "title": "",
            "quantity": -2,
            "unit": "kg",
            "available_from": "2026-12-10",
            "available_to": "2026-12-01",
        },
    )
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) >= {"title", "quantity", "available_to"}
    response = client.post("/api/v1/listings", json={"kind": "offer", "title": ["x"], "quantity": True,
                                                     "available_from": "31/12"})
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"title", "quantity", "available_from"}
    assert db.session.query(Listing).count() == 0
    created = client.post(
        "/api/v1/listings",
        json={
            "kind": "offer",
            "title": "Pallar, EUR",
            "quantity": 40,
            "unit": "pallet",
            "frequency": "monthly",
            "terms": "free",
        },
    )
    assert created.status_code == 201
    assert created.get_json()["quantity"] == 40 and db.session.query(Listing).count() == 1


def test_reference_data(client):
    tax = client.get("/api/v1/taxonomy").get_json()
    assert len(tax["classes"]) >= 40 and {g["id"] for g in tax["groups"]} >= {"materials", "social"}
    assert len(client.get("/api/v1/municipalities").get_json()) == 13
