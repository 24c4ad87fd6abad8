"""Between the database and the pure matching engine: keep an engine in sync with the listings,
store suggestions and chains, and read them back for a user.

One engine per application process, kept in sync incrementally: each use compares the version of
every listing with the one the engine holds and loads only those that differ, so a listing edit
re-scores against the index without rebuilding it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, cast, func, or_, select, true, union, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import joinedload

from .. import matching, policy
from ..extensions import db
from ..models import Chain, Listing, Organisation, Suggestion
from ..models._types import utcnow
from ..models.suggestion import SIDE_STATES
from . import paging, reference
from .errors import NotAllowed, ValidationFailed

TOP_N = 5          # suggestions stored per listing
CHAIN_LIMIT = 50   # chains stored region-wide


def to_engine_listing(listing: Listing, organisation: Organisation | None = None) -> matching.Listing:
    """The plain-data listing the engine reads; place comes from the organisation."""
    org = organisation or listing.organisation
    municipality = org.municipality if org.municipality != reference.OTHER_MUNICIPALITY else None
    return matching.Listing(
        id=listing.id, kind=listing.kind, organisation=listing.organisation_id, title=listing.title,
        description=listing.description or "", resource_class=listing.resource_class,
        municipality=municipality, lat=org.lat, lon=org.lon,
        quantity=float(listing.quantity) if listing.quantity is not None else None, unit=listing.unit,
        frequency=listing.frequency, available_from=listing.available_from, available_to=listing.available_to,
        organisation_name=org.name or "",
    )


def _sync_key(version: int, org) -> tuple:
    """What the engine's copy of a listing depends on: the listing's version and what it reads from
    the organisation (name, municipality, position), which an organisation's edit changes without
    touching the listing's version."""
    return (version, org.name, org.municipality, org.lat, org.lon)


class _EngineCache:
    """The process's engine and the sync key of every listing it holds.

    A sync reads one narrow row per listing, its (id, version, status) and what the engine reads
    from its organisation, and loads in full only the active listings whose key differs from the one
    held; listings no longer active are dropped. Comparing keys is exact: a transaction that commits
    after a sync is seen at the next one, whatever timestamps it carries (reading by
    ``updated_at >= last seen`` missed a row committed later with an earlier timestamp), and an
    organisation that moves or is renamed re-reads its listings.
    """

    def __init__(self):
        self.engine = matching.Engine(reference.taxonomy(), municipalities=reference.municipalities())
        self.versions: dict[int, tuple] = {}   # listing id -> sync key held by the engine
        self.lock = threading.Lock()

    def sync(self) -> matching.Engine:
        with self.lock:
            rows = db.session.execute(
                select(Listing.id, Listing.version, Listing.status, Organisation.name,
                       Organisation.municipality, Organisation.lat, Organisation.lon)
                .join(Organisation, Listing.organisation_id == Organisation.id)
            ).all()
            active = {row.id: _sync_key(row.version, row) for row in rows if row.status == "active"}
            for listing_id in set(self.versions) - set(active):
                self.engine.remove(listing_id)
                del self.versions[listing_id]
            stale = [lid for lid, key in active.items() if self.versions.get(lid) != key]
            for chunk in _chunks(stale, 500):
                # populate_existing: the session may hold an older copy of a listing changed since.
                stmt = (select(Listing).where(Listing.id.in_(chunk)).options(joinedload(Listing.organisation))
                        .execution_options(populate_existing=True))
                for listing in db.session.scalars(stmt):
                    if listing.status != "active":  # changed again since the narrow read
                        self.engine.remove(listing.id)
                        self.versions.pop(listing.id, None)
                        continue
                    self.engine.add(to_engine_listing(listing))
                    self.versions[listing.id] = _sync_key(listing.version, listing.organisation)
            return self.engine


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _cache() -> _EngineCache:
    cache = current_app.extensions.get("siru_engine")
    if cache is None:
        cache = current_app.extensions["siru_engine"] = _EngineCache()
    return cache


def engine() -> matching.Engine:
    """This application's engine, brought up to date with the database."""
    return _cache().sync()


def refresh_inferred_class(listing: Listing, organisation: Organisation | None = None) -> None:
    """Store on the listing the class the engine reads from its text (places and the organisation's
    own name aside), for search and for the listing page. The caller commits."""
    # No autoflush: a listing being created is not in the session yet, and a flush here would raise
    # the caller's integrity errors outside the try meant for them.
    with db.session.no_autoflush:
        org = organisation or listing.organisation or db.session.get(Organisation, listing.organisation_id)
        listing.inferred_class = _cache().engine.inferred_class(to_engine_listing(listing, org))


# -- writing suggestions ---------------------------------------------------------------------------

def _store(found: dict[tuple[int, int], matching.Suggestion], scope_ids: set[int] | None) -> int:
    """Upsert the found pairs. Pairs in scope (involving `scope_ids`, or all when None) that were not
    found again stop being current; those nobody has reacted to are deleted, the others kept."""
    existing_stmt = select(Suggestion)
    if scope_ids is not None:
        existing_stmt = existing_stmt.where(or_(Suggestion.offer_id.in_(scope_ids),
                                                Suggestion.need_id.in_(scope_ids)))
    existing = {(s.offer_id, s.need_id): s for s in db.session.scalars(existing_stmt)}
    for key, found_suggestion in found.items():
        reasons = [r.to_dict() for r in found_suggestion.reasons]
        row = existing.pop(key, None)
        if row is None:
            db.session.add(Suggestion(offer_id=key[0], need_id=key[1], score=found_suggestion.score,
                                      reasons=reasons, current=True))
        else:
            row.score, row.reasons, row.current = found_suggestion.score, reasons, True
    for row in existing.values():
        if row.offer_state == "new" and row.need_state == "new":
            db.session.delete(row)
        else:
            row.current = False
    return len(found)


def recompute_for_listing(listing: Listing) -> int:
    """Re-score one listing after it was posted or changed, and store its best partners.

    Other listings' stored suggestions are not re-ranked here; `flask match run` does the whole region.
    """
    return recompute_for_listings([listing])


def recompute_for_listings(listings: list[Listing]) -> int:
    """`recompute_for_listing` for many at once (a broker's import): one engine sync, one store, one
    commit, instead of a sync of the whole region per listing."""
    if not listings:
        return 0
    eng = engine()
    found: dict = {}
    for listing in listings:
        if listing.status == "active":
            for s in eng.suggest(to_engine_listing(listing), top=TOP_N):
                found[(s.offer_id, s.need_id)] = s
    count = _store(found, {listing.id for listing in listings})
    _mark_suggested({listing.id: listing.version for listing in listings})
    db.session.commit()
    return count


@dataclass
class RunSummary:
    listings: int
    suggestions: int
    chains: int
    seconds: float


def recompute_all(progress=None) -> RunSummary:
    """Recompute every suggestion and the region's chains. `progress(done, total)` is called as it goes."""
    import time

    started = time.perf_counter()
    _reread_classes()
    eng = engine()
    ids = sorted(i for i in _active_ids())
    found: dict = {}
    for n, listing_id in enumerate(ids, start=1):
        profile_listing = eng.index.profiles[listing_id].listing if listing_id in eng else None
        if profile_listing is not None:
            for s in eng.suggest(profile_listing, top=TOP_N):
                found[(s.offer_id, s.need_id)] = s
        if progress:
            progress(n, len(ids))
    _store(found, None)
    chains = _store_chains(eng.cycles(max_length=4, limit=CHAIN_LIMIT))
    _mark_suggested(_held_versions(ids))
    db.session.commit()
    return RunSummary(len(ids), len(found), chains, time.perf_counter() - started)


def _reread_classes() -> None:
    """The taxonomy may have grown since the listings were saved: read every text again.

    Written with a bulk UPDATE that keeps the listing's version and `updated_at`: re-reading is not an
    edit, so a member's edit form open meanwhile must not turn into a conflict.
    """
    eng = _cache().engine
    changed: dict[int, str | None] = {}
    with db.session.no_autoflush:
        for listing in db.session.scalars(select(Listing).options(joinedload(Listing.organisation))):
            read = eng.inferred_class(to_engine_listing(listing))
            if read != listing.inferred_class:
                changed[listing.id] = read
    for listing_id, read in changed.items():
        db.session.execute(
            update(Listing).where(Listing.id == listing_id)
            .values(inferred_class=read, updated_at=Listing.updated_at)
            .execution_options(synchronize_session=False)
        )
    if changed:
        db.session.expire_all()


def _active_ids():
    return db.session.scalars(select(Listing.id).where(Listing.status == "active"))


def _held_versions(ids) -> dict[int, int]:
    """The version of each listing that the engine holds (the one its suggestions are computed for)."""
    held = _cache().versions
    return {lid: held[lid][0] for lid in ids if lid in held}


def _mark_suggested(versions: dict[int, int]) -> None:
    """Record that these listings' suggestions (listing id -> version) are computed for that version:
    the pages say "being computed" while `suggested_version` differs from the listing's version.

    Only where the version is still the one computed for (an edit since has its own job to come), and
    not as an edit: the listing's version and `updated_at` stay."""
    table = Listing.__table__
    stmt = (update(table).where(table.c.id == bindparam("lid"), table.c.version == bindparam("v"))
            .values(suggested_version=bindparam("v"), updated_at=table.c.updated_at))
    for chunk in _chunks([{"lid": lid, "v": v} for lid, v in versions.items()], 1000):
        db.session.execute(stmt, chunk)


# -- a full recompute split into parts (run by the job queue: services/jobs.py) --------------------

UNCLASSED = "unclassed"  # the part of the listings with no resource class


def prepare_recompute(part_size: int) -> list[str]:
    """Read every text again (as `recompute_all` does) and name the parts of a full recompute: one per
    resource group of the active listings (and UNCLASSED), a group larger than `part_size` cut into
    "group:i/n" parts by listing id."""
    _reread_classes()
    db.session.commit()
    sizes: dict[str, int] = {}
    # Grouped by both columns (PostgreSQL does not take the effective-class expression, with its bound
    # parameter, as the same in SELECT and GROUP BY); the effective class is read in Python.
    stmt = (select(Listing.resource_class, Listing.inferred_class, func.count(Listing.id))
            .where(Listing.status == "active").group_by(Listing.resource_class, Listing.inferred_class))
    for given, inferred, n in db.session.execute(stmt):
        group = reference.taxonomy().group_of(given or inferred) or UNCLASSED
        sizes[group] = sizes.get(group, 0) + n
    keys = []
    for group, n in sorted(sizes.items()):
        pieces = max(1, -(-n // max(part_size, 1)))
        keys += [group] if pieces == 1 else [f"{group}:{i}/{pieces}" for i in range(pieces)]
    return keys


def _part_ids(key: str) -> list[int]:
    group, _sep, piece = key.partition(":")
    classes = [cid for cid, c in reference.taxonomy().classes.items() if c.group == group]
    stmt = select(Listing.id).where(Listing.status == "active")
    if group == UNCLASSED:
        known = list(reference.taxonomy().classes)
        stmt = stmt.where(or_(Listing.effective_class.is_(None), Listing.effective_class.not_in(known)))
    else:
        stmt = stmt.where(Listing.effective_class.in_(classes))
    if piece:
        i, n = (int(x) for x in piece.split("/"))
        stmt = stmt.where(Listing.id % n == i)
    return sorted(db.session.scalars(stmt))


def recompute_part(key: str) -> set[tuple[int, int]]:
    """Re-score the active listings of one part (see `prepare_recompute`) and store their best partners.

    Writes only upserts, so parts may run in any order, at once, or twice with the same result; the
    pairs a recompute no longer finds are retired by `finish_recompute` once every part is done.
    Returns the (offer id, need id) pairs found."""
    eng = engine()
    ids = _part_ids(key)
    found: dict = {}
    for listing_id in ids:
        if listing_id in eng:
            for s in eng.suggest(eng.index.profiles[listing_id].listing, top=TOP_N):
                found[(s.offer_id, s.need_id)] = s
    _upsert(found)
    _mark_suggested(_held_versions(ids))
    db.session.commit()
    return set(found)


def _upsert(found: dict[tuple[int, int], matching.Suggestion]) -> None:
    """Insert or update the found pairs in bulk; a member's reaction (the side states) is kept."""
    if not found:
        return
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    now = utcnow()
    rows = [{"offer_id": o, "need_id": n, "score": s.score, "reasons": [r.to_dict() for r in s.reasons],
             "offer_state": "new", "need_state": "new", "current": True, "computed_at": now}
            for (o, n), s in sorted(found.items())]
    for chunk in _chunks(rows, 500):
        stmt = dialect.insert(Suggestion.__table__).values(chunk)
        stmt = stmt.on_conflict_do_update(
            index_elements=["offer_id", "need_id"],
            set_={"score": stmt.excluded.score, "reasons": stmt.excluded.reasons, "current": True,
                  "computed_at": stmt.excluded.computed_at})
        db.session.execute(stmt)


def finish_recompute(found: set[tuple[int, int]]) -> int:
    """After every part of a full recompute: the pairs no part found stop being current (deleted when
    nobody has reacted to them, as `recompute_all` does), and the region's chains are found again.
    Returns the number of chains."""
    rows = db.session.execute(select(Suggestion.id, Suggestion.offer_id, Suggestion.need_id)).all()
    gone = [row.id for row in rows if (row.offer_id, row.need_id) not in found]
    for chunk in _chunks(gone, 500):
        for row in db.session.scalars(select(Suggestion).where(Suggestion.id.in_(chunk))):
            if row.offer_state == "new" and row.need_state == "new":
                db.session.delete(row)
            else:
                row.current = False
    chains = _store_chains(engine().cycles(max_length=4, limit=CHAIN_LIMIT))
    db.session.commit()
    return chains


def _store_chains(found: list[matching.Chain]) -> int:
    existing = {c.key: c for c in db.session.scalars(select(Chain))}
    for chain in found:
        links = [[int(o), int(n)] for o, n in chain.listings]
        key = ",".join(f"{o}-{n}" for o, n in sorted(links))
        row = existing.pop(key, None)
        if row is None:
            db.session.add(Chain(key=key, organisation_ids=[int(o) for o in chain.organisations], links=links,
                                 score=chain.score, current=True))
        else:
            row.score, row.links, row.current = chain.score, links, True
            row.organisation_ids = [int(o) for o in chain.organisations]
    for row in existing.values():
        row.current = False
    return len(found)


# -- reading suggestions ---------------------------------------------------------------------------

@dataclass
class SuggestionView:
    """A stored suggestion as one organisation sees it: the other side's listing and the reasons."""

    suggestion: Suggestion
    own: Listing
    other: Listing
    state: str
    reasons: list[str]
    show_owner: bool


def _reasons_text(suggestion: Suggestion, lang: str, exact_place: bool = True) -> list[str]:
    """The reasons in `lang`; without `exact_place` (the reader may not know where the other side's
    organisation is) distances are told only in coarse bands."""
    tax = reference.taxonomy()
    reasons = [matching.Reason.from_dict(r) for r in suggestion.reasons or []]
    if not exact_place:
        reasons = [r.coarse() for r in reasons]
    texts = (r.text(lang, tax) for r in reasons)
    return [text for text in texts if text]


def _views(user, rows, own_org_id: int | None, lang: str) -> list[SuggestionView]:
    views = []
    for row in rows:
        own, other = row.listings_for(own_org_id) or (row.need, row.offer)
        state = row.state_for(own_org_id) or "new"
        if not policy.can(user, "view", other):
            continue
        views.append(SuggestionView(row, own, other, state,
                                    _reasons_text(row, lang, policy.can(user, "see_place", other)),
                                    policy.can(user, "see_owner", other)))
    return views


def _rows_stmt():
    return (select(Suggestion).where(Suggestion.current.is_(True))
            .options(joinedload(Suggestion.offer).joinedload(Listing.organisation),
                     joinedload(Suggestion.need).joinedload(Listing.organisation))
            .order_by(Suggestion.score.desc(), Suggestion.id))


SUGGESTIONS_PER_PAGE = 20


def _own_state_condition(state_column, state: str | None):
    """The owner's filter on its own side's state: one state, or everything but "dismissed"."""
    return state_column == state if state else state_column != "dismissed"


def for_listing(user, listing: Listing, lang: str, include_dismissed: bool = False, page: int = 1,
                per_page: int = SUGGESTIONS_PER_PAGE) -> paging.Page:
    """The suggested partners of a listing, best first, as this user may see them: one page of them
    (the page's `items` are SuggestionViews; a row whose other side the user may not see is left out of
    its page)."""
    own_side = Suggestion.offer_id if listing.kind == "offer" else Suggestion.need_id
    state_column = Suggestion.offer_state if listing.kind == "offer" else Suggestion.need_state
    own_org = getattr(user, "organisation_id", None)
    is_owner = own_org is not None and own_org == listing.organisation_id
    stmt = _rows_stmt().where(own_side == listing.id)
    if is_owner and not include_dismissed:
        stmt = stmt.where(_own_state_condition(state_column, None))
    result = paging.paginate(stmt, page, per_page)
    views = _views(user, result.items, listing.organisation_id, lang)
    if not is_owner:
        # Others see the pairs without the owner's private reactions.
        for v in views:
            v.state = "new"
    result.items = views
    return result


def for_organisation(user, organisation_id: int, lang: str, state: str | None = None, page: int = 1,
                     per_page: int = SUGGESTIONS_PER_PAGE) -> paging.Page:
    """The current suggestions involving the organisation's active listings, best first, one page.

    Two indexed queries, one per side (the organisation's offers, its needs), united, so that each
    walks the suggestions of the organisation's own listings (`offer_id IN (...) OR need_id IN (...)`
    is served by no index); the state filter is on the organisation's own side."""
    arms = []
    for side, state_column in ((Suggestion.offer_id, Suggestion.offer_state),
                               (Suggestion.need_id, Suggestion.need_state)):
        arms.append(
            select(Suggestion.id.label("id"), Suggestion.score.label("score"))
            .join(Listing, side == Listing.id)
            .where(Listing.organisation_id == organisation_id, Listing.status == "active",
                   Suggestion.current == true(), _own_state_condition(state_column, state))
        )
    both = union(*arms).subquery()
    ids_stmt = select(both.c.id, both.c.score).order_by(both.c.score.desc(), both.c.id)
    result = paging.paginate(ids_stmt, page, per_page, scalars=False)
    ids = [row.id for row in result.items]
    rows = {row.id: row for row in db.session.scalars(
        _rows_stmt().where(Suggestion.id.in_(ids))).unique()} if ids else {}
    result.items = _views(user, [rows[i] for i in ids if i in rows], organisation_id, lang)
    return result


def _chains_of(organisation_id: int):
    """The current chains through the organisation, best first. PostgreSQL reads the JSON list of
    organisations through a GIN index (migration i16index01); SQLite filters in Python (embedded size)."""
    stmt = select(Chain).where(Chain.current.is_(True)).order_by(Chain.score.desc(), Chain.id)
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.where(cast(Chain.organisation_ids, JSONB).contains([organisation_id]))
    return [c for c in db.session.scalars(stmt) if organisation_id in c.organisation_ids]


def chains_for_organisation(user, organisation_id: int, lang: str) -> list[dict]:
    """Current chains that go through this organisation, with each link's listings as the user may see them.

    A chain is a loop: organisation B is the owner of the need in one link and of the offer in the
    next, so naming B (or linking to B's listing) in either link names it in both. The rule, so that
    nothing can be read from the neighbours:

    * an organisation is *hidden* in a chain when the user may not see the owner of at least one of
      its listings in that chain (it came in through an anonymous listing; its own members and
      brokers see everything);
    * a hidden organisation is shown as "an anonymous organisation" in every link it takes part in;
    * of a hidden organisation's listings only the anonymous ones are shown (title and link; an
      anonymous listing's page never names its owner). Its other listings in the chain, which would
      lead to its public profile, are replaced by "a listing of an anonymous organisation" with no
      title and no link.

    Each link dict carries `offer_owner` / `need_owner` (may the organisation be named) and
    `offer_shown` / `need_shown` (may the listing's title and link be shown).
    """
    rows = _chains_of(organisation_id)
    ids = {listing_id for chain in rows for link in chain.links for listing_id in link}
    listings = {}
    if ids:  # one query for every listing of every chain, not one per link
        stmt = select(Listing).where(Listing.id.in_(ids)).options(joinedload(Listing.organisation))
        listings = {listing.id: listing for listing in db.session.scalars(stmt)}
    out = []
    for chain in rows:
        members = [listings.get(listing_id) for link in chain.links for listing_id in link]
        if any(listing is None or not policy.can(user, "view", listing) for listing in members):
            continue  # a link the user may not see (closed, or of an organisation not approved yet)
        hidden = {listing.organisation_id for listing in members
                  if not policy.can(user, "see_owner", listing)}
        links = []
        for offer_id, need_id in chain.links:
            offer, need = listings[offer_id], listings[need_id]
            links.append({
                "offer": offer, "need": need,
                "offer_owner": offer.organisation_id not in hidden,
                "need_owner": need.organisation_id not in hidden,
                "offer_shown": offer.organisation_id not in hidden or offer.visibility == "anonymous",
                "need_shown": need.organisation_id not in hidden or need.visibility == "anonymous",
            })
        out.append({"chain": chain, "links": links})
    return out


def set_state(user, suggestion_id: int, state: str) -> Suggestion:
    """A member marks a suggestion "interested" or "dismissed" (not relevant) for its own side."""
    if state not in SIDE_STATES:
        raise ValidationFailed({"state": _("Unknown choice.")})
    suggestion = db.session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise NotAllowed()
    side = suggestion.side_of(getattr(user, "organisation_id", None))
    if side is None:
        raise NotAllowed()
    setattr(suggestion, f"{side}_state", state)
    db.session.commit()
    return suggestion


def counts() -> dict:
    return {
        "suggestions": db.session.scalar(
            select(func.count(Suggestion.id)).where(Suggestion.current.is_(True))
        )
        or 0,
        "chains": db.session.scalar(select(func.count(Chain.id)).where(Chain.current.is_(True))) or 0,
    }
