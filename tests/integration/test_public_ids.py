"""Listing ids in URLs and the API are random public ids (issue 11): the sequential internal id would
put an anonymous listing next to its organisation's public ones, and so tie it to its owner."""
import re

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from siru_exchange.models import Listing


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="(/(?:listings|api/v1/listings)/[^"?#]*)', html)


def test_listing_links_and_api_carry_the_public_id_not_the_sequential_one(client, auth, factory):
    org = factory.organisation(name="Sågverket i Nässjö AB")
    public = factory.listing(organisation=org, title="Sågspån, torrt")
    anonymous = factory.listing(organisation=org, title="Spillvirke", visibility="anonymous")
    auth.login(factory.user(organisation=org).email)
    paths = ["/listings/", "/listings/mine", f"/listings/{public.public_id}"]
    pages = [client.get(path).get_data(as_text=True) for path in paths]
    links = [href for page in pages for href in _hrefs(page)]
    assert f"/listings/{public.public_id}" in links and f"/listings/{anonymous.public_id}" in links
    for href in links:
        key = href.split("/")[2]
        assert not key.isdigit(), href
        assert key not in {str(public.id), str(anonymous.id)}, href

    auth.logout()  # a visitor, to whom the anonymous listing's owner is hidden
    body = client.get("/api/v1/listings").get_json()
    assert {item["id"] for item in body["items"]} == {public.public_id, anonymous.public_id}
    one = client.get(f"/api/v1/listings/{anonymous.public_id}").get_json()
    assert one["id"] == anonymous.public_id and one["organisation"] is None
    ints = [value for item in body["items"] + [one] for key, value in item.items()
            if isinstance(value, int) and not isinstance(value, bool) and key != "version"]
    assert ints == []  # no sequential number anywhere in a listing's JSON


def test_two_listings_created_in_a_row_have_unrelated_public_ids(factory):
    org = factory.organisation()
    first, second = factory.listing(organisation=org), factory.listing(organisation=org)
    assert second.id == first.id + 1  # the internal ids are neighbours...
    ids = [first.public_id, second.public_id]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{12}", value) for value in ids)
    assert ids[0] != ids[1] and not any(value.isdigit() for value in ids)
    # ...the public ones share no prefix a reader could count on
    assert ids[0][:4] != ids[1][:4]


def test_a_public_id_never_begins_with_a_dash(monkeypatch):
    """An id like "-t_oTYAnUFrv" reads as an option on a command line and as a formula in a spreadsheet
    (the broker's exports then show it behind a guarding apostrophe): such a draw is drawn again."""
    from siru_exchange.models import listing

    draws = iter(["-t_oTYAnUFrv", "_9TqH_JXZ7xc", "9_TqH_JXZ7xc"])
    monkeypatch.setattr(listing.secrets, "token_urlsafe", lambda n: next(draws))
    assert listing.new_public_id() == "9_TqH_JXZ7xc"
    monkeypatch.undo()
    assert all(listing.new_public_id()[0].isalnum() for _ in range(2000))  # 1 in 32 would, unchecked


def test_an_unknown_or_integer_id_answers_404(client, auth, factory):
    listing = factory.listing()
    auth.login(factory.user(organisation=listing.organisation).email)
    for path in (f"/listings/{listing.id}", f"/listings/{listing.id}/edit", f"/listings/{listing.id}/status",
                 f"/api/v1/listings/{listing.id}", "/listings/AAAAAAAAAAAA", "/api/v1/listings/AAAAAAAAAAAA"):
        assert client.get(path).status_code == 404, path
    other = factory.user(organisation=factory.organisation())
    auth.logout()
    auth.login(other.email)
    assert client.get(f"/introductions/request?listing={listing.id}").status_code == 404
    assert client.get(f"/introductions/request?listing={listing.public_id}").status_code == 200


def test_a_listing_url_cannot_be_built_from_the_internal_id(app, factory):
    from flask import url_for

    listing = factory.listing()
    with app.test_request_context():
        assert url_for("listings.show", listing_id=listing.url_key) == f"/listings/{listing.public_id}"
        with pytest.raises(TypeError):
            url_for("listings.show", listing_id=listing.id)


def test_public_ids_are_unique_in_the_database(db, factory):
    first, second = factory.listing(), factory.listing()
    second.public_id = first.public_id
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_migration_backfills_existing_listings(app, db, factory):
    from flask_migrate import downgrade, upgrade

    org = factory.organisation()
    created = [factory.listing(organisation=org, title=f"Annons {i}").id for i in range(3)]
    db.session.commit()
    db.session.remove()
    downgrade(revision="i11identity201")
    try:
        assert "public_id" not in {c["name"] for c in inspect(db.engine).get_columns("listings")}
    finally:
        upgrade()
    with db.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, public_id FROM listings")).all())
    assert sorted(rows) == sorted(created)
    assert all(rows.values()) and len(set(rows.values())) == 3
    column = next(c for c in inspect(db.engine).get_columns("listings") if c["name"] == "public_id")
    assert column["nullable"] is False
    indexes = inspect(db.engine).get_indexes("listings")
    assert any(ix["unique"] and ix["column_names"] == ["public_id"] for ix in indexes)
    assert db.session.scalar(select(Listing).where(Listing.public_id == rows[created[0]])).id == created[0]
