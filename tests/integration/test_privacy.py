"""Privacy rights: the privacy page, the download of one's data, deleting an account (and with the last
member, the organisation), and the retention purge."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from siru_exchange.models import (
    AuditEvent,
    BrokerNote,
    Introduction,
    Listing,
    Message,
    Notification,
    Organisation,
    Suggestion,
    User,
)
from siru_exchange.services import introductions, messaging, privacy, retention, stats
from tests.factories import PASSWORD


def login(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def world(factory, db):
    """Two organisations in an accepted introduction with a message each way, a third that is
    anonymous in another introduction with the first, and a suggestion between the first two."""
    ours = factory.organisation(name="Vår Snickeri AB", contact_name="Olle Ägare")
    theirs = factory.organisation(name="Deras Värmeverk AB")
    hidden = factory.organisation(name="Hemliga Gården AB")
    me = factory.user(organisation=ours, name="Olle Ägare", email="olle@snickeri.se")
    them = factory.user(organisation=theirs, name="Tina Värme")
    secret = factory.user(organisation=hidden)
    offer = factory.listing(organisation=ours, kind="offer", title="Sågspån varje vecka")
    need = factory.listing(organisation=theirs, kind="need", title="Biobränsle sökes")
    anon = factory.listing(organisation=hidden, kind="need", title="Spån till ströbädd",
                           visibility="anonymous")
    suggestion = factory.suggestion(offer, need)
    intro = introductions.request_introduction(them, listing_id=offer.id, note="Hej, vi behöver spån")
    introductions.answer(me, intro, True, intro.version)
    messaging.post_message(them, intro, "Ring mig på 070-123 45 67", messaging.new_token())
    messaging.post_message(me, intro, "Vi kör på tisdag, hälsningar Olle", messaging.new_token())
    pending = introductions.request_introduction(me, listing_id=anon.id)
    broker = factory.broker()
    introductions.take_request(broker, pending, "", pending.version)
    db.session.commit()
    return dict(ours=ours, theirs=theirs, hidden=hidden, me=me, them=them, secret=secret, offer=offer,
                need=need, anon=anon, suggestion=suggestion, intro=intro, pending=pending, broker=broker)


def test_the_privacy_page_is_linked_in_the_footer_and_reads_in_both_languages(client, app):
    home = html(client.get("/"))
    assert re.search(r'<footer.*href="/privacy/".*</footer>', home, re.S)
    sv = html(client.get("/privacy/"))
    assert "Integritet" in sv and "3 år" in sv and "12 månader" in sv and "IMY" in sv
    client.post("/language", data={"lang": "en"})
    en = html(client.get("/privacy/"))
    assert "what we keep, why, and for how long" in en and "3 years" in en and "12 months" in en


def test_the_download_holds_everything_about_us_and_nothing_hidden(app, db, world):
    client = login(app, world["me"])
    page = html(client.get("/privacy/your-data"))
    assert 'action="/privacy/export"' in page
    assert client.get("/privacy/export").status_code == 405  # a download is a POST, never a link
    response = client.post("/privacy/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="siru-exchange-data-')
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "olle@snickeri.se"
    assert "password_hash" not in json.dumps(data) and world["me"].password_hash not in json.dumps(data)
    assert data["organisation"]["name"] == "Vår Snickeri AB"
    assert {m["email"] for m in data["organisation"]["members"]} == {"olle@snickeri.se"}
    assert [lst["title"] for lst in data["listings"]] == ["Sågspån varje vecka"]
    assert data["suggestions"][0]["own_listing"] == world["offer"].public_id
    bodies = [m["body"] for i in data["introductions"] for m in i["messages"]]
    assert bodies == ["Ring mig på 070-123 45 67", "Vi kör på tisdag, hälsningar Olle"]
    assert data["notifications"] and all("text" in n for n in data["notifications"])
    # The anonymous organisation stays anonymous: its name, its member and its email are nowhere.
    dump = json.dumps(data, ensure_ascii=False)
    for hidden in ("Hemliga Gården AB", world["secret"].email, world["secret"].name, world["them"].email):
        assert hidden not in dump
    (row,) = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "data.exported"))
    assert row.actor_id == world["me"].id


def test_a_wrong_password_deletes_nothing(app, db, world):
    client = login(app, world["me"])
    response = client.post("/privacy/delete", data={"password": "fel lösenord"})
    assert response.status_code == 422 and "Inget togs bort" in html(response)
    db.session.expire_all()
    assert db.session.get(User, world["me"].id) is not None
    assert client.get("/privacy/your-data").status_code == 200  # still logged in


def test_a_member_who_is_not_the_last_leaves_the_organisation_as_it_was(app, db, world, factory):
    colleague = factory.user(organisation=world["ours"])
    me_id = world["me"].id
    client = login(app, world["me"])
    assert "sista medlem" not in html(client.get("/privacy/delete"))
    response = client.post("/privacy/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, me_id) is None
    org = db.session.get(Organisation, world["ours"].id)
    assert org.name == "Vår Snickeri AB" and not org.is_deleted
    assert db.session.get(Listing, world["offer"].id).status == "active"
    mine = db.session.scalar(db.select(Message).where(Message.body.like("Vi kör%")))
    assert mine.author_id is None and mine.organisation_id == org.id
    # The others still read it, under the organisation's name, without the person's.
    page = html(login(app, world["them"]).get(f"/introductions/{world['intro'].id}"))
    assert "Vi kör på tisdag" in page and "<strong>Borttaget konto</strong>, Vår Snickeri AB" in page
    assert "<strong>Olle Ägare</strong>" not in page
    assert client.get("/privacy/your-data").status_code == 302  # logged out: the session is gone
    assert login(app, colleague).get(f"/introductions/{world['intro'].id}").status_code == 200


def test_the_last_member_removes_the_organisation(app, db, world):
    me, intro, number = world["me"], world["intro"], world["ours"].org_number
    client = login(app, me)
    warning = html(client.get("/privacy/delete"))
    assert 'id="last-member-warning"' in warning
    response = client.post("/privacy/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    org = db.session.get(Organisation, world["ours"].id)
    assert org.is_deleted and org.name == "" and org.contact_name == "" and org.contact_email == ""
    assert org.org_number != number and org.municipality == "0680"
    assert db.session.get(Listing, world["offer"].id).status == "closed"
    assert db.session.get(Suggestion, world["suggestion"].id).current is False
    for introduction_id in (intro.id, world["pending"].id):
        ended = db.session.get(Introduction, introduction_id)
        assert ended.status == "declined" and ended.events[-1].action == "organisation_left"
    their_text = db.session.scalar(db.select(Message).where(Message.organisation_id == world["theirs"].id))
    assert their_text.body == "Ring mig på 070-123 45 67"  # the other party's own messages stay
    assert db.session.scalar(db.select(Message).where(Message.organisation_id == org.id)).body == ""
    them = login(app, world["them"])
    page = html(them.get(f"/introductions/{intro.id}"))
    assert "Borttagen organisation" in page and "Vår Snickeri" not in page and "Olle" not in page
    assert "Meddelandet togs bort" in page and "Ring mig på 070-123 45 67" in page
    assert db.session.scalar(db.select(Notification).where(
        Notification.user_id == world["them"].id, Notification.event == "declined")) is not None
    assert them.get(f"/organisations/{org.id}").status_code == 404
    assert them.get(f"/listings/{world['offer'].public_id}").status_code == 404
    assert stats.counts()["organisations"] == 2  # the emptied row is not counted as an organisation
    actions = [r.action for r in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["account.deleted", "organisation.removed"]


def test_the_organisation_number_can_be_registered_again_after_removal(app, db, world, client):
    number = world["ours"].org_number
    login(app, world["me"]).post("/privacy/delete", data={"password": PASSWORD})
    response = client.post("/auth/register", data={
        "name": "Ny Ägare", "email": "ny@snickeri.se", "password": "ett långt lösenord", "language": "sv",
        "org_name": "Vår Snickeri AB", "org_number": number, "municipality": "0680", "size": "small",
    })
    assert response.status_code == 302, html(response)


def _age(db, user, days):
    user.last_login_at = datetime.now(UTC) - timedelta(days=days)
    db.session.commit()


def test_the_purge_deletes_stale_accounts_and_old_closed_listings_only(app, db, world, factory, runner):
    lone = factory.user(last_login_at=None, created_at=datetime.now(UTC) - timedelta(days=4 * 365))
    lone_id, them_id = lone.id, world["them"].id
    _age(db, world["them"], 3 * 365 + 1)
    _age(db, world["me"], 30)
    old_broker = factory.broker()
    _age(db, old_broker, 10 * 365)
    old_closed = factory.listing(organisation=world["ours"], status="closed")
    old_closed.updated_at = datetime.now(UTC) - timedelta(days=400)
    fresh_closed = factory.listing(organisation=world["ours"], status="closed")
    db.session.commit()
    old_id, fresh_id = old_closed.id, fresh_closed.id
    dry = runner.invoke(args=["purge", "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output) == {"dry_run": True, "inactive_accounts": 2, "unverified_accounts": 0,
                                      "organisations_removed": 2, "closed_listings": 1, "audit_rows": 0}
    db.session.expire_all()
    assert db.session.get(User, lone_id) is not None  # a dry run changes nothing
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "Deleted 2 inactive" in result.output
    db.session.expire_all()
    assert db.session.get(User, lone_id) is None and db.session.get(User, them_id) is None
    assert db.session.get(User, world["me"].id) is not None
    assert db.session.get(User, old_broker.id) is not None  # staff are never purged by age
    assert db.session.get(Listing, old_id) is None and db.session.get(Listing, fresh_id)
    assert db.session.get(Organisation, world["theirs"].id).is_deleted
    run = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "purge.run"))
    assert run.actor_id is None and run.detail["inactive_accounts"] == 2
    assert retention.purge().inactive_accounts == 0  # idempotent


def test_a_closed_listing_an_open_introduction_is_about_is_kept(app, db, world):
    world["offer"].status = "closed"
    world["offer"].updated_at = datetime.now(UTC) - timedelta(days=800)
    db.session.commit()
    assert world["offer"].id not in retention.stale_listings(datetime.now(UTC))


def test_a_logged_in_user_sets_last_login(app, db, world):
    login(app, world["me"])
    db.session.expire_all()
    assert db.session.get(User, world["me"].id).last_login_at is not None


def test_every_reference_to_a_deleted_user_is_cleared_on_both_databases(app, db, world):
    broker = world["broker"]
    broker_id, pending_id = broker.id, world["pending"].id
    introductions.add_broker_note(broker, world["pending"], "Följ upp")
    privacy.erase_user(broker, None, "request")
    db.session.expire_all()
    pending = db.session.get(Introduction, pending_id)
    assert pending.broker_id is None and all(e.actor_id != broker_id for e in pending.events)
    assert db.session.scalar(db.select(BrokerNote)).author_id is None
