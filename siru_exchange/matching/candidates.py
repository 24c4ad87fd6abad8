"""Blocking: find the counter-kind listings worth scoring for a query, without scoring all pairs.

Indices per kind (offer, need):
* class -> spatial grid (cells of ``grid_cell_km``, grouped in blocks of ``_BLOCK`` x ``_BLOCK``
  cells) of the listings of that class, given or inferred; within a cell, the listings are
  grouped by context signature (``scoring.context_signature``: frequency, quantity dimension,
  amount within a factor of 3, dated or not). A need looks up the offer classes that can serve it
  (``Taxonomy.served_by``, paths of up to two edges); an offer looks up the need classes it can
  serve; listings without any class sit under ``UNCLASSIFIED``.
* stemmed word and character 4-gram -> listings. The query's rarest posted terms
  (``rare_term_max_df``, ``max_rare_terms``) give its ``text_pool`` best text neighbours by summed
  IDF, scored whatever their class. A query without any class also scans the listings that share
  its words (most specific first, ``max_text_candidates``).

Search is best-first by the highest score anything could reach: class value, text taken as
perfect, times the distance factor at the nearest point (distance multiplies the score, see
scoring.py), times the best context. Blocks are bounded first; a block's cells only when it
comes up, and then each group of a cell with the context its signature allows at best
(``Scorer.context_bound_for``), so that listings whose quantity, timing or frequency rule them
out are passed over without being looked at one by one. The search stops when the next bound
cannot beat the current k-th best (exact up to there) or after ``max_scored`` candidates; the cap
keeps the cost per query bounded as a region grows, at the price of sometimes missing a far
candidate that wins on wording. The text neighbours are scored after the class search, against
its k-th best, so that most of them are dropped before their wording is compared. In a full
recompute the search starts from the pairs already scored from the other side (``known``),
which sets a high bar from the start.
"""
from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict

from .model import NEED, OFFER, id_key

_KM_PER_DEG_LAT = 111.2
_REF_LAT = 57.5  # Jönköping county; the grid is only a search aid, exactness does not depend on it
_SAFETY = 0.95   # cells are a little narrower north of the reference latitude
_LN2 = math.log(2.0)
UNCLASSIFIED = ""  # grid key of listings without any (given or inferred) class
_NO_CLASS = ((UNCLASSIFIED, 0.0),)


_BLOCK = 4  # a block is _BLOCK x _BLOCK cells; the search bounds blocks first, then their cells


class _Grid:
    """Listings of one kind and class, bucketed by cell and, within a cell, by context signature
    (``scoring.context_signature``); unlocated ones kept apart."""

    __slots__ = ("cells", "unlocated", "count", "_blocks")

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], dict[int, list]] = {}  # cell -> signature id -> listings
        self.unlocated: list = []
        self.count = 0
        self._blocks: list | None = None  # rebuilt on change, see blocks()

    def changed(self) -> None:
        self._blocks = None

    def blocks(self, ck: float) -> list:
        """Occupied cells grouped in blocks: [(y0, y1, x0, x1, cells)], the block's edges in km
        and its cells as [(y0, y1, x0, x1, [(signature id, listings), ...])], in a stable order."""
        if self._blocks is None:
            by: dict = {}
            for (i, j), subs in sorted(self.cells.items(), key=lambda kv: kv[0]):
                by.setdefault((i // _BLOCK, j // _BLOCK), []).append(
                    (i * ck, (i + 1) * ck, j * ck, (j + 1) * ck, list(subs.items())))
            side = _BLOCK * ck
            self._blocks = [(bi * side, (bi + 1) * side, bj * side, (bj + 1) * side, cells)
                            for (bi, bj), cells in by.items()]
        return self._blocks


class Index:
    """Inverted indices over profiles for the candidate search."""

    def __init__(self, scorer, taxonomy, weights) -> None:
        self.scorer = scorer
        self.taxonomy = taxonomy
        self.w = weights
        self.profiles: dict = {}
        self.grids: dict[str, dict[str, _Grid]] = {OFFER: {}, NEED: {}}
        self.postings: dict[str, dict[str, set]] = {OFFER: defaultdict(set), NEED: defaultdict(set)}
        self.df = scorer.df
        self.cell_km = weights.grid_cell_km
        self.dlat = self.cell_km / _KM_PER_DEG_LAT
        self.dlon = self.cell_km / (_KM_PER_DEG_LAT * math.cos(math.radians(_REF_LAT)))
        self._served_by = {c: taxonomy.served_by(c) for c in taxonomy.classes}
        self._sig_ids: dict[tuple, int] = {}  # context signature -> its number in _sigs
        self._sigs: list[tuple] = []
        self._reach = {c: taxonomy.reachable(c) for c in taxonomy.classes}

    # -- maintenance --------------------------------------------------------------------------
    def _sig_id(self, sig: tuple) -> int:
        """A small number for a context signature (the search keeps its bounds in a list)."""
        sid = self._sig_ids.get(sig)
        if sid is None:
            sid = self._sig_ids[sig] = len(self._sigs)
            self._sigs.append(sig)
        return sid

    def cell(self, pos) -> tuple[int, int]:
        return (math.floor(pos[0] / self.dlat), math.floor(pos[1] / self.dlon))

    def add(self, p) -> None:
        self.profiles[p.id] = p
        grids = self.grids[p.kind]
        for cid, _conf in p.classes or _NO_CLASS:
            g = grids.get(cid)
            if g is None:
                g = grids[cid] = _Grid()
            g.count += 1
            g.changed()
            if p.pos is None:
                g.unlocated.append(p)
            else:
                g.cells.setdefault(self.cell(p.pos), {}).setdefault(self._sig_id(p.signature), []).append(p)
        post = self.postings[p.kind]
        for t in p.tf:
            self.df[t] = self.df.get(t, 0) + 1
        for t in p.posted:
            post[t].add(p.id)
        self.scorer.size += 1
        self.scorer.invalidate()

    def remove(self, listing_id) -> None:
        p = self.profiles.pop(listing_id, None)
        if p is None:
            return
        grids = self.grids[p.kind]
        for cid, _conf in p.classes or _NO_CLASS:
            g = grids.get(cid)
            if g is None:
                continue
            g.count -= 1
            g.changed()
            if p.pos is None:
                g.unlocated = [x for x in g.unlocated if x is not p]
            else:
                c = self.cell(p.pos)
                subs = g.cells.get(c, {})
                sid = self._sig_ids[p.signature]
                bucket = [x for x in subs.get(sid, ()) if x is not p]
                if bucket:
                    subs[sid] = bucket
                else:
                    subs.pop(sid, None)
                if not subs:
                    g.cells.pop(c, None)
        post = self.postings[p.kind]
        for t in p.posted:
            ids = post.get(t)
            if ids is not None:
                ids.discard(p.id)
                if not ids:
                    del post[t]
        for t in p.tf:
            n = self.df.get(t, 0) - 1
            if n > 0:
                self.df[t] = n
            else:
                self.df.pop(t, None)
        self.scorer.size -= 1
        self.scorer.invalidate()

    # -- search -------------------------------------------------------------------------------
    def target_classes(self, query) -> list[tuple[str, float]]:
        """Counter-kind classes to search, with the best class value each could give, best first."""
        ps = self.w.path_scores
        best: dict[str, float] = {}
        table = self._served_by if query.kind == NEED else self._reach
        for qc, qconf in query.classes:
            links = table.get(qc) or {qc: 0}
            for c, d in links.items():
                v = ps[d] * qconf ** self.w.confidence_power
                if v > best.get(c, 0.0):
                    best[c] = v
        # Listings without a class can still match on wording; searched last.
        return sorted(best.items(), key=lambda x: (-x[1], x[0])) + [(UNCLASSIFIED, 0.0)]

    def search(self, query, top: int, known=(), on_score=None):
        """The best ``top`` counter-kind profiles for ``query`` as (score, profile), best first.

        ``known``: (score, profile) pairs already scored exactly from the other side (a full
        recompute passes them on); they seed the top list, so the search can stop sooner, and
        are not scored again. ``on_score(profile, score)`` is called for every exact score of
        at least ``min_score`` computed here.
        """
        scorer = self.scorer
        counter = OFFER if query.kind == NEED else NEED
        score = scorer.scorer_for(query)
        is_need = query.kind == NEED
        # min-heap of (score, reversed key, profile); keeps the top `top`
        heap: list = [(s, RevKey(p.key), p) for s, p in known]
        heapq.heapify(heap)
        while len(heap) > top:
            heapq.heappop(heap)
        seen = {query.id}
        seen.update(p.id for _s, p in known)
        qorg = query.organisation

        min_score = self.w.min_score

        def consider_all(bucket) -> None:
            for p in bucket:
                pid = p.id
                if pid in seen:
                    continue
                seen.add(pid)
                if p.organisation == qorg:
                    continue
                floor = heap[0][0] if len(heap) >= top else -1.0
                s = score(p, floor)
                if s < min_score:
                    continue
                if on_score is not None:
                    on_score(p, s)
                keep_top(heap, (s, RevKey(p.key), p), top)

        # 1. Class-compatible listings, best-first over (class, block, cell) by the highest
        # score anything there could reach; stop when nothing left can enter the top, or after
        # ``max_scored`` candidates (the most promising cells have then been seen). A block's
        # bound is at least that of each of its cells, so cells are bounded only when their
        # block comes up, and far blocks never.
        grids = self.grids[counter]
        unknown = self.w.unknown_distance_factor
        # Distance factor 1 / (1 + (km / half) ** shape) with km = sqrt(d2) * _SAFETY, d2 the
        # squared distance (km) to the nearest point of a cell: 1 / (1 + (d2 * k2) ** expo).
        expo = self.w.distance_shape / 2.0
        frontier: list = []  # max-heap by bound: (-bound, seq, kind, payload)
        tick = itertools.count()  # ties in bound keep insertion order
        located = query.pos is not None
        context_bound = scorer.context_bound_for(query)
        best_context = scorer.context_upper_bound(query)
        sigs = self._sigs
        sig_bound: list = [None] * len(sigs)  # context bound by signature id, on first use
        if located:
            ck = self.cell_km
            qy = query.pos[0] / self.dlat * ck
            qx = query.pos[1] / self.dlon * ck
        classes = []
        for cid, cval in self.target_classes(query):
            g = grids.get(cid)
            if g is None or g.count == 0:
                continue
            ub = scorer.core_upper_bound(cval, query)
            neg_floor = -heap[0][0] if len(heap) >= top else 0.0
            if ub < -neg_floor:
                continue  # nothing of this class can enter the top
            if g.unlocated:
                frontier.append((-ub * unknown, next(tick), 0, g.unlocated))
            if not g.cells:
                continue
            half = scorer._half.get(cid, self.w.default_half_km) if is_need else \
                max((scorer._half.get(c, self.w.default_half_km) for c, _ in query.classes),
                    default=self.w.default_half_km)
            k2 = _SAFETY * _SAFETY / (half * half)
            k = len(classes)
            classes.append((ub, k2))
            if not located:
                frontier.extend([(-ub * unknown, next(tick), 1, (k, block[4]))
                                 for block in g.blocks(self.cell_km)])
                continue
            # Blocks that cannot beat the current k-th best (seeded by known pairs) are not
            # queued at all (inlined: this runs for every occupied block of every target class).
            frontier.extend([
                (nb, next(tick), 1, (k, cells))
                for y0, y1, x0, x1, cells in g.blocks(ck)
                if (nb := -ub / (1.0 + (k2 * (
                    (y0 - qy if y0 > qy else (qy - y1 if qy > y1 else 0.0)) ** 2
                    + (x0 - qx if x0 > qx else (qx - x1 if qx > x1 else 0.0)) ** 2)) ** expo)) <= neg_floor])
        heapq.heapify(frontier)
        cap = self.w.max_scored
        start_seen = len(seen)
        capped = False
        while frontier:
            neg, _s, kind, payload = heapq.heappop(frontier)
            if len(heap) >= top and heap[0][0] > -neg:
                break
            if kind == 0:
                if len(seen) - start_seen >= cap:
                    capped = True
                    break
                consider_all(payload)
                continue
            # A block: queue the listings of its cells, by context signature, that can still
            # enter the top (the bound of a cell times the share of the best context that the
            # signature allows).
            k, cells = payload
            ub, k2 = classes[k]
            neg_floor = -heap[0][0] if len(heap) >= top else 0.0
            for y0, y1, x0, x1, subs in cells:
                nb = -ub / (1.0 + (k2 * (
                    (y0 - qy if y0 > qy else (qy - y1 if qy > y1 else 0.0)) ** 2
                    + (x0 - qx if x0 > qx else (qx - x1 if qx > x1 else 0.0)) ** 2)) ** expo) \
                    if located else neg
                if nb > neg_floor:
                    continue
                nb /= best_context
                for sid, bucket in subs:
                    c = sig_bound[sid]
                    if c is None:
                        c = sig_bound[sid] = context_bound(sigs[sid])
                    b = nb * c
                    if b <= neg_floor:
                        heapq.heappush(frontier, (b, next(tick), 0, bucket))
        # 2. Text neighbours: listings sharing the query's rarest posted terms (words and
        # character 4-grams), ranked by the summed IDF of what they share; the best
        # ``text_pool`` are scored whatever their class, so a wrongly classed or unclassed
        # listing still meets the listings worded like it. Every listing that a class links to
        # the query was in the class search, so when that search ran to its end (not stopped by
        # the cap) the others score at most max(w_text, w_text_alone) times the best context:
        # when the k-th best is above that, no text neighbour can enter and none is looked at.
        if not capped and len(heap) >= top and \
                heap[0][0] > max(self.w.w_text, self.w.w_text_alone) * best_context:
            return [(s, p) for s, _r, p in sorted(heap, reverse=True)]
        post = self.postings[counter]
        df = self.df
        rare = [t for t in query.posted if 0 < df.get(t, 0) <= self.w.rare_term_max_df and t in post]
        rare.sort(key=lambda t: (df[t], t))
        profiles = self.profiles
        idf = scorer.idf
        acc: dict = {}
        for t in rare[: self.w.max_rare_terms]:
            v = idf(t)
            for pid in post[t]:
                acc[pid] = acc.get(pid, 0.0) + v
        if acc:
            # The best ``text_pool`` by summed IDF, ties to the smaller id: cut by value first
            # (in C), so that only the few near the cut need the full sort key.
            size = self.w.text_pool
            cut = heapq.nlargest(size, acc.values())[-1] if len(acc) > size else 0.0
            pool = sorted([(v, pid) for pid, v in acc.items() if v >= cut],
                          key=lambda x: (-x[0], id_key(x[1])))[:size]
            consider_all([profiles[pid] for _v, pid in pool])

        # 2b. A query without a class can only match on wording: listings sharing its words,
        # most specific words first.
        if not query.classes:
            budget = self.w.max_text_candidates
            for t in sorted(query.tf, key=lambda t: (self.df.get(t, 0), t)):
                ids = post.get(t)
                if not ids:
                    continue
                batch = sorted(ids, key=id_key)[:budget]
                consider_all([profiles[pid] for pid in batch])
                budget -= len(batch)
                if budget <= 0:
                    break

        return [(s, p) for s, _r, p in sorted(heap, reverse=True)]

    def exhaustive(self, query, top: int):
        """All-pairs reference: score every counter-kind listing (same scorer, no blocking)."""
        counter = OFFER if query.kind == NEED else NEED
        score = self.scorer.scorer_for(query)
        out = []
        for p in self.profiles.values():
            if p.kind != counter or p.id == query.id:
                continue
            s = score(p)
            if s >= self.w.min_score:
                out.append((s, RevKey(p.key), p))
        out = heapq.nlargest(top, out)
        return [(s, p) for s, _r, p in out]


def keep_top(heap: list, item, top: int) -> None:
    """Add ``item`` to the min-heap ``heap`` that keeps the ``top`` largest items."""
    if len(heap) < top:
        heapq.heappush(heap, item)
    elif item > heap[0]:
        heapq.heapreplace(heap, item)


class RevKey:
    """Reverses the order of a key, so that among equal scores the smaller id ranks first."""

    __slots__ = ("k",)

    def __init__(self, k) -> None:
        self.k = k

    def __lt__(self, other: "RevKey") -> bool:
        return other.k < self.k

    def __gt__(self, other: "RevKey") -> bool:
        return self.k < other.k

    def __eq__(self, other) -> bool:
        return self.k == other.k
