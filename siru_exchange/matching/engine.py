"""The engine: an incremental index of listings answering suggestion and network queries."""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
from dataclasses import dataclass

from .candidates import Index, RevKey, keep_top
from .geo import Locator, load_place_names
from .intent import IntentReader
from .model import NEED, OFFER, Suggestion, id_key
from .network import assignment as _assignment
from .network import cycles as _cycles
from .network import supply_graph
from .profiles import build_profile
from .reasons import Reason
from .rerank import Reranker, pair_features
from .scoring import Scorer
from .taxonomy import is_use
from .text import Classifier
from .weights import WEIGHTS, Weights


class Engine:
    """Ranks offer-need suggestions over an index of listings.

    Keeps only the index it is given (no global state), so any worker can build one and run any job.
    """

    def __init__(self, taxonomy, municipalities: dict | None = None, weights: Weights = WEIGHTS,
                 place_names=None, reranker: Reranker | None = None) -> None:
        """``place_names``: names the text reader passes over when it infers classes; by default
        the county's towns and villages (data/places.json) and the municipalities' names.
        ``reranker``: a learned model (rerank.py) that re-orders each listing's best suggestions;
        None (the default) ranks by the hand weights alone."""
        self.taxonomy = taxonomy
        self.weights = weights
        self.reranker = reranker
        if place_names is None:
            place_names = load_place_names() + [m.name for m in (municipalities or {}).values()]
            if not municipalities:
                from .geo import load_municipalities
                place_names += [m.name for m in load_municipalities().values()]
        self.classifier = Classifier(taxonomy, place_names)
        self.reader = IntentReader(taxonomy.signals)
        self.locator = Locator(municipalities)
        self.scorer = Scorer(taxonomy, weights)
        self.index = Index(self.scorer, taxonomy, weights)

    # -- index ---------------------------------------------------------------------------------
    def add(self, listing) -> None:
        """Index a listing (replacing an indexed listing with the same id)."""
        if listing.id in self.index.profiles:
            self.index.remove(listing.id)
        self.index.add(build_profile(listing, self.classifier, self.locator, self.weights, self.reader))

    def add_many(self, listings) -> None:
        for listing in listings:
            self.add(listing)

    def warm(self) -> None:
        """Work out every listing's TF-IDF vector for the current index now (searches would do it
        lazily, once per listing, until the index changes again)."""
        vector = self.scorer.vector
        for p in self.index.profiles.values():
            vector(p)

    def remove(self, listing_id) -> None:
        """Drop a listing from the index (no error if it is not there)."""
        self.index.remove(listing_id)

    def __len__(self) -> int:
        return len(self.index.profiles)

    def __contains__(self, listing_id) -> bool:
        return listing_id in self.index.profiles

    def _profile(self, listing):
        p = self.index.profiles.get(listing.id)
        if p is not None and p.listing == listing:
            return p
        return build_profile(listing, self.classifier, self.locator, self.weights, self.reader)

    # -- queries -------------------------------------------------------------------------------
    def classify(self, text: str, names=()) -> list[tuple[str, float]]:
        """Resource classes inferred from ``text`` as (class id, confidence), best first;
        ``names`` (an organisation's name) give no evidence, nor do place names."""
        return self.classifier.classify(text, limit=self.weights.max_inferred_classes, names=names)

    def inferred_class(self, listing) -> str | None:
        """The class the engine reads from a listing's text (as it does when no class is given):
        its best inferred class with at least ``class_min_confidence``, else None. An indexed
        listing's was read when it was added (``Profile.read_class``): no second reading."""
        p = self.index.profiles.get(listing.id)
        if p is not None and p.listing == listing:
            return p.read_class
        found = self.classify(f"{listing.title or ''}\n{listing.description or ''}",
                              names=(listing.organisation_name,))
        found = [c for c, conf in found if conf >= self.weights.class_min_confidence and not is_use(c)]
        return found[0] if found else None

    def held_class(self, listing_id) -> str | None:
        """``inferred_class`` of an indexed listing, as read when it was added (KeyError when the
        listing is not indexed)."""
        return self.index.profiles[listing_id].read_class

    def suggest(self, listing, top: int = 5, exhaustive: bool = False) -> list[Suggestion]:
        """The best ``top`` counter-kind listings for ``listing`` (indexed or not), best first.

        ``exhaustive=True`` scores every counter-kind listing (the all-pairs reference used by tests
        and the benchmark); the default uses the blocked candidate search.
        """
        q = self._profile(listing)
        wanted = self._search_top(top)
        found = self.index.exhaustive(q, wanted) if exhaustive else self.index.search(q, wanted)
        return [self._suggestion(q, p, s) for s, p in self._ranked(q, found)[:top]]

    def _search_top(self, top: int) -> int:
        """How many pairs a search asks for to give ``top`` suggestions (the re-ranker's pool)."""
        return top if self.reranker is None else max(top, self.reranker.pool)

    def _ranked(self, q, found: list) -> list:
        """``found`` as suggestions rank it: re-ordered by the re-ranker when there is one."""
        return found if self.reranker is None else self.reranker.rerank(self.scorer, q, found)

    def pair_features(self, offer, need) -> tuple:
        """The feature vector (rerank.FEATURES) of an offer-need pair of listings, indexed or not."""
        return pair_features(self.scorer, self._profile(offer), self._profile(need))

    def hand_score(self, offer, need) -> float:
        """The hand-weighted score of an offer-need pair of listings, indexed or not."""
        return self.scorer.score(self._profile(offer), self._profile(need))

    def suggest_all(self, top: int = 5, exhaustive: bool = False, workers: int = 1) -> dict:
        """Suggestions for every indexed listing: id -> list of Suggestion.

        ``workers`` > 1 splits the listings over that many forked processes (each reads the
        same index, copy-on-write) where the platform can fork. The result is the same as in one
        process unless the search's ``max_scored`` cap binds (not in the benchmark regions up to
        100,000 listings): then which pairs are handed on depends on the split, and a capped
        search may end on a different last candidate.
        """
        ids = sorted(self.index.profiles, key=id_key)
        if workers > 1 and len(ids) > 1 and "fork" in multiprocessing.get_all_start_methods():
            return self._suggest_all_forked(ids, top, exhaustive, workers)
        return self._suggest_ids(ids, top, exhaustive)

    def _suggest_ids(self, ids, top: int, exhaustive: bool) -> dict:
        out = {}
        reasons: dict = {}  # a pair often appears from both sides: explain it once
        with _gc_paused():
            for lid, q, found in self._search_all(self._search_top(top), exhaustive, self._nearby_first(ids)):
                out[lid] = [self._suggestion(q, p, s, reasons) for s, p in self._ranked(q, found)[:top]]
        return {lid: out[lid] for lid in ids}

    def _nearby_first(self, ids) -> list:
        """``ids`` ordered by first class, then by place (about 20 km squares): consecutive
        searches then read the same listings, which are still in the processor's caches, and a
        pair scored from one side is soon handed on to the other. The results do not depend on
        the order."""
        profiles = self.index.profiles

        def key(lid):
            p = profiles[lid]
            pos = p.pos or (0.0, 0.0)
            return (p.classes[0][0] if p.classes else "", int(pos[0] * 5.0), int(pos[1] * 3.0), p.key)
        return sorted(ids, key=key)

    def _suggest_all_forked(self, ids, top: int, exhaustive: bool, workers: int) -> dict:
        global _FORKED
        workers = min(workers, len(ids))
        # Contiguous slices by latitude: partners are mostly near each other, so most pairs
        # scored in a worker are handed on to a partner in the same worker.
        profiles = self.index.profiles
        by_lat = sorted(ids, key=lambda i: (profiles[i].pos or (0.0,))[0])
        size = -(-len(ids) // workers)
        order = {lid: n for n, lid in enumerate(ids)}
        chunks = [sorted(by_lat[k:k + size], key=order.__getitem__) for k in range(0, len(ids), size)]
        if len(chunks) < 2:
            return self._suggest_ids(ids, top, exhaustive)
        _FORKED = (self, top, exhaustive)
        # With the collector paused before the fork, the workers inherit it paused: a collection
        # in a worker would walk (and so copy, page by page) the whole inherited index. This
        # process works on the first slice itself while the forked workers do the others.
        try:
            with _gc_paused(), multiprocessing.get_context("fork").Pool(len(chunks) - 1) as pool:
                pending = pool.map_async(_forked_suggest, chunks[1:])
                out = self._suggest_ids(chunks[0], top, exhaustive)
                parts = pending.get()
        finally:
            _FORKED = None
        # Workers send plain tuples (pickling dataclasses is several times slower); rebuild them.
        made: dict = {}
        with _gc_paused():
            for part in parts:
                for lid, rows in part.items():
                    lst = []
                    for offer_id, need_id, score, why in rows:
                        key = (offer_id, need_id)
                        reasons = made.get(key)
                        if reasons is None:
                            reasons = made[key] = tuple(Reason(code, params) for code, params in why)
                        lst.append(Suggestion(offer_id, need_id, score, reasons))
                    out[lid] = lst
        return {lid: out[lid] for lid in ids}

    def _search_all(self, top: int, exhaustive: bool = False, ids=None):
        """(id, profile, [(score, profile), ...]) for every listing of ``ids`` (default: every
        indexed listing, in id order).

        A pair scored while searching for one listing is handed to its partner's search, which
        starts with it (a high bar to beat) instead of scoring it again. Only each listing's best
        ``top`` handed-on pairs are kept, so memory stays proportional to the listings.
        """
        profiles = self.index.profiles
        pending: dict = {}  # listing id -> min-heap of its best known (score, rev key, partner)
        done: set = set()
        for lid in sorted(profiles, key=id_key) if ids is None else ids:
            q = profiles[lid]
            if exhaustive:
                yield lid, q, self.index.exhaustive(q, top)
                continue
            qrev = RevKey(q.key)

            def hand_on(p, s, qrev=qrev, q=q):
                pid = p.id
                if pid in done:
                    return
                keep_top(pending.setdefault(pid, []), (s, qrev, q), top)

            known = [(s, p) for s, _r, p in pending.pop(lid, ())]
            done.add(lid)
            yield lid, q, self.index.search(q, top, known=known, on_score=hand_on)

    def _suggestion(self, q, p, s: float, memo: dict | None = None) -> Suggestion:
        offer, need = (p, q) if q.kind == NEED else (q, p)
        if memo is None:
            why = self.scorer.explain(offer, need)
        else:
            key = (offer.id, need.id)
            why = memo.get(key)
            if why is None:
                why = memo[key] = self.scorer.explain(offer, need)
        return Suggestion(offer.id, need.id, round(s, 4), why)

    def scan(self, ids=None, top: int = 5, threshold: float | None = None) -> Scan:
        """One search per listing of ``ids`` (default: every indexed listing) that serves both a
        recompute's suggestions and the network views: each listing's best ``top`` suggestions and
        the offer-need pairs scoring at least ``threshold`` among each listing's best
        ``network_top`` (the pairs ``pairs()`` finds, so chains need no second search).

        The search asks for max(top, network_top) partners and keeps the first ``top`` as
        suggestions: the same as a search for ``top`` (the search is exact over its candidates
        unless its ``max_scored`` cap binds, as for ``suggest_all``).
        """
        whole = Scan({}, {})
        for part in self.scan_batches(ids, top, threshold):
            whole.suggestions.update(part.suggestions)
            whole.pairs.update(part.pairs)
        return whole

    def scan_batches(self, ids=None, top: int = 5, threshold: float | None = None, batch: int = 0):
        """``scan`` given as one Scan per ``batch`` listings (0: one for all), so that a caller
        can store each as it comes; pairs scored in one batch are still handed on to the next."""
        threshold = self.weights.network_threshold if threshold is None else threshold
        network_top = self.weights.network_top
        profiles = self.index.profiles
        wanted = [lid for lid in (profiles if ids is None else ids) if lid in profiles]
        reasons: dict = {}
        current = Scan({}, {})
        with _gc_paused():
            for lid, q, found in self._search_all(max(self._search_top(top), network_top),
                                                  ids=self._nearby_first(wanted)):
                current.suggestions[lid] = [self._suggestion(q, p, s, reasons)
                                            for s, p in self._ranked(q, found)[:top]]
                for s, p in found[:network_top]:
                    if s < threshold:
                        break
                    current.pairs[(p.id, q.id) if q.kind == NEED else (q.id, p.id)] = s
                if batch and len(current.suggestions) >= batch:
                    with _gc_resumed():  # the caller's work between batches collects as usual
                        yield current
                    current, reasons = Scan({}, {}), {}
        if current.suggestions or not wanted:
            yield current

    def pairs(self, threshold: float | None = None) -> dict:
        """Offer-need pairs with score >= threshold found from either side: (offer_id, need_id) -> score."""
        threshold = self.weights.network_threshold if threshold is None else threshold
        pairs: dict = {}
        top = self.weights.network_top
        for _lid, q, found in self._search_all(top):
            for s, p in found:
                if s < threshold:
                    break
                key = (p.id, q.id) if q.kind == NEED else (q.id, p.id)
                pairs[key] = s
        return pairs

    def assignment(self, threshold: float | None = None, pairs: dict | None = None) -> list[Suggestion]:
        """The best one-to-one region-wide assignment of offers to needs over ``pairs`` (default:
        ``pairs(threshold)``, a search of its own); see ``network.assignment``."""
        profiles = self.index.profiles
        return _assignment(self.pairs(threshold) if pairs is None else pairs,
                           lambda o, n: self.scorer.explain(profiles[o], profiles[n]))

    def cycles(self, max_length: int = 4, limit: int = 50, threshold: float | None = None,
               pairs: dict | None = None) -> list:
        """Circular chains of 3..max_length distinct organisations (A supplies B supplies C ... A)
        over ``pairs`` (default: ``pairs(threshold)``, a search of its own; pass ``scan().pairs``
        to reuse a recompute's)."""
        return chains_from_pairs(self.pairs(threshold) if pairs is None else pairs,
                                 self.organisation_of, max_length=max_length, limit=limit)

    def organisation_of(self, listing_id):
        return self.index.profiles[listing_id].organisation


@dataclass
class Scan:
    """What one search over the listings gives: id -> best suggestions; (offer, need) -> score."""

    suggestions: dict
    pairs: dict


def chains_from_pairs(pairs: dict, org_of, max_length: int = 4, limit: int = 50) -> list:
    """Circular chains over scored pairs; ``org_of(listing_id)`` names a listing's organisation."""
    return _cycles(supply_graph(pairs, org_of), max_length=max_length, limit=limit)


_FORKED = None  # (engine, top, exhaustive) for forked workers of suggest_all


def _forked_suggest(ids) -> dict:
    engine, top, exhaustive = _FORKED
    return {lid: [(s.offer_id, s.need_id, s.score, tuple((r.code, r.params) for r in s.reasons))
                  for s in found]
            for lid, found in engine._suggest_ids(ids, top, exhaustive).items()}


@contextlib.contextmanager
def _gc_resumed():
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector: a full recompute allocates many small objects and
    would otherwise trigger full collections that walk the whole index (~15 % of the time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


__all__ = ["Engine", "OFFER", "NEED", "Scan", "chains_from_pairs"]
