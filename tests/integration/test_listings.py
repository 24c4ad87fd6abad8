"""Posting, editing, pausing, closing, the conflict on concurrent edits, filters and privacy."""
import re
from decimal import Decimal

import pytest

from siru_exchange.models import Listing


def listing_form(**overrides):
    data = {
        "kind": "offer",
        "title": "Sågspån från hyvleriet",
        "description": "Torrt kutterspån, ca 2 m³/vecka.",
        "resource_class": "",
        "quantity": "2",
        "unit": "m3",
        "frequency": "weekly",
        "available_from": "",
        "available_to": "",
        "terms": "free",
        "price": "",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def card_titles(response) -> list[str]:
    """The titles of the listing cards on a page."""
    return re.findall(
        r'<h\d[^>]*><a href="/listings/[\w-]+">([^<]+)</a></h\d>', response.get_data(as_text=True)
    )


@pytest.fixture
def member(factory, auth):
    user = factory.user()
    auth.login(user.email)
    return user


def test_member_posts_an_offer(client, member, db):
    response = client.post("/listings/new", data=listing_form(quantity="1 234,5".replace(" ", "")))
    assert response.status_code == 302
    listing = db.session.query(Listing).one()
    assert listing.organisation_id == member.organisation_id
    assert listing.quantity == Decimal("1234.5")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sågspån från hyvleriet" in page
    assert "1\u00a0234,5" in page            # Swedish number format


@pytest.mark.parametrize(
    "overrides, field_message",
    [
        ({"title": ""}, "Ge annonsen en rubrik."),
        ({"title": "x" * 121}, "Håll rubriken under 120 tecken"),
        ({"quantity": "-3"}, "Mängden måste vara större än noll."),
        ({"quantity": "mycket"}, "Ange mängden som ett tal"),
        (
            {"available_from": "2026-12-10", "available_to": "2026-12-01"},
            "Slutdatumet kan inte vara före startdatumet.",
        ),
        ({"resource_class": "unobtainium"}, "Välj ett resursslag i listan"),
        ({"description": "y" * 4001}, "Håll beskrivningen under 4000 tecken"),
        ({"terms": "price", "price": ""}, "Ange priset"),
    ],
)
def test_bad_input_gets_its_own_message_keeps_text_and_writes_nothing(
    client, member, db, overrides, field_message
):
    data = listing_form(**overrides)
    response = client.post("/listings/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_message in html
    assert "Torrt kutterspån" in html or overrides.get("description")
    assert db.session.query(Listing).count() == 0


def test_anonymous_visitor_cannot_post(client):
    response = client.get("/listings/new")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_edit_pause_activate_close(client, member, factory, db):
    listing = factory.listing(organisation=member.organisation)
    response = client.post(f"/listings/{listing.public_id}/edit",
                           data=listing_form(title="Sågspån, nu 3 m³", version=str(listing.version)))
    assert response.status_code == 302
    db.session.refresh(listing)
    assert listing.title == "Sågspån, nu 3 m³"
    confirm = client.get(f"/listings/{listing.public_id}/status?status=closed")
    assert "Stäng" in confirm.get_data(as_text=True)
    for status in ("paused", "active", "closed"):
        db.session.refresh(listing)
        response = client.post(f"/listings/{listing.public_id}/status",
                               data={"status": status, "version": str(listing.version)})
        assert response.status_code == 302
        db.session.refresh(listing)
        assert listing.status == status
    assert listing.title not in card_titles(client.get("/listings/"))


def test_paused_listing_is_hidden_from_others(client, factory, auth):
    listing = factory.listing(status="paused", title="Pausad pall")
    assert client.get(f"/listings/{listing.public_id}").status_code == 404
    assert "Pausad pall" not in card_titles(client.get("/listings/"))


def test_concurrent_edit_gets_a_conflict_and_loses_nothing(app, factory, db):
    org = factory.organisation()
    first, second = factory.user(organisation=org), factory.user(organisation=org)
    listing = factory.listing(organisation=org, title="Original")
    a, b = app.test_client(), app.test_client()
    for c, u in ((a, first), (b, second)):
        c.post("/auth/login", data={"email": u.email, "password": "correct horse battery"})
    version = str(listing.version)
    edited = a.post(
        f"/listings/{listing.public_id}/edit", data=listing_form(title="Från Anna", version=version)
    )
    assert edited.status_code == 302
    response = b.post(f"/listings/{listing.public_id}/edit",
                      data=listing_form(title="Från Bertil", description="Bertils text", version=version))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Någon annan sparade annonsen" in html
    assert 'value="Från Bertil"' in html and "Bertils text" in html      # his text is kept
    assert "Från Anna" in html                                            # and the saved version shown
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).title == "Från Anna"      # nothing overwritten
    # saving again on the version now shown goes through
    new_version = str(db.session.get(Listing, listing.id).version)
    assert b.post(f"/listings/{listing.public_id}/edit",
                  data=listing_form(title="Från Bertil", version=new_version)).status_code == 302


def test_other_organisation_cannot_change_a_listing(client, factory, auth, db):
    listing = factory.listing(title="Inte din")
    outsider = factory.user()
    auth.login(outsider.email)
    assert client.get(f"/listings/{listing.public_id}/edit").status_code == 403
    response = client.post(
        f"/listings/{listing.public_id}/edit", data=listing_form(title="Kapad", version="1")
    )
    assert response.status_code == 403
    closed = client.post(f"/listings/{listing.public_id}/status", data={"status": "closed", "version": "1"})
    assert closed.status_code == 403
    db.session.expire_all()
    stored = db.session.get(Listing, listing.id)
    assert (stored.title, stored.status) == ("Inte din", "active")


def test_anonymous_listing_hides_who_is_behind_it(client, factory, auth):
    org = factory.organisation(name="Hemliga Snickeriet AB")
    listing = factory.listing(organisation=org, visibility="anonymous", title="Spillvirke att ge bort")
    outsider = factory.user()
    auth.login(outsider.email)
    for url in (
        f"/listings/{listing.public_id}",
        "/listings/",
        "/listings/?q=spillvirke",
        f"/organisations/{org.id}",
        "/",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "Hemliga Snickeriet" not in html.split("<h1>", 1)[-1] or url == f"/organisations/{org.id}"
        if url != f"/organisations/{org.id}":
            assert "Hemliga Snickeriet" not in html
    # the organisation's own page does not list the anonymous listing
    assert "Spillvirke att ge bort" not in client.get(f"/organisations/{org.id}").get_data(as_text=True)
    auth.logout()
    owner = factory.user(organisation=org)
    auth.login(owner.email)
    assert "Hemliga Snickeriet" in client.get(f"/listings/{listing.public_id}").get_data(as_text=True)


def test_members_only_listing_needs_login(client, factory):
    listing = factory.listing(visibility="members", title="Bara för medlemmar")
    assert client.get(f"/listings/{listing.public_id}").status_code == 404
    assert "Bara för medlemmar" not in card_titles(client.get("/listings/"))


def test_filters_by_kind_class_municipality_and_text(client, factory):
    eksjo = factory.organisation(municipality="0686")
    tranas = factory.organisation(municipality="0687")
    factory.listing(organisation=eksjo, title="Sågspån varje vecka", resource_class="sawdust")
    factory.listing(
        organisation=tranas, kind="need", title="Bränsle till pannan", resource_class="biomass_fuel"
    )
    factory.listing(organisation=tranas, title="Lagerlokal 200 kvm", description="Uthyres")

    def titles(query):
        return " | ".join(card_titles(client.get("/listings/?" + query))) + (
            " EMPTY"
            if "Inga annonser matchar" in client.get("/listings/?" + query).get_data(as_text=True)
            else ""
        )

    assert "Bränsle till pannan" in titles("kind=need") and "Sågspån varje vecka" not in titles("kind=need")
    assert "Sågspån varje vecka" in titles("resource_class=sawdust")
    assert "Bränsle till pannan" not in titles("resource_class=sawdust")
    assert "Lagerlokal" in titles("municipality=0687") and "Sågspån" not in titles("municipality=0687")
    assert "Lagerlokal" in titles("q=lagerlokal") and "Bränsle" not in titles("q=lagerlokal")
    assert "Sågspån varje vecka" in titles("q=sawdust")           # found through the class's English label
    assert titles("q=finnsinte") == " EMPTY"


def test_pagination(client, factory):
    org = factory.organisation()
    for i in range(25):
        factory.listing(organisation=org, title=f"Pall nummer {i:02d}")
    first = client.get("/listings/").get_data(as_text=True)
    second = client.get("/listings/?page=2").get_data(as_text=True)
    assert "Sida 1 av 2" in first
    assert first.count("listing-card") == 20 and second.count("listing-card") == 5
    assert client.get("/listings/?page=abc").status_code == 200


def test_search_folds_swedish_letters_on_every_database(client, factory):
    factory.listing(title="Ärtor från Åkeriet", description="ÖVERSKOTT av ärtor").refresh_search_text()
    from siru_exchange.extensions import db

    db.session.commit()
    assert card_titles(client.get("/listings/?q=ärtor")) == ["Ärtor från Åkeriet"]
    assert card_titles(client.get("/listings/?q=ÅKERIET")) == ["Ärtor från Åkeriet"]
    assert card_titles(client.get("/listings/?q=överskott")) == ["Ärtor från Åkeriet"]


def test_visitor_on_a_listing_page_is_told_how_to_get_in_touch(client, factory, auth):
    listing = factory.listing(visibility="public", title="Sågspån att hämta")
    html = client.get(f"/listings/{listing.public_id}").get_data(as_text=True)
    assert 'data-testid="visitor-contact-hint"' in html
    assert "/auth/login?next=" in html or "/login?next=" in html
    member = factory.user()
    auth.login(member.email)
    html = client.get(f"/listings/{listing.public_id}").get_data(as_text=True)
    assert 'data-testid="visitor-contact-hint"' not in html
