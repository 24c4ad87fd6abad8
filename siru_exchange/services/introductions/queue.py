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
from ..paging import Page, head, paginate
from ._common import _options

QUEUE_LIMIT = 20        # suggestions per page of the queue, and the waiting requests shown
CHAIN_QUEUE_LIMIT = 10  # the strongest chains shown
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


def broker_queue(user, filters: QueueFilters, page: int = 1) -> dict:
    """The broker's work: a page of the strongest current suggestions nobody has been introduced for
    yet, the strongest chains, and the oldest of members' requests on anonymous listings waiting for a
    broker with how many wait in all. Pages of QUEUE_LIMIT: a page of 50 requests, 50 suggestions and
    20 chains was 87 KB to render at 100,000 listings (p95 653 ms under load)."""
    if not policy.can(user, "broker"):
        raise NotAllowed()
    requests, waiting = _waiting_requests()
    return {
        "suggestions": _queued_suggestions(filters, page),
        "chains": _queued_chains(filters) if page == 1 else [],
        "requests": requests,
        "requests_waiting": waiting,
    }


def _queued_suggestions(filters: QueueFilters, page: int = 1) -> Page:
    """A page of QUEUE_LIMIT of the strongest suggestions left for a broker. One query over
    suggestions and their two listings, the organisations joined only for the municipality filter,
    and loaded afterwards by primary key (one query for all): the earlier nine-table join (joins for
    the filters plus the same tables again for eager loading) cost the planner more than the query
    (33-42 ms of planning against 17-20 ms of execution, on every request)."""
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
    return paginate(stmt, page, QUEUE_LIMIT)


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


def _waiting_requests() -> tuple[list[Introduction], tuple[int, bool]]:
    """The oldest QUEUE_LIMIT requests waiting for a broker (the rest come up as these are taken), and
    how many wait in all (count, whether capped: see paging.capped_count)."""
    return head(select(Introduction)
                .where(Introduction.needs_broker.is_(True), Introduction.status == "proposed")
                .order_by(Introduction.created_at, Introduction.id), QUEUE_LIMIT, *_options())


def counts() -> dict:
    rows = db.session.execute(
        select(Introduction.status, func.count(Introduction.id)).group_by(Introduction.status)
    )
    return {status: n for status, n in rows}
