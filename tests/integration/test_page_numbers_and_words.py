"""What the pages count and how they say it (issue 11): home counters agree with the listings page, a
page past the end still shows listings, counted units take their plural form, dates use one format."""
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tests.integration.test_listings import card_titles


def stat(html: str, label: str) -> int:
    """The number in the home page's counter whose label is `label`."""
    match = re.search(r"<strong>([\d\s\u00a0\u202f,]+)</strong>\s*" + re.escape(label) + r"\s*</div>", html)
    assert match, label
    return int(re.sub(r"\D", "", match.group(1)))


def test_home_counters_count_only_the_listings_the_viewer_can_see(client, factory, auth):
    shown = factory.organisation(municipality="0686")
    hidden = factory.organisation(municipality="0687")
    factory.listing(organisation=shown, title="Sågspån varje vecka")
    factory.listing(organisation=shown, kind="need", title="Bränsle till pannan")
    factory.listing(organisation=hidden, title="Stängd annons", status="closed")
    factory.listing(organisation=hidden, title="Pausad annons", status="paused")
    factory.listing(organisation=hidden, kind="need", title="Bara för medlemmar", visibility="members")

    home = client.get("/").get_data(as_text=True)
    assert stat(home, "erbjudande") == 1 and stat(home, "behov") == 1
    assert stat(home, "organisation") == 1 and stat(home, "kommun") == 1
    found = re.search(r"(\d+) annons(?:er)? hittades", client.get("/listings/").get_data(as_text=True))
    assert int(found.group(1)) == stat(home, "erbjudande") + stat(home, "behov")

    auth.login(factory.user(organisation=shown).email)
    home = client.get("/").get_data(as_text=True)
    assert stat(home, "behov") == 2 and stat(home, "organisationer") == 2 and stat(home, "kommuner") == 2


def test_a_page_past_the_end_shows_the_last_page(client, factory):
    org = factory.organisation()
    for i in range(25):
        factory.listing(organisation=org, title=f"Pall nummer {i:02d}")
    html = client.get("/listings/?page=999").get_data(as_text=True)
    assert "Inga annonser matchar" not in html
    assert "Sida 2 av 2" in html and len(card_titles(client.get("/listings/?page=999"))) == 5
    assert 'rel="prev"' in html


def test_counted_units_take_the_singular_for_one_in_both_languages(client, factory):
    org = factory.organisation()
    factory.listing(organisation=org, title="En praktikplats", quantity=Decimal("1"), unit="person")
    factory.listing(organisation=org, title="Tre praktikplatser", quantity=Decimal("3"), unit="person")
    factory.listing(organisation=org, title="En pall", quantity=Decimal("1"), unit="pallet")
    html = client.get("/listings/").get_data(as_text=True).replace("\u00a0", " ")
    assert "1 person\n" in html and "1 personer" not in html and "3 personer" in html and "1 pall\n" in html
    client.post("/language", data={"lang": "en"})
    html = client.get("/listings/").get_data(as_text=True).replace("\u00a0", " ")
    assert "1 person\n" in html and "1 people" not in html and "3 people" in html and "1 pallet\n" in html


def test_the_quantity_hint_writes_the_decimal_the_reader_writes(client, factory, auth):
    auth.login(factory.user().email)
    from tests.integration.test_listings import listing_form
    swedish = client.post("/listings/new", data=listing_form(quantity="tolv")).get_data(as_text=True)
    assert "t.ex. 12,5." in swedish
    client.post("/language", data={"lang": "en"})
    english = client.post("/listings/new", data=listing_form(quantity="twelve")).get_data(as_text=True)
    assert "like 12.5." in english and "12,5" not in english


def test_dates_have_one_format_per_language(app, client, factory):
    listing = factory.listing(title="Daterad annons")
    listing.updated_at = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    listing.available_from = datetime(2026, 4, 1).date()
    factory.db.session.commit()
    with app.test_request_context():
        from siru_exchange import templating
        assert templating.date(datetime(2026, 3, 5, 9, 30, tzinfo=UTC)) == "5 mars 2026"
        assert templating.datetime_(datetime(2026, 3, 5, 9, 30, tzinfo=UTC)) == "5 mars 2026 10:30"
    html = client.get(f"/listings/{listing.public_id}").get_data(as_text=True)
    assert "5 mars 2026" in html and "1 apr. 2026" in html
    client.post("/language", data={"lang": "en"})
    html = client.get(f"/listings/{listing.public_id}").get_data(as_text=True)
    assert "5 Mar 2026" in html and "1 Apr 2026" in html


def test_frequency_reasons_read_as_whole_phrases():
    from siru_exchange.matching.reasons import Reason
    assert Reason("frequency_same", {"frequency": "once"}).text("sv") == "båda gäller ett enda tillfälle"
    assert Reason("frequency_same", {"frequency": "weekly"}).text("sv") == "båda varje vecka"
    compatible = Reason("frequency_compatible", {"frequency": "once"})
    assert compatible.text("sv") == "löpande tillgång passar ett engångsbehov"
    compatible = Reason("frequency_compatible", {"frequency": "weekly"})
    assert compatible.text("en") == "continuous supply suits a weekly need"


def test_every_page_of_a_search_tells_the_same_count_and_a_last_page_needs_no_count(client, factory, db):
    from tests.integration.test_query_bounds import recorded

    org = factory.organisation()
    for i in range(45):
        factory.listing(organisation=org, title=f"Pall nummer {i:02d}")
    factory.listing(organisation=org, title="Sågspån")
    texts = {}
    for page in (1, 2, 3):
        with recorded(db) as statements:
            html = client.get(f"/listings/?q=pall&page={page}").get_data(as_text=True)
        texts[page] = (re.search(r"(\d+) annonser hittades", html).group(1), len(card_titles(client.get(
            f"/listings/?q=pall&page={page}"))), sum("count(" in s.lower() for s, _ in statements))
    # 45 found on every page; pages of 20, 20 and 5; pages 1 and 2 count, the last page shows every
    # remaining row and so knows the total without counting
    assert texts == {1: ("45", 20, 1), 2: ("45", 20, 1), 3: ("45", 5, 0)}


@pytest.mark.config(CACHE_SECONDS=60)
def test_a_search_is_counted_once_while_its_count_is_kept_and_each_viewer_has_its_own(
        client, factory, auth, db):
    from siru_exchange.services import cache
    from tests.integration.test_query_bounds import recorded

    cache.forget()
    org = factory.organisation()
    for i in range(25):
        factory.listing(organisation=org, title=f"Pall nummer {i:02d}")
    factory.listing(organisation=org, title="Pall för medlemmar", visibility="members")

    def found(url):
        with recorded(db) as statements:
            html = client.get(url).get_data(as_text=True)
        return (int(re.search(r"(\d+) annonser hittades", html).group(1)),
                sum("count(*)" in s.lower() and "from listings" in s.lower() for s, _ in statements))

    assert found("/listings/?q=pall") == (25, 1)
    assert found("/listings/?q=pall") == (25, 0)         # repeated: the kept count
    assert found("/listings/?q=pall&page=2") == (25, 0)  # the last page: its rows tell
    factory.listing(organisation=org, title="Pall nummer 25")
    # while the count is kept a new listing is on the page before it is in the count
    assert found("/listings/?q=pall") == (25, 0)
    assert "Pall nummer 25" in card_titles(client.get("/listings/?q=pall"))
    # a member sees the members' listing: another statement, another count
    auth.login(factory.user(organisation=factory.organisation()).email)
    assert found("/listings/?q=pall") == (27, 1)
    cache.forget()
    auth.logout()
    assert found("/listings/?q=pall") == (26, 1)          # counted again once it expires
    cache.forget()


def test_a_last_page_past_the_count_cap_writes_its_exact_count_as_the_language_does(client, db):
    from sqlalchemy import func, select

    from siru_exchange.models import Listing
    from siru_exchange.services import paging, seed_bench

    seed_bench.seed(40, 2000, seed=5)
    visible = db.session.scalar(select(func.count(Listing.id)).where(
        Listing.status == "active", Listing.visibility.in_(["public", "anonymous"]),
        Listing.organisation.has(approval="approved")))
    assert visible > paging.COUNT_CAP
    last_page = -(-visible // 20)
    first = client.get("/listings/").get_data(as_text=True)
    assert "Fler än 1\u00a0000 annonser hittades" in first and "Sida 1<" in first
    last = client.get(f"/listings/?page={last_page}").get_data(as_text=True)
    # every row of the last page is in sight: the exact count of what a visitor may see, written
    # with the language's digit grouping, and the page says which of how many it is
    found = re.search(r"([\d\u00a0\u202f ]+) annonser hittades", last).group(1).strip()
    assert int(re.sub(r"\D", "", found)) == visible and re.fullmatch(r"\d[\u00a0\u202f ]\d{3}", found)
    assert f"Sida {last_page} av {last_page}" in last
    english = client.get(f"/listings/?page={last_page}&lang=en").get_data(as_text=True)
    assert f"{visible:,} listings found" in english
