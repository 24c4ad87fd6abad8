"""Introductions: a member's request or a broker's introduction, each side's consent, the status
pipeline with its recorded events, the broker's queue and private notes, and the pipeline views.

Every change carries the introduction's version (optimistic locking). An action in the wrong state
or by the wrong side raises `Refused` with a message for the user and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import policy
from ..extensions import db
from ..models import (
    BrokerNote,
    Chain,
    Introduction,
    IntroductionEvent,
    IntroductionParty,
    Listing,
    Organisation,
    Suggestion,
)
from ..models.introduction import NEXT_STATUS, OPEN_STATUSES, STATUSES
from . import notifications, reference
from .errors import Conflict, NotAllowed, ServiceError, ValidationFailed

MAX_NOTE = 1000
MAX_BROKER_NOTE = 5000
QUEUE_LIMIT = 50
CHAIN_QUEUE_LIMIT = 20
SOCIAL_GROUPS = ("social", "competence", "staff_time")
FOCUSES = ("circular", "social")


class Refused(ServiceError):
    """The action is not possible in this state or by this side. `message` tells the user why;
    `introduction` is the one it concerns, when there is one to show."""

    def __init__(self, message: str, introduction: Introduction | None = None):
        super().__init__(message)
        self.message = message
        self.introduction = introduction


def _now() -> datetime:
    return datetime.now(UTC)


def _clean_note(note: str | None, field: str = "note", maximum: int = MAX_NOTE) -> str:
    note = (note or "").strip()
    if len(note) > maximum:
        raise ValidationFailed(
            {field: _("Keep the note under %(max)d characters (now %(n)d).", max=maximum, n=len(note))}
        )
    return note


def _options():
    return [
        selectinload(Introduction.parties).joinedload(IntroductionParty.organisation),
        selectinload(Introduction.parties).joinedload(IntroductionParty.listing),
        joinedload(Introduction.listing),
    ]


def get_visible(user, introduction_id: int) -> Introduction | None:
    """The introduction if this user may see it, else None (the view answers 404)."""
    introduction = db.session.get(Introduction, introduction_id, options=_options())
    if introduction is None or not policy.can(user, "view", introduction):
        return None
    return introduction


def _event(
    introduction: Introduction, action: str, user, organisation_id: int | None = None, note: str = ""
) -> None:
    introduction.events.append(
        IntroductionEvent(
            action=action,
            status=introduction.status,
            actor_id=getattr(user, "id", None),
            organisation_id=organisation_id,
            note=note,
            created_at=_now(),
        )
    )


def _check_version(introduction: Introduction, expected_version: int | None) -> None:
    if expected_version is None or introduction.version != expected_version:
        raise Conflict(introduction)


def _flush(introduction: Introduction) -> None:
    """Write the change now, where a concurrent change of the same introduction is caught (a Conflict
    that writes nothing), not at the autoflush of a later query."""
    introduction.updated_at = _now()
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Introduction, introduction.id)) from None


def _commit(introduction: Introduction) -> None:
    """Commit; a concurrent change of the same introduction is a Conflict and writes nothing."""
    introduction.updated_at = _now()  # every change bumps the version, even one on a party only
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Introduction, introduction.id)) from None


def _party_users(introduction: Introduction, exclude_org: int | None = None) -> list:
    users = []
    for party in introduction.parties:
        if party.organisation_id != exclude_org:
            users.extend(notifications.members_of(party.organisation_id))
    return users


def _broker_users(introduction: Introduction) -> list:
    return [introduction.broker] if introduction.broker is not None else []


# -- starting an introduction ----------------------------------------------------------------------


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
    if listing is None or not policy.can(user, "view", listing):
        raise NotAllowed()
    if not policy.can(user, "request_introduction", listing):
        if getattr(user, "organisation_id", None) == listing.organisation_id:
            raise Refused(_("This is your own organisation's listing."))
        if not getattr(user, "organisation_id", None):
            raise Refused(_("Only members of an organisation can ask for an introduction."))
        raise Refused(_("This listing is not open for introductions now."))
    note = _clean_note(note)
    existing = _open_request(listing.id, user.organisation_id)
    if existing is not None:
        raise Refused(_already_asked(), existing)
    if suggestion_id is None:
        found = _best_suggestion_between(listing, user.organisation_id)
        if found is not None:
            suggestion_id = found.id
            own_listing = found.offer if found.need_id == listing.id else found.need
    introduction = Introduction(
        kind="request",
        status="proposed",
        needs_broker=listing.is_anonymous,
        listing_id=listing.id,
        requested_by_id=user.organisation_id,
        created_by_id=user.id,
        suggestion_id=suggestion_id,
    )
    introduction.parties = [
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


def _sides(user, suggestion_id: int) -> tuple[Listing, Listing]:
    """(the user's organisation's listing, the other side's) of a suggestion; NotAllowed otherwise."""
    suggestion = db.session.get(Suggestion, suggestion_id)
    sides = suggestion.listings_for(getattr(user, "organisation_id", None)) if suggestion else None
    if sides is None:
        raise NotAllowed()
    return sides


def requested_listing(user, listing_ref: str | None = None, suggestion_id: int | None = None) -> Listing | None:
    """The listing a request would be about (the given one, or the other side of the user's
    suggestion), if the user may see it; None otherwise (the view answers 404)."""
    if suggestion_id is not None:
        try:
            listing = _sides(user, suggestion_id)[1]
        except NotAllowed:
            return None
    else:
        listing = db.session.scalar(select(Listing).where(Listing.public_id == listing_ref)) if listing_ref else None
    if listing is None or not policy.can(user, "view", listing):
        return None
    return listing


def _already_asked() -> str:
    return _("Your organisation has already asked for an introduction about this listing.")


def _open_request(listing_id: int, organisation_id: int) -> Introduction | None:
    return db.session.scalar(
        select(Introduction).where(
            Introduction.kind == "request",
            Introduction.listing_id == listing_id,
            Introduction.requested_by_id == organisation_id,
            Introduction.status.in_(OPEN_STATUSES),
        )
    )


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


def _open_for(column, value) -> Introduction | None:
    return db.session.scalar(
        select(Introduction).where(column == value, Introduction.status.in_(OPEN_STATUSES))
    )


def _start_brokered(broker, parties: list[IntroductionParty], note: str, **fields) -> Introduction:
    introduction = Introduction(
        kind="broker",
        status="proposed",
        needs_broker=False,
        created_by_id=broker.id,
        broker_id=broker.id,
        **fields,
    )
    introduction.parties = parties
    db.session.add(introduction)
    _event(introduction, "proposed", broker, None, note)
    db.session.flush()
    outgoing = notifications.notify(
        _party_users(introduction), "introduction", "proposed", introduction, broker
    )
    db.session.commit()
    notifications.deliver(outgoing)
    return introduction


def _broker_target(broker, model, object_id: int, note: str):
    """What a broker introduces around (a suggestion or a chain) and the cleaned note; NotAllowed for
    anyone but a broker and for an id that does not exist."""
    if not policy.can(broker, "broker"):
        raise NotAllowed()
    target = db.session.get(model, object_id)
    if target is None:
        raise NotAllowed()
    return target, _clean_note(note)


def introduce_suggestion(broker, suggestion_id: int, note: str = "") -> Introduction:
    """A broker introduces the two organisations of a suggestion to each other."""
    suggestion, note = _broker_target(broker, Suggestion, suggestion_id, note)
    existing = _open_for(Introduction.suggestion_id, suggestion.id)
    if existing is not None:
        raise Refused(_("These organisations have already been introduced for this suggestion."), existing)
    offer, need = suggestion.offer, suggestion.need
    if offer.status != "active" or need.status != "active":
        raise Refused(_("One of the listings is no longer active, so they cannot be introduced."))
    parties = [
        IntroductionParty(
            organisation_id=lst.organisation_id, listing=lst, anonymous=lst.is_anonymous, consent="pending"
        )
        for lst in (offer, need)
    ]
    return _start_brokered(broker, parties, note, suggestion_id=suggestion.id, listing_id=need.id)


def introduce_chain(broker, chain_id: int, note: str = "") -> Introduction:
    """A broker introduces the 3-4 organisations of a circular chain to each other."""
    chain, note = _broker_target(broker, Chain, chain_id, note)
    existing = _open_for(Introduction.chain_id, chain.id)
    if existing is not None:
        raise Refused(_("The organisations of this chain have already been introduced."), existing)
    listings = {}
    for offer_id, need_id in chain.links:
        for listing_id in (offer_id, need_id):
            listing = db.session.get(Listing, listing_id)
            if listing is None or listing.status != "active":
                raise Refused(_("One of the listings is no longer active, so they cannot be introduced."))
            listings.setdefault(listing.organisation_id, []).append(listing)
    parties = []
    for org_id in dict.fromkeys(chain.organisation_ids):
        own = listings.get(org_id, [])
        anonymous = any(lst.is_anonymous for lst in own)
        # An anonymous party is shown by its anonymous listing only: a public listing of the same
        # organisation would name it to the others.
        shown = [lst for lst in own if lst.is_anonymous] if anonymous else own
        offers = [lst for lst in shown if lst.kind == "offer"]
        parties.append(
            IntroductionParty(
                organisation_id=org_id,
                listing=(offers or shown or [None])[0],
                anonymous=anonymous,
                consent="pending",
            )
        )
    if len(parties) < 2:
        raise Refused(_("A chain needs at least two organisations."))
    return _start_brokered(broker, parties, note, chain_id=chain.id)


def introduction_target(broker, kind: str, object_id: int) -> dict | None:
    """What the broker's introduce page shows: the suggestion or the chain and its organisations;
    None when there is no such thing or the user is not a broker (the view answers 404)."""
    if not policy.can(broker, "broker") or kind not in INTRODUCE:
        return None
    target = db.session.get(Suggestion if kind == "suggestion" else Chain, object_id)
    if target is None:
        return None
    if kind == "suggestion":
        organisations = [target.offer.organisation, target.need.organisation]
        return {"suggestion": target, "chain": None, "organisations": organisations}
    organisations = [db.session.get(Organisation, o) for o in target.organisation_ids]
    return {"suggestion": None, "chain": target, "organisations": [o for o in organisations if o is not None]}


def introduce(broker, kind: str, object_id: int, note: str = "") -> Introduction:
    """A broker introduces the organisations of a suggestion ("suggestion") or a chain ("chain")."""
    if kind not in INTRODUCE:
        raise NotAllowed()
    return INTRODUCE[kind](broker, object_id, note)


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


INTRODUCE = {"suggestion": introduce_suggestion, "chain": introduce_chain}


# -- consent and the pipeline ----------------------------------------------------------------------


def answer(user, introduction: Introduction, accept: bool, expected_version: int | None) -> Introduction:
    """The user's organisation accepts or declines. When every party has accepted the introduction is
    accepted and the contact details are shown; one decline ends it."""
    if not policy.can(user, "view", introduction):
        raise NotAllowed()
    party = introduction.party_for(getattr(user, "organisation_id", None))
    if party is None:
        raise Refused(
            _("Only the organisations in this introduction can accept or decline it."), introduction
        )
    if introduction.needs_broker:
        raise Refused(_("A broker has not passed this request on yet."), introduction)
    if party.consent != "pending":
        raise Refused(
            _("Your organisation has already answered this introduction; nothing was changed."), introduction
        )
    if introduction.status != "proposed":
        raise Refused(
            _("This introduction is no longer waiting for answers; nothing was changed."), introduction
        )
    _check_version(introduction, expected_version)
    party.consent = "accepted" if accept else "declined"
    party.answered_by_id, party.answered_at = user.id, _now()
    event = party.consent
    if not accept:
        introduction.status = "declined"
    elif introduction.all_accepted:
        introduction.status = "accepted"
        event = "all_accepted"
    _event(introduction, party.consent, user, party.organisation_id)
    _flush(introduction)
    recipients = _party_users(introduction, exclude_org=party.organisation_id) + _broker_users(introduction)
    outgoing = notifications.notify(recipients, "answer", event, introduction, user)
    _commit(introduction)
    notifications.deliver(outgoing)
    return introduction


def advance(user, introduction: Introduction, status: str, expected_version: int | None) -> Introduction:
    """The next step after acceptance: in dialogue, agreed, realised (a party or a broker)."""
    if not policy.can(user, "view", introduction):
        raise NotAllowed()
    if status not in STATUSES:
        raise ValidationFailed({"status": _("Unknown status.")})
    party = introduction.party_for(getattr(user, "organisation_id", None))
    if party is None and not policy.can(user, "broker"):
        raise Refused(
            _("Only the organisations in this introduction or a broker can change its status."), introduction
        )
    if NEXT_STATUS.get(introduction.status) != status:
        raise Refused(_("That step is not possible now; nothing was changed."), introduction)
    _check_version(introduction, expected_version)
    event = status
    if status == "realised":
        event = _confirm_realised(user, introduction, party)
    else:
        _set_status(user, introduction, status, party.organisation_id if party else None)
    _flush(introduction)
    recipients = _party_users(introduction, exclude_org=party.organisation_id if party else None)
    if party is not None:
        recipients += _broker_users(introduction)
    outgoing = notifications.notify(recipients, "answer", event, introduction, user)
    _commit(introduction)
    notifications.deliver(outgoing)
    return introduction


def _confirm_realised(user, introduction: Introduction, party: IntroductionParty | None) -> str:
    """One party proposes that the exchange is realised, the others confirm; it is realised when every
    party has confirmed. A broker cannot confirm for them. Returns the event to notify."""
    if party is None:
        raise Refused(
            _("Only the organisations in this introduction can confirm that the exchange is realised."),
            introduction,
        )
    if party.confirmed_realised:
        raise Refused(
            _("Your organisation has already confirmed; the others are asked to confirm too."), introduction
        )
    first = not introduction.realised_confirmations
    party.confirmed_realised = True
    if all(p.confirmed_realised for p in introduction.parties):
        _set_status(user, introduction, "realised", party.organisation_id)
        return "realised"
    _event(introduction, "realised_proposed" if first else "realised_confirmed", user, party.organisation_id)
    return "realised_proposed"


def _set_status(user, introduction: Introduction, status: str, organisation_id: int | None) -> None:
    introduction.status = status
    _event(introduction, status, user, organisation_id)


def set_broker_access(user, introduction: Introduction, allow: bool) -> Introduction:
    """A party lets the broker follow the message thread, or stops it. Brokers read only when every
    party allows."""
    if not policy.can(user, "view", introduction):
        raise NotAllowed()
    party = introduction.party_for(getattr(user, "organisation_id", None))
    if party is None:
        raise Refused(_("Only the organisations in this introduction can choose this."), introduction)
    if party.allow_broker != allow:
        party.allow_broker = allow
        _event(
            introduction, "broker_access_on" if allow else "broker_access_off", user, party.organisation_id
        )
        _commit(introduction)
    return introduction


# -- broker notes ----------------------------------------------------------------------------------


def add_broker_note(broker, introduction: Introduction, body: str) -> BrokerNote:
    """A private note for brokers; the parties never see it."""
    if not policy.can(broker, "keep_notes", introduction):
        raise NotAllowed()
    body = (body or "").strip()
    if not body:
        raise ValidationFailed({"body": _("Write the note first.")})
    if len(body) > MAX_BROKER_NOTE:
        raise ValidationFailed(
            {
                "body": _(
                    "Keep the note under %(max)d characters (now %(n)d).", max=MAX_BROKER_NOTE, n=len(body)
                )
            }
        )
    note = BrokerNote(introduction_id=introduction.id, author_id=broker.id, body=body, created_at=_now())
    db.session.add(note)
    db.session.commit()
    return note


def broker_notes(user, introduction: Introduction) -> list[BrokerNote]:
    if not policy.can(user, "keep_notes", introduction):
        return []
    return list(
        db.session.scalars(
            select(BrokerNote)
            .where(BrokerNote.introduction_id == introduction.id)
            .options(joinedload(BrokerNote.author))
            .order_by(BrokerNote.id)
        )
    )


# -- views -----------------------------------------------------------------------------------------


def pipeline(user, status: str | None = None) -> dict[str, list[Introduction]]:
    """Introductions by status: a broker's across the region, a member's across its organisation."""
    stmt = (
        select(Introduction)
        .options(*_options())
        .order_by(Introduction.updated_at.desc(), Introduction.id.desc())
    )
    if not policy.can(user, "broker"):
        org = getattr(user, "organisation_id", None)
        if org is None:
            return {s: [] for s in STATUSES}
        mine = select(IntroductionParty.introduction_id).where(IntroductionParty.organisation_id == org)
        stmt = stmt.where(
            Introduction.id.in_(mine),
            or_(Introduction.needs_broker.is_(False), Introduction.requested_by_id == org),
        )
    if status in STATUSES:
        stmt = stmt.where(Introduction.status == status)
    grouped: dict[str, list[Introduction]] = {s: [] for s in STATUSES}
    for introduction in db.session.scalars(stmt).unique():
        grouped[introduction.status].append(introduction)
    return grouped


def open_request_for(user, listing: Listing) -> Introduction | None:
    """The user's organisation's open request about this listing, if any (the listing page links it)."""
    org = getattr(user, "organisation_id", None)
    if org is None:
        return None
    return _open_request(listing.id, org)


@dataclass(frozen=True)
class QueueFilters:
    municipality: str | None = None
    resource_class: str | None = None
    focus: str | None = None  # "circular" or "social"


def social_classes() -> list[str]:
    """Resource classes of the social, competence and staff-time groups."""
    return sorted(c.id for c in reference.taxonomy().classes.values() if c.group in SOCIAL_GROUPS)


def broker_queue(user, filters: QueueFilters) -> dict:
    """The broker's work: the strongest current suggestions nobody has been introduced for yet, the
    chains, and members' requests on anonymous listings waiting for a broker."""
    if not policy.can(user, "broker"):
        raise NotAllowed()
    offer, need = aliased(Listing), aliased(Listing)
    offer_org, need_org = aliased(Organisation), aliased(Organisation)
    stmt = (
        select(Suggestion)
        .join(offer, Suggestion.offer_id == offer.id)
        .join(need, Suggestion.need_id == need.id)
        .join(offer_org, offer.organisation_id == offer_org.id)
        .join(need_org, need.organisation_id == need_org.id)
        .where(
            Suggestion.current.is_(True),
            offer.status == "active",
            need.status == "active",
            Suggestion.offer_state != "dismissed",
            Suggestion.need_state != "dismissed",
            ~select(Introduction.id).where(Introduction.suggestion_id == Suggestion.id).exists(),
        )
        .options(
            joinedload(Suggestion.offer).joinedload(Listing.organisation),
            joinedload(Suggestion.need).joinedload(Listing.organisation),
        )
        .order_by(Suggestion.score.desc(), Suggestion.id)
    )
    if filters.municipality:
        stmt = stmt.where(
            or_(offer_org.municipality == filters.municipality, need_org.municipality == filters.municipality)
        )
    if filters.resource_class:
        stmt = stmt.where(
            or_(offer.resource_class == filters.resource_class, need.resource_class == filters.resource_class)
        )
    social = social_classes()
    is_social = or_(
        func.coalesce(offer.resource_class, "").in_(social),
        func.coalesce(need.resource_class, "").in_(social),
    )
    if filters.focus == "social":
        stmt = stmt.where(is_social)
    elif filters.focus == "circular":
        stmt = stmt.where(~is_social)
    suggestions = list(db.session.scalars(stmt.limit(QUEUE_LIMIT)).unique())

    chains = []
    if filters.focus != "social" and not filters.resource_class:
        introduced = select(Introduction.chain_id).where(Introduction.chain_id.is_not(None))
        rows = db.session.scalars(
            select(Chain)
            .where(Chain.current.is_(True), Chain.id.not_in(introduced))
            .order_by(Chain.score.desc())
            .limit(CHAIN_QUEUE_LIMIT)
        )
        for chain in rows:
            orgs = [db.session.get(Organisation, o) for o in chain.organisation_ids]
            if any(o is None for o in orgs):
                continue
            if filters.municipality and not any(o.municipality == filters.municipality for o in orgs):
                continue
            chains.append({"chain": chain, "organisations": orgs})

    requests = list(
        db.session.scalars(
            select(Introduction)
            .where(Introduction.needs_broker.is_(True), Introduction.status == "proposed")
            .options(*_options())
            .order_by(Introduction.created_at, Introduction.id)
        ).unique()
    )
    return {"suggestions": suggestions, "chains": chains, "requests": requests}


def counts() -> dict:
    rows = db.session.execute(
        select(Introduction.status, func.count(Introduction.id)).group_by(Introduction.status)
    )
    return {status: n for status, n in rows}
