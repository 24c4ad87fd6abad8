"""Outcomes: what became of offer-need pairs, as labelled rows. The one definition of "outcome" that
the learner (services/learning.py) and the figures for brokers read.

Each row is one signal about one pair (offer listing, need listing):

    source        label  strength  time
    interested      1       1      when the side reacted (a member's "interested")
    not_relevant    0       1      when the side reacted (a member's "not relevant")
    requested       1       2      a member asked for an introduction on the pair
    accepted        1       2      every party accepted the introduction
    declined        0       2      a party declined it
    realised        1       4      the exchange was realised (or confirmed)

``pair_outcomes`` collapses the rows of a pair into one: the strongest signal decides, the later
one among equals (a declined introduction outweighs an earlier "interested"; a realised exchange
outweighs everything). Introductions around a chain, and exchanges a broker recorded without an
introduction, name no offer-need pair of listings and give no row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Exchange, Introduction, Listing, Suggestion
from . import bulk, cache, dashboard, reference

LABEL = {"interested": 1, "not_relevant": 0, "requested": 1, "accepted": 1, "declined": 0, "realised": 1}
STRENGTH = {"interested": 1.0, "not_relevant": 1.0, "requested": 2.0, "accepted": 2.0, "declined": 2.0,
            "realised": 4.0}
SIDE_SOURCES = {"interested": "interested", "dismissed": "not_relevant"}
ACCEPTED_STATUSES = ("accepted", "in_dialogue", "agreed")


@dataclass(frozen=True)
class Outcome:
    """One labelled signal about an offer-need pair."""

    offer_id: int
    need_id: int
    source: str
    label: int
    strength: float
    at: datetime


def _row(offer_id: int, need_id: int, source: str, at: datetime | None) -> Outcome:
    at = at or datetime(1970, 1, 1, tzinfo=UTC)
    if at.tzinfo is None:  # SQLite gives naive datetimes back: they are stored in UTC
        at = at.replace(tzinfo=UTC)
    return Outcome(offer_id, need_id, source, LABEL[source], STRENGTH[source], at)


def outcomes() -> list[Outcome]:
    """Every labelled signal in the database, oldest first."""
    rows = _suggestion_rows() + _introduction_rows()
    rows.sort(key=lambda r: (r.at, r.offer_id, r.need_id, r.source))
    return rows


def pair_outcomes(rows: list[Outcome] | None = None) -> list[Outcome]:
    """One outcome per pair: its strongest signal, the latest among equals; oldest first."""
    best: dict[tuple[int, int], Outcome] = {}
    for r in outcomes() if rows is None else rows:
        key = (r.offer_id, r.need_id)
        held = best.get(key)
        if held is None or (r.strength, r.at) >= (held.strength, held.at):
            best[key] = r
    return sorted(best.values(), key=lambda r: (r.at, r.offer_id, r.need_id))


def _suggestion_rows() -> list[Outcome]:
    stmt = select(Suggestion.offer_id, Suggestion.need_id, Suggestion.offer_state, Suggestion.need_state,
                  Suggestion.reacted_at, Suggestion.computed_at).where(
        or_(Suggestion.offer_state != "new", Suggestion.need_state != "new"))
    out = []
    for row in db.session.execute(stmt):
        for state in (row.offer_state, row.need_state):
            source = SIDE_SOURCES.get(state)
            if source is not None:
                out.append(_row(row.offer_id, row.need_id, source, row.reacted_at or row.computed_at))
    return out


def _introduction_rows() -> list[Outcome]:
    stmt = (select(Introduction).where(Introduction.chain_id.is_(None))
            .options(selectinload(Introduction.parties), selectinload(Introduction.events)))
    intros = list(db.session.scalars(stmt))
    pairs = _pairs_of(intros)
    realised_at = _exchange_times([i.id for i in intros])
    out = []
    for intro in intros:
        pair = pairs.get(intro.id)
        if pair is None:
            continue
        if intro.kind == "request":
            out.append(_row(*pair, "requested", intro.created_at))
        status = intro.status
        if intro.id in realised_at:
            status = "realised"
        if status == "realised":
            out.append(_row(*pair, "realised", realised_at.get(intro.id) or _event_time(intro, "realised")))
        elif status == "declined":
            out.append(_row(*pair, "declined", _event_time(intro, "declined")))
        elif status in ACCEPTED_STATUSES:
            out.append(_row(*pair, "accepted", _event_time(intro, "accepted")))
    return out


def _event_time(intro: Introduction, action: str) -> datetime:
    times = [e.created_at for e in intro.events if e.action == action]
    return max(times) if times else intro.updated_at


def _exchange_times(intro_ids: list[int]) -> dict[int, datetime]:
    """Introduction id -> when its exchange was confirmed (realised), for confirmed exchanges."""
    if not intro_ids:
        return {}
    stmt = select(Exchange.introduction_id, Exchange.confirmed_at, Exchange.created_at).where(
        Exchange.status == "confirmed")
    return {r.introduction_id: r.confirmed_at or r.created_at
            for condition in bulk.in_chunks(Exchange.introduction_id, intro_ids)
            for r in db.session.execute(stmt.where(condition))}


def _pairs_of(intros: list[Introduction]) -> dict[int, tuple[int, int]]:
    """Introduction id -> (offer id, need id): from its suggestion, else from its one offer and one
    need listing (the listing asked about and the parties' listings)."""
    suggestion_ids = {i.suggestion_id for i in intros if i.suggestion_id is not None}
    by_suggestion = {}
    if suggestion_ids:
        stmt = select(Suggestion.id, Suggestion.offer_id, Suggestion.need_id)
        by_suggestion = {r.id: (r.offer_id, r.need_id)
                         for condition in bulk.in_chunks(Suggestion.id, suggestion_ids)
                         for r in db.session.execute(stmt.where(condition))}
    listing_ids = {lid for i in intros for lid in [i.listing_id, *(p.listing_id for p in i.parties)] if lid}
    kinds = {}
    if listing_ids:
        kinds = {r.id: r.kind for condition in bulk.in_chunks(Listing.id, listing_ids)
                 for r in db.session.execute(select(Listing.id, Listing.kind).where(condition))}
    out = {}
    for intro in intros:
        if intro.suggestion_id in by_suggestion:
            out[intro.id] = by_suggestion[intro.suggestion_id]
            continue
        ids = {lid for lid in [intro.listing_id, *(p.listing_id for p in intro.parties)] if lid in kinds}
        offers = [lid for lid in ids if kinds[lid] == "offer"]
        needs = [lid for lid in ids if kinds[lid] == "need"]
        if len(offers) == 1 and len(needs) == 1:
            out[intro.id] = (offers[0], needs[0])
    return out


@dataclass(frozen=True)
class GroupFigures:
    """How suggestions turned out in one resource group (of the need), against the outcomes."""

    group: str
    label: str
    needs: int            # needs with at least one outcome among their top 5 suggestions
    judged: int           # top-5 suggestions with an outcome
    first_judged: int     # needs whose first suggestion has an outcome
    first_good: float | None
    top5_good: float | None
    realised: float | None  # share of the judged top-5 suggestions that became realised exchanges


TOP = 5


def turned_out(lang: str | None = None) -> tuple[list[GroupFigures], datetime | None]:
    """Per resource group of the need: the precision of the first suggestion and of the top 5 against
    the outcomes, and their conversion to realised exchanges (``_tally``), with when they were
    counted. Kept for OUTCOME_FIGURES_SECONDS (shared through Redis when it is set): at 100,000
    listings and 108,000 outcomes counting takes 10 s, and the figures move slowly."""
    held = cache.cached("outcome-figures", lambda: {"at": datetime.now(UTC).isoformat(), "groups": _tally()},
                        ttl=current_app.config.get("OUTCOME_FIGURES_SECONDS", 600))
    groups = [GroupFigures(t["group"], dashboard.group_label(t["group"], lang), t["needs"], t["judged"],
                           t["first"], _share(t["first_good"], t["first"]), _share(t["good"], t["judged"]),
                           _share(t["realised"], t["judged"])) for t in held["groups"]]
    return groups, (datetime.fromisoformat(held["at"]) if groups else None)


def _tally() -> list[dict]:
    """Per resource group of the need: the precision of the first suggestion and of the top 5 against
    the outcomes (``pair_outcomes``), and their conversion to realised exchanges. Each need's
    suggestions are its stored ones by score, best first; groups without an outcome are left out."""
    judged = {(o.offer_id, o.need_id): o for o in pair_outcomes()}
    if not judged:
        return []
    need_ids = {n for _o, n in judged}
    stmt = (select(Suggestion.offer_id, Suggestion.need_id, Listing.resource_class, Listing.inferred_class)
            .join(Listing, Listing.id == Suggestion.need_id)
            .order_by(Suggestion.need_id, Suggestion.score.desc(), Suggestion.offer_id))
    rows = (r for condition in bulk.in_chunks(Suggestion.need_id, need_ids)
            for r in db.session.execute(stmt.where(condition)))
    ranked: dict[int, list] = {}
    group_of: dict[int, str] = {}
    for r in rows:
        ranked.setdefault(r.need_id, []).append(r.offer_id)
        group_of[r.need_id] = dashboard.group_of_class(r.resource_class or r.inferred_class)
    tally: dict[str, dict] = {}
    for need_id, offers in ranked.items():
        top = [judged[(o, need_id)] for o in offers[:TOP] if (o, need_id) in judged]
        if not top:
            continue
        t = tally.setdefault(group_of[need_id], {"needs": 0, "judged": 0, "good": 0, "realised": 0,
                                                 "first": 0, "first_good": 0})
        t["needs"] += 1
        t["judged"] += len(top)
        t["good"] += sum(o.label for o in top)
        t["realised"] += sum(o.source == "realised" for o in top)
        first = judged.get((offers[0], need_id))
        if first is not None:
            t["first"] += 1
            t["first_good"] += first.label
    order = list(reference.taxonomy().groups) + [dashboard.UNCLASSED]
    return [{"group": g, **t} for g, t in sorted(tally.items(),
                                                 key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
