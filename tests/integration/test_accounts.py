"""Accounts (issue 15): confirmed addresses, links that expire and work once, invitations, approval of new
organisations by a broker, claims of a registered number, and the password rules; on both databases."""
import re
import time

import argon2
import itsdangerous
import pytest

from siru_exchange.models import AuditEvent, ClaimRequest, Listing, Organisation, User
from siru_exchange.services import tokens
from tests.factories import PASSWORD, valid_org_number
from tests.integration.test_auth import registration
from tests.integration.test_introductions import html, login, outbox

NEUTRAL = "Om adressen kan användas har vi skickat en länk till den."


def link(mail: dict, path: str) -> str:
    """The path of the first link in an email that goes to `path` (…/auth/verify/<token>)."""
    found = re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]+)", mail["body"])
    assert found, mail["body"]
    return found.group(1)


def mails_to(app, address: str) -> list[dict]:
    return [m for m in outbox(app) if address in m["to"]]


def register_and_confirm(client, app, **overrides) -> str:
    """Register, open the confirmation link and press its button; returns the address."""
    data = registration(**overrides)
    client.post("/auth/register", data=data)
    verify = link(mails_to(app, data["email"])[-1], "/auth/verify/")
    assert client.get(verify).status_code == 200
    assert client.post(verify).status_code == 302
    return data["email"]


# -- registration that says nothing about who is registered ----------------------------------------------

def test_registration_answers_the_same_for_a_new_and_a_registered_address(client, app, db, factory):
    factory.user(email="taken@example.se")
    new = client.post("/auth/register", data=registration(email="new@example.se"))
    taken = client.post("/auth/register", data=registration(email="taken@example.se",
                                                            org_number=valid_org_number(77)))
    assert (new.status_code, new.headers["Location"]) == (taken.status_code, taken.headers["Location"])
    # the flash each shows is the same neutral sentence
    for data in (registration(email="new2@example.se", org_number=valid_org_number(78)),
                 registration(email="taken@example.se", org_number=valid_org_number(79))):
        page = client.post("/auth/register", data=data, follow_redirects=True)
        assert NEUTRAL in html(page)
        assert "finns redan" not in html(page)
    assert db.session.query(User).filter_by(email="taken@example.se").count() == 1
    # only the owner of the registered address learns, by email, that it has an account
    note = mails_to(app, "taken@example.se")
    assert note and "redan har ett konto" in note[0]["body"] and "/auth/forgot" in note[0]["body"]
    assert "/auth/verify/" in mails_to(app, "new@example.se")[0]["body"]


def test_registration_with_a_taken_organisation_number_answers_the_same_and_offers_a_claim(client, app, db,
                                                                                           factory):
    org = factory.organisation(org_number="556036-0793")
    page = client.post("/auth/register", data=registration(email="real@example.se"), follow_redirects=True)
    assert NEUTRAL in html(page) and "redan registrerad" not in html(page)
    user = db.session.query(User).filter_by(email="real@example.se").one()
    assert user.organisation_id is None                     # not added to someone else's organisation
    assert db.session.query(Organisation).count() == 1
    mail = mails_to(app, "real@example.se")[0]
    assert "556036-0793" in mail["body"] and "matchmakare" in mail["body"]
    verify = link(mail, "/auth/verify/")
    response = client.post(verify)
    assert "/auth/claim" in response.headers["Location"]
    # logged in, the claim page is filled in with the number
    client.post("/auth/login", data={"email": "real@example.se", "password": "långt-lösenord-1"})
    claim_page = client.get("/auth/claim?org_number=556036-0793")
    assert 'value="556036-0793"' in html(claim_page)
    response = client.post("/auth/claim", data={"org_number": "556036-0793", "message": "Jag är VD."},
                           follow_redirects=True)
    assert "En matchmakare kontrollerar" in html(response)
    claim = db.session.query(ClaimRequest).one()
    assert (claim.organisation_id, claim.status, claim.message) == (org.id, "pending", "Jag är VD.")


# -- confirming the address -------------------------------------------------------------------------------

def test_an_unconfirmed_member_cannot_post_until_the_link_is_used(client, app, db):
    client.post("/auth/register", data=registration())
    client.post("/auth/login", data={"email": "anna@sagverket.example", "password": "långt-lösenord-1"})
    page = client.get("/listings/mine")
    assert "Bekräfta din e-postadress" in html(page)
    response = client.get("/listings/new", follow_redirects=True)
    assert "Bekräfta din e-postadress innan du publicerar" in html(response)
    posted = client.post("/listings/new", data={"kind": "offer", "title": "Sågspån", "frequency": "once",
                                                "terms": "free", "visibility": "public"})
    assert posted.status_code == 302 and db.session.query(Listing).count() == 0
    api = client.post("/api/v1/listings", json={"kind": "offer", "title": "Sågspån"})
    assert api.status_code == 403 and api.get_json()["fields"] == {"account": "email_not_confirmed"}
    # the link is sent again on request, and using it lets the member post
    client.post("/auth/verify/again", data={"next": "/listings/mine"})
    verify = link(mails_to(app, "anna@sagverket.example")[-1], "/auth/verify/")
    assert client.post(verify).headers["Location"].endswith("/listings/mine")
    assert client.get("/listings/new").status_code == 200
    api = client.post("/api/v1/listings", json={"kind": "offer", "title": "Sågspån", "frequency": "once",
                                                "terms": "free", "visibility": "public"})
    assert api.status_code == 201


def test_a_verification_link_opened_by_a_scanner_changes_nothing_and_works_once(client, app, db):
    client.post("/auth/register", data=registration())
    verify = link(mails_to(app, "anna@sagverket.example")[0], "/auth/verify/")
    assert client.get(verify).status_code == 200
    assert not db.session.query(User).one().is_verified
    assert client.post(verify).status_code == 302
    db.session.expire_all()
    assert db.session.query(User).one().is_verified
    again = client.post(verify)
    assert again.status_code == 400 and "redan använts" in html(again)


@pytest.mark.parametrize("purpose", ["verify", "reset", "invite"])
def test_an_expired_link_is_refused(client, app, factory, monkeypatch, purpose):
    user = factory.user(email_verified_at=None) if purpose == "verify" else factory.user()
    if purpose == "invite":
        user.password_hash = ""
        app.extensions["sqlalchemy"].session.commit()
    token = tokens.make(user, purpose)
    later = int(time.time() + tokens.lifetime(purpose).total_seconds() + 60)
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: later)
    path = {"verify": "/auth/verify/", "reset": "/auth/reset/", "invite": "/auth/invitation/"}[purpose]
    response = client.get(path + token)
    assert response.status_code == 400 and "Länken har gått ut" in html(response)


def test_a_tampered_link_and_a_link_for_another_purpose_are_refused(client, factory):
    user = factory.user(email_verified_at=None)
    token = tokens.make(user, "reset")
    assert client.get("/auth/verify/" + token).status_code == 400        # a reset token cannot verify
    assert client.get("/auth/invitation/" + token).status_code == 400
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.get("/auth/reset/" + tampered)
    assert response.status_code == 400 and "Länken är inte giltig" in html(response)
    with pytest.raises(tokens.TokenRefused) as refused:
        tokens.read(tokens.make(user, "verify"), "reset")
    assert refused.value.reason == "invalid"


# -- password reset ---------------------------------------------------------------------------------------

def test_reset_answers_the_same_for_any_address_and_the_link_works_once(app, client, factory, db):
    user = factory.user(email="per@example.se")
    old_session = login(app, user)
    unknown = client.post("/auth/forgot", data={"email": "nobody@example.se"}, follow_redirects=True)
    known = client.post("/auth/forgot", data={"email": "Per@Example.se"}, follow_redirects=True)
    assert NEUTRAL in html(unknown) and NEUTRAL in html(known)
    assert [m["to"] for m in outbox(app)] == ["per@example.se"]
    reset = link(outbox(app)[0], "/auth/reset/")
    assert "/auth/reset/" in outbox(app)[0]["body"] and "1 timme" in outbox(app)[0]["body"]
    common = client.post(reset, data={"password": "password123"})
    assert common.status_code == 422 and "vanligaste" in html(common)
    done = client.post(reset, data={"password": "ett nytt långt lösen"})
    assert done.status_code == 302
    assert client.get("/auth/profile").status_code == 200               # logged in with the new password
    assert outbox(app)[-1]["subject"] == "Ditt lösenord på SIRU Exchange har ändrats"  # the owner is told
    assert old_session.get("/auth/profile").status_code == 302          # every other session ended
    again = client.post(reset, data={"password": "ännu ett nytt lösen"})
    assert again.status_code == 400 and "redan använts" in html(again)
    other = app.test_client()
    old = {"email": "per@example.se", "password": PASSWORD}
    assert other.post("/auth/login", data=old).status_code == 422
    assert other.post("/auth/login", data={"email": "per@example.se",
                                           "password": "ett nytt långt lösen"}).status_code == 302


# -- invitations ------------------------------------------------------------------------------------------

def test_a_member_invites_a_colleague_who_chooses_a_password(app, client, factory, db):
    member = factory.user()
    factory.user(email="busy@example.se")
    session = login(app, member)
    response = session.post(f"/organisations/{member.organisation_id}/members",
                            data={"name": "Kollega", "email": "kollega@example.se"}, follow_redirects=True)
    assert "Om adressen kan användas har vi skickat en inbjudan" in html(response)
    assert "Kollega (kollega@example.se)" in html(response)     # listed as invited
    taken = session.post(f"/organisations/{member.organisation_id}/members",
                         data={"name": "Upptagen", "email": "busy@example.se"}, follow_redirects=True)
    assert "Om adressen kan användas har vi skickat en inbjudan" in html(taken)   # the same answer
    assert [m["to"] for m in outbox(app)] == ["kollega@example.se"]
    invited = db.session.query(User).filter_by(email="kollega@example.se").one()
    assert invited.password_hash == "" and not invited.is_verified
    # before accepting, the invitation cannot be used to log in with any password
    assert client.post("/auth/login", data={"email": "kollega@example.se", "password": ""}).status_code == 422
    accept = link(outbox(app)[0], "/auth/invitation/")
    page = client.get(accept)
    assert "kollega@example.se" in html(page)
    done = client.post(accept, data={"name": "Karin Kollega", "password": "mitt eget lösenord"})
    assert done.status_code == 302
    db.session.expire_all()
    invited = db.session.get(User, invited.id)
    assert invited.is_verified and invited.name == "Karin Kollega"
    assert invited.organisation_id == member.organisation_id
    assert client.get("/listings/new").status_code == 200
    assert client.post(accept, data={"name": "X", "password": "ett annat lösenord"}).status_code == 400


def test_an_unconfirmed_member_cannot_invite(app, factory, db):
    member = factory.user(email_verified_at=None)
    session = login(app, member)
    response = session.post(f"/organisations/{member.organisation_id}/members",
                            data={"name": "Kollega", "email": "kollega@example.se"})
    assert db.session.query(User).filter_by(email="kollega@example.se").count() == 0
    assert outbox(app) == [] and response.status_code in (200, 302)


# -- approval of new organisations ------------------------------------------------------------------------

def _pending_world(factory):
    pending = factory.organisation(name="Ny Firma AB", approval="pending", approved_at=None)
    owner = factory.user(organisation=pending)
    listing = factory.listing(organisation=pending, title="Sågspån från ny firma")
    other_need = factory.listing(kind="need", title="Behöver sågspån")
    other = factory.user(organisation=other_need.organisation)
    return pending, owner, listing, other, other_need


def test_an_unapproved_organisations_listings_are_seen_by_nobody_else(app, client, factory):
    pending, owner, listing, other, other_need = _pending_world(factory)
    factory.suggestion(listing, other_need)
    broker = factory.broker()
    for who in (client, login(app, other)):
        assert "Sågspån från ny firma" not in html(who.get("/listings/"))
        assert "Sågspån från ny firma" not in html(who.get("/listings/?q=sågspån"))
        api = who.get("/api/v1/listings?q=sågspån").get_json()
        assert all(item["title"] != "Sågspån från ny firma" for item in api["items"])
        assert who.get(f"/listings/{listing.url_key}").status_code == 404
        assert who.get(f"/api/v1/listings/{listing.url_key}").status_code == 404
        assert who.get(f"/organisations/{pending.id}").status_code == 404
        assert "Sågspån från ny firma" not in html(who.get("/"))
    suggestions = login(app, other).get(f"/listings/{other_need.url_key}")
    assert "Sågspån från ny firma" not in html(suggestions)
    # nor in a circular chain through it, on the other member's suggestions page
    back_need = factory.listing(organisation=pending, kind="need", title="Aska till ny firma")
    other_offer = factory.listing(organisation=other_need.organisation, title="Aska från pannan")
    factory.chain([(listing, other_need), (other_offer, back_need)])
    page = html(login(app, other).get("/suggestions/"))
    assert "Sågspån från ny firma" not in page and "Aska till ny firma" not in page
    assert "Aska till ny firma" in html(login(app, owner).get("/suggestions/"))   # the chain is there
    # its own members and brokers see it, with the reason it is hidden from others
    own = login(app, owner)
    assert own.get(f"/listings/{listing.url_key}").status_code == 200
    assert "har inte godkänt Ny Firma AB" in html(own.get("/listings/mine"))
    assert login(app, broker).get(f"/listings/{listing.url_key}").status_code == 200


def test_the_weekly_digest_leaves_out_an_unapproved_organisations_listing(app, factory):
    from siru_exchange.services import notifications

    _pending, _owner, listing, other, other_need = _pending_world(factory)
    factory.suggestion(listing, other_need, score=0.9)
    notifications.send_digest()
    assert not mails_to(app, other.email)               # nothing else was new: no empty digest
    assert "Behöver sågspån" in mails_to(app, _owner.email)[0]["body"]   # its own members hear of it


def test_a_broker_approves_with_a_note_and_the_listings_become_visible(app, client, factory, db):
    pending, owner, listing, other, _need = _pending_world(factory)
    broker = login(app, factory.broker())
    page = broker.get("/broker/approvals")
    assert "Ny Firma AB" in html(page) and owner.email in html(page)
    response = broker.post(f"/broker/organisations/{pending.id}/decision",
                           data={"decision": "approve", "note": "Kontrollerad hos Bolagsverket."},
                           follow_redirects=True)
    assert "Organisationen är godkänd" in html(response)
    assert "Ingen organisation väntar på godkännande." in html(response)       # the empty state
    assert client.get(f"/listings/{listing.url_key}").status_code == 200
    assert "Sågspån från ny firma" in html(client.get("/listings/"))
    mail = mails_to(app, owner.email)[0]
    assert "godkänd" in mail["subject"] and "Kontrollerad hos Bolagsverket." in mail["body"]
    twice = broker.post(f"/broker/organisations/{pending.id}/decision", data={"decision": "refuse"},
                        follow_redirects=True)
    assert "redan beslutat" in html(twice)
    db.session.expire_all()
    assert db.session.get(Organisation, pending.id).approval == "approved"
    # The decision is in the audit log once (the refused second try is not), with the broker and note.
    rows = db.session.query(AuditEvent).filter(AuditEvent.action.like("organisation.%")).all()
    assert [(r.action, r.target_id, r.detail["note"]) for r in rows] == [
        ("organisation.approved", str(pending.id), "Kontrollerad hos Bolagsverket.")]
    assert rows[0].actor_role == "broker"


def test_a_refused_organisation_stays_hidden_and_its_members_read_why(app, client, factory, db):
    pending, owner, listing, _other, _need = _pending_world(factory)
    broker = login(app, factory.broker())
    broker.post(f"/broker/organisations/{pending.id}/decision",
                data={"decision": "refuse", "note": "Okänt organisationsnummer."})
    assert client.get(f"/listings/{listing.url_key}").status_code == 404
    assert "Okänt organisationsnummer." in html(login(app, owner).get("/listings/mine"))


def test_only_brokers_see_the_approvals_and_decide(app, client, factory, db):
    pending, owner, _listing, other, _need = _pending_world(factory)
    member = login(app, other)
    assert member.get("/broker/approvals").status_code == 404
    member.post(f"/broker/organisations/{pending.id}/decision", data={"decision": "approve"})
    db.session.expire_all()
    assert db.session.get(Organisation, pending.id).approval == "pending"
    assert client.get("/broker/approvals").status_code == 302                # to the login page


def test_the_approvals_page_has_empty_states_in_both_languages(app, factory):
    broker = login(app, factory.broker())
    page = html(broker.get("/broker/approvals"))
    assert "Ingen organisation väntar på godkännande." in page and "Inga förfrågningar väntar." in page
    broker.post("/language", data={"lang": "en", "next": "/"})
    page = html(broker.get("/broker/approvals"))
    assert "No organisation is waiting for approval." in page and "No requests are waiting." in page


def test_a_broker_does_not_introduce_an_organisation_that_is_not_approved(app, factory, db):
    pending, _owner, listing, _other, need = _pending_world(factory)
    suggestion = factory.suggestion(listing, need)
    broker = login(app, factory.broker())
    response = broker.post(f"/broker/suggestions/{suggestion.id}/introduce", data={"note": "Prata!"},
                           follow_redirects=True)
    assert "inte godkänd ännu" in html(response) and "Godkänn den först under Godkännanden" in html(response)
    from siru_exchange.models import Introduction
    assert db.session.query(Introduction).count() == 0


# -- claims of a registered organisation number -----------------------------------------------------------

def test_a_broker_grants_a_claim_and_the_person_joins_the_organisation(app, client, factory, db):
    org = factory.organisation(org_number="556036-0793", name="Hjälmaryds Såg AB")
    register_and_confirm(client, app, email="real@example.se")
    client.post("/auth/login", data={"email": "real@example.se", "password": "långt-lösenord-1"})
    client.post("/auth/claim", data={"org_number": "556036-0793", "message": "Jag är VD."})
    broker = login(app, factory.broker())
    page = html(broker.get("/broker/approvals"))
    assert "real@example.se" in page and "Jag är VD." in page and "Hjälmaryds Såg AB" in page
    claim = db.session.query(ClaimRequest).one()
    response = broker.post(f"/broker/claims/{claim.id}/decision", data={"decision": "grant", "note": ""},
                           follow_redirects=True)
    assert "Personen är tillagd i organisationen." in html(response)
    db.session.expire_all()
    assert db.session.query(User).filter_by(email="real@example.se").one().organisation_id == org.id
    assert "medlem i Hjälmaryds Såg AB" in mails_to(app, "real@example.se")[-1]["subject"]
    assert [r.action for r in db.session.query(AuditEvent).filter(AuditEvent.action.like("claim.%"))] == [
        "claim.granted"]
    assert client.get("/listings/new").status_code == 200


def test_a_claim_of_a_number_nobody_has_looks_the_same_and_can_only_be_refused(app, client, factory, db):
    register_and_confirm(client, app, email="nils@example.se", org_number=valid_org_number(5150))
    # the account got its own organisation; a second, organisation-less account asks about a free number
    loner = factory.user()
    loner.organisation = None
    db.session.commit()
    session = login(app, loner)
    free, taken = valid_org_number(9191), factory.organisation().org_number
    answers = [html(session.post("/auth/claim", data={"org_number": n}, follow_redirects=True))
               for n in (free, taken)]
    assert all("En matchmakare kontrollerar" in a for a in answers)
    broker = login(app, factory.broker())
    assert "Ingen organisation har det här numret." in html(broker.get("/broker/approvals"))
    unknown = db.session.query(ClaimRequest).filter_by(org_number=free).one()
    response = broker.post(f"/broker/claims/{unknown.id}/decision", data={"decision": "grant"},
                           follow_redirects=True)
    assert "kan inte beviljas" in html(response)
    broker.post(f"/broker/claims/{unknown.id}/decision", data={"decision": "refuse", "note": "Okänt."})
    db.session.expire_all()
    assert db.session.get(ClaimRequest, unknown.id).status == "refused"
    assert db.session.get(User, loner.id).organisation_id is None


# -- passwords --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["password123", "1234567890", "Password123", "qwertyuiop"])
def test_a_common_password_is_refused_with_a_clear_message(client, db, password):
    response = client.post("/auth/register", data=registration(password=password))
    assert response.status_code == 422
    assert "ett av de vanligaste" in html(response) and 'id="password-error"' in html(response)
    assert db.session.query(User).count() == 0


@pytest.mark.parametrize("password", ["Siru-Exchange-2026!", "Jönköping123", "Anna Svensson 1",
                                      "sagverket2026", "hjälmaryds!!"])
def test_a_password_made_of_the_site_or_the_users_own_details_is_refused(client, db, password):
    response = client.post("/auth/register", data=registration(password=password))
    assert response.status_code == 422 and "namnet på den här webbplatsen" in html(response)
    assert db.session.query(User).count() == 0


def test_a_common_password_is_refused_when_changing_it(app, factory):
    session = login(app, factory.user())
    response = session.post("/auth/profile", data={"form": "password", "pw-current_password": PASSWORD,
                                                   "pw-new_password": "iloveyou1"})
    assert response.status_code == 422 and "ett av de vanligaste" in html(response)


@pytest.mark.parametrize(("password", "ok"), [("kort-lö", False), ("åtta-tkn", True), ("x" * 256, True),
                                              ("x" * 257, False), ("ö" * 9 + " 🙂 lugn", True)])
def test_password_length_from_8_to_256_characters_of_any_kind(client, db, password, ok):
    response = client.post("/auth/register", data=registration(password=password))
    assert (response.status_code == 302) is ok, html(response)


def test_login_checks_a_hash_for_an_unknown_address_too(client, factory, monkeypatch):
    factory.user(email="per@example.se")
    calls = []
    real_verify = argon2.PasswordHasher.verify

    def counting(self, hash_, password):
        calls.append(hash_)
        return real_verify(self, hash_, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counting)
    client.post("/auth/login", data={"email": "per@example.se", "password": "fel lösenord"})
    known = len(calls)
    client.post("/auth/login", data={"email": "nobody@example.se", "password": "fel lösenord"})
    assert known == 1 and len(calls) == 2
    assert calls[1].startswith("$argon2id$")                 # a real hash with the same parameters


def test_the_demo_and_create_user_count_as_confirmed_and_approved(app, runner, db):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.query(User).filter(User.email_verified_at.is_(None)).count() == 0
    assert {o.approval for o in db.session.query(Organisation)} == {"approved"}
    org = db.session.query(Organisation).first()
    result = runner.invoke(args=["create-user", "--email", "ny@example.se", "--name", "Ny", "--role",
                                 "member", "--organisation-id", str(org.id),
                                 "--password", "ett långt lösenord"])
    assert result.exit_code == 0, result.output
    assert db.session.query(User).filter_by(email="ny@example.se").one().is_verified
    # a demo member logs in and posts at once
    client = app.test_client()
    client.post("/auth/login", data={"email": "org01@demo.siru.example", "password": "demo-password"})
    assert client.get("/listings/new").status_code == 200


def test_the_approvals_show_the_longest_waiting_organisations_and_how_many_wait(app, factory, db):
    """At national size 409 organisations waited and the page listed them all (460 KB): it shows the
    PENDING_SHOWN oldest, with the count of every waiting one; deciding one brings the next up."""
    from datetime import timedelta

    from siru_exchange.models._types import utcnow
    from siru_exchange.services.approvals import PENDING_SHOWN

    now = utcnow()
    waiting = [factory.organisation(name=f"Väntande {i} AB", approval="pending", approved_at=None,
                                    created_at=now - timedelta(days=100 - i))
               for i in range(PENDING_SHOWN + 2)]
    broker = login(app, factory.broker())
    page = html(broker.get("/broker/approvals"))
    assert [o for o in waiting if f'id="organisation-{o.id}"' in page] == waiting[:PENDING_SHOWN]
    assert f'<small id="organisations-waiting">({PENDING_SHOWN + 2})</small>' in page
    assert f"De {PENDING_SHOWN} som har väntat längst visas" in page
    broker.post(f"/broker/organisations/{waiting[0].id}/decision", data={"decision": "refuse", "note": ""})
    page = html(broker.get("/broker/approvals"))
    assert f'id="organisation-{waiting[PENDING_SHOWN].id}"' in page and f"({PENDING_SHOWN + 1})" in page


def test_an_organisation_whose_approval_is_not_approved_is_hidden_from_the_lists(client, factory, db):
    # the lists read "not one of the unapproved organisations": a value no code knows must hide too
    shown = factory.organisation()
    odd = factory.organisation()
    factory.listing(organisation=shown, title="Pallar från godkänd firma")
    factory.listing(organisation=odd, title="Pallar från okänt läge")
    odd.approval = "suspended"
    db.session.commit()
    for url in ("/listings/", "/listings/?q=pallar"):
        page = html(client.get(url))
        assert "Pallar från godkänd firma" in page and "Pallar från okänt läge" not in page
    titles = [item["title"] for item in client.get("/api/v1/listings?q=pallar").get_json()["items"]]
    assert titles == ["Pallar från godkänd firma"]
