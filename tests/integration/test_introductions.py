"""Introductions: requests and brokered introductions, consent, anonymity until everyone accepted,
the status pipeline with its events, messages, broker notes and the broker queue."""

import email
import re
from email import policy as email_policy
from pathlib import Path

import pytest

from siru_exchange.models import BrokerNote, Introduction, IntroductionEvent, Message, Notification
from tests.factories import PASSWORD

SECRET_NAME = "Hemliga Snickeriet AB"
SECRET_EMAIL = "hemlig@snickeriet.se"
SECRET_PERSON = "Greta Hemlig"


def login(app, user):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def outbox(app) -> list[dict]:
    """Every email written to the outbox, decoded."""
    folder = Path(app.config["MAIL_OUTBOX"])
    mails = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        msg = email.message_from_bytes(path.read_bytes(), policy=email_policy.default)
        mails.append(
            {
                "to": msg["To"],
                "subject": str(msg["Subject"]),
                "body": msg.get_body().get_content(),
                "raw": path.read_bytes().decode("utf-8", "replace"),
            }
        )
    return mails


def html(response) -> str:
    return response.get_data(as_text=True)


def flashes(response, category="error") -> list[str]:
    return re.findall(rf'<p class="flash flash-{category}"[^>]*>([^<]*)</p>', html(response))


def message_token(page: str) -> str:
    return re.search(r'name="token"[^>]*value="([^"]+)"', page).group(1)


def version_of(db, introduction_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Introduction, introduction_id).version


@pytest.fixture
def public_pair(factory):
    """A sawmill that offers sawdust publicly, and a greenhouse that wants it."""
    sawmill = factory.organisation(name="Eksjö Såg AB", contact_email="info@eksjosag.se")
    greenhouse = factory.organisation(name="Tranås Växthus AB", contact_email="info@tranasvaxthus.se")
    offer = factory.listing(organisation=sawmill, title="Sågspån varje vecka")
    return {
        "sawmill": sawmill,
        "greenhouse": greenhouse,
        "offer": offer,
        "seller": factory.user(organisation=sawmill),
        "buyer": factory.user(organisation=greenhouse),
    }


@pytest.fixture
def secret(factory):
    """An organisation behind an anonymous listing, a member who asks about it, and a broker."""
    org = factory.organisation(
        name=SECRET_NAME, contact_email=SECRET_EMAIL, contact_name=SECRET_PERSON, contact_phone="036-99 88 77"
    )
    listing = factory.listing(organisation=org, visibility="anonymous", title="Spillvirke att ge bort")
    owner = factory.user(organisation=org, name="Olle Ägare")
    requester = factory.user(organisation=factory.organisation(name="Nyfikna Bageriet AB"))
    broker = factory.broker(name="Bea Broker")
    return {"org": org, "listing": listing, "owner": owner, "requester": requester, "broker": broker}


def request_intro(client, listing_id, note="Vi vill gärna ha spillvirket."):
    return client.post(f"/introductions/request?listing={listing_id}", data={"note": note})


def answer(client, db, intro_id, choice):
    return client.post(
        f"/introductions/{intro_id}/answer", data={"answer": choice, "version": str(version_of(db, intro_id))}
    )


def advance(client, db, intro_id, status, confirm=True):
    data = {"status": status, "version": str(version_of(db, intro_id))}
    if confirm:
        data["confirm"] = "1"
    return client.post(f"/introductions/{intro_id}/status", data=data)


def send_message(client, intro_id, body, token=None):
    if token is None:
        token = message_token(html(client.get(f"/introductions/{intro_id}")))
    return client.post(f"/introductions/{intro_id}/messages", data={"body": body, "token": token})


# -- requests ----------------------------------------------------------------------------------------


def test_request_on_a_public_listing_goes_straight_to_the_organisation(app, db, public_pair):
    buyer = login(app, public_pair["buyer"])
    page = html(buyer.get(f"/listings/{public_pair['offer'].public_id}"))
    assert 'id="request-introduction"' in page
    assert buyer.get(f"/introductions/request?listing={public_pair['offer'].public_id}").status_code == 200
    response = request_intro(buyer, public_pair["offer"].public_id)
    assert response.status_code == 302
    intro = db.session.query(Introduction).one()
    assert (intro.kind, intro.status, intro.needs_broker) == ("request", "proposed", False)
    assert intro.requested_by_id == public_pair["greenhouse"].id
    consents = {p.organisation_id: p.consent for p in intro.parties}
    assert consents == {public_pair["greenhouse"].id: "accepted", public_pair["sawmill"].id: "pending"}
    assert [e.action for e in intro.events] == ["requested"]
    assert intro.events[0].note == "Vi vill gärna ha spillvirket."
    # the listing page now links the open request instead of asking again
    assert 'id="open-introduction"' in html(buyer.get(f"/listings/{public_pair['offer'].public_id}"))
    again = request_intro(buyer, public_pair["offer"].public_id)
    assert again.status_code == 302 and db.session.query(Introduction).count() == 1
    # the seller is told in the site and by email
    seller_user = public_pair["seller"]
    assert db.session.query(Notification).filter_by(user_id=seller_user.id, kind="introduction").count() == 1
    assert [m["to"] for m in outbox(app)] == [seller_user.email]
    # contact details are hidden until the seller accepts
    assert "info@eksjosag.se" not in html(buyer.get(f"/introductions/{intro.id}"))
    seller = login(app, seller_user)
    assert f'id="introduction-{intro.id}"' in html(seller.get("/introductions/"))
    assert answer(seller, db, intro.id, "accept").status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "accepted"
    assert "info@eksjosag.se" in html(buyer.get(f"/introductions/{intro.id}"))
    assert "info@tranasvaxthus.se" in html(seller.get(f"/introductions/{intro.id}"))


def test_no_button_on_own_or_for_visitors(app, client, db, public_pair):
    assert 'id="request-introduction"' not in html(client.get(f"/listings/{public_pair['offer'].public_id}"))
    seller = login(app, public_pair["seller"])
    assert 'id="request-introduction"' not in html(seller.get(f"/listings/{public_pair['offer'].public_id}"))
    response = request_intro(seller, public_pair["offer"].public_id)
    assert response.status_code == 302 and flashes(seller.get(response.headers["Location"]))
    assert db.session.query(Introduction).count() == 0
    assert (
        client.get(f"/introductions/request?listing={public_pair['offer'].public_id}").status_code == 302
    )  # to login


def test_note_too_long_is_refused_with_the_text_kept(app, db, public_pair):
    buyer = login(app, public_pair["buyer"])
    note = "Lång text " * 120
    response = request_intro(buyer, public_pair["offer"].public_id, note=note)
    assert response.status_code == 422
    assert note.strip() in html(response)
    assert db.session.query(Introduction).count() == 0


def test_anonymous_listing_goes_to_the_broker_and_never_leaks_before_consent(app, db, secret):
    requester = login(app, secret["requester"])
    response = request_intro(requester, secret["listing"].public_id)
    assert response.status_code == 302
    intro = db.session.query(Introduction).one()
    assert intro.needs_broker and intro.status == "proposed"
    # the owner sees nothing yet; brokers are told
    owner = login(app, secret["owner"])
    assert owner.get(f"/introductions/{intro.id}").status_code == 404
    assert f'id="introduction-{intro.id}"' not in html(owner.get("/introductions/"))
    assert db.session.query(Notification).filter_by(user_id=secret["owner"].id).count() == 0
    assert db.session.query(Notification).filter_by(user_id=secret["broker"].id, event="queued").count() == 1
    broker = login(app, secret["broker"])
    queue = html(broker.get("/broker/"))
    assert f'id="request-{intro.id}"' in queue and SECRET_NAME in queue
    # the requester cannot answer for the other side, and the refusal names nobody
    refused = answer(requester, db, intro.id, "accept")
    refused_page = html(requester.get(refused.headers["Location"]))
    assert flashes(requester.get(f"/introductions/{intro.id}")) == [] and "flash-error" in refused_page
    db.session.expire_all()
    assert [p.consent for p in db.session.get(Introduction, intro.id).parties] == ["accepted", "pending"]
    # the broker passes it on
    take = broker.get(f"/broker/requests/{intro.id}/take")
    assert take.status_code == 200
    response = broker.post(
        f"/broker/requests/{intro.id}/take",
        data={"note": "De har mycket spillvirke.", "version": str(version_of(db, intro.id))},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).needs_broker is False
    # the requester is told that the broker passed its request on (in the site, and by email)
    told = db.session.query(Notification).filter_by(user_id=secret["requester"].id, event="passed_on").all()
    assert [n.introduction_id for n in told] == [intro.id]
    owner_page = html(owner.get(f"/introductions/{intro.id}"))
    assert "Nyfikna Bageriet AB" in owner_page and 'id="accept"' in owner_page
    # before consent: nothing that names the organisation reaches the requester
    pages = [
        f"/introductions/{intro.id}",
        "/introductions/",
        "/notifications/",
        f"/listings/{secret['listing'].public_id}",
        "/introductions/?status=proposed",
    ]
    for url in pages:
        page = html(requester.get(url))
        for leak in (SECRET_NAME, SECRET_EMAIL, SECRET_PERSON, "036-99 88 77", "Olle Ägare"):
            assert leak not in page, (url, leak)
    requester_mails = [m for m in outbox(app) if m["to"] == secret["requester"].email]
    for mail in outbox(app):
        if mail["to"] != secret["owner"].email and mail["to"] != secret["broker"].email:
            assert SECRET_NAME not in mail["raw"] and SECRET_EMAIL not in mail["raw"]
    # the owner accepts: now both see each other
    assert answer(owner, db, intro.id, "accept").status_code == 302
    page = html(requester.get(f"/introductions/{intro.id}"))
    assert SECRET_NAME in page and SECRET_EMAIL in page
    requester_mails = [m for m in outbox(app) if m["to"] == secret["requester"].email]
    assert len(requester_mails) == 2  # "passed on", then "everyone accepted"
    assert not any(SECRET_NAME in m["raw"] for m in requester_mails)  # emails never name anyone


def test_a_declined_anonymous_request_stays_anonymous(app, db, secret):
    requester = login(app, secret["requester"])
    request_intro(requester, secret["listing"].public_id)
    intro = db.session.query(Introduction).one()
    broker = login(app, secret["broker"])
    broker.post(
        f"/broker/requests/{intro.id}/take", data={"note": "", "version": str(version_of(db, intro.id))}
    )
    owner = login(app, secret["owner"])
    assert answer(owner, db, intro.id, "decline").status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "declined"
    for url in (f"/introductions/{intro.id}", "/introductions/", "/notifications/"):
        page = html(requester.get(url))
        assert SECRET_NAME not in page and SECRET_EMAIL not in page
    for mail in outbox(app):
        assert SECRET_NAME not in mail["raw"]


# -- who may see what --------------------------------------------------------------------------------


@pytest.fixture
def accepted(app, db, public_pair, factory):
    """A public request both sides accepted, with a message, and a broker note."""
    buyer = login(app, public_pair["buyer"])
    request_intro(buyer, public_pair["offer"].public_id)
    intro = db.session.query(Introduction).one()
    seller = login(app, public_pair["seller"])
    answer(seller, db, intro.id, "accept")
    assert send_message(buyer, intro.id, "Hemligt meddelande om priset").status_code == 302
    broker_user = factory.broker()
    broker = login(app, broker_user)
    assert (
        broker.post(
            f"/broker/introductions/{intro.id}/notes", data={"body": "Privat anteckning om säljaren"}
        ).status_code
        == 302
    )
    return {
        **public_pair,
        "buyer_user": public_pair["buyer"],
        "seller_user": public_pair["seller"],
        "intro": intro,
        "buyer": buyer,
        "seller": seller,
        "broker": broker,
        "broker_user": broker_user,
    }


def test_nobody_outside_reads_messages_or_notes(app, db, accepted, factory):
    intro = accepted["intro"]
    outsider = login(app, factory.user())
    assert outsider.get(f"/introductions/{intro.id}").status_code == 404
    for url, data in (
        (f"/introductions/{intro.id}/messages", {"body": "hej", "token": "t" * 24}),
        (f"/introductions/{intro.id}/answer", {"answer": "accept", "version": "1"}),
        (f"/introductions/{intro.id}/status", {"status": "agreed", "version": "1"}),
        (f"/introductions/{intro.id}/broker-access", {"allow": "1"}),
        (f"/broker/introductions/{intro.id}/notes", {"body": "x"}),
    ):
        assert outsider.post(url, data=data).status_code == 404, url
    assert outsider.get("/broker/").status_code == 404
    assert "Hemligt meddelande" not in html(outsider.get("/introductions/"))
    assert "Hemligt meddelande" not in html(outsider.get("/notifications/"))
    assert db.session.query(Message).count() == 1 and db.session.query(BrokerNote).count() == 1
    # members never read broker notes, nor post them
    for member in (accepted["buyer"], accepted["seller"]):
        page = html(member.get(f"/introductions/{intro.id}"))
        assert "Hemligt meddelande om priset" in page
        assert "Privat anteckning" not in page and 'id="broker-notes"' not in page
        assert member.post(f"/broker/introductions/{intro.id}/notes", data={"body": "x"}).status_code == 404
    assert db.session.query(BrokerNote).count() == 1
    # the broker sees the notes, but reads the messages only when every party allows it
    broker = accepted["broker"]
    page = html(broker.get(f"/introductions/{intro.id}"))
    assert "Privat anteckning om säljaren" in page and "Hemligt meddelande" not in page
    accepted["buyer"].post(f"/introductions/{intro.id}/broker-access", data={"allow": "1"})
    assert "Hemligt meddelande" not in html(broker.get(f"/introductions/{intro.id}"))
    accepted["seller"].post(f"/introductions/{intro.id}/broker-access", data={"allow": "1"})
    assert "Hemligt meddelande om priset" in html(broker.get(f"/introductions/{intro.id}"))
    accepted["seller"].post(f"/introductions/{intro.id}/broker-access", data={"allow": "0"})
    assert "Hemligt meddelande" not in html(broker.get(f"/introductions/{intro.id}"))
    # and a broker cannot write in the parties' thread
    response = send_message(broker, intro.id, "Från mäklaren", token="b" * 24)
    assert response.status_code == 409 and db.session.query(Message).count() == 1


# -- wrong state, wrong side ---------------------------------------------------------------------------


def test_actions_in_the_wrong_state_or_by_the_wrong_side_change_nothing(app, db, public_pair, factory):
    buyer = login(app, public_pair["buyer"])
    request_intro(buyer, public_pair["offer"].public_id)
    intro_id = db.session.query(Introduction).one().id
    seller = login(app, public_pair["seller"])
    broker = login(app, factory.broker())

    def snapshot():
        db.session.expire_all()
        intro = db.session.get(Introduction, intro_id)
        return (
            intro.status,
            intro.version,
            tuple(p.consent for p in intro.parties),
            db.session.query(IntroductionEvent).count(),
            db.session.query(Message).count(),
        )

    before = snapshot()
    # no message before everyone accepted: refused, text kept
    response = send_message(buyer, intro_id, "För tidigt skrivet", token="a" * 24)
    assert response.status_code == 409 and "För tidigt skrivet" in html(response) and flashes(response)
    # the requester already answered; a broker is not a party; nobody skips to agreed
    for client, url, data in (
        (buyer, "answer", {"answer": "decline"}),
        (broker, "answer", {"answer": "accept"}),
        (seller, "status", {"status": "agreed"}),
        (broker, "status", {"status": "in_dialogue"}),
    ):
        response = client.post(f"/introductions/{intro_id}/{url}", data={**data, "version": str(before[1])})
        assert response.status_code == 302
        assert flashes(client.get(response.headers["Location"])), (url, data)
        assert snapshot() == before
    # a stale version is a conflict and changes nothing
    response = seller.post(f"/introductions/{intro_id}/answer", data={"answer": "accept", "version": "999"})
    assert flashes(seller.get(response.headers["Location"]))
    assert snapshot() == before
    assert (
        seller.post(f"/introductions/{intro_id}/answer", data={"answer": "maybe", "version": "1"}).status_code
        == 400
    )
    # the seller declines; after that nothing moves
    assert answer(seller, db, intro_id, "decline").status_code == 302
    declined = snapshot()
    assert declined[0] == "declined"
    response = send_message(seller, intro_id, "Ångrar mig", token="s" * 24)
    assert response.status_code == 409 and "Ångrar mig" in html(response)
    assert answer(seller, db, intro_id, "accept").status_code == 302
    assert advance(buyer, db, intro_id, "in_dialogue").status_code == 302
    assert snapshot() == declined


# -- messages ------------------------------------------------------------------------------------------


def test_empty_or_too_long_message_is_refused_with_the_text_kept(app, db, accepted):
    intro, buyer = accepted["intro"], accepted["buyer"]
    count = db.session.query(Message).count()
    response = send_message(buyer, intro.id, "   ")
    assert response.status_code == 422 and 'aria-invalid="true"' in html(response)
    long_text = "Ett långt meddelande. " * 230 + "SLUT"
    assert len(long_text) > 5000
    response = send_message(buyer, intro.id, long_text)
    page = html(response)
    assert response.status_code == 422
    assert long_text in page  # kept in the form
    assert 'aria-invalid="true"' in page
    assert db.session.query(Message).count() == count
    # the token of the refused form still works once the text is fixed
    token = message_token(page)
    assert send_message(buyer, intro.id, long_text[:4000], token=token).status_code == 302
    assert db.session.query(Message).count() == count + 1


def test_a_double_submit_creates_one_message(app, db, accepted):
    intro, seller = accepted["intro"], accepted["seller"]
    token = message_token(html(seller.get(f"/introductions/{intro.id}")))
    first = send_message(seller, intro.id, "Vi kan leverera på tisdag.", token=token)
    second = send_message(seller, intro.id, "Vi kan leverera på tisdag.", token=token)
    assert first.status_code == second.status_code == 302
    assert db.session.query(Message).filter_by(body="Vi kan leverera på tisdag.").count() == 1
    # a new form has a new token, so the same text again is a new message
    assert send_message(seller, intro.id, "Vi kan leverera på tisdag.").status_code == 302
    assert db.session.query(Message).filter_by(body="Vi kan leverera på tisdag.").count() == 2
    # the other side is told about each stored message once (the fixture's message, then these two)
    buyer_id = accepted["buyer_user"].id
    assert db.session.query(Notification).filter_by(kind="message", user_id=buyer_id).count() == 2


# -- the whole pipeline --------------------------------------------------------------------------------


def test_full_pipeline_from_a_suggestion_to_a_realised_exchange(app, db, factory):
    sawmill = factory.organisation(name="Eksjö Såg AB", municipality="0686")
    greenhouse = factory.organisation(name="Tranås Växthus AB", municipality="0687")
    offer = factory.listing(organisation=sawmill, title="Sågspån", resource_class="sawdust")
    need = factory.listing(
        organisation=greenhouse, kind="need", title="Bränsle", resource_class="biomass_fuel"
    )
    suggestion = factory.suggestion(offer, need, score=0.91)
    broker_user = factory.broker()
    seller_user, buyer_user = factory.user(organisation=sawmill), factory.user(organisation=greenhouse)
    broker = login(app, broker_user)
    assert f'id="queue-suggestion-{suggestion.id}"' in html(broker.get("/broker/"))
    assert broker.get(f"/broker/suggestions/{suggestion.id}/introduce").status_code == 200
    response = broker.post(f"/broker/suggestions/{suggestion.id}/introduce", data={"note": "Ni passar ihop."})
    assert response.status_code == 302
    intro = db.session.query(Introduction).one()
    assert (intro.kind, intro.broker_id, intro.suggestion_id) == ("broker", broker_user.id, suggestion.id)
    assert f'id="queue-suggestion-{suggestion.id}"' not in html(broker.get("/broker/"))  # off the queue
    again = broker.post(f"/broker/suggestions/{suggestion.id}/introduce", data={"note": ""})
    assert again.status_code == 302 and db.session.query(Introduction).count() == 1
    seller, buyer = login(app, seller_user), login(app, buyer_user)
    assert answer(seller, db, intro.id, "accept").status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "proposed"
    assert answer(buyer, db, intro.id, "accept").status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "accepted"
    assert send_message(buyer, intro.id, "Hej! När kan vi hämta?").status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "in_dialogue"
    assert advance(seller, db, intro.id, "agreed").status_code == 302
    # realised rests on the exchange: nobody marks it directly, one side records it, the other confirms
    for client in (broker, seller):
        assert advance(client, db, intro.id, "realised").status_code == 302
        db.session.expire_all()
        assert db.session.get(Introduction, intro.id).status == "agreed"
    assert not any(p.confirmed_realised for p in db.session.get(Introduction, intro.id).parties)
    assert 'id="record-exchange"' not in html(broker.get(f"/introductions/{intro.id}"))  # a broker does not
    form = html(seller.get(f"/exchanges/new?introduction={intro.id}"))
    token = re.search(r'name="submission"[^>]*value="([^"]+)"', form).group(1)
    recorded = seller.post(f"/exchanges/new?introduction={intro.id}", data={
        "resource_class": "sawdust", "supplier_id": str(sawmill.id), "receiver_id": str(greenhouse.id),
        "quantity": "3", "unit": "m3", "frequency": "weekly", "started_on": "2026-03-02",
        "transport_mode": "truck", "submission": token,
    })
    assert recorded.status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "agreed"  # the buyer has not confirmed
    buyer_page = html(buyer.get(f"/introductions/{intro.id}"))
    confirmations = buyer_page[buyer_page.index('id="realised-confirmations"'):]
    assert "Eksjö Såg AB" in confirmations.split("</p>")[0] and 'id="introduction-exchanges"' in confirmations
    exchange_url = recorded.headers["Location"]
    page = html(buyer.get(exchange_url))
    version = re.search(r'data-version="(\d+)"', page).group(1)
    assert buyer.post(f"{exchange_url}/confirm", data={"version": version}).status_code == 302
    db.session.expire_all()
    intro = db.session.get(Introduction, intro.id)
    assert intro.status == "realised"
    steps = [(e.action, e.status, e.actor_id, e.organisation_id) for e in intro.events]
    assert steps == [
        ("proposed", "proposed", broker_user.id, None),
        ("accepted", "proposed", seller_user.id, sawmill.id),
        ("accepted", "accepted", buyer_user.id, greenhouse.id),
        ("in_dialogue", "in_dialogue", buyer_user.id, greenhouse.id),
        ("agreed", "agreed", seller_user.id, sawmill.id),
        ("realised_proposed", "agreed", seller_user.id, sawmill.id),
        ("realised", "realised", buyer_user.id, greenhouse.id),
    ]
    assert all(e.created_at is not None for e in intro.events)
    # the pipeline pages show it under "realised", for the broker and for each member
    for client in (broker, seller, buyer):
        page = html(client.get("/introductions/?status=realised"))
        assert f'id="introduction-{intro.id}" data-status="realised"' in page
    # nothing moves past realised
    assert advance(seller, db, intro.id, "realised").status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "realised"


def test_broker_introduces_a_chain_of_three(app, db, factory):
    orgs = [factory.organisation(name=f"Kedja {i} AB") for i in range(3)]
    offers = [factory.listing(organisation=o, title=f"Rest {i}") for i, o in enumerate(orgs)]
    needs = [factory.listing(organisation=o, kind="need", title=f"Behov {i}") for i, o in enumerate(orgs)]
    chain = factory.chain([(offers[0], needs[1]), (offers[1], needs[2]), (offers[2], needs[0])])
    broker = login(app, factory.broker())
    assert f'id="queue-chain-{chain.id}"' in html(broker.get("/broker/"))
    response = broker.post(f"/broker/chains/{chain.id}/introduce", data={"note": "Ett kretslopp!"})
    assert response.status_code == 302
    intro = db.session.query(Introduction).one()
    assert intro.chain_id == chain.id and sorted(p.organisation_id for p in intro.parties) == sorted(
        o.id for o in orgs
    )
    assert f'id="queue-chain-{chain.id}"' not in html(broker.get("/broker/"))
    members = [login(app, factory.user(organisation=o)) for o in orgs]
    for i, member in enumerate(members):
        assert answer(member, db, intro.id, "accept").status_code == 302
        db.session.expire_all()
        assert db.session.get(Introduction, intro.id).status == ("accepted" if i == 2 else "proposed")


def test_an_anonymous_chain_party_is_shown_only_by_its_anonymous_listing(app, db, factory):
    """An organisation in a chain with a public offer and an anonymous need must not be linked to its
    public offer on the introduction page: that link names it to the others."""
    orgs = [factory.organisation(name=f"Krets {i} AB") for i in range(3)]
    offers = [factory.listing(organisation=o, title=f"Överskott {i}") for i, o in enumerate(orgs)]
    needs = [factory.listing(organisation=o, kind="need", title=f"Söker {i}") for i, o in enumerate(orgs)]
    secret_need = factory.listing(
        organisation=orgs[1], kind="need", title="Hemligt behov", visibility="anonymous"
    )
    chain = factory.chain([(offers[0], secret_need), (offers[1], needs[2]), (offers[2], needs[0])])
    broker = login(app, factory.broker())
    assert broker.post(f"/broker/chains/{chain.id}/introduce", data={"note": ""}).status_code == 302
    intro = db.session.query(Introduction).one()
    party = intro.party_for(orgs[1].id)
    assert party.anonymous and party.listing_id == secret_need.id
    other = login(app, factory.user(organisation=orgs[0]))
    page = html(other.get(f"/introductions/{intro.id}"))
    assert f"/listings/{secret_need.public_id}" in page
    assert (
        f"/listings/{offers[1].public_id}" not in page
        and "Överskott 1" not in page
        and "Krets 1 AB" not in page
    )


def test_broker_queue_filters(app, db, factory):
    eksjo = factory.organisation(municipality="0686")
    tranas = factory.organisation(municipality="0687")
    sawdust = factory.suggestion(
        factory.listing(organisation=eksjo, resource_class="sawdust"),
        factory.listing(organisation=tranas, kind="need", resource_class="biomass_fuel"),
        score=0.9,
    )
    mentoring = factory.suggestion(
        factory.listing(organisation=tranas, title="Mentor", resource_class="mentoring"),
        factory.listing(
            organisation=factory.organisation(municipality="0687"),
            kind="need",
            title="Söker mentor",
            resource_class="mentoring",
        ),
        score=0.7,
    )
    weak_closed = factory.suggestion(
        factory.listing(organisation=eksjo, status="closed"),
        factory.listing(organisation=tranas, kind="need"),
        score=0.95,
    )
    broker = login(app, factory.broker())
    member = login(app, factory.user())

    def shown(query=""):
        page = html(broker.get("/broker/?" + query))
        return {s.id for s in (sawdust, mentoring, weak_closed) if f'id="queue-suggestion-{s.id}"' in page}

    assert shown() == {sawdust.id, mentoring.id}
    page = html(broker.get("/broker/"))
    assert page.index(f"queue-suggestion-{sawdust.id}") < page.index(f"queue-suggestion-{mentoring.id}")
    assert shown("focus=social") == {mentoring.id}
    assert shown("focus=circular") == {sawdust.id}
    assert shown("municipality=0686") == {sawdust.id}
    assert shown("municipality=0687") == {sawdust.id, mentoring.id}
    assert shown("resource_class=mentoring") == {mentoring.id}
    assert member.get("/broker/").status_code == 404
    assert member.get(f"/broker/suggestions/{sawdust.id}/introduce").status_code == 404
    assert member.post(f"/broker/suggestions/{sawdust.id}/introduce", data={"note": ""}).status_code == 404
    assert db.session.query(Introduction).count() == 0


@pytest.fixture()
def suggested_pair(factory):
    """A sawmill's offer suggested for a greenhouse's need."""
    sawmill, greenhouse = factory.organisation(), factory.organisation()
    offer = factory.listing(organisation=sawmill, title="Sågspån")
    need = factory.listing(organisation=greenhouse, kind="need", title="Bränsle")
    return sawmill, greenhouse, offer, need, factory.suggestion(offer, need)


def test_request_from_a_suggestion(app, db, factory, suggested_pair):
    sawmill, greenhouse, offer, need, suggestion = suggested_pair
    buyer = login(app, factory.user(organisation=greenhouse))
    assert buyer.get(f"/introductions/request?suggestion={suggestion.id}").status_code == 200
    assert (
        buyer.post(f"/introductions/request?suggestion={suggestion.id}", data={"note": ""}).status_code == 302
    )
    intro = db.session.query(Introduction).one()
    assert (intro.listing_id, intro.suggestion_id) == (offer.id, suggestion.id)
    outsider = login(app, factory.user())
    assert outsider.get(f"/introductions/request?suggestion={suggestion.id}").status_code == 404
    assert (
        outsider.post(f"/introductions/request?suggestion={suggestion.id}", data={"note": ""}).status_code
        == 404
    )


def test_tampered_forms_are_refused_without_a_500(app, db, accepted):
    intro, buyer = accepted["intro"], accepted["buyer"]
    count = db.session.query(Message).count()
    for token in ("", "kort", "ä" * 30, "x" * 65, "<script>"):
        response = send_message(buyer, intro.id, "Text som ska finnas kvar", token=token)
        assert response.status_code == 422, token
        assert "Text som ska finnas kvar" in html(response)
    assert db.session.query(Message).count() == count
    assert (
        buyer.post(
            f"/introductions/{intro.id}/status", data={"status": "agreed", "version": "abc"}
        ).status_code
        == 400
    )
    assert (
        buyer.post(f"/introductions/{intro.id}/status", data={"status": "x", "version": "1"}).status_code
        == 400
    )
    assert buyer.get("/introductions/request").status_code == 404
    assert buyer.get("/introductions/request?listing=999999").status_code == 404
    assert buyer.get("/introductions/999999").status_code == 404


def test_two_colleagues_answering_at_once_count_once(app, db, public_pair, factory):
    buyer = login(app, public_pair["buyer"])
    request_intro(buyer, public_pair["offer"].public_id)
    intro_id = db.session.query(Introduction).one().id
    first = login(app, public_pair["seller"])
    second = login(app, factory.user(organisation=public_pair["sawmill"]))
    version = str(version_of(db, intro_id))
    assert (
        first.post(
            f"/introductions/{intro_id}/answer", data={"answer": "accept", "version": version}
        ).status_code
        == 302
    )
    response = second.post(
        f"/introductions/{intro_id}/answer", data={"answer": "decline", "version": version}
    )
    assert flashes(second.get(response.headers["Location"]))
    db.session.expire_all()
    intro = db.session.get(Introduction, intro_id)
    assert intro.status == "accepted"
    assert [e.action for e in intro.events] == ["requested", "accepted"]


def test_a_request_from_the_listing_page_takes_its_suggestion_off_the_broker_queue(app, db, factory,
                                                                                 suggested_pair):
    sawmill, greenhouse, offer, need, suggestion = suggested_pair
    broker = login(app, factory.broker())
    assert f'id="queue-suggestion-{suggestion.id}"' in html(broker.get("/broker/"))
    buyer = login(app, factory.user(organisation=greenhouse))
    assert request_intro(buyer, offer.public_id).status_code == 302
    intro = db.session.query(Introduction).one()
    assert intro.suggestion_id == suggestion.id
    assert {p.organisation_id: p.listing_id for p in intro.parties} == {
        greenhouse.id: need.id,
        sawmill.id: offer.id,
    }
    assert f'id="queue-suggestion-{suggestion.id}"' not in html(broker.get("/broker/"))


def test_the_broker_queue_comes_in_pages_and_counts_every_waiting_request(app, db, factory):
    """At national size the queue was one page of 50 requests, 50 suggestions and 20 chains (87 KB,
    p95 653 ms): now pages of QUEUE_LIMIT suggestions with a link to the next, the chains on the
    first page only, the oldest QUEUE_LIMIT requests with how many wait in all."""
    from siru_exchange.services.introductions import CHAIN_QUEUE_LIMIT, QUEUE_LIMIT

    seller, buyer = factory.organisation(), factory.organisation()
    extra = 5
    suggestions = [factory.suggestion(factory.listing(organisation=seller, title=f"Spån {i}"),
                                      factory.listing(organisation=buyer, kind="need", title=f"Bränsle {i}"),
                                      score=0.9 - i / 100)
                   for i in range(QUEUE_LIMIT + extra)]
    chain = factory.chain([
        (factory.listing(organisation=seller), factory.listing(organisation=buyer, kind="need")),
        (factory.listing(organisation=buyer), factory.listing(organisation=seller, kind="need"))])
    anonymous = factory.listing(organisation=seller, visibility="anonymous")
    for _ in range(QUEUE_LIMIT + 3):  # one open request per listing and organisation
        db.session.add(Introduction(kind="request", status="proposed", needs_broker=True,
                                    listing_id=anonymous.id, requested_by_id=factory.organisation().id))
    db.session.commit()
    broker = login(app, factory.broker(language="en"))

    first = html(broker.get("/broker/"))
    shown = [s for s in suggestions if f'id="queue-suggestion-{s.id}"' in first]
    assert shown == suggestions[:QUEUE_LIMIT]  # the strongest, in order of score
    assert 'rel="next"' in first and "?page=2" in first
    assert f'id="queue-chain-{chain.id}"' in first and CHAIN_QUEUE_LIMIT >= 1
    assert first.count('id="request-') == QUEUE_LIMIT
    assert f'<small id="requests-waiting">({QUEUE_LIMIT + 3})</small>' in first
    assert f"The oldest {QUEUE_LIMIT} requests are shown" in first

    second = html(broker.get("/broker/?page=2"))
    assert [s for s in suggestions if f'id="queue-suggestion-{s.id}"' in second] == suggestions[QUEUE_LIMIT:]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert f'id="queue-chain-{chain.id}"' not in second
    assert broker.get("/broker/?page=999").status_code == 200  # past the end: the last page
    assert broker.get("/broker/?page=abc").status_code == 200


def test_the_pipeline_shows_the_latest_of_each_status_with_its_count_and_pages_one_status(app, db, factory):
    """8,533 introductions at 100,000 listings made the broker's pipeline one 3 MB page (8 s): the
    overview shows the PIPELINE_SHOWN most recently updated per status with the status's count and a
    link to all of them; one status comes in pages of PIPELINE_PAGE."""
    from datetime import timedelta

    from siru_exchange.models._types import utcnow
    from siru_exchange.services.introductions import PIPELINE_PAGE, PIPELINE_SHOWN

    listing = factory.listing(organisation=factory.organisation(), visibility="anonymous")
    now = utcnow()
    proposed = []
    for i in range(PIPELINE_PAGE + 5):  # one open request per listing and organisation
        intro = Introduction(kind="request", status="proposed", listing_id=listing.id,
                             requested_by_id=factory.organisation().id, updated_at=now - timedelta(hours=i))
        db.session.add(intro)
        proposed.append(intro)
    declined = Introduction(kind="request", status="declined", listing_id=listing.id,
                            requested_by_id=factory.organisation().id, updated_at=now)
    db.session.add(declined)
    db.session.commit()
    broker = login(app, factory.broker(language="en"))

    overview = html(broker.get("/introductions/"))
    shown = [i for i in proposed if f'id="introduction-{i.id}"' in overview]
    assert shown == proposed[:PIPELINE_SHOWN]  # the most recently updated
    assert f'id="introduction-{declined.id}"' in overview
    assert f"({PIPELINE_PAGE + 5})" in overview
    assert f'See all {PIPELINE_PAGE + 5} with the status “Proposed”' in overview
    assert "/introductions/?status=proposed" in overview
    assert "See all 1 " not in overview  # a status shown whole has no link

    first = html(broker.get("/introductions/?status=proposed"))
    assert [i for i in proposed if f'id="introduction-{i.id}"' in first] == proposed[:PIPELINE_PAGE]
    assert f'id="introduction-{declined.id}"' not in first and 'rel="next"' in first
    second = html(broker.get("/introductions/?status=proposed&page=2"))
    assert [i for i in proposed if f'id="introduction-{i.id}"' in second] == proposed[PIPELINE_PAGE:]
    assert broker.get("/introductions/?status=proposed&page=x").status_code == 200


def test_a_member_cannot_open_a_second_introduction_of_a_pair_a_broker_introduced(app, db, factory,
                                                                                 suggested_pair):
    """A walk found introductions 31 and 32 for one pair: the broker's, then the member's request."""
    sawmill, greenhouse, offer, need, suggestion = suggested_pair
    broker = login(app, factory.broker())
    assert broker.post(f"/broker/suggestions/{suggestion.id}/introduce", data={"note": ""}).status_code == 302
    buyer = login(app, factory.user(organisation=greenhouse))
    for response in (
        buyer.post(f"/introductions/request?suggestion={suggestion.id}", data={"note": ""}),
        request_intro(buyer, offer.public_id),                       # from the listing page too
    ):
        assert response.status_code in (302, 409, 422)
        assert db.session.query(Introduction).count() == 1
    intro = db.session.query(Introduction).one()
    assert intro.kind == "broker"
    # the member's cards link the introduction instead of offering a request
    for page in (html(buyer.get("/suggestions/")), html(buyer.get(f"/listings/{need.public_id}"))):
        assert f"/introductions/{intro.id}" in page
        assert f"/introductions/request?suggestion={suggestion.id}" not in page
