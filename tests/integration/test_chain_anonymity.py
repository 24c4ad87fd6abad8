"""Issue 11: a circular chain must not reveal the organisation behind an anonymous link through its
neighbouring links (the need it has in the previous link, the offer it has in the next)."""
from siru_exchange.services import matching


def _loop(factory):
    """A (viewer) offers to B's public need; B offers anonymously to C; C offers to A."""
    names = ("Alfa Sågverk AB", "Hemliga Bryggeriet AB", "Cirkel Café AB")
    a, b, c = (factory.organisation(name=n) for n in names)
    viewer = factory.user(organisation=a)
    a_offer = factory.listing(a, kind="offer", title="Sågspån från Alfa")
    a_need = factory.listing(a, kind="need", title="Kaffesump till Alfa")
    b_need = factory.listing(b, kind="need", title="Bryggeriets publika behov av sågspån")
    b_offer = factory.listing(b, kind="offer", title="Mäsk, anonymt", visibility="anonymous")
    c_need = factory.listing(c, kind="need", title="Mäsk till Cirkel")
    c_offer = factory.listing(c, kind="offer", title="Kaffesump från Cirkel")
    factory.chain([(a_offer, b_need), (b_offer, c_need), (c_offer, a_need)])
    return viewer, b, b_need, b_offer


def test_chain_page_names_no_anonymous_organisation_nor_its_other_listings(factory, client, auth):
    viewer, hidden, hidden_public_need, hidden_anonymous_offer = _loop(factory)
    auth.login(viewer.email)
    page = client.get("/suggestions/").get_data(as_text=True)
    assert "Cirkel Café AB" in page  # a public neighbour is still named
    assert hidden.name not in page
    assert hidden_public_need.title not in page
    assert f"/listings/{hidden_public_need.public_id}" not in page
    assert hidden_anonymous_offer.title in page  # the anonymous listing itself may be shown
    assert page.count("Anonymous organisation") + page.count("Anonym organisation") >= 2


def test_chain_rule_in_the_service(factory, db):
    viewer, hidden, hidden_public_need, _offer = _loop(factory)
    [item] = matching.chains_for_organisation(viewer, viewer.organisation_id, "sv")
    for link in item["links"]:
        for side in ("offer", "need"):
            listing = link[side]
            if listing.organisation_id == hidden.id:
                assert not link[f"{side}_owner"]
                assert link[f"{side}_shown"] == (listing.visibility == "anonymous")
            else:
                assert link[f"{side}_owner"] and link[f"{side}_shown"]


def test_the_hidden_organisation_and_brokers_see_everything(factory, db):
    _viewer, hidden, _need, _offer = _loop(factory)
    for user in (factory.user(organisation=hidden), factory.broker()):
        [item] = matching.chains_for_organisation(user, hidden.id, "sv")
        assert all(link["offer_owner"] and link["need_owner"] and link["offer_shown"] and link["need_shown"]
                   for link in item["links"])
