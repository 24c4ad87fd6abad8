"""Every route and method of the URL map, asked by every role, answers as `route_table.py` says; a
route without a row fails. Also: a method a route does not take answers 405, and every POST refuses a
request without its CSRF token."""

from datetime import date
from decimal import Decimal

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from siru_exchange.models import ClaimRequest, Notification
from siru_exchange.services import exchanges, introductions, knowledge
from tests.factories import PASSWORD

from .route_table import LOGIN, ROLES, ROUTES, expected

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def url_map_routes(app) -> dict[str, object]:
    """{"METHOD /rule": rule} for every route and method the app serves."""
    found = {}
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - SKIPPED_METHODS):
            found[f"{method} {rule.rule}"] = rule
    return found


def test_every_route_and_method_has_one_row(app):
    keys = [row["route"] for row in ROUTES]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    served = url_map_routes(app)
    missing = sorted(set(served) - set(keys))
    stale = sorted(set(keys) - set(served))
    stubs = "\n".join(f'    {{"route": "{k}", "anonymous": LOGIN, "signed_in": 200}},' for k in missing)
    assert not missing, f"routes without a row in tests/integration/route_table.py:\n{stubs}"
    assert not stale, f"rows for routes that no longer exist: {stale}"
    assert not duplicates, f"routes with two rows: {duplicates}"
    for row in ROUTES:
        for role in ROLES:
            expected(row, role)  # every role has an answer


@pytest.fixture
def world(factory, db):
    owner_org = factory.organisation(name="Ägarens Såg AB")
    third_org = factory.organisation(name="Tredje Värme AB")
    fourth_org = factory.organisation(name="Fjärde Gård AB")
    users = {
        "owner": factory.user(organisation=owner_org),
        "other": factory.user(),
        "broker": factory.broker(),
        "admin": factory.user(organisation=None, role="admin"),
        "researcher": factory.user(organisation=None, role="researcher"),
    }
    third = factory.user(organisation=third_org)
    offer = factory.listing(organisation=owner_org, kind="offer")
    need = factory.listing(organisation=third_org, kind="need", title="Biobränsle sökes")
    fourth_offer = factory.listing(organisation=fourth_org, kind="offer", title="Gödsel")
    anonymous = factory.listing(organisation=owner_org, kind="need", title="Halm", visibility="anonymous")
    suggestion = factory.suggestion(offer, need)
    chain = factory.chain([(offer, need), (fourth_offer, anonymous)])
    intro = introductions.introduce_suggestion(users["broker"], suggestion.id, "")
    request = introductions.request_introduction(third, listing_id=anonymous.id)
    notification = db.session.scalar(db.select(Notification).where(Notification.user_id == users["owner"].id))
    claimant = factory.user(organisation=None, email="claimant@example.se")
    claim = ClaimRequest(user=claimant, org_number=owner_org.org_number, organisation=owner_org,
                         message="Jag är VD.")
    db.session.add(claim)
    db.session.commit()
    # A deal the broker recorded between the owner and the third organisation (confirmed at once).
    exchange = exchanges.record_outside(users["broker"], exchanges.ExchangeInput(
        resource_class="sawdust", supplier_id=owner_org.id, receiver_id=third_org.id, quantity=Decimal("12"),
        unit="tonne", frequency="yearly", started_on=date(2026, 1, 1)))
    proposal = knowledge.propose(users["broker"], knowledge.ProposalInput(
        kind="synonym", class_id="sawdust", phrase="fnaskull", language="sv", suggestion_id=suggestion.id))
    objects = {
        "proposal_id": proposal.id, "listing_id": offer.public_id, "introduction_id": intro.id,
        "request": request.id,
        "suggestion_id": suggestion.id, "target_id": suggestion.id, "chain": chain.id,
        "org_id": owner_org.id, "notification_id": notification.id, "filename": "css/site.css",
        "claim_id": claim.id, "token": "not-a-signed-token", "exchange_id": exchange.id, "year": 2026,
    }
    return users, objects


def _url(rule, row: dict, objects: dict) -> str:
    chosen = row.get("params", {})
    defaults = rule.defaults or {}
    values = {arg: objects[chosen.get(arg, arg)] for arg in rule.arguments if arg not in defaults}
    values.update(defaults)
    path = rule.build(values, append_unknown=False)[1]
    return path + (f"?{row['query']}" if row.get("query") else "")


def _client(app, user):
    client = app.test_client()
    if user is not None:
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, f"{user.email} could not log in"
    return client


def _answer(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/auth/login" in location:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(app, world, role):
    users, objects = world
    user = users.get(role)
    served = url_map_routes(app)
    client = _client(app, user)
    wrong = []
    for row in ROUTES:
        method, _sep, _rule = row["route"].partition(" ")
        url = _url(served[row["route"]], row, objects)
        body = {"json": row["json"]} if "json" in row else {"data": row.get("data", {})}
        response = client.open(url, method=method, **body)
        got, want = _answer(response), expected(row, role)
        if got != want:
            wrong.append(f"{row['route']} ({url}): expected {want}, got {got}")
        if row.get("ends_session"):
            client = _client(app, user)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_a_method_a_route_does_not_take_answers_405(app, world):
    users, objects = world
    client = _client(app, users["admin"])  # an admin passes every blueprint's guard
    adapter = app.url_map.bind("localhost")
    checked = 0
    for rule in app.url_map.iter_rules():
        url = _url(rule, {}, objects)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            try:
                adapter.match(url, method=method)
            except MethodNotAllowed:
                response = client.open(url, method=method)
                assert response.status_code == 405, f"{method} {url}: {response.status_code}"
                checked += 1
            except NotFound:  # pragma: no cover - every URL here was built from its rule
                raise
    assert checked > 50


def test_every_post_without_its_csrf_token_is_refused(app, world):
    users, objects = world
    served = url_map_routes(app)
    clients = {"anonymous": app.test_client(), "owner": _client(app, users["owner"]),
               "broker": _client(app, users["broker"])}
    app.config["WTF_CSRF_ENABLED"] = True
    posts = [row for row in ROUTES if row["route"].startswith("POST ")]
    try:
        for row in posts:
            url = _url(served[row["route"]], row, objects)
            for role, client in clients.items():
                body = {"json": row["json"]} if "json" in row else {"data": row.get("data", {})}
                response = client.post(url, **body)
                status = response.status_code
                assert status == 400, f"{role} POST {url} without a token: {status}"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert len(posts) >= 25
