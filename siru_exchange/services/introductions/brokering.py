"""A broker introduces the organisations of a suggestion or a chain to each other, and keeps private
notes on an introduction."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ... import policy
from ...extensions import db
from ...models import BrokerNote, Chain, Introduction, IntroductionParty, Listing, Organisation, Suggestion
from ...validators import clean_text
from .. import audit, notifications
from ..errors import NotAllowed, ValidationFailed
from ._common import MAX_BROKER_NOTE, Refused, _clean_note, _event, _now, _open_for, _party_users


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
    audit.record(broker, "introduction.proposed", introduction, {
        "suggestion_id": introduction.suggestion_id, "chain_id": introduction.chain_id,
        "organisations": [p.organisation_id for p in parties],
    })
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
    _check_introducible([offer.organisation, need.organisation])
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
    parties = [
        _chain_party(org_id, listings.get(org_id, [])) for org_id in dict.fromkeys(chain.organisation_ids)
    ]
    if len(parties) < 2:
        raise Refused(_("A chain needs at least two organisations."))
    _check_introducible([db.session.get(Organisation, party.organisation_id) for party in parties])
    return _start_brokered(broker, parties, note, chain_id=chain.id)


def _check_introducible(organisations) -> None:
    """Every organisation must be approved by a broker first."""
    if not all(policy.can(None, "be_introduced", org) for org in organisations):
        raise Refused(_("One of the organisations is not approved yet, so it cannot be introduced yet. "
                        "Approve it first under Approvals."))


def _chain_party(org_id: int, own: list[Listing]) -> IntroductionParty:
    """An organisation of a chain, shown by one of its listings in the chain (an offer if it has one)."""
    anonymous = any(lst.is_anonymous for lst in own)
    # An anonymous party is shown by its anonymous listing only: a public listing of the same
    # organisation would name it to the others.
    shown = [lst for lst in own if lst.is_anonymous] if anonymous else own
    offers = [lst for lst in shown if lst.kind == "offer"]
    return IntroductionParty(
        organisation_id=org_id,
        listing=(offers or shown or [None])[0],
        anonymous=anonymous,
        consent="pending",
    )


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


INTRODUCE = {"suggestion": introduce_suggestion, "chain": introduce_chain}


# -- broker notes ----------------------------------------------------------------------------------


def add_broker_note(broker, introduction: Introduction, body: str) -> BrokerNote:
    """A private note for brokers; the parties never see it."""
    if not policy.can(broker, "keep_notes", introduction):
        raise NotAllowed()
    body = clean_text(body, multiline=True)
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
    db.session.flush()
    # The note's text stays in broker_notes: the audit row says that one was written, not what.
    audit.record(broker, "broker_note.added", introduction, {"note_id": note.id, "length": len(body)})
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
