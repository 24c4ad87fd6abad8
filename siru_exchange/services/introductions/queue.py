"""The broker's queue: the strongest suggestions nobody has been introduced for, the chains, and
members' requests on anonymous listings waiting for a broker; with its filters and the counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, contains_eager, defer

from ... import policy
from ...extensions import db
from ...models import Chain, Introduction, Listing, Organisation, Suggestion
from .. import reference
from ..errors import NotAllowed
from ._common import _options

QUEUE_LIMIT = 50
CHAIN_QUEUE_LIMIT = 20
SOCIAL_GROUPS = ("social", "competence", "staff_time")
FOCUSES = ("circular", "social")


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
    return {
        "suggestions": _queued_suggestions(filters),
        "chains": _queued_chains(filters),
        "requests": _waiting_requests(),
    }


def _queued_suggestions(filters: QueueFilters) -> list[Suggestion]:
    """The QUEUE_LIMIT strongest suggestions left for a broker. One query over suggestions and their two
    listings, the organisations joined only for the municipality filter, and loaded afterwards by
    primary key (one query for all): the earlier nine-table join (joins for the filters plus the same
    tables again for eager loading) cost the planner more than the query (33-42 ms of planning against
    17-20 ms of execution, on every request)."""
    offer, need = aliased(Listing), aliased(Listing)
    stmt = (
        select(Suggestion)
        .join(offer, Suggestion.offer_id == offer.id)
        .join(need, Suggestion.need_id == need.id)
        .where(
            Suggestion.current.is_(True),
            offer.status == "active",
            need.status == "active",
            Suggestion.offer_state != "dismissed",
            Suggestion.need_state != "dismissed",
            ~select(Introduction.id).where(Introduction.suggestion_id == Suggestion.id).exists(),
        )
        .options(
            contains_eager(Suggestion.offer.of_type(offer)).selectinload(offer.organisation),
            contains_eager(Suggestion.need.of_type(need)).selectinload(need.organisation),
            defer(Suggestion.reasons),  # the queue does not show them
        )
        .order_by(Suggestion.score.desc(), Suggestion.id)
    )
    if filters.municipality:
        offer_org, need_org = aliased(Organisation), aliased(Organisation)
        stmt = stmt.join(offer_org, offer.organisation_id == offer_org.id).join(
            need_org, need.organisation_id == need_org.id
        ).where(
            or_(offer_org.municipality == filters.municipality, need_org.municipality == filters.municipality)
        )
    if filters.resource_class:
        stmt = stmt.where(
            or_(offer.effective_class == filters.resource_class,
                need.effective_class == filters.resource_class)
        )
    social = social_classes()
    is_social = or_(
        func.coalesce(offer.effective_class, "").in_(social),
        func.coalesce(need.effective_class, "").in_(social),
    )
    if filters.focus == "social":
        stmt = stmt.where(is_social)
    elif filters.focus == "circular":
        stmt = stmt.where(~is_social)
    return list(db.session.scalars(stmt.limit(QUEUE_LIMIT)))


def _queued_chains(filters: QueueFilters) -> list[dict]:
    if filters.focus == "social" or filters.resource_class:
        return []
    introduced = select(Introduction.chain_id).where(Introduction.chain_id.is_not(None))
    rows = db.session.scalars(
        select(Chain)
        .where(Chain.current.is_(True), Chain.id.not_in(introduced))
        .order_by(Chain.score.desc())
        .limit(CHAIN_QUEUE_LIMIT)
    )
    rows = list(rows)
    wanted = {o for chain in rows for o in chain.organisation_ids}
    # one query for the organisations of every chain shown, not one per organisation
    known = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(wanted)))} \
        if wanted else {}
    chains = []
    for chain in rows:
        orgs = [known.get(o) for o in chain.organisation_ids]
        if any(o is None for o in orgs):
            continue
        if filters.municipality and not any(o.municipality == filters.municipality for o in orgs):
            continue
        chains.append({"chain": chain, "organisations": orgs})
    return chains


def _waiting_requests() -> list[Introduction]:
    """The oldest QUEUE_LIMIT requests waiting for a broker (the rest come up as these are taken)."""
    return list(
        db.session.scalars(
            select(Introduction)
            .where(Introduction.needs_broker.is_(True), Introduction.status == "proposed")
            .options(*_options())
            .order_by(Introduction.created_at, Introduction.id)
            .limit(QUEUE_LIMIT)
        ).unique()
    )


def counts() -> dict:
    rows = db.session.execute(
        select(Introduction.status, func.count(Introduction.id)).group_by(Introduction.status)
    )
    return {status: n for status, n in rows}
