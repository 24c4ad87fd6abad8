"""Authorisation in one place: `can(user, action, obj)`.

Views, services and the API ask this module; none decides by itself. What a user may not see
answers 404 in the blueprints, so that existence does not leak.
"""
from .models import Listing


def _is_member_of(user, organisation_id) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.organisation_id is not None
        and user.organisation_id == organisation_id
    )


def _is_broker(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_broker)


def can_view_listing(user, listing: Listing) -> bool:
    if _is_member_of(user, listing.organisation_id) or _is_broker(user):
        return True
    if listing.status != "active":
        return False
    if listing.visibility == "public" or listing.visibility == "anonymous":
        return True
    return bool(user is not None and getattr(user, "is_authenticated", False))  # members only


def can_see_owner(user, listing: Listing) -> bool:
    """Who is behind a listing: hidden for anonymous listings except to its own organisation and brokers."""
    if listing.visibility != "anonymous":
        return True
    return _is_member_of(user, listing.organisation_id) or _is_broker(user)


def can_edit_listing(user, listing: Listing) -> bool:
    return _is_member_of(user, listing.organisation_id)


def can_post_listing(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.organisation_id)


def can_edit_organisation(user, organisation) -> bool:
    return _is_member_of(user, organisation.id) or bool(user and getattr(user, "is_admin", False))


_RULES = {
    "view": can_view_listing,
    "see_owner": can_see_owner,
    "edit": can_edit_listing,
}


def can(user, action: str, obj=None) -> bool:
    """The one question every layer asks: may `user` do `action` on `obj`?"""
    if action == "post_listing":
        return can_post_listing(user)
    if action == "edit_organisation":
        return can_edit_organisation(user, obj)
    if isinstance(obj, Listing) and action in _RULES:
        return _RULES[action](user, obj)
    raise ValueError(f"unknown action {action!r} on {type(obj).__name__}")
