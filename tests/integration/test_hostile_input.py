"""Input no form expects: never a 500, never a half-written record, on both databases."""
import pytest

from siru_exchange.models import Listing, Organisation, User

from .test_auth import registration
from .test_listings import listing_form


@pytest.fixture
def member(factory, auth):
    user = factory.user()
    auth.login(user.email)
    return user


@pytest.mark.parametrize("overrides, expected", [
    ({"title": "Spån\x00"}, 400),
    ({"quantity": "1e400"}, 422),
    ({"quantity": "0.0000001"}, 422),
    ({"quantity": "NaN"}, 422),
    ({"quantity": "Infinity"}, 422),
    ({"terms": "price", "price": "1e12"}, 422),
    ({"terms": "price", "price": "-1"}, 422),
    ({"available_from": "2026-13-45"}, 422),
    ({"kind": "gift"}, 422),
    ({"unit": "furlongs"}, 422),
    ({"visibility": "everyone"}, 422),
    ({"frequency": "sometimes"}, 422),
])
def test_listing_form_refuses_without_500(client, member, db, overrides, expected):
    response = client.post("/listings/new", data=listing_form(**overrides))
    assert response.status_code == expected
    assert db.session.query(Listing).count() == 0


def test_price_and_tiny_quantities_are_stored_exactly(client, member, db):
    response = client.post("/listings/new", data=listing_form(quantity="0,25", terms="price", price="1499,50"))
    assert response.status_code == 302
    listing = db.session.query(Listing).one()
    assert str(listing.quantity.normalize()) == "0.25" and str(listing.price) == "1499.50"


def test_invalid_date_message_is_in_swedish(client, member):
    html = client.post("/listings/new", data=listing_form(available_from="2026-13-45")).get_data(as_text=True)
    assert "Inte ett giltigt datum" in html


@pytest.mark.parametrize("path", ["/listings/?page=99999999999999999999999", "/listings/?page=-4",
                                  "/listings/?q=" + "å" * 3000, "/listings/?kind=x&municipality=';--",
                                  "/listings/abc", "/listings/99999999999999999999/edit",
                                  "/organisations/0", "/suggestions/1/state"])
def test_odd_urls_answer_without_500(client, path):
    assert client.get(path).status_code in (200, 302, 404, 405)


def test_login_and_registration_with_nul_are_refused(client, db):
    assert client.post("/auth/login", data={"email": "a\x00@b.se", "password": "x"}).status_code == 400
    assert client.post("/auth/register", data=registration(org_name="Bad\x00Co")).status_code == 400
    assert db.session.query(Organisation).count() == 0 and db.session.query(User).count() == 0


def test_registration_with_overlong_fields_writes_nothing(client, db):
    response = client.post("/auth/register", data=registration(org_name="x" * 500, name="y" * 500,
                                                                description="z" * 10_000))
    assert response.status_code == 422
    assert db.session.query(Organisation).count() == 0
