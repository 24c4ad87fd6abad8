"""Property-based tests (hypothesis) for the posts that change a state rather than fill a form: a
listing's edit and status, an introduction's answer, status and broker access, a suggestion's state,
taking a request, exchange confirm and an outside deal, a broker's decision on a claim, the broker
queue's filter, the API's idempotency key and the remaining commands. Each starts from a valid request
and replaces up to three fields (or the id in the path) with random and hostile values (strategies in
test_hostile_properties). Whatever comes in: no 500, no traceback, a clear answer (a 4xx, the form shown
again, or a redirect with a message), and nothing half written: a refused request leaves the row as it
was (same state and version), an accepted one moves it whole to the state that was asked for."""
import json
from urllib.parse import urlsplit

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import select

from siru_exchange.models import ClaimRequest, Exchange, Introduction, Listing, Organisation, Suggestion, User
from siru_exchange.models.introduction import STATUSES
from tests.factories import PASSWORD, valid_org_number
from tests.integration.test_exchanges import (  # noqa: F401
    agreed,
    outside_data,
    propose,
    token_of,
    version_of,
)
from tests.integration.test_hostile_forms import BIDI, answered, hostile, post, raw, stored_names_are_clean
from tests.integration.test_hostile_properties import (
    LISTING_FIELDS,
    VALID_LISTING,
    choice,
    count,
    dates,
    numbers,
    some_of,
    texts,
)
from tests.integration.test_introductions import html, login

IDS = st.one_of(st.integers(-10**6, 10**12), st.just(0))  # ids in a path: the int converter refuses the rest
SHORT = hostile(texts(20))


# -- listings -----------------------------------------------------------------------------------------------

@pytest.fixture
def owned(app, factory):
    listing = factory.listing(title="Pallar, EUR")
    owner = factory.user(organisation=listing.organisation)
    return {"listing": listing, "client": login(app, owner)}


def listing_row(db, listing_id):
    db.session.expire_all()
    row = db.session.get(Listing, listing_id)
    return (row.version, row.status, row.title, row.description, row.quantity, row.available_from)


@given(data=some_of({**VALID_LISTING, "version": "1"},
                    {**{k: hostile(v) for k, v in LISTING_FIELDS.items()}, "version": SHORT}))
def test_editing_a_listing_takes_anything_and_saves_it_whole_or_not(db, owned, data):
    listing = owned["listing"]
    data["version"] = str(listing_row(db, listing.id)[0]) if data["version"] == "1" else data["version"]
    before, listings = listing_row(db, listing.id), count(db, Listing)
    response = answered(post(owned["client"], f"/listings/{listing.url_key}/edit", data),
                        (200, 302, 400, 409, 422))
    after = listing_row(db, listing.id)
    assert count(db, Listing) == listings
    if response.status_code == 302:  # saved whole: one version on (none when nothing changed)
        assert after[0] == before[0] + 1 or after == before
    else:
        assert after == before  # shown again with the messages; nothing saved
        assert "<form" in html(response) or response.status_code == 400
    stored_names_are_clean(db)


@given(status=hostile(choice("paused", "active", "closed")), version=st.one_of(st.none(), SHORT),
       method=st.sampled_from(["GET", "POST"]))
def test_changing_a_listings_status_takes_anything_and_changes_it_whole_or_not(db, owned, status, version,
                                                                                method):
    listing = owned["listing"]
    before = listing_row(db, listing.id)
    data = {"status": status, "version": str(before[0]) if version is None else version}
    client, url = owned["client"], f"/listings/{listing.url_key}/status"
    if method == "GET":
        response = answered(client.get(url, query_string=raw({"status": status})), (200, 400))
    else:
        response = answered(post(client, url, data), (302, 400))
    after = listing_row(db, listing.id)
    if after != before:  # changed: to what was asked, one version on, and only by a POST
        assert method == "POST" and response.status_code == 302
        assert (after[0], after[1]) == (before[0] + 1, status)
        assert after[2:] == before[2:]


# -- introductions ------------------------------------------------------------------------------------------

@pytest.fixture
def pending(app, db, factory):
    """A broker's introduction waiting for both answers, its two members, an outsider and the broker."""
    from siru_exchange.models import IntroductionParty

    a, b = factory.organisation(name="Eksjö Såg AB"), factory.organisation(name="Tranås Växthus AB")
    broker = factory.broker()
    intro = Introduction(kind="broker", status="proposed", broker=broker)
    intro.parties = [IntroductionParty(organisation_id=a.id), IntroductionParty(organisation_id=b.id)]
    db.session.add(intro)
    db.session.commit()
    return {"intro": intro, "clients": {
        "first": login(app, factory.user(organisation=a)), "second": login(app, factory.user(organisation=b)),
        "outsider": login(app, factory.user()), "broker": login(app, broker)}}


def introduction_row(db, intro_id):
    db.session.expire_all()
    intro = db.session.get(Introduction, intro_id)
    return (intro.version, intro.status, intro.needs_broker,
            tuple((p.consent, p.allow_broker, p.confirmed_realised) for p in intro.parties))


INTRODUCTION_POSTS = st.one_of(
    st.tuples(st.just("answer"), some_of({"answer": "accept", "version": "current"},
                                         {"answer": hostile(choice("accept", "decline")), "version": SHORT})),
    st.tuples(st.just("status"), some_of({"status": "agreed", "version": "current", "confirm": "1"},
                                         {"status": hostile(st.sampled_from(STATUSES)), "version": SHORT,
                                          "confirm": SHORT})),
    st.tuples(st.just("broker-access"), some_of({"allow": "1"}, {"allow": hostile(choice("1", "0"))})),
)


@given(post_=INTRODUCTION_POSTS, who=st.sampled_from(["first", "second", "outsider", "broker"]),
       accepted_first=st.booleans())
def test_answers_status_changes_and_broker_access_take_anything_and_change_whole_or_nothing(
        db, pending, post_, who, accepted_first):
    action, data = post_
    intro_id, clients = pending["intro"].id, pending["clients"]
    if accepted_first and introduction_row(db, intro_id)[1] == "proposed":  # later steps get reached too
        for side in ("first", "second"):
            clients[side].post(f"/introductions/{intro_id}/answer",
                               data={"answer": "accept", "version": introduction_row(db, intro_id)[0]})
    before = introduction_row(db, intro_id)
    if data.get("version") == "current":
        data["version"] = str(before[0])
    response = answered(post(clients[who], f"/introductions/{intro_id}/{action}", data), (302, 400, 404))
    after = introduction_row(db, intro_id)
    if who == "outsider":
        # it does not exist for them (400 when the request itself is refused first, e.g. a NUL byte)
        assert response.status_code in (400, 404) and after == before
    if response.status_code != 302:
        assert after == before
    if after[1] != before[1]:  # a status moved: one version on, to a known status
        assert after[0] > before[0] and after[1] in STATUSES
    assert count(db, Introduction) == 1


@pytest.fixture
def anonymous_request(app, db, factory):
    """A request about an anonymous listing, waiting for a broker to pass it on."""
    listing = factory.listing(visibility="anonymous", title="Spillvirke att ge bort")
    requester = login(app, factory.user())
    assert requester.post(f"/introductions/request?listing={listing.public_id}",
                          data={"note": "Vi vill gärna ha spillvirket."}).status_code == 302
    return {"intro": db.session.scalars(select(Introduction)).one(), "broker": login(app, factory.broker())}


@given(data=some_of({"note": "De har mycket spillvirke.", "version": "current"},
                    {"note": hostile(texts(300)), "version": SHORT}),
       intro_id=st.one_of(st.none(), IDS))
def test_taking_a_request_takes_anything_and_passes_it_on_whole_or_not(db, anonymous_request, data,
                                                                       intro_id):
    intro = anonymous_request["intro"]
    before = introduction_row(db, intro.id)
    if data["version"] == "current":
        data["version"] = str(before[0])
    target = intro.id if intro_id is None else intro_id
    response = answered(post(anonymous_request["broker"], f"/broker/requests/{target}/take", data),
                        (200, 302, 400, 404, 422))
    after = introduction_row(db, intro.id)
    if target != intro.id:  # no such request (or, as above, a request refused before routing: 400)
        assert response.status_code in (400, 404) and after == before
    if after != before:  # passed on: whole, after a redirect
        assert response.status_code == 302 and after[2] is False and after[0] > before[0]
    elif response.status_code in (200, 422):
        assert "<form" in html(response)
    assert count(db, Introduction) == 1


# -- suggestions --------------------------------------------------------------------------------------------

@given(data=some_of({"state": "interested"}, {"state": hostile(choice("interested", "dismissed", "new")),
                                              "next": hostile(st.one_of(texts(40), st.sampled_from([
                                                  "//evil.example/", "https://evil.example/x",
                                                  "/\\evil.example", "javascript:alert(1)",
                                                  "/listings/"])))}),
       suggestion_id=st.one_of(st.none(), IDS))
def test_a_suggestions_state_takes_anything_and_never_leads_off_the_site(app, db, factory, data,
                                                                         suggestion_id):
    need = factory.listing(kind="need")
    suggestion = factory.suggestion(factory.listing(kind="offer"), need)
    client = login(app, factory.user(organisation=need.organisation))
    target = suggestion.id if suggestion_id is None else suggestion_id
    response = answered(post(client, f"/suggestions/{target}/state", data), (302, 400, 404))
    db.session.expire_all()
    stored = db.session.get(Suggestion, suggestion.id)
    assert stored.offer_state == "new"  # the other side's state is theirs
    if response.status_code == 302:
        assert stored.need_state == data["state"]
        location = urlsplit(response.headers["Location"])
        assert location.netloc in ("", "localhost"), response.headers["Location"]
        assert location.scheme in ("", "http", "https")
    else:
        assert stored.need_state == "new"


# -- exchanges ----------------------------------------------------------------------------------------------

@pytest.fixture
def proposed_exchange(app, db, agreed):  # noqa: F811
    assert propose(login(app, agreed["seller"]), agreed).status_code == 302
    return {**agreed, "exchange": db.session.scalars(select(Exchange)).one(),
            "buyer_client": login(app, agreed["buyer"]), "seller_client": login(app, agreed["seller"]),
            "broker_client": login(app, agreed["broker"])}


def exchange_row(db, exchange_id):
    db.session.expire_all()
    row = db.session.get(Exchange, exchange_id)
    return (row.version, row.status, len(row.versions))


@given(version=st.one_of(st.none(), SHORT), who=st.sampled_from(["buyer", "seller", "broker"]),
       exchange_id=st.one_of(st.none(), IDS))
def test_confirming_an_exchange_takes_anything_and_confirms_once_or_not(db, proposed_exchange, version, who,
                                                                       exchange_id):
    ex_id = proposed_exchange["exchange"].id
    before = exchange_row(db, ex_id)
    target = ex_id if exchange_id is None else exchange_id
    data = {"version": str(before[0]) if version is None else version}
    response = answered(post(proposed_exchange[f"{who}_client"], f"/exchanges/{target}/confirm", data),
                        (302, 400, 404))
    after = exchange_row(db, ex_id)
    if after != before:  # confirmed: by the other party only, whole, with a history row
        assert who == "buyer" and target == ex_id and response.status_code == 302
        assert after == (before[0] + 1, "confirmed", before[2] + 1)
    assert count(db, Exchange) == 1


RECORD_FIELDS = {
    "resource_class": hostile(choice("sawdust", "wood_chips")), "description": hostile(texts(200)),
    "quantity": hostile(numbers()), "unit": hostile(choice("m3", "kg")), "frequency": hostile(choice("once")),
    "started_on": hostile(dates()), "ended_on": hostile(dates()), "distance_km": hostile(numbers()),
    "transport_mode": hostile(choice("truck", "none")), "people_reached": hostile(numbers()),
    "supplier": hostile(texts(200)), "receiver": hostile(texts(200)), "submission": SHORT,
}


@given(changes=some_of({}, RECORD_FIELDS))
def test_a_broker_recording_an_outside_deal_takes_anything_and_writes_one_whole_or_none(
        db, proposed_exchange, changes):
    client, before = proposed_exchange["broker_client"], count(db, Exchange)
    data = {"submission": token_of(html(client.get("/exchanges/record"))), **outside_data(proposed_exchange),
            **changes}
    response = answered(post(client, "/exchanges/record", data), (200, 302, 400, 409, 422))
    after = count(db, Exchange)
    assert after in (before, before + 1)
    if after == before + 1:
        assert response.status_code == 302
        made = db.session.scalars(select(Exchange).order_by(Exchange.id.desc())).first()
        assert made.supplier_id != made.receiver_id and made.started_on is not None
        assert [v.action for v in made.versions]  # its history starts with it
        assert not any(ch in (made.description or "") for ch in BIDI), repr(made.description)
    elif response.status_code in (200, 400):
        assert "<form" in html(response) or response.status_code == 400


# -- claims and the broker queue ----------------------------------------------------------------------------

@given(data=some_of({"decision": "grant", "note": ""},
                    {"decision": hostile(choice("grant", "refuse")), "note": hostile(texts(300))}),
       known_number=st.booleans(), claim_id=st.one_of(st.none(), IDS))
def test_a_brokers_decision_on_a_claim_takes_anything_and_decides_whole_or_not(app, db, factory, data,
                                                                              known_number, claim_id):
    number = valid_org_number(4711 if known_number else 4712)
    if known_number and not db.session.scalar(select(Organisation.id).where(
            Organisation.org_number == number)):
        factory.organisation(org_number=number)
    loner = factory.user(organisation=None)
    loner.organisation = None
    db.session.commit()
    assert login(app, loner).post("/auth/claim", data={"org_number": number, "message": "Jag är vd."},
                                  ).status_code == 302
    claim = db.session.scalars(select(ClaimRequest).order_by(ClaimRequest.id.desc())).first()
    target = claim.id if claim_id is None else claim_id
    broker = login(app, factory.broker())
    response = answered(post(broker, f"/broker/claims/{target}/decision", data), (302, 400, 404))
    db.session.expire_all()
    stored, user = db.session.get(ClaimRequest, claim.id), db.session.get(User, loner.id)
    if stored.status == "pending":
        assert user.organisation_id is None  # nothing of the decision is written
    else:  # decided whole: the decision asked for, recorded with its broker, after a redirect
        assert target == claim.id and response.status_code == 302
        assert stored.status == {"grant": "granted", "refuse": "refused"}[data["decision"]]
        assert stored.decided_by_id is not None
        assert (user.organisation_id is not None) == (stored.status == "granted")
        assert not any(ch in stored.note for ch in BIDI), repr(stored.note)


QUEUE_FILTER = {"municipality": hostile(choice("", "0680", "0686")),
                "resource_class": hostile(choice("", "sawdust")),
                "focus": hostile(choice("", "circular", "social")), "page": hostile(numbers())}


@given(args=some_of({}, QUEUE_FILTER), path=st.sampled_from(["/broker/", "/broker/approvals"]))
def test_the_broker_queue_and_approvals_take_any_query(app, db, factory, args, path):
    if not count(db, Listing):
        factory.suggestion(factory.listing(kind="offer"), factory.listing(kind="need"))
    broker = login(app, factory.broker())
    response = answered(broker.get(path, query_string=raw(args)), (200, 400))
    assert response.status_code == 400 or "<main" in html(response)


# -- the API and the commands -------------------------------------------------------------------------------

# (no line break: HTTP cannot carry one inside a header, and the test client refuses to try)
KEYS = st.one_of(texts(80), st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=300))


@given(key=KEYS.map(lambda key: key.replace("\r", "").replace("\n", "")), twice=st.booleans())
def test_the_apis_idempotency_key_takes_anything_and_makes_at_most_one_listing_per_key(app, db, factory, key,
                                                                                      twice):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": factory.user().email, "password": PASSWORD}
                       ).status_code == 302
    body = json.dumps({**VALID_LISTING, "title": "Pallar via API"})
    try:
        headers = {"Idempotency-Key": key.encode("latin-1").decode("latin-1")}
    except UnicodeEncodeError:
        headers = {"Idempotency-Key": key.encode("utf-8").decode("latin-1")}  # bytes a client could send
    before = count(db, Listing)
    answers = [client.post("/api/v1/listings", data=body, content_type="application/json", headers=headers)
               for _ in range(2 if twice else 1)]
    for response in answers:
        assert response.status_code in (201, 200, 400, 422), response.status_code
        assert response.is_json and "Traceback" not in response.get_data(as_text=True)
        event(f"status {response.status_code}")
    made = count(db, Listing) - before
    assert made == (1 if answers[0].status_code == 201 else 0)


@given(command=st.one_of(
    st.tuples(st.just("notify"), st.just("digest"), st.just("--days"),
              st.one_of(st.integers(-10**20, 10**20).map(str), texts(10)), st.just("--min-score"),
              st.one_of(numbers(), st.sampled_from(["nan", "inf", "-inf", "1e999"]))),
    st.tuples(st.just("match-file"), st.just("/nonexistent/x.csv"), st.just("--top"),
              st.one_of(st.integers(-10**20, 10**20).map(str), texts(10))),
    st.tuples(st.just("purge"), st.sampled_from(["--dry-run", "--json", "--bogus"])),
    # (no NUL byte: a command line cannot carry one)
    st.tuples(st.just("backup"), st.sampled_from(["", "/", ".", "/nonexistent/dir/x.db", "/proc/x.db",
                                                  "/proc", "--overwrite"])),
))
def test_the_other_commands_take_bad_arguments_without_a_traceback(runner, db, factory, command):
    if not count(db, User):
        factory.user()
    users = count(db, User)
    args = list(command) if command[0] != "purge" else [command[0], "--dry-run", command[1]]
    result = runner.invoke(args=args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    event(f"{command[0]} exit {result.exit_code}")
    assert count(db, User) == users


def test_notes_messages_and_descriptions_of_claims_and_exchanges_are_stored_without_bidi_controls(
        app, db, factory, proposed_exchange):
    # Found by the claim property above: a broker's note (and the claim's message, an exchange's
    # description and verification note) kept direction-changing characters; they now go through
    # validators.clean_text like every other text.
    hostile_text = "Jag \u202eär vd\u202c\u200b."
    org = factory.organisation(org_number=valid_org_number(4713))
    loner = factory.user(organisation=None)
    loner.organisation = None
    db.session.commit()
    login(app, loner).post("/auth/claim", data={"org_number": org.org_number, "message": hostile_text})
    claim = db.session.scalars(select(ClaimRequest)).one()
    broker = proposed_exchange["broker_client"]
    assert broker.post(f"/broker/claims/{claim.id}/decision",
                       data={"decision": "refuse", "note": hostile_text}).status_code == 302
    ex_id = proposed_exchange["exchange"].id
    buyer = proposed_exchange["buyer_client"]
    buyer.post(f"/exchanges/{ex_id}/confirm", data={"version": exchange_row(db, ex_id)[0]})
    assert broker.post(f"/exchanges/{ex_id}/verify", data={"version": exchange_row(db, ex_id)[0],
                                                           "note": hostile_text}).status_code == 302
    token = token_of(html(broker.get("/exchanges/record")))
    assert broker.post("/exchanges/record", data={"submission": token, **outside_data(proposed_exchange),
                                                  "description": hostile_text}).status_code == 302
    db.session.expire_all()
    claim = db.session.get(ClaimRequest, claim.id)
    exchanges = db.session.scalars(select(Exchange).order_by(Exchange.id)).all()
    stored = [claim.message, claim.note, exchanges[0].verified_note, exchanges[1].description]
    assert stored == ["Jag är vd."] * 4, stored
