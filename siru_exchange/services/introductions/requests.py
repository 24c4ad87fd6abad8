"""A member's request for an introduction about a listing, and a broker passing a request on an
anonymous listing on to its organisation."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...extensions import db
from ...models import Introduction, IntroductionParty, Listing, Suggestion
from .. import audit, notifications
from ..errors import NotAllowed
from ._common import (
    Refused,
    _check_version,
    _clean_note,
    _commit,
    _event,
    _flush,
    _now,
    _open_for,
    _open_request,
    _party_users,
)


def request_introduction(
    user, listing_id: int | None = None, suggestion_id: int | None = None, note: str = ""
) -> Introduction:
    """A member asks to be put in touch about a listing (or the other side of a suggestion).

    On a public or members' listing the request goes straight to its organisation; on an anonymous
    one it waits in the broker queue, and the requester learns nothing about who is behind it.
    """
    own_listing = None
    if suggestion_id is not None:
        own_listing, listing = _sides(user, suggestion_id)
    else:
        listing = db.session.get(Listing, listing_id) if listing_id is not None else None
    _check_may_request(user, listing)
    note = _clean_note(note)
    existing = _open_request(listing.id, user.organisation_id)
    if existing is not None:
        raise Refused(_already_asked(), existing)
    if suggestion_id is None:
        found = _best_suggestion_between(listing, user.organisation_id)
        if found is not None:
            suggestion_id = found.id
            own_listing = found.offer if found.need_id == listing.id else found.need
    if suggestion_id is not None:
        # A broker has already put the two in touch for this suggestion: a request would open a
        # second introduction of the same pair (a walk found 31 and 32 side by side).
        brokered = _open_for(Introduction.suggestion_id, suggestion_id)
        if brokered is not None:
            raise Refused(_("These organisations have already been introduced for this suggestion."),
                          brokered)
    introduction = Introduction(
        kind="request",
        status="proposed",
        needs_broker=listing.is_anonymous,
        listing_id=listing.id,
        requested_by_id=user.organisation_id,
        created_by_id=user.id,
        suggestion_id=suggestion_id,
    )
    introduction.parties = _request_parties(user, listing, own_listing)
    db.session.add(introduction)
    _event(introduction, "requested", user, user.organisation_id, note)
    try:
        db.session.flush()
    except IntegrityError:
        # A parallel post of the same request won the partial unique index: answer with that one.
        db.session.rollback()
        raise Refused(_already_asked(), _open_request(listing.id, user.organisation_id)) from None
    if introduction.needs_broker:
        outgoing = notifications.notify(notifications.brokers(), "introduction", "queued", introduction, user)
    else:
        outgoing = notifications.notify(
            notifications.members_of(listing.organisation_id), "introduction", "requested", introduction, user
        )
    db.session.commit()
    notifications.deliver(outgoing)
    return introduction


def _check_may_request(user, listing: Listing | None) -> None:
    """NotAllowed for a listing the user cannot see; Refused, saying why, when it cannot be asked for."""
    if listing is None or not policy.can(user, "view", listing):
        raise NotAllowed()
    if not policy.can(user, "request_introduction", listing):
        if getattr(user, "organisation_id", None) == listing.organisation_id:
            raise Refused(_("This is your own organisation's listing."))
        if not getattr(user, "organisation_id", None):
            raise Refused(_("Only members of an organisation can ask for an introduction."))
        raise Refused(_("This listing is not open for introductions now."))


def _request_parties(user, listing: Listing, own_listing: Listing | None) -> list[IntroductionParty]:
    """The requester (who accepts by asking) and the listing's organisation (asked to answer)."""
    return [
        IntroductionParty(
            organisation_id=user.organisation_id,
            listing=own_listing,
            anonymous=bool(own_listing is not None and own_listing.is_anonymous),
            consent="accepted",
            answered_by_id=user.id,
            answered_at=_now(),
        ),
        IntroductionParty(
            organisation_id=listing.organisation_id,
            listing=listing,
            anonymous=listing.is_anonymous,
            consent="pending",
        ),
    ]


def _sides(user, suggestion_id: int) -> tuple[Listing, Listing]:
    """(the user's organisation's listing, the other side's) of a suggestion; NotAllowed otherwise."""
    suggestion = db.session.get(Suggestion, suggestion_id)
    sides = suggestion.listings_for(getattr(user, "organisation_id", None)) if suggestion else None
    if sides is None:
        raise NotAllowed()
    return sides


def requested_listing(
    user, listing_ref: str | None = None, suggestion_id: int | None = None
) -> Listing | None:
    """The listing a request would be about (the given one, or the other side of the user's
    suggestion), if the user may see it; None otherwise (the view answers 404)."""
    if suggestion_id is not None:
        try:
            listing = _sides(user, suggestion_id)[1]
        except NotAllowed:
            return None
    else:
        listing = (
            db.session.scalar(select(Listing).where(Listing.public_id == listing_ref))
            if listing_ref
            else None
        )
    if listing is None or not policy.can(user, "view", listing):
        return None
    return listing


def _already_asked() -> str:
    return _("Your organisation has already asked for an introduction about this listing.")


def _best_suggestion_between(listing: Listing, organisation_id: int) -> Suggestion | None:
    """The strongest current suggestion pairing this listing with one of the organisation's own, so that
    a request made from the listing page takes that suggestion off the broker queue."""
    own = select(Listing.id).where(Listing.organisation_id == organisation_id)
    return db.session.scalar(
        select(Suggestion)
        .where(
            Suggestion.current.is_(True),
            or_(
                (Suggestion.offer_id == listing.id) & Suggestion.need_id.in_(own),
                (Suggestion.need_id == listing.id) & Suggestion.offer_id.in_(own),
            ),
        )
        .order_by(Suggestion.score.desc(), Suggestion.id)
        .limit(1)
    )


def open_request_for(user, listing: Listing) -> Introduction | None:
    """The user's organisation's open request about this listing, if any (the listing page links it)."""
    org = getattr(user, "organisation_id", None)
    if org is None:
        return None
    return _open_request(listing.id, org)


def take_request(broker, introduction: Introduction, note: str, expected_version: int | None) -> Introduction:
    """A broker passes a member's request on an anonymous listing on to the listing's organisation."""
    if not policy.can(broker, "broker"):
        raise NotAllowed()
    note = _clean_note(note)
    if not introduction.needs_broker or introduction.status != "proposed":
        raise Refused(
            _("This request has already been passed on or closed; nothing was changed."), introduction
        )
    _check_version(introduction, expected_version)
    introduction.needs_broker = False
    introduction.broker_id = broker.id
    _event(introduction, "taken_on", broker, None, note)
    audit.record(broker, "introduction.passed_on", introduction, {"listing_id": introduction.listing_id})
    requester = introduction.requested_by_id
    _flush(introduction)
    outgoing = notifications.notify(
        _party_users(introduction, exclude_org=requester), "introduction", "taken_on", introduction, broker
    )
    # The requester learns that its request is on its way (still without the name behind the listing).
    outgoing += notifications.notify(
        notifications.members_of(requester) if requester else [], "answer", "passed_on", introduction, broker
    )
    _commit(introduction)
    notifications.deliver(outgoing)
    return introduction
