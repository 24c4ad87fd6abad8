"""Between the database and the pure matching engine: keep an engine in sync with the listings,
store suggestions and chains, and read them back for a user.

One engine per application process, kept in sync incrementally (see _EngineCache): each use reads
the listings changed since the previous one and checks three sums of the active listings against
what the engine holds, so a listing edit re-scores against the index without rebuilding it or
re-reading every listing.
"""
from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, cast, delete, func, or_, select, true, union, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import joinedload

from .. import matching, policy
from ..extensions import db
from ..models import Chain, Introduction, Listing, MatchRun, MatchRunBatch, Organisation, Suggestion
from ..models._types import utcnow
from ..models.introduction import OPEN_STATUSES
from ..models.suggestion import SIDE_STATES
from . import bulk, knowledge, learning, paging, reference
from .errors import NotAllowed, ValidationFailed

TOP_N = 5          # suggestions stored per listing
FULL_SYNC_SECONDS = 600              # an engine sync re-reads every listing at least this often
SYNC_OVERLAP = timedelta(seconds=120)  # and in between those changed since this long before the last
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


class _EngineCache:
    """The process's engine, and what each listing it holds was read at.

    Exact and cheap. What the engine reads of a listing depends on the listing's version and on
    its organisation's name, municipality and position (an organisation's edit changes those without
    touching the listing's version), so the cache holds, per listing, its (version, organisation) and,
    per organisation, that key. A sync:

    * reads every organisation's narrow row and re-reads the held listings of those whose key changed;
    * reads the narrow rows of the listings changed (``updated_at``, indexed) since ``SYNC_OVERLAP``
      before the previous sync began, and loads those whose version differs, drops those no longer
      active;
    * then checks the count, the sum of the ids and the sum of the versions of the active listings
      against what it holds. A transaction that commits after a sync with an older timestamp than the
      window (reading by ``updated_at >= last seen`` alone missed those), a deletion, anything the
      window missed changes one of them (versions only grow) and makes this sync a full one;
    * is a full one anyway the first time and ``FULL_SYNC_SECONDS`` after the last full one.

    A full sync reads (id, version, organisation) of every active listing (about 0.3 s at 100,000) and
    loads those whose key differs; an incremental one reads a few rows and three sums.
    """

    def __init__(self, taxonomy: matching.Taxonomy | None = None, knowledge_version: int = 0):
        self.engine = matching.Engine(taxonomy or reference.taxonomy(),
                                      municipalities=reference.municipalities())
        self.knowledge_version = knowledge_version  # of the taxonomy the engine was built with
        self.versions: dict[int, tuple[int, int]] = {}   # listing id -> (version, organisation id) held
        self.organisations: dict[int, tuple] = {}         # organisation id -> key its listings were read at
        self.lock = threading.Lock()
        self.synced_at: datetime | None = None            # when the previous sync began (UTC)
        self.full_at = float("-inf")                      # time.monotonic() of the last full sync
        self.last_full = False                            # whether the latest sync was a full one

    def sync(self) -> matching.Engine:
        with self.lock:
            began, began_clock = utcnow(), time.monotonic()
            stale = self._changed_organisations()
            full = self.synced_at is None or began_clock - self.full_at > FULL_SYNC_SECONDS
            if not full:
                since = self.synced_at - SYNC_OVERLAP
                rows = db.session.execute(
                    select(Listing.id, Listing.version, Listing.status, Listing.organisation_id)
                    .where(Listing.updated_at >= since)).all()
                stale |= self._apply(rows)
                self._load(stale)
                full = self._held_sums() != self._active_sums()
            if full:
                rows = db.session.execute(
                    select(Listing.id, Listing.version, Listing.status, Listing.organisation_id)
                    .where(Listing.status == "active")).all()
                active = {row.id for row in rows}
                for listing_id in [lid for lid in self.versions if lid not in active]:
                    self._drop(listing_id)
                self._load(stale | self._apply(rows))
                self.full_at = began_clock
            self.synced_at, self.last_full = began, full
            return self.engine

    def _changed_organisations(self) -> set[int]:
        """Read every organisation's key; the held listings of those whose key changed are stale."""
        rows = db.session.execute(select(Organisation.id, Organisation.name, Organisation.municipality,
                                         Organisation.lat, Organisation.lon))
        read = {row.id: (row.name, row.municipality, row.lat, row.lon) for row in rows}
        changed = {org_id for org_id, key in read.items() if self.organisations.get(org_id) != key}
        # Only what was read is recorded: a listing loaded with a newer organisation row than this
        # read is read again at the next sync, which sees the change.
        self.organisations = read
        if not changed or not self.versions:
            return set()
        return {lid for lid, (_, org_id) in self.versions.items() if org_id in changed}

    def _apply(self, rows) -> set[int]:
        """Drop the listings of ``rows`` no longer active; answer the active ones whose version or
        organisation differs from the one held."""
        stale = set()
        for row in rows:
            if row.status != "active":
                self._drop(row.id)
            elif self.versions.get(row.id) != (row.version, row.organisation_id):
                stale.add(row.id)
        return stale

    def _drop(self, listing_id: int) -> None:
        if self.versions.pop(listing_id, None) is not None:
            self.engine.remove(listing_id)

    def _load(self, ids) -> None:
        for chunk in _chunks(sorted(ids), 500):
            # populate_existing: the session may hold an older copy of a listing changed since.
            stmt = (select(Listing).where(Listing.id.in_(chunk)).options(joinedload(Listing.organisation))
                    .execution_options(populate_existing=True))
            found = set()
            for listing in db.session.scalars(stmt):
                found.add(listing.id)
                if listing.status != "active":  # changed again since the narrow read
                    self._drop(listing.id)
                    continue
                self.engine.add(to_engine_listing(listing))
                self.versions[listing.id] = (listing.version, listing.organisation_id)
            for listing_id in set(chunk) - found:  # deleted since the narrow read
                self._drop(listing_id)

    def _held_sums(self) -> tuple[int, int, int]:
        return (len(self.versions), sum(self.versions), sum(v for v, _ in self.versions.values()))

    def _active_sums(self) -> tuple[int, int, int]:
        row = db.session.execute(select(func.count(Listing.id), func.coalesce(func.sum(Listing.id), 0),
                                        func.coalesce(func.sum(Listing.version), 0))
                                 .where(Listing.status == "active")).one()
        return (int(row[0]), int(row[1]), int(row[2]))


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _cache() -> _EngineCache:
    # An admin's accept raises the knowledge version: the next use in any process (web or worker)
    # builds the engine again on the taxonomy with that knowledge (services.knowledge).
    current = knowledge.version()
    cache = current_app.extensions.get("siru_engine")
    if cache is None or cache.knowledge_version != current:
        cache = current_app.extensions["siru_engine"] = _EngineCache(knowledge.taxonomy_at(current), current)
    return cache


def engine() -> matching.Engine:
    """This application's engine, brought up to date with the database, applying the re-ranker in
    use (services/learning.py; None: the hand weights alone), read again at each use."""
    cache = _cache()
    cache.engine.reranker = learning.reranker_in_use()
    return cache.sync()


def warm_reader() -> None:
    """Load now what reading a listing's class needs (the engine's empty shell: taxonomy, text
    reader, the word-frequency lists, about 1-3 s), so that a web process's first save does not pay
    for it: wsgi.py calls it before the process serves its first request. The index stays empty; a
    web process on the job queue never fills it."""
    _cache().engine.inferred_class(matching.Listing(
        id=0, kind="offer", organisation=0, title="Sågspån och flis", description="Wood chips and sawdust",
        resource_class=None, municipality=None, lat=None, lon=None, quantity=None, unit=None,
        frequency="once", available_from=None, available_to=None, organisation_name=""))


def refresh_inferred_class(listing: Listing, organisation: Organisation | None = None) -> None:
    """Store on the listing the class the engine reads from its text (places and the organisation's
    own name aside), for search and for the listing page. The caller commits."""
    # No autoflush: a listing being created is not in the session yet, and a flush here would raise
    # the caller's integrity errors outside the try meant for them.
    with db.session.no_autoflush:
        org = organisation or listing.organisation or db.session.get(Organisation, listing.organisation_id)
        listing.inferred_class = _cache().engine.inferred_class(to_engine_listing(listing, org))


# -- writing suggestions ---------------------------------------------------------------------------

def _store(found: dict[tuple[int, int], matching.Suggestion], offers: set[int], needs: set[int]) -> int:
    """Store the found pairs of these listings in bulk (one upsert; a side's state is never written).
    The pairs of ``offers`` and ``needs`` that were not found again stop being current: those nobody
    has reacted to are deleted, the others kept. The caller commits."""
    now = utcnow()
    rows = [{"offer_id": o, "need_id": n, "score": s.score, "reasons": [r.to_dict() for r in s.reasons],
             "current": True, "computed_at": now, "offer_state": "new", "need_state": "new"}
            for (o, n), s in sorted(found.items())]  # one order in every process: fewer lock waits
    bulk.upsert(Suggestion.__table__, rows, keys=["offer_id", "need_id"],
                update=["score", "reasons", "current", "computed_at"])
    sides = [side.in_(sorted(ids))
             for side, ids in ((Suggestion.offer_id, offers), (Suggestion.need_id, needs)) if ids]
    if sides:  # one side per listing: each arm is served by its own index
        gone_delete, gone_keep = [], []
        for row in db.session.execute(select(Suggestion.id, Suggestion.offer_id, Suggestion.need_id,
                                             Suggestion.offer_state, Suggestion.need_state)
                                      .where(or_(*sides))):
            if (row.offer_id, row.need_id) not in found:
                untouched = row.offer_state == "new" and row.need_state == "new"
                (gone_delete if untouched else gone_keep).append(row.id)
        for chunk in _chunks(sorted(gone_delete), 1000):
            bulk.bulk(delete(Suggestion).where(Suggestion.id.in_(chunk)))
        for chunk in _chunks(sorted(gone_keep), 1000):
            bulk.bulk(update(Suggestion).where(Suggestion.id.in_(chunk)).values(current=False))
    return len(found)


def recompute_for_listing(listing: Listing) -> int:
    """Re-score one listing after it was posted or changed, and store its best partners.

    Other listings' stored suggestions are not re-ranked here; `flask match run` does the whole region.
    """
    return recompute_for_listings([listing])


LISTING_LOCK = 16_016  # first key of the advisory locks that let one listing's recomputes take turns


def _lock_listings(ids: list[int]) -> None:
    """On PostgreSQL, a transaction-scoped advisory lock per listing, taken in id order (no deadlock
    between two imports) and held until the commit: two workers recomputing one listing take turns.
    SQLite serves one process, whose writes are serialised anyway."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for listing_id in sorted(ids):
        db.session.execute(select(func.pg_advisory_xact_lock(LISTING_LOCK, listing_id)))


def recompute_for_listings(listings: list[Listing]) -> int:
    """`recompute_for_listing` for many at once (a broker's import): one engine sync, one store, one
    commit, instead of a sync of the whole region per listing.

    Each listing is read again once its lock is held, and its suggestions are stored only if it is
    still at that version when they are marked (the mark locks its row until the commit): a job that
    started on an older version and finishes last never overwrites a newer version's suggestions."""
    if not listings:
        return 0
    started = time.perf_counter()
    ids = sorted({listing.id for listing in listings})
    _lock_listings(ids)
    stmt = (select(Listing).where(Listing.id.in_(ids)).options(joinedload(Listing.organisation))
            .execution_options(populate_existing=True))
    current = list(db.session.scalars(stmt))   # as they are now (a deleted one is left out)
    read = time.perf_counter()
    eng = engine()
    synced = time.perf_counter()
    found: dict = {}
    offers, needs = set(), set()
    for listing in current:
        own = eng.suggest(to_engine_listing(listing), top=TOP_N) if listing.status == "active" else []
        if not _mark_suggested({listing.id: listing.version}):
            continue   # changed since it was read: the new version's own job stores its suggestions
        (offers if listing.kind == "offer" else needs).add(listing.id)
        found.update(((s.offer_id, s.need_id), s) for s in own)
    scored = time.perf_counter()
    count = _store(found, offers, needs)
    db.session.commit()
    current_app.logger.info(
        "recomputed %d listing(s): lock and read %.0f ms, engine sync %.0f ms (%s), scoring %.0f ms, "
        "store and commit %.0f ms", len(current), 1000 * (read - started), 1000 * (synced - read),
        "full" if _cache().last_full else "incremental", 1000 * (scored - synced),
        1000 * (time.perf_counter() - scored))
    return count


@dataclass
class Step:
    """One step of a full recompute and what it took: wall-clock and this process's CPU seconds."""

    name: str
    wall: float
    cpu: float


class Steps:
    """The steps of a full recompute, timed as they run (`flask match run` prints them: where the
    time goes is then visible, and on a shared machine the CPU seconds say what the wall time hides)."""

    def __init__(self) -> None:
        self.done: list[Step] = []

    @contextlib.contextmanager
    def step(self, name: str):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.done.append(Step(name, time.perf_counter() - wall, time.process_time() - cpu))


@dataclass
class RunSummary:
    listings: int
    suggestions: int
    chains: int
    seconds: float
    run_id: int | None = None
    parts_resumed: int = 0   # parts an earlier, interrupted session of the run had finished
    steps: list[Step] = field(default_factory=list)


@dataclass
class PartSummary:
    part: str
    listings: int
    suggestions: int
    batches: int


OTHER_PART = "other"   # listings without a class (none given, none read from the text)
BATCH_LISTINGS = 2_000  # listings per committed batch of a full recompute
PART_SHARE = 10         # a run split for the queue splits a group holding over 1/PART_SHARE of the listings
SUB_PART_MIN = 1_000    # ... into sub-parts of at least this many listings


def parts() -> list[str]:
    """The parts a full recompute is split into: one per resource group of the taxonomy, and one
    for the listings without a class. Any part may run in any order, in any process (the queue's
    jobs call ``recompute_part``); ``finish_run`` stores the chains once every part is done."""
    return sorted(reference.taxonomy().groups) + [OTHER_PART]


def sub_part(group: str, number: int, of: int) -> str:
    """The part key of sub-part ``number`` (1..``of``) of a group's part: the group's listings whose
    id leaves the remainder ``number - 1`` divided by ``of``. By id, not by position in a list, so
    that every process reads the same members whatever was posted or closed since the plan."""
    return f"{group}:{number}/{of}"


def _split_key(part: str) -> tuple[str, int, int]:
    """(group part, remainder, divisor) of a part key; a whole part is (part, 0, 1)."""
    group, sep, share = part.rpartition(":")
    if not sep:
        return part, 0, 1
    number, of = share.split("/")
    return group, int(number) - 1, int(of)


def _part_of(resource_class: str | None, inferred_class: str | None) -> str:
    group = reference.taxonomy().group_of(resource_class or inferred_class)
    return group if group in reference.taxonomy().groups else OTHER_PART


def _part_rows():
    return db.session.execute(select(Listing.id, Listing.resource_class, Listing.inferred_class)
                              .where(Listing.status == "active"))


def _part_listing_ids(part: str) -> list[int]:
    group, remainder, divisor = _split_key(part)
    return [row.id for row in _part_rows()
            if row.id % divisor == remainder and _part_of(row.resource_class, row.inferred_class) == group]


def _planned_parts(split: bool) -> list[str]:
    """The parts of a new run. Split (for the queue's workers): a group holding more than a
    ``PART_SHARE``-th of the active listings becomes sub-parts of about that size (at least
    ``SUB_PART_MIN``), and the parts go largest first, so that workers taking them in turn end
    together instead of one waiting on the largest group while the others idle. Not split (one
    process), the parts go in the order of ``parts()``: more parts would only cost more sweeps."""
    if not split:
        return parts()
    sizes = Counter(_part_of(row.resource_class, row.inferred_class) for row in _part_rows())
    share = max(math.ceil(sum(sizes.values()) / PART_SHARE), SUB_PART_MIN)
    planned = []
    for part in parts():
        of = math.ceil(sizes[part] / share) if sizes[part] > share else 1
        if of == 1:
            planned.append((sizes[part], part))
        else:
            planned += [(sizes[part] / of, sub_part(part, k, of)) for k in range(1, of + 1)]
    return [part for _size, part in sorted(planned, key=lambda x: (-x[0], x[1]))]


def start_run(split: bool = False, steps: Steps | None = None) -> MatchRun:
    """Begin a full recompute: bring the engine up to date, read every listing's text again (the
    taxonomy may have grown, and the parts go by class), then record the run and its parts (see
    ``_planned_parts``; ``split`` for the queue's workers). Committed."""
    steps = steps or Steps()
    with steps.step("engine build or sync"):
        engine()
    with steps.step("re-read classes"):
        _reread_classes()
    with steps.step("plan parts"):
        run = MatchRun(started_at=utcnow(), parts=_planned_parts(split))
        db.session.add(run)
        db.session.commit()
    return run


def unfinished_run() -> MatchRun | None:
    """The latest run not finished (what ``--resume`` continues), or None."""
    return db.session.scalar(select(MatchRun).where(MatchRun.finished_at.is_(None))
                             .order_by(MatchRun.id.desc()).limit(1))


def _done_parts(run_id: int) -> set[str]:
    return set(db.session.scalars(select(MatchRunBatch.part).where(MatchRunBatch.run_id == run_id,
                                                                  MatchRunBatch.part_done.is_(True))))


def recompute_part(part: str, run_id: int | None = None, batch_size: int = BATCH_LISTINGS,
                   progress=None) -> PartSummary:
    """Recompute the suggestions of one part's active listings (see ``parts``) within the run
    ``run_id`` (default: the unfinished run, else a new one), in batches of ``batch_size``
    listings, each committed with its record: listings a committed batch did are not done again
    when the part is run again after an interruption. ``progress(listings_done)`` is called after
    each commit. The user's state on each suggestion stays as it was."""
    run = db.session.get(MatchRun, run_id) if run_id is not None else (unfinished_run() or start_run())
    if run is None or run.finished_at is not None:
        raise ValueError(f"no unfinished match run {run_id}")
    run_id = run.id
    if part in _done_parts(run_id):
        return PartSummary(part, 0, 0, 0)
    done_stmt = (select(MatchRunBatch.listing_ids)
                 .where(MatchRunBatch.run_id == run_id, MatchRunBatch.part == part))
    done = {lid for ids in db.session.scalars(done_stmt) for lid in ids}
    eng = engine()
    ids = [lid for lid in _part_listing_ids(part) if lid not in done and lid in eng]
    listings = suggestions = batches = 0
    scans = eng.scan_batches(ids, top=TOP_N, batch=batch_size) if ids else iter(())
    pending = next(scans, None)
    while pending is not None:
        following = next(scans, None)   # scan ahead: the last batch carries the part's end
        suggestions += _store_batch(run_id, part, pending, part_done=following is None)
        listings += len(pending.suggestions)
        batches += 1
        db.session.commit()
        if progress:
            progress(listings)
        pending = following
    if not batches:  # nothing (left) to do: the part is done
        db.session.add(MatchRunBatch(run_id=run_id, part=part, listing_ids=[], pairs=[], part_done=True))
        db.session.commit()
    return PartSummary(part, listings, suggestions, batches)


def _store_batch(run_id: int, part: str, scan, part_done: bool) -> int:
    """Upsert one batch's suggestions (Core executemany; a side's state is never written) and record
    the batch with its scored pairs. The caller commits."""
    now = utcnow()
    found: dict = {}
    for found_list in scan.suggestions.values():
        for s in found_list:
            found[(s.offer_id, s.need_id)] = s
    rows = [{"offer_id": o, "need_id": n, "score": s.score, "reasons": [r.to_dict() for r in s.reasons],
             "current": True, "computed_at": now, "offer_state": "new", "need_state": "new"}
            for (o, n), s in sorted(found.items())]  # one order in every process: no deadlocks
    bulk.upsert(Suggestion.__table__, rows, keys=["offer_id", "need_id"],
                update=["score", "reasons", "current", "computed_at"])
    db.session.add(MatchRunBatch(run_id=run_id, part=part, listing_ids=sorted(scan.suggestions),
                                 pairs=[[o, n, s] for (o, n), s in sorted(scan.pairs.items())],
                                 part_done=part_done))
    # The versions these suggestions were computed for are the ones the engine held while scanning:
    # recorded now, with the batch, the end of the run needs no engine (in a fresh process, a build).
    _mark_suggested(_held_versions(sorted(scan.suggestions)))
    return len(rows)


def _ended_run(run_id: int) -> MatchRun:
    """The run, once every one of its parts is done (else ValueError)."""
    run = db.session.get(MatchRun, run_id)
    missing = [p for p in run.parts if p not in _done_parts(run.id)]
    if missing:
        raise ValueError(f"match run {run.id}: parts not done: {', '.join(missing)}")
    return run


def finish_chains(run_id: int, steps: Steps | None = None) -> int:
    """The end of a run, first half: the region's chains from the pairs its batches scored (no second
    search), stored and counted on the run. Committed. Independent of ``retire_stale``: on the queue
    the two run side by side (about 6 s and 5-7 s at 100,000 listings)."""
    return _chains(_ended_run(run_id), steps or Steps())


def retire_stale(run_id: int, steps: Steps | None = None) -> None:
    """The end of a run, second half: the suggestions it did not find again retired (deleted when
    nobody reacted to them, else kept as not current, so that a side's choice survives; those
    retired by an earlier run are not written again). Committed."""
    _retire(_ended_run(run_id), steps or Steps())


def _chains(run: MatchRun, steps: Steps) -> int:
    with steps.step("finish: read pairs"), matching.gc_paused():  # 540,000 pairs: 1.8 s -> 0.9 s
        pairs: dict = {}
        batches = select(MatchRunBatch.pairs).where(MatchRunBatch.run_id == run.id)
        for batch_pairs in db.session.scalars(batches):
            for o, n, s in batch_pairs:
                pairs[(o, n)] = s
        org_of = dict(db.session.execute(select(Listing.id, Listing.organisation_id)
                                         .where(Listing.status == "active")).all())
        pairs = {k: s for k, s in pairs.items() if k[0] in org_of and k[1] in org_of}  # closed since
    with steps.step("finish: chains"):
        run.chains = _store_chains(matching.chains_from_pairs(pairs, org_of.__getitem__, max_length=4,
                                                              limit=CHAIN_LIMIT))
        db.session.commit()
    return run.chains


def _retire(run: MatchRun, steps: Steps) -> None:
    with steps.step("finish: retire"):
        stale = Suggestion.computed_at < run.started_at
        untouched = (Suggestion.offer_state == "new") & (Suggestion.need_state == "new")
        bulk.bulk(delete(Suggestion).where(stale, untouched))
        bulk.bulk(update(Suggestion).where(stale, Suggestion.current.is_(True))
                  .values(current=False, computed_at=Suggestion.computed_at))
        db.session.commit()


def finish_run(run_id: int, steps: Steps | None = None, halves_done: bool = False) -> RunSummary:
    """End a run once every part is done: ``finish_chains`` and ``retire_stale`` (unless
    ``halves_done``: the queue's finishing job follows the two as jobs of their own), then the run
    marked finished. Committed.

    No engine: the batches carry the pairs, and each batch marked its listings' versions when it
    was stored (``_store_batch``), so a finishing job in a process that has not built one does not."""
    steps = steps or Steps()
    run = _ended_run(run_id)
    if not halves_done:
        _chains(run, steps)
        _retire(run, steps)
    with steps.step("finish: commit"):
        listings = sum(len(ids) for ids in db.session.scalars(
            select(MatchRunBatch.listing_ids).where(MatchRunBatch.run_id == run_id)))
        run.finished_at = utcnow()
        db.session.commit()
        current = db.session.scalar(select(func.count(Suggestion.id))
                                    .where(Suggestion.current.is_(True))) or 0
    return RunSummary(listings, current, run.chains or 0, 0.0, run_id=run_id, steps=steps.done)


def recompute_all(progress=None, resume: bool = False, batch_size: int = BATCH_LISTINGS) -> RunSummary:
    """Recompute every suggestion and the region's chains: every part of a run, then its end.

    ``resume``: continue the latest unfinished run (its finished parts and committed batches are
    kept) instead of starting a new one. ``progress(done, total)`` counts listings as batches commit.
    The summary's ``steps`` say what each step took. One process: the parts are not split.
    """
    started = time.perf_counter()
    steps = Steps()
    run = unfinished_run() if resume else None
    if run is None:
        run = start_run(steps=steps)
    else:
        with steps.step("engine build or sync"):
            engine()
    resumed = len(_done_parts(run.id))
    total = db.session.scalar(select(func.count(Listing.id)).where(Listing.status == "active")) or 0
    done_before = sum(len(ids) for ids in db.session.scalars(
        select(MatchRunBatch.listing_ids).where(MatchRunBatch.run_id == run.id)))
    count = [done_before]
    for part in run.parts:
        base = count[0]

        def part_progress(n, base=base):
            count[0] = base + n
            if progress:
                progress(min(count[0], total), total)

        with steps.step(f"part {part}"):
            recompute_part(part, run.id, batch_size=batch_size, progress=part_progress)
    summary = finish_run(run.id, steps=steps)
    summary.seconds, summary.parts_resumed = time.perf_counter() - started, resumed
    if progress:
        progress(total, total)
    return summary


def _reread_classes() -> None:
    """The taxonomy may have grown since the listings were saved: read every text again.

    An active listing the engine holds at its current version was read when the engine added it
    (``Engine.inferred_class`` answers that reading, the same as a new one): only the others (not
    active, or changed since the sync) are loaded and read here. Written with a bulk UPDATE that
    keeps the listing's version and `updated_at`: re-reading is not an edit, so a member's edit form
    open meanwhile must not turn into a conflict.
    """
    cache = _cache()
    eng, held = cache.engine, cache.versions
    changed: dict[int, str | None] = {}
    unread = []
    for row in db.session.execute(select(Listing.id, Listing.version, Listing.organisation_id,
                                         Listing.status, Listing.inferred_class)):
        if row.status == "active" and held.get(row.id) == (row.version, row.organisation_id):
            read = eng.held_class(row.id)
            if read != row.inferred_class:
                changed[row.id] = read
        else:
            unread.append(row.id)
    with db.session.no_autoflush:
        for chunk in _chunks(unread, 1000):
            for listing in db.session.scalars(select(Listing).where(Listing.id.in_(chunk))
                                              .options(joinedload(Listing.organisation))):
                read = eng.inferred_class(to_engine_listing(listing))
                if read != listing.inferred_class:
                    changed[listing.id] = read
    table = Listing.__table__
    stmt = (update(table).where(table.c.id == bindparam("lid"))
            .values(inferred_class=bindparam("read"), updated_at=table.c.updated_at))
    for chunk in _chunks([{"lid": lid, "read": read} for lid, read in sorted(changed.items())], 1000):
        db.session.execute(stmt, chunk[0] if len(chunk) == 1 else chunk)
    if changed:
        db.session.expire_all()


def _held_versions(ids) -> dict[int, int]:
    """The version of each listing that the engine holds (the one its suggestions are computed for)."""
    held = _cache().versions
    return {lid: held[lid][0] for lid in ids if lid in held}


def _mark_suggested(versions: dict[int, int]) -> int:
    """Record that these listings' suggestions (listing id -> version) are computed for that version:
    the pages say "being computed" while `suggested_version` differs from the listing's version.

    Only where the version is still the one computed for (an edit since has its own job to come), and
    not as an edit: the listing's version and `updated_at` stay. Answers how many were marked."""
    table = Listing.__table__
    stmt = (update(table).where(table.c.id == bindparam("lid"), table.c.version == bindparam("v"))
            .values(suggested_version=bindparam("v"), updated_at=table.c.updated_at))
    marked = 0
    for chunk in _chunks([{"lid": lid, "v": v} for lid, v in versions.items()], 1000):
        marked += db.session.execute(stmt, chunk[0] if len(chunk) == 1 else chunk).rowcount
    return marked


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
    introduction_id: int | None = None  # an open introduction of this pair (a card links it, not a request)


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
    rows = list(rows)
    introduced = dict(db.session.execute(
        select(Introduction.suggestion_id, func.min(Introduction.id))
        .where(Introduction.suggestion_id.in_([r.id for r in rows]), Introduction.status.in_(OPEN_STATUSES))
        .group_by(Introduction.suggestion_id)).all()) if rows else {}
    for row in rows:
        own, other = row.listings_for(own_org_id) or (row.need, row.offer)
        state = row.state_for(own_org_id) or "new"
        if not policy.can(user, "view", other):
            continue
        views.append(SuggestionView(row, own, other, state,
                                    _reasons_text(row, lang, policy.can(user, "see_place", other)),
                                    policy.can(user, "see_owner", other), introduced.get(row.id)))
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
    suggestion.reacted_at = utcnow()  # the time of this outcome (services/outcomes.py)
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
