"""Parallel identical posts, with real threads against one database: each gets a clear answer (a
redirect with a message, never a 500) and exactly one record is written."""

import threading

from siru_exchange.models import Introduction, Message
from tests.integration.test_introductions import html, login, message_token, version_of

N = 12


def _in_parallel(clients, post):
    """Run post(client) in one thread per client, all released at once; the status codes."""
    barrier = threading.Barrier(len(clients))
    codes = [None] * len(clients)

    def run(i, client):
        barrier.wait()
        codes[i] = post(client).status_code

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def _clients(app, user):
    first = login(app, user)
    cookie = first.get_cookie("session")
    clients = [first]
    for _ in range(N - 1):
        c = app.test_client()
        c.set_cookie("session", cookie.value)
        clients.append(c)
    return clients


def test_parallel_identical_requests_make_one_open_introduction(app, db, factory):
    listing = factory.listing(organisation=factory.organisation(), title="Spillvirke")
    listing_id = listing.id
    requester = factory.user(organisation=factory.organisation())
    clients = _clients(app, requester)
    url = f"/introductions/request?listing={listing.public_id}"
    codes = _in_parallel(clients, lambda c: c.post(url, data={"note": "Hej"}))
    assert codes == [302] * N
    db.session.expire_all()
    assert db.session.query(Introduction).filter_by(listing_id=listing_id).count() == 1


def _accepted(db, factory):
    seller_org, buyer_org = factory.organisation(), factory.organisation()
    offer = factory.listing(organisation=seller_org)
    need = factory.listing(organisation=buyer_org, kind="need")
    broker = factory.broker()
    return seller_org, buyer_org, offer, need, broker


def test_parallel_accepts_give_one_answer_and_no_server_error(app, db, factory):
    seller_org, buyer_org, offer, need, broker_user = _accepted(db, factory)
    suggestion = factory.suggestion(offer, need, score=0.9)
    broker = login(app, broker_user)
    assert broker.post(f"/broker/suggestions/{suggestion.id}/introduce", data={"note": ""}).status_code == 302
    intro = db.session.query(Introduction).one()
    version = str(version_of(db, intro.id))
    clients = _clients(app, factory.user(organisation=seller_org))
    url = f"/introductions/{intro.id}/answer"
    codes = _in_parallel(clients, lambda c: c.post(url, data={"answer": "accept", "version": version}))
    assert codes == [302] * N
    db.session.expire_all()
    intro = db.session.get(Introduction, intro.id)
    assert intro.party_for(seller_org.id).consent == "accepted"
    assert [e.action for e in intro.events].count("accepted") == 1


def test_parallel_identical_messages_store_one(app, db, factory):
    seller_org, buyer_org, offer, need, broker_user = _accepted(db, factory)
    suggestion = factory.suggestion(offer, need, score=0.9)
    broker = login(app, broker_user)
    broker.post(f"/broker/suggestions/{suggestion.id}/introduce", data={"note": ""})
    intro = db.session.query(Introduction).one()
    seller_user, buyer_user = factory.user(organisation=seller_org), factory.user(organisation=buyer_org)
    for user in (seller_user, buyer_user):
        login(app, user).post(
            f"/introductions/{intro.id}/answer",
            data={"answer": "accept", "version": str(version_of(db, intro.id))},
        )
    clients = _clients(app, buyer_user)
    token = message_token(html(clients[0].get(f"/introductions/{intro.id}")))
    url = f"/introductions/{intro.id}/messages"
    codes = _in_parallel(clients, lambda c: c.post(url, data={"body": "Hej!", "token": token}))
    assert codes == [302] * N
    db.session.expire_all()
    assert db.session.query(Message).filter_by(introduction_id=intro.id).count() == 1
    assert db.session.get(Introduction, intro.id).status == "in_dialogue"
