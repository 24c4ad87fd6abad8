"""Blocking: find the counter-kind listings worth scoring for a query, without scoring all pairs.

Indices per kind (offer, need):
* class -> spatial grid (cells of ``grid_cell_km``) of the listings of that class, given or
  inferred. A need looks up the offer classes that can serve it (``Taxonomy.served_by``, paths
  of up to two edges); an offer looks up the need classes it can serve; listings without any
  class sit under ``UNCLASSIFIED``.
* stemmed word and character 4-gram -> listings. The query's rarest posted terms
  (``rare_term_max_df``, ``max_rare_terms``) give its ``text_pool`` best text neighbours by summed
  IDF, scored whatever their class. A query without any class also scans the listings that share
  its words (most specific first, ``max_text_candidates``).

Search is best-first over (class, cell) by the highest score anything in it could reach: class
value, text taken as perfect, the query's best case for quantity, timing and frequency, times the
distance factor at the cell's nearest point (distance multiplies the score, see scoring.py). It
stops when the next bound cannot beat the current k-th best (exact up to there) or after
``max_scored`` candidates; the cap keeps the cost per query about constant as a region grows, at
the price of sometimes missing a far candidate that wins on wording or quantities. The text
neighbours are scored after the class search, against its k-th best, so that most of them are
dropped before their wording is compared. In a full recompute the search starts from the pairs
already scored from the other side (``known``), which sets a high bar from the start.
"""
from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict

from .model import NEED, OFFER, id_key
from .text import CHAR_POSTING_N, CHAR_PREFIX


def _posted(term: str) -> bool:
    """Words and character n-grams of length CHAR_POSTING_N get postings (bounded memory)."""
    return term[0] != CHAR_PREFIX or len(term) == CHAR_POSTING_N + 1

_KM_PER_DEG_LAT = 111.2
_REF_LAT = 57.5  # Jönköping county; the grid is only a search aid, exactness does not depend on it
_SAFETY = 0.95   # cells are a little narrower north of the reference latitude
_LN2 = math.log(2.0)
UNCLASSIFIED = ""  # grid key of listings without any (given or inferred) class
_NO_CLASS = ((UNCLASSIFIED, 0.0),)


_DIRECT_CELLS = 150  # a class grid with at most this many occupied cells is queued cell by cell


class _Grid:
    """Listings of one kind and class, bucketed by cell; unlocated ones kept apart."""

    __slots__ = ("cells", "unlocated", "count", "min_i", "max_i", "min_j", "max_j", "_list")

    def __init__(self) -> None:
        self._list: list | None = None  # (i, j, bucket) of every occupied cell, rebuilt on change
        self.cells: dict[tuple[int, int], list] = {}
        self.unlocated: list = []
        self.count = 0
        self.min_i = self.min_j = 10**9
        self.max_i = self.max_j = -10**9

    def cell_list(self) -> list:
        if self._list is None:
            self._list = [(i, j, b) for (i, j), b in sorted(self.cells.items(), key=lambda kv: kv[0])]
        return self._list


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
        self._rings: list[list[tuple[int, int]]] = [[(0, 0)]]
        self._served_by = {c: taxonomy.served_by(c) for c in taxonomy.classes}
        self._reach = {c: taxonomy.reachable(c) for c in taxonomy.classes}

    # -- maintenance --------------------------------------------------------------------------
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
            g._list = None
            if p.pos is None:
                g.unlocated.append(p)
            else:
                c = self.cell(p.pos)
                g.cells.setdefault(c, []).append(p)
                g.min_i, g.max_i = min(g.min_i, c[0]), max(g.max_i, c[0])
                g.min_j, g.max_j = min(g.min_j, c[1]), max(g.max_j, c[1])
        post = self.postings[p.kind]
        for t in p.tf:
            if _posted(t):
                post[t].add(p.id)
            self.df[t] = self.df.get(t, 0) + 1
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
            g._list = None
            if p.pos is None:
                g.unlocated = [x for x in g.unlocated if x is not p]
            else:
                c = self.cell(p.pos)
                bucket = [x for x in g.cells.get(c, ()) if x is not p]
                if bucket:
                    g.cells[c] = bucket
                else:
                    g.cells.pop(c, None)
        post = self.postings[p.kind]
        for t in p.tf:
            ids = post.get(t)
            if ids is not None:
                ids.discard(p.id)
                if not ids:
                    del post[t]
            n = self.df.get(t, 0) - 1
            if n > 0:
                self.df[t] = n
            else:
                self.df.pop(t, None)
        self.scorer.size -= 1
        self.scorer.invalidate()

    def _ring(self, r: int) -> list[tuple[int, int]]:
        while len(self._rings) <= r:
            k = len(self._rings)
            ring = [(di, dj) for di in range(-k, k + 1) for dj in range(-k, k + 1)
                    if max(abs(di), abs(dj)) == k]
            self._rings.append(ring)
        return self._rings[r]

    @staticmethod
    def _cell_km(i, j, ci, cj, qy, qx, ck) -> float:
        """Lower bound of the distance (km) from the query point to any point of cell (i, j)."""
        dy = i * ck - qy if i > ci else (qy - (i + 1) * ck if i < ci else 0.0)
        dx = j * ck - qx if j > cj else (qx - (j + 1) * ck if j < cj else 0.0)
        return math.sqrt(dy * dy + dx * dx) * _SAFETY

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
        heap: list = [(s, _Rev(p.key), p) for s, p in known]
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
                keep_top(heap, (s, _Rev(p.key), p), top)

        # 1. Class-compatible listings, best-first over (class, cell) by the highest score a
        # cell could hold; stop when nothing left can enter the top, or after
        # ``max_scored`` candidates (the most promising cells have then been seen).
        grids = self.grids[counter]
        ck = self.cell_km
        unknown = self.w.unknown_distance_factor
        decay_f = self.w.decay
        frontier: list = []  # max-heap by bound: (-bound, seq, kind, payload)
        tick = itertools.count()  # ties in bound keep insertion order
        shape2 = self.w.distance_shape == 2.0
        if query.pos is not None:
            qy = query.pos[0] / self.dlat * ck
            qx = query.pos[1] / self.dlon * ck
            ci, cj = math.floor(qy / ck), math.floor(qx / ck)
            edge = min(qy - ci * ck, (ci + 1) * ck - qy, qx - cj * ck, (cj + 1) * ck - qx)
        classes = []
        for cid, cval in self.target_classes(query):
            g = grids.get(cid)
            if g is None or g.count == 0:
                continue
            ub = scorer.core_upper_bound(cval, query)
            floor = heap[0][0] if len(heap) >= top else -1.0
            half = scorer._half.get(cid, self.w.default_half_km) if is_need else \
                max((scorer._half.get(c, self.w.default_half_km) for c, _ in query.classes),
                    default=self.w.default_half_km)
            k = len(classes)
            classes.append((g, ub, half))
            if g.unlocated:
                frontier.append((-ub * unknown, next(tick), 0, g.unlocated))
            if not g.cells:
                continue
            if query.pos is None:
                for key in sorted(g.cells):
                    frontier.append((-ub * unknown, next(tick), 0, g.cells[key]))
            elif len(g.cells) <= _DIRECT_CELLS and shape2:
                # Every cell with its bound ub / (1 + (km / half)^2), km the nearest point of the
                # cell (inlined: this runs for every occupied cell of every target class).
                # Cells that cannot beat the current k-th best (seeded by known pairs and text
                # neighbours) are not queued at all.
                k2 = _SAFETY * _SAFETY / (half * half)
                neg_floor = -floor if len(heap) >= top else 0.0
                if ub < -neg_floor:
                    continue
                frontier.extend([
                    (nb, next(tick), 0, bucket)
                    for i, j, bucket in g.cell_list()
                    if (nb := -ub / (1.0 + k2 * (
                        (i * ck - qy if i > ci else (qy - (i + 1) * ck if i < ci else 0.0)) ** 2
                        + (j * ck - qx if j > cj else (qx - (j + 1) * ck if j < cj else 0.0)) ** 2))) <= neg_floor])
            elif len(g.cells) <= _DIRECT_CELLS:
                for key in sorted(g.cells):
                    km = self._cell_km(key[0], key[1], ci, cj, qy, qx, ck)
                    frontier.append((-ub * decay_f(km, half), next(tick), 0, g.cells[key]))
            else:
                frontier.append((-ub, next(tick), 1, (k, 0)))
        heapq.heapify(frontier)
        cap = self.w.max_scored
        start_seen = len(seen)
        while frontier:
            neg, _s, kind, payload = heapq.heappop(frontier)
            if len(heap) >= top and heap[0][0] > -neg:
                break
            if kind == 0:
                if len(seen) - start_seen >= cap:
                    break
                consider_all(payload)
                continue
            k, r = payload  # expand ring r of class k
            g, ub, half = classes[k]
            cells = g.cells
            floor = heap[0][0] if len(heap) >= top else -1.0
            for di, dj in self._ring(r):
                i, j = ci + di, cj + dj
                bucket = cells.get((i, j))
                if bucket:
                    bound = ub * decay_f(self._cell_km(i, j, ci, cj, qy, qx, ck), half)
                    if bound >= floor:
                        heapq.heappush(frontier, (-bound, next(tick), 0, bucket))
            rmax = max(abs(ci - g.min_i), abs(ci - g.max_i), abs(cj - g.min_j), abs(cj - g.max_j))
            if r < rmax:
                near_km = (r * ck + edge) * _SAFETY
                heapq.heappush(frontier, (-ub * decay_f(near_km, half), next(tick), 1, (k, r + 1)))
        # 2. Text neighbours: listings sharing the query's rarest posted terms (words and
        # character 4-grams), ranked by the summed IDF of what they share; the best
        # ``text_pool`` are scored whatever their class, so a wrongly classed or unclassed
        # listing still meets the listings worded like it.
        post = self.postings[counter]
        df = self.df
        rare = [t for t in query.tf if 0 < df.get(t, 0) <= self.w.rare_term_max_df and t in post]
        rare.sort(key=lambda t: (df[t], t))
        profiles = self.profiles
        idf = scorer.idf
        acc: dict = {}
        for t in rare[: self.w.max_rare_terms]:
            v = idf(t)
            for pid in post[t]:
                acc[pid] = acc.get(pid, 0.0) + v
        if acc:
            pool = heapq.nlargest(self.w.text_pool, acc.items(), key=lambda x: (x[1], _Rev(id_key(x[0]))))
            consider_all([profiles[pid] for pid, _v in pool])

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
                out.append((s, _Rev(p.key), p))
        out = heapq.nlargest(top, out)
        return [(s, p) for s, _r, p in out]


def keep_top(heap: list, item, top: int) -> None:
    """Add ``item`` to the min-heap ``heap`` that keeps the ``top`` largest items."""
    if len(heap) < top:
        heapq.heappush(heap, item)
    elif item > heap[0]:
        heapq.heapreplace(heap, item)


class _Rev:
    """Reverses the order of a key, so that among equal scores the smaller id ranks first."""

    __slots__ = ("k",)

    def __init__(self, k) -> None:
        self.k = k

    def __lt__(self, other: "_Rev") -> bool:
        return other.k < self.k

    def __gt__(self, other: "_Rev") -> bool:
        return self.k < other.k

    def __eq__(self, other) -> bool:
        return self.k == other.k
