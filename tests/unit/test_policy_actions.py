"""`policy.can` answers only the questions it knows; an unknown one is a programming error, not a no."""
import pytest
from flask_login import AnonymousUserMixin

from siru_exchange import policy
from siru_exchange.models import Introduction, Listing


@pytest.mark.parametrize("obj", [Listing(), Introduction(), None])
def test_can_raises_on_an_unknown_action(obj):
    with pytest.raises(ValueError, match="unknown action"):
        policy.can(AnonymousUserMixin(), "fly", obj)


def test_listing_actions_are_known():
    listing = Listing(status="active", visibility="public", organisation_id=1)
    for action in ("view", "see_owner", "edit", "see_suggestions", "request_introduction"):
        assert policy.can(AnonymousUserMixin(), action, listing) in (True, False)


def test_impact_actions_are_known():
    from siru_exchange.models import Organisation

    org = Organisation(id=1)
    assert policy.can(AnonymousUserMixin(), "see_impact_details") is False
    assert policy.can(AnonymousUserMixin(), "see_organisation_impact", org) is False
    assert policy.can(AnonymousUserMixin(), "share_badge", org) is False
