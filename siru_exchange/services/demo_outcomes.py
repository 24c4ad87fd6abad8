"""Demo outcomes (data/demo_seed.json "outcomes"): what members and the broker made of suggestions
between January and November, so that `flask match learn` has labelled pairs to learn from.

Each row names a need and an offer by [organisation, listing title], an `outcome` and the day `on`:
interested and not_relevant are the need side's reaction to the suggestion; requested is a member's
open request for an introduction; accepted, declined and realised are brokered introductions that
reached that status. The suggestion rows are written here with a placeholder score, which the
recompute after the seed replaces (a pair it no longer proposes is kept, as a reacted one is).
These are plausible judgements written for the demo, not observed ones: they exercise the learner,
they do not prove it.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Introduction,
    IntroductionEvent,
    IntroductionParty,
    Listing,
    Organisation,
    Suggestion,
    User,
)
from .errors import ValidationFailed

OUTCOMES = ("interested", "not_relevant", "requested", "accepted", "declined", "realised")
_STATUS = {"requested": "proposed", "accepted": "accepted", "declined": "declined", "realised": "realised"}
_STEPS = {"requested": ["requested"], "accepted": ["proposed", "accepted"],
          "declined": ["proposed", "declined"], "realised": ["proposed", "accepted", "agreed", "realised"]}


def load(rows: list[dict], broker: User) -> int:
    """Write the demo outcomes (in the caller's transaction); the number written."""
    listings = {(org_name, listing.title): listing for listing, org_name in db.session.execute(
        select(Listing, Organisation.name).join(Organisation, Listing.organisation_id == Organisation.id))}
    members = {u.organisation_id: u for u in db.session.scalars(
        select(User).where(User.organisation_id.is_not(None)).order_by(User.id.desc()))}
    for index, row in enumerate(rows, start=1):
        need, offer = listings.get(tuple(row.get("need", ()))), listings.get(tuple(row.get("offer", ())))
        if need is None or offer is None or row.get("outcome") not in OUTCOMES or need.kind != "need" \
                or offer.kind != "offer":
            raise ValidationFailed({f"outcomes[{index}]": "unknown listing or outcome"})
        at = datetime.combine(date.fromisoformat(row["on"]), time(10, 0), tzinfo=UTC)
        suggestion = Suggestion(offer_id=offer.id, need_id=need.id, score=0.0, reasons=[], current=True,
                                computed_at=at)
        outcome = row["outcome"]
        if outcome in ("interested", "not_relevant"):
            suggestion.need_state = "interested" if outcome == "interested" else "dismissed"
            suggestion.reacted_at = at
        else:
            suggestion.need_state, suggestion.reacted_at = "interested", at
        db.session.add(suggestion)
        if outcome in _STATUS:
            db.session.flush()
            _introduction(outcome, suggestion, offer, need, members, broker, at)
    return len(rows)


def _introduction(outcome, suggestion, offer, need, members, broker, at) -> None:
    requester = members[need.organisation_id]
    request = outcome == "requested"
    intro = Introduction(kind="request" if request else "broker", status=_STATUS[outcome],
                         suggestion_id=suggestion.id, listing_id=offer.id if request else None,
                         requested_by_id=need.organisation_id if request else None,
                         created_by_id=requester.id if request else broker.id,
                         broker=None if request else broker, created_at=at, updated_at=at)
    consent = {"requested": "pending", "declined": "declined"}.get(outcome, "accepted")
    intro.parties = [
        IntroductionParty(organisation_id=need.organisation_id, listing_id=need.id,
                          consent="accepted", answered_at=at),
        IntroductionParty(organisation_id=offer.organisation_id, listing_id=offer.id, consent=consent,
                          answered_at=None if consent == "pending" else at,
                          confirmed_realised=outcome == "realised"),
    ]
    intro.parties[0].confirmed_realised = outcome == "realised"
    status = "proposed"
    events = []
    for action in _STEPS[outcome]:
        status = {"accepted": "accepted", "declined": "declined", "agreed": "agreed",
                  "realised": "realised"}.get(action, status)
        events.append(IntroductionEvent(action=action, status=status, created_at=at,
                                        actor_id=requester.id if action == "requested" else broker.id))
    intro.events = events
    db.session.add(intro)
