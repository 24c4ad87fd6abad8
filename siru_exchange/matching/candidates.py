"""Blocking: find the counter-kind listings worth scoring for a query, without scoring all pairs.

Indices per kind (offer, need):
* class -> the listings of that class, given or inferred, with their positions and context
  signatures (``profiles.context_signature``: frequency, quantity dimension, amount within a
  factor of 3, dated or not) as arrays. A need looks up the offer classes that can serve it
  (``Taxonomy.served_by``, paths of up to two edges); an offer looks up the need classes it can
  serve; listings without any class sit under ``UNCLASSIFIED``.
* stemmed word and character 4-gram -> listings. The query's rarest posted terms
  (``rare_term_max_df``, ``max_rare_terms``) give its ``text_pool`` best text neighbours by summed
  IDF, scored whatever their class. A query without any class also scans the listings that share
  its words (most specific first, ``max_text_candidates``).

Search is best-first by the highest score each listing could reach: class value, text taken as
perfect, times its distance factor (distance multiplies the score, see scoring.py), times the
best context its signature allows with the query (``Scorer.context_bounds``). The bounds of all
the listings of a class are worked out at once, with numpy, so that a listing that cannot enter
the top costs a few arithmetic operations in C rather than steps of the interpreter: that work
grows with the region, but about a hundred times more slowly than scoring would. The search
stops when the next bound cannot beat the current k-th best (exact up to there) or after
``max_scored`` candidates, a guard for regions far denser than the benchmark's, at the price of
sometimes missing a far candidate that wins on wording. The text neighbours are scored after the
class search, against its k-th best, so that most of them are dropped before their wording is
compared. In a full recompute the search starts from the pairs already scored from the other
side (``known``), which sets a high bar from the start.
"""
from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections import defaultdict

import numpy as np

from .geo import EARTH_RADIUS_KM
from .model import NEED, OFFER, id_key
from .profiles import Signatures

# Distances for the bound: y = R * lat and x = R * lon * cos(the higher of the two latitudes),
# both times _SAFETY: never more than the great-circle distance for points up to 60 degrees apart.
_SAFETY = 0.95
_KM_PER_RAD = EARTH_RADIUS_KM * _SAFETY
UNCLASSIFIED = ""  # class key of listings without any (given or inferred) class
_NO_CLASS = ((UNCLASSIFIED, 0.0),)
_CHUNK = 32  # candidates put in order at a time (a search rarely looks at more)


class _Class:
    """The listings of one kind and class and, built on the first search after a change, their
    positions and context signatures as arrays, so that a query bounds all of them at once."""

    __slots__ = ("members", "_arrays")

    def __init__(self) -> None:
        self.members: list = []
        self._arrays = None

    def add(self, p) -> None:
        self.members.append(p)
        self._arrays = None

    def remove(self, p) -> None:
        self.members = [x for x in self.members if x is not p]
        self._arrays = None

    def arrays(self, signatures: Signatures) -> tuple:
        """(members, y and x in km (NaN: not located), cos(latitude), located, signature id),
        one entry per member."""
        if self._arrays is None:
            ms = tuple(self.members)
            rad = [p.rad or (math.nan, math.nan, math.nan) for p in ms]
            y = np.array([r[0] for r in rad]) * _KM_PER_RAD
            x = np.array([r[1] for r in rad]) * _KM_PER_RAD
            cos = np.array([r[2] for r in rad])
            sid = np.array([signatures.ids[p.signature] for p in ms], dtype=np.intp)
            self._arrays = (ms, y, x, cos, ~np.isnan(y), sid)
        return self._arrays


class Index:
    """Inverted indices over profiles for the candidate search."""

    def __init__(self, scorer, taxonomy, weights) -> None:
        self.scorer = scorer
        self.taxonomy = taxonomy
        self.w = weights
        self.profiles: dict = {}
        self.classes: dict[str, dict[str, _Class]] = {OFFER: {}, NEED: {}}
        self.postings: dict[str, dict[str, set]] = {OFFER: defaultdict(set), NEED: defaultdict(set)}
        self.df = scorer.df
        self._served_by = {c: taxonomy.served_by(c) for c in taxonomy.nodes}
        self._reach = {c: taxonomy.reachable(c) for c in taxonomy.nodes}
        self.signatures = Signatures()

    # -- maintenance --------------------------------------------------------------------------
    def add(self, p) -> None:
        self.profiles[p.id] = p
        by_class = self.classes[p.kind]
        for cid, _conf in p.classes or _NO_CLASS:
            members = by_class.get(cid)
            if members is None:
                members = by_class[cid] = _Class()
            members.add(p)
        self.signatures.id(p.signature)
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
        by_class = self.classes[p.kind]
        for cid, _conf in p.classes or _NO_CLASS:
            members = by_class.get(cid)
            if members is not None:
                members.remove(p)
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
        path_table = self.w.path_table
        is_need = query.kind == NEED
        best: dict[str, float] = {}
        table = self._served_by if is_need else self._reach
        for qc, qconf in query.classes:
            links = table.get(qc) or {qc: 0}
            for c, d in links.items():
                v = path_table(qc if is_need else c)[d] * qconf ** self.w.confidence_power
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
        counter = OFFER if query.kind == NEED else NEED
        found = _Top(self.scorer.scorer_for(query), query, top, known, on_score, self.w.min_score)
        best_context = self.scorer.context_upper_bound(query)
        # 1. Class-compatible listings, best bound first.
        capped = self._scan(found, self._class_bounds(query, counter, found, best_context))
        # 2. Text neighbours. Every listing that a class links to the query was in the class
        # search, so when that search ran to its end (not stopped by the cap) the others score at
        # most max(w_text, w_text_alone) times the best context: when the k-th best is above
        # that, no text neighbour can enter and none is looked at.
        if not capped and found.full() and \
                found.floor() > max(self.w.w_text, self.w.w_text_alone) * best_context:
            return found.result()
        found.consider_all(self._text_neighbours(query, counter))
        # 2b. A query without a class can only match on wording: listings sharing its words.
        if not query.classes:
            self._word_scan(query, counter, found)
        return found.result()

    def _class_bounds(self, query, counter, found, best_context) -> list:
        """(bounds, their positions in members, members) by target class: the highest score each
        class-compatible listing could reach (class value, text taken as perfect, its distance
        factor, the best context its signature allows), for all the listings of a class at once;
        only those that could still enter the top."""
        scorer = self.scorer
        unknown = self.w.unknown_distance_factor
        expo = self.w.distance_shape / 2.0
        if query.rad is not None:
            qy, qx, qcos = query.rad[0] * _KM_PER_RAD, query.rad[1] * _KM_PER_RAD, query.rad[2]
        contexts = None  # the share of the best context each signature allows, by signature id
        parts: list = []
        for cid, cval in self.target_classes(query):
            members = self.classes[counter].get(cid)
            if members is None or not members.members:
                continue
            ub = scorer.core_upper_bound(cval, query)
            floor = found.floor(0.0)
            if ub < floor:
                continue  # nothing of this class can enter the top
            if contexts is None:
                # (a hair above the exact share, so that rounding never drops an exact tie)
                contexts = scorer.context_bounds(query, self.signatures) * ((1.0 + 1e-12) / best_context)
            ms, y, x, cos, located, sid = members.arrays(self.signatures)
            if query.rad is None:
                bound = contexts[sid] * (ub * unknown)
            else:
                half = scorer.half_km_bound(query, cid)
                d2 = ((y - qy) ** 2 + ((x - qx) * np.minimum(cos, qcos)) ** 2) * (1.0 / (half * half))
                bound = 1.0 / (1.0 + (d2 if expo == 1.0 else d2 ** expo))
                bound[~located] = unknown
                bound *= contexts[sid]
                bound *= ub
            sel = np.flatnonzero(bound >= floor)
            if sel.size:
                parts.append((bound[sel], sel, ms))
        return parts

    def _scan(self, found, parts) -> bool:
        """Score the listings of ``parts`` best bound first; stop when the next bound cannot beat
        the k-th best, or after ``max_scored`` (then True: capped)."""
        if not parts:
            return False
        cap = self.w.max_scored
        start_seen = len(found.seen)
        bounds = np.concatenate([b for b, _s, _m in parts]) if len(parts) > 1 else parts[0][0]
        ends = list(itertools.accumulate(len(b) for b, _s, _m in parts))
        for j, b in _descending(bounds, _CHUNK):
            if found.full() and found.floor() > b:
                return False
            if len(found.seen) - start_seen >= cap:
                return True
            k = bisect.bisect_right(ends, j)
            _b, sel, ms = parts[k]
            found.consider_all((ms[sel[j - (ends[k - 1] if k else 0)]],))
        return False

    def _text_neighbours(self, query, counter) -> list:
        """Listings sharing the query's rarest posted terms (words and character 4-grams), the
        best ``text_pool`` by the summed IDF of what they share (ties to the smaller id): a
        wrongly classed or unclassed listing still meets the listings worded like it."""
        post = self.postings[counter]
        df = self.df
        rare = [t for t in query.posted if 0 < df.get(t, 0) <= self.w.rare_term_max_df and t in post]
        rare.sort(key=lambda t: (df[t], t))
        idf = self.scorer.idf
        acc: dict = {}
        for t in rare[: self.w.max_rare_terms]:
            v = idf(t)
            for pid in post[t]:
                acc[pid] = acc.get(pid, 0.0) + v
        if not acc:
            return []
        # Cut by value first (in C), so that only the few near the cut need the full sort key.
        size = self.w.text_pool
        cut = heapq.nlargest(size, acc.values())[-1] if len(acc) > size else 0.0
        pool = sorted([(v, pid) for pid, v in acc.items() if v >= cut],
                      key=lambda x: (-x[0], id_key(x[1])))[:size]
        return [self.profiles[pid] for _v, pid in pool]

    def _word_scan(self, query, counter, found) -> None:
        """Listings sharing the query's words, most specific words first, at most
        ``max_text_candidates``."""
        post = self.postings[counter]
        budget = self.w.max_text_candidates
        for t in sorted(query.tf, key=lambda t: (self.df.get(t, 0), t)):
            ids = post.get(t)
            if not ids:
                continue
            batch = sorted(ids, key=id_key)[:budget]
            found.consider_all([self.profiles[pid] for pid in batch])
            budget -= len(batch)
            if budget <= 0:
                break

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


class _Top:
    """The ``top`` best (score, profile) of one search so far, as a min-heap, and the ids seen."""

    __slots__ = ("score", "top", "heap", "seen", "org", "on_score", "min_score")

    def __init__(self, score, query, top: int, known, on_score, min_score: float) -> None:
        self.score, self.top, self.on_score, self.min_score = score, top, on_score, min_score
        self.heap: list = [(s, RevKey(p.key), p) for s, p in known]
        heapq.heapify(self.heap)
        while len(self.heap) > top:
            heapq.heappop(self.heap)
        self.seen = {query.id}
        self.seen.update(p.id for _s, p in known)
        self.org = query.organisation

    def full(self) -> bool:
        return len(self.heap) >= self.top

    def floor(self, empty: float = -1.0) -> float:
        """The k-th best score, or ``empty`` while there are fewer than k."""
        return self.heap[0][0] if len(self.heap) >= self.top else empty

    def consider_all(self, bucket) -> None:
        heap, seen, top = self.heap, self.seen, self.top
        for p in bucket:
            pid = p.id
            if pid in seen:
                continue
            seen.add(pid)
            if p.organisation == self.org:
                continue
            s = self.score(p, heap[0][0] if len(heap) >= top else -1.0)
            if s < self.min_score:
                continue
            if self.on_score is not None:
                self.on_score(p, s)
            keep_top(heap, (s, RevKey(p.key), p), top)

    def result(self) -> list:
        return [(s, p) for s, _r, p in sorted(self.heap, reverse=True)]


def _descending(values, chunk: int):
    """(index, value) of ``values`` (a numpy array) from the largest value down, putting only
    ``chunk`` of them in order at a time."""
    neg = -values
    rest = np.arange(len(neg))
    while rest.size:
        if rest.size > chunk:
            part = rest[np.argpartition(neg[rest], chunk - 1)]
            head, rest = part[:chunk], part[chunk:]
        else:
            head, rest = rest, rest[:0]
        head = head[np.argsort(neg[head], kind="stable")]
        yield from zip(head.tolist(), values[head].tolist(), strict=True)


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

    def __lt__(self, other: RevKey) -> bool:
        return other.k < self.k

    def __gt__(self, other: RevKey) -> bool:
        return self.k < other.k

    def __eq__(self, other) -> bool:
        return self.k == other.k
