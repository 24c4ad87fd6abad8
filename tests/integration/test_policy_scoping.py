"""One rule for who sees which listing: `policy.visible_listings(user)` (the query) agrees with
`policy.can(user, "view", listing)` (the single listing) for every role x visibility x status, and
browse, the API list and the listing page show exactly what the rule allows."""
import itertools
import re

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from siru_exchange import policy
from siru_exchange.models import Listing

ROLES = ["visitor", "owner member", "other member", "broker", "admin", "researcher"]
VISIBILITIES = ["public", "members", "anonymous"]
STATUSES = ["active", "paused", "closed"]

# What each role may open, by (visibility, status): the product's rule written out as a table, so a
# change to the rule has to change this table too.
ALL = {(v, s) for v in VISIBILITIES for s in STATUSES}
ACTIVE_FOR_VISITOR = {("public", "active"), ("anonymous", "active")}
ACTIVE_FOR_MEMBER = ACTIVE_FOR_VISITOR | {("members", "active")}
EXPECTED_VIEW = {
    "visitor": ACTIVE_FOR_VISITOR,
    "owner member": ALL,
    "other member": ACTIVE_FOR_MEMBER,
    "broker": ALL,
    "admin": ALL,
    "researcher": ACTIVE_FOR_MEMBER,
}


def _make_user(factory, role, owner):
    if role == "visitor":
        return AnonymousUserMixin()
    if role == "owner member":
        return factory.user(organisation=owner)
    if role == "other member":
        return factory.user()
    return factory.user(organisation=None, role=role)


def _grid(factory, owner) -> dict[tuple[str, str], Listing]:
    return {
        (visibility, status): factory.listing(organisation=owner, visibility=visibility, status=status,
                                              title=f"Sågspån cell-{visibility}-{status}")
        for visibility, status in itertools.product(VISIBILITIES, STATUSES)
    }


@pytest.mark.parametrize("role", ROLES)
def test_visible_listings_agrees_with_can_view_and_the_pages(role, client, auth, factory, db):
    owner = factory.organisation()
    grid = _grid(factory, owner)
    user = _make_user(factory, role, owner)
    in_query = set(db.session.scalars(select(Listing.id).where(policy.visible_listings(user))))
    listed = set(db.session.scalars(select(Listing.id).where(policy.visible_listings(user, listed=True))))

    for cell, listing in grid.items():
        may_view = policy.can(user, "view", listing)
        assert may_view == (cell in EXPECTED_VIEW[role]), (role, cell)
        assert (listing.id in in_query) == may_view, (role, cell)
        # Lists and counts show the active listings a user may view, for every role alike.
        assert (listing.id in listed) == (may_view and listing.status == "active"), (role, cell)

    if role != "visitor":
        auth.login(user.email)
    browse = client.get("/listings/").get_data(as_text=True)
    shown_in_browse = set(re.findall(r"cell-(\w+-\w+)", browse))
    api = client.get("/api/v1/listings?per_page=100").get_json()
    shown_in_api = {item["id"] for item in api["items"]}
    for cell, listing in grid.items():
        listed_here = listing.id in listed
        assert ("-".join(cell) in shown_in_browse) == listed_here, (role, cell, "browse")
        assert (listing.public_id in shown_in_api) == listed_here, (role, cell, "api")
        expected = 200 if listing.id in in_query else 404
        assert client.get(f"/listings/{listing.public_id}").status_code == expected, (role, cell, "page")
        assert client.get(f"/api/v1/listings/{listing.public_id}").status_code == expected, (
            role,
            cell,
            "api",
        )
    assert api["total"] == len(listed)


@pytest.mark.parametrize("role", ROLES)
def test_home_counters_count_what_browse_lists(role, client, auth, factory):
    owner = factory.organisation()
    _grid(factory, owner)
    user = _make_user(factory, role, owner)
    if role != "visitor":
        auth.login(user.email)
    total = client.get("/api/v1/listings?per_page=100").get_json()["total"]
    assert total == len(EXPECTED_VIEW[role] & {(v, "active") for v in VISIBILITIES})
    from siru_exchange.services import stats

    counts = stats.visible_counts(user)
    assert counts["offers"] + counts["needs"] == total


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_and_brokers_see_suggestions_on_the_listing_page(role, client, auth, factory):
    owner = factory.organisation()
    listing = factory.listing(organisation=owner)
    user = _make_user(factory, role, owner)
    assert policy.can(user, "see_suggestions", listing) == (role in ("owner member", "broker", "admin"))
