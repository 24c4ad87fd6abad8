"""Upper bounds of the score, for the candidate search (candidates.py): the best class value, the
best context and the largest half-distance a query can reach with a class or signature of
candidates, never below the exact score of such a pair."""
from __future__ import annotations

import numpy as np

from .model import NEED
from .profiles import _FREQ_CODES, Profile, Signatures


class Bounds:
    """Bounds over the features of ``features.Features`` (mixed into ``scoring.Scorer``)."""

    def half_km_bound(self, query: Profile, candidate_class: str) -> float:
        """The largest half-distance that ``scorer_for(query)`` can use with a candidate found
        under ``candidate_class`` ("" for listings without a class): the offer's class of the
        link, else the first class of the offer or of the need (see ``scorer_for``). A listing with
        several classes is also found under the class of its best link."""
        default = self.w.default_half_km
        if query.kind == NEED and candidate_class:
            return self._half.get(candidate_class, default)
        return max((self._half.get(c, default) for c, _ in query.classes), default=default)

    def core_upper_bound(self, class_value: float, query: Profile) -> float:
        """The highest core any candidate could reach with the given class value (text taken as 1,
        a context feature as 1 if the query has the data for it, else neutral)."""
        w = self.w
        cls = min(1.0, w.w_class * class_value)
        match = 1.0 - (1.0 - cls) * (1.0 - w.w_text)
        return match * self.context_upper_bound(query)

    def context_upper_bound(self, query: Profile) -> float:
        """The highest context any candidate could reach with ``query``."""
        n = self.w.neutral
        q = 1.0 if query.qty is not None else n
        f = 1.0 if query.freq is not None else n
        return self.w.context_floor + self._wq * q + self._wti * 1.0 + self._wf * f

    def context_bounds(self, query: Profile, signatures: Signatures):
        """The highest context that ``query`` can reach with any listing of a signature, for
        every signature at once (an array by signature id): never below the exact context of
        such a pair, so that the candidate search can pass over listings without scoring them.
        A candidate's amount lies within its bin (widened against rounding) and the ratio
        offer / need is monotone in it, so the quantity fit is bounded by the bin's ends."""
        w = self.w
        neutral = w.neutral
        freq, dim, lo_a, hi_a, per_year, dated = signatures.arrays()
        # Timing and frequency depend on the query only through these: shared by many queries.
        key = (query.kind, query.freq, query.dated)
        rest = signatures.memo.get(key)
        if rest is None:
            table = self._frequency_table(query)
            f = neutral if table is None else np.array([table[x] for x in _FREQ_CODES])[freq]
            timing = np.where(dated | query.dated, 1.0, neutral)
            rest = signatures.memo[key] = self._wti * timing + self._wf * f
        q_dim, q_amount, q_per_year = self._query_quantity(query)
        code = signatures.dims.get(q_dim) if q_dim is not None else None
        if code is None:
            return (w.context_floor + self._wq * neutral) + rest
        if q_per_year is not None:
            m = per_year / q_per_year
            m[np.isnan(m)] = 1.0
            lo_a, hi_a = lo_a * m, hi_a * m
        if query.kind == NEED:
            lo, hi = lo_a / q_amount, hi_a / q_amount
        else:
            lo, hi = q_amount / hi_a, q_amount / lo_a
        # hi < 1: the best ratio is below 1 (partial cover); else 1 if the range reaches 1..max
        q = np.where(lo <= w.quantity_fit_max_ratio, np.minimum(hi, 1.0), w.quantity_oversize)
        q[dim != code] = neutral
        return (w.context_floor + self._wq * q) + rest
