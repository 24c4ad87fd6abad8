"""Issue 11: nothing a member of another organisation can reach names the organisation behind an
anonymous listing: every page reachable from the home page (same-site links, bounded), the JSON API
and every email written to the outbox; before consent and after a decline; with a circular chain
through the anonymous listing, a request the broker passes on and a broker's chain introduction.

Two set-ups. "anonymous only": the hidden organisation's listings are all anonymous, so its
identifiers must appear nowhere. "also public": it also has a public listing in the chain, which
other members may of course see under its name on the listings index and its profile; then nothing
that shows the anonymous listing (or the chain, or the introduction) may tie it to that name.
"""
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from siru_exchange.models import Introduction, Listing, Suggestion
from siru_exchange.services import introductions as intro_service
from siru_exchange.services import listings as listing_service
from siru_exchange.services import reference
from tests.integration.test_introductions import login, outbox, request_intro

MAX_PAGES = 400
SKIP = ("/auth/logout", "/static/", "/status", "/language")
INDEX_PAGES = re.compile(r"^/(listings/)?(\?.*)?$")  # the home page and the listings index
CHAIN_OR_INTRODUCTION = re.compile(r"^/(suggestions/|introductions/\d+)")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def crawl(client) -> dict[str, str]:
    """Every same-site page reachable by GET from the home page, by path (with query)."""
    seen: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = response.get_data(as_text=True)
        seen[url] = body
        if response.status_code in (301, 302, 303):
            queue.append(response.headers["Location"])
        if "html" not in (response.content_type or ""):
            continue
        parser = Links()
        parser.feed(body)
        for href in parser.hrefs:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or any(s in href for s in SKIP):
                continue
            if href not in seen:
                queue.append(href)
    return seen


def api_pages(client, listing_ids) -> dict[str, str]:
    """Every API answer a member can read; each must answer (a 404 page would hide nothing)."""
    urls = [
        "/api/v1/listings",
        "/api/v1/listings?kind=offer",
        "/api/v1/listings?kind=need",
        "/api/v1/taxonomy",
    ]
    urls += [f"/api/v1/listings/{i}" for i in listing_ids]
    pages = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 404 and url.count("/") == 4:
            continue  # a listing this member may not see (404 names nothing)
        assert response.status_code == 200, (url, response.status_code)
        pages[url] = response.get_data(as_text=True)
    assert "/api/v1/listings" in pages
    return pages


def identifiers(org, other_listings) -> list[str]:
    values = [org.name, org.org_number, org.org_number.replace("-", ""), org.contact_name, org.contact_email,
              org.contact_phone]
    links = [rf"/organisations/{org.id}(?!\d)"] + [rf"/listings/{lst.public_id}" for lst in other_listings]
    return [re.escape(v) for v in values if v] + links + [re.escape(lst.title) for lst in other_listings]


SELECTS = re.compile(r"<select.*?</select>", re.S)  # a filter's or a form's list of every municipality
TABLES = re.compile(r"<table.*?</table>|<svg.*?</svg>", re.S)


def without_lists_of_every_municipality(text: str) -> str:
    """A select, a table or a chart that names every municipality of the county (a filter, the
    dashboard's and the maps' tables) names no one by naming them all; what such a table counts is
    checked on its own (test_counts_by_municipality_leave_anonymous_listings_out)."""
    names = [m.name for m in reference.municipalities().values()]
    def drop(match):
        return "" if all(n in match.group(0) for n in names) else match.group(0)
    return TABLES.sub(drop, SELECTS.sub("", text))


def place_leaks(documents: dict[str, str], org, only: tuple[str, ...] | None = None) -> list[str]:
    """Where the hidden organisation is (its municipality, by name or code) appears in none of the
    documents (or none of those named in `only`); a list of every municipality to choose from names
    no one and is left out."""
    name = reference.municipality_name(org.municipality)
    patterns = [rf"\b{re.escape(name)}\b", rf'"municipality": ?"{org.municipality}"']
    found = []
    for where, text in documents.items():
        if only is not None and where not in only:
            continue
        shown = without_lists_of_every_municipality(text)
        found += [f"{where}: place {p}" for p in patterns if re.search(p, shown)]
    return found


def leaks(documents: dict[str, str], patterns, anonymous_listing, only_where_tied: bool) -> list[str]:
    tie = re.compile(rf"/listings/{anonymous_listing.public_id}|{re.escape(anonymous_listing.title)}")
    found = []
    for where, text in documents.items():
        about_it = tie.search(text) or CHAIN_OR_INTRODUCTION.match(where) or where.startswith("mail")
        if only_where_tied and (INDEX_PAGES.match(where) or not about_it):
            continue
        found += [f"{where}: {p}" for p in patterns if re.search(p, text)]
    return found


@pytest.fixture(params=["anonymous only", "also public", "anonymous need, public offer"])
def world(request, factory, db):
    """A (the prober) -> H (hidden) -> C -> A, a broker, and H's other listings.

    "anonymous need, public offer": H comes into the chain through an anonymous need and goes out
    through a public offer (the shape in which a chain introduction picks H's public listing)."""
    setup = request.param
    a = factory.organisation(name="Alfa Sågverk AB")
    # H alone is in Vetlanda, so the municipality would name it (A and C are in Jönköping).
    h = factory.organisation(name="Hemliga Bryggeriet AB", municipality="0685", contact_name="Greta Hemlig",
                             contact_email="greta@hemliga-bryggeriet.se", contact_phone="036-98 76 54")
    c = factory.organisation(name="Cirkel Café AB")
    prober, c_member, h_member, broker = (factory.user(organisation=a), factory.user(organisation=c),
                                         factory.user(organisation=h), factory.broker())
    a_offer = factory.listing(a, kind="offer", title="Sågspån från Alfa")
    a_need = factory.listing(a, kind="need", title="Kaffesump till Alfa")
    h_need = factory.listing(h, kind="need", title="Bryggeriets behov av sågspån",
                             visibility={"also public": "public"}.get(setup, "anonymous"))
    h_offer = factory.listing(h, kind="offer", title="Mäsk att hämta",
                              visibility="public" if setup == "anonymous need, public offer" else "anonymous")
    h_elsewhere = factory.listing(h, kind="offer", title="Bryggeriets pallar",
                                  visibility="anonymous" if setup == "anonymous only" else "public")
    c_need = factory.listing(c, kind="need", title="Mäsk till Cirkel")
    c_offer = factory.listing(c, kind="offer", title="Kaffesump från Cirkel")
    chain = factory.chain([(a_offer, h_need), (h_offer, c_need), (c_offer, a_need)])
    anonymous = h_need if setup == "anonymous need, public offer" else h_offer
    if anonymous is h_need:
        factory.suggestion(a_offer, h_need)
    else:
        factory.suggestion(h_offer, c_need)
    others = [x for x in (h_need, h_offer, h_elsewhere) if x.visibility != "anonymous"]
    return {
        "prober": prober,
        "c_member": c_member,
        "h_member": h_member,
        "broker": broker,
        "hidden": h,
        "anonymous": anonymous,
        "others": others,
        "chain": chain,
        "also_public": setup != "anonymous only",
        "listing_ids": [
            x.public_id for x in (a_offer, a_need, h_need, h_offer, h_elsewhere, c_need, c_offer)
        ],
    }


def _probe(app, world) -> list[str]:
    patterns = identifiers(world["hidden"], world["others"])
    found = []
    for user in (world["prober"], world["c_member"]):
        client = login(app, user)
        documents = crawl(client) | api_pages(client, world["listing_ids"])
        found += leaks(documents, patterns, world["anonymous"], world["also_public"])
        mails = {f"mail to {m['to']}: {m['subject']}": m["raw"] + m["body"] for m in outbox(app)
                 if m["to"] == user.email}
        found += leaks(mails, patterns, world["anonymous"], False)
        # Its place: nowhere when all its listings are anonymous; else not where the anonymous one is.
        anonymous_id = world["anonymous"].public_id
        pages_of_it = (f"/listings/{anonymous_id}", f"/api/v1/listings/{anonymous_id}")
        only = pages_of_it if world["also_public"] else None
        found += place_leaks(documents | mails, world["hidden"], only)
    return found


def _decline_all(app, db, world):
    for intro in db.session.scalars(db.select(Introduction)):
        db.session.refresh(intro)
        if world["hidden"].id in [p.organisation_id for p in intro.parties] and intro.status == "proposed" \
                and not intro.needs_broker:
            intro_service.answer(world["h_member"], intro, False, intro.version)


def test_nothing_ties_an_anonymous_listing_to_its_organisation(app, db, world):
    prober = login(app, world["prober"])
    assert request_intro(prober, world["anonymous"].public_id).status_code in (302, 303)
    intro_service.introduce_chain(world["broker"], world["chain"].id, "Ett kretslopp.")
    before = _probe(app, world)
    assert before == [], "before consent:\n" + "\n".join(before)

    request = db.session.scalars(db.select(Introduction).where(Introduction.needs_broker.is_(True))).one()
    intro_service.take_request(world["broker"], request, "Vidare till säljaren.", request.version)
    _decline_all(app, db, world)
    after = _probe(app, world)
    assert after == [], "after a decline:\n" + "\n".join(after)


def test_the_crawler_reaches_the_chain_and_the_introductions(app, db, world):
    """The probe is only worth something if it sees the pages that could leak."""
    intro_service.introduce_chain(world["broker"], world["chain"].id, "")
    pages = crawl(login(app, world["prober"]))
    assert "/suggestions/" in pages
    assert any(re.match(r"^/introductions/\d+$", url) for url in pages)
    assert f"/listings/{world['anonymous'].public_id}" in pages


def test_an_anonymous_listing_shows_only_its_region_and_coarse_distances(app, client, db, world):
    """The page says "Jönköping county" where a named listing says its municipality; the API gives the
    region and no municipality; a suggestion's distance is a 50 km band, not "14 km" or "in the same
    place"; and filtering by the hidden organisation's municipality does not find the listing."""
    anonymous = world["anonymous"]
    prober = login(app, world["prober"])
    page = prober.get(f"/listings/{anonymous.public_id}").get_data(as_text=True)
    assert "Jönköpings län" in page and "Vetlanda" not in page
    item = prober.get(f"/api/v1/listings/{anonymous.public_id}").get_json()
    assert item["municipality"] is None and item["region"] == "06" and item["organisation"] is None
    in_vetlanda = listing_service.search(world["prober"], listing_service.SearchFilters(municipality="0685"))
    assert {x.id for x in in_vetlanda.items} == {x.id for x in world["others"]}  # H's named listings only
    api_in_vetlanda = prober.get("/api/v1/listings?municipality=0685").get_json()["items"]
    assert anonymous.public_id not in {x["id"] for x in api_in_vetlanda}
    # Its own members and brokers see the municipality.
    for user in (world["h_member"], world["broker"]):
        assert "Vetlanda" in login(app, user).get(f"/listings/{anonymous.public_id}").get_data(as_text=True)
    mine = world["prober"]
    own_listing = next(x for x in db.session.scalars(db.select(Listing).where(
        Listing.organisation_id == mine.organisation_id, Listing.kind != anonymous.kind)))
    offer, need = (own_listing, anonymous) if anonymous.kind == "need" else (anonymous, own_listing)
    db.session.query(Suggestion).filter_by(offer_id=offer.id, need_id=need.id).delete()
    db.session.add(Suggestion(offer_id=offer.id, need_id=need.id, score=0.7, current=True,
                              reasons=[{"code": "same_place", "params": {"km": 0.4}},
                                       {"code": "distance", "params": {"km": 14.2}}]))
    db.session.commit()
    suggestions = prober.get(f"/listings/{own_listing.public_id}").get_data(as_text=True)
    assert "inom 50 km" in suggestions
    assert "14 km" not in suggestions and "på samma ort" not in suggestions



def test_counts_by_municipality_leave_anonymous_listings_out(app, client, db, factory):
    """The dashboard's table, both maps' data and the distance filter count or find listings by where
    their organisation is: an anonymous listing (its firm alone in Vetlanda) must not add one to
    Vetlanda, nor be found within a few km of Vetlanda, for anyone who may not know its owner."""
    hidden = factory.organisation(name="Hemliga Bryggeriet AB", municipality="0685")
    factory.listing(hidden, kind="offer", title="Mäsk att hämta", visibility="anonymous")
    neighbour = factory.organisation(name="Granne i Vetlanda AB", municipality="0685")
    neighbour.lat, neighbour.lon = None, None  # at the municipality's centre, like the anonymous listing
    db.session.commit()
    prober = login(app, factory.user(organisation=neighbour))
    for who in (client, prober):
        points = who.get("/listings/map.json").get_json()["municipalities"]
        assert {p["code"]: p["listings"] for p in points}["0685"] == 0
    dashboard_points = client.get("/impact/map.json").get_json()
    vetlanda = [p for p in dashboard_points["municipalities"] if p["code"] == "0685"][0]
    assert vetlanda.get("listings", 0) == 0, vetlanda
    near = prober.get("/listings/?within=10")
    assert near.status_code == 200 and "Mäsk att hämta" not in near.get_data(as_text=True)
    assert "Mäsk att hämta" in prober.get("/listings/").get_data(as_text=True)  # listed, just not placed
