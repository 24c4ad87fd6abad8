"""Feature scores -> one score in [0, 1] with the reasons behind it.

    match   = 1 - (1 - class) * (1 - w_text * text)          (class and wording back each other up)
    context = context_floor + (1 - context_floor) * (w_quantity*quantity + w_timing*timing
              + w_frequency*frequency) / (w_quantity + w_timing + w_frequency)
    core    = match * context
    score   = core * distance_factor

Each feature is in [0, 1]. A strong class match (same class or "can serve as") therefore scores
high on its own; wording adds to it and can stand in for it when the classes are missing or not
linked (then ``match = w_text_alone * text``, lower than a class match). A context feature
(quantity, timing, frequency) that cannot be judged counts as ``neutral``; only known mismatches
pull the context down, and never below ``context_floor``. Distance multiplies:
``1 / (1 + (km / half_km) ** distance_shape)``, flat near the listing and halving at ``half_km``,
which depends on the offered class (heat: a few km) or its group (bulky materials ~70 km,
competence hundreds of km). Unknown positions give ``unknown_distance_factor``. Because distance
multiplies and every other feature is bounded, the candidate search (candidates.py) can stop
scanning outward once nothing further away could win. Role, direction and intent scale the class
link and the score (features.py). All weights and constants live in ``weights.Weights``;
``WEIGHTS`` is the default instance. By purpose: weights.py, vocabulary.py (units, frequencies),
profiles.py (a listing prepared once), features.py (the readable features and the reasons),
bounds.py (upper bounds for the candidate search) and here the fast scorer.
"""
from __future__ import annotations

import math

from .bounds import Bounds
from .features import _SOCIAL_NEED, Features, _only_generic
from .geo import EARTH_RADIUS_KM
from .model import NEED
from .profiles import Profile, Signatures, build_profile, context_signature
from .vocabulary import PER_YEAR
from .weights import WEIGHTS, Weights

__all__ = ["WEIGHTS", "Profile", "Scorer", "Signatures", "Weights", "build_profile", "context_signature"]
_NO_LINK = (0.0, None)


class Scorer(Features, Bounds):
    """Scores an offer profile against a need profile: the readable features (``Features``), the
    bounds for the candidate search (``Bounds``) and the fast scorer of one query (``scorer_for``)."""

    def score(self, offer: Profile, need: Profile, floor: float = -1.0) -> float:
        """The pair's score in [0, 1]; 0.0 for pairs that must never be suggested.

        With ``floor`` >= 0 it may return 0.0 early for a pair whose score is certainly below
        ``floor``; any other pair gets its exact score. For many pairs with one side in common,
        use ``scorer_for`` once (this builds one per call).
        """
        return self.scorer_for(need)(offer, floor)

    def scorer_for(self, query: Profile):
        """``f(candidate, floor=-1.0)``: the score of the pair (query, candidate), the candidate of
        the other kind, as ``score`` defines it.

        This is the hot loop of the engine, so everything that depends on the query alone is
        worked out once, by purpose: the class link (``_link_for``), the context (``_context_for``)
        and the distance (``_distance_for``), each a closure over the query; ``explain`` uses the
        readable helpers of ``features.Features``, which compute the same values.
        """
        w = self.w
        is_need = query.kind == NEED
        link = self._link_for(query)
        context = self._context_for(query)
        distance = self._distance_for(query)
        q_links = bool(query.links)
        q_org = query.organisation
        w_text, w_text_alone = w.w_text, w.w_text_alone
        alone_min, link_min = w.text_alone_min, w.text_link_min
        q_title, q_tails, q_terms = query.title_stems, query.tails, query.terms
        text_value = self._text_value
        intent_of = self.intent_factor
        q_social = query.social_need
        q_intent = self.intent_factor(query, _SOCIAL_NEED) if not is_need else 1.0

        def score(p: Profile, floor: float = -1.0) -> float:
            if p.organisation == q_org:
                return 0.0
            cls, oc, lf = link(p)
            linked = cls > 0.0 or not (q_links and p.links)
            if not linked and q_title.isdisjoint(p.tails) and p.title_stems.isdisjoint(q_tails):
                # Two classed listings without a class link can only match on close wording, and
                # the title of one must name a word of the other or its compound head ("spån"
                # in "kutterspån"); shared filler ("on site", "supply") is not enough.
                return 0.0
            ctx = context(p)
            factor = distance(p, oc)
            if is_need:
                if q_social:
                    factor *= intent_of(p, query)
            elif p.social_need:
                factor *= q_intent
            # A link that role or direction scaled (a chipper for chips) scales its wording too:
            # the shared word ("flis", "compost") is what makes the two look alike.
            wtx = w_text * lf if linked else w_text_alone
            best = (1.0 - (1.0 - cls) * (1.0 - wtx)) if linked else wtx
            if floor >= 0.0 and best * ctx * factor < floor:
                return 0.0  # cannot reach the floor even with identical wording
            if cls >= 1.0:  # a certain class link is a perfect match, whatever the wording
                s = ctx * factor
                return 1.0 if s > 1.0 else s
            shared = p.terms & q_terms
            text = text_value(p, query, shared)
            if cls == 0.0 and text > 0.0 and _only_generic(shared):
                return 0.0  # one common word ("waste", "winter") is no evidence: never shown
            if linked:
                if cls == 0.0 and text < alone_min:
                    return 0.0
                match = 1.0 - (1.0 - cls) * (1.0 - wtx * text)
            else:
                if text < link_min:
                    return 0.0  # and near-identical wording
                match = wtx * text
            s = match * ctx * factor
            return 1.0 if s > 1.0 else s

        return score

    def _link_for(self, query: Profile):
        """``f(candidate) -> (class value, offer class, link factor)``: ``class_link`` of the pair
        and ``link_factor`` of its best link, with the query's best class value per candidate
        class worked out once."""
        w = self.w
        is_need = query.kind == NEED
        path_table = w.path_table
        w_class = w.w_class
        # Candidate class -> (best class value without the candidate's confidence, offer class).
        best_cls: dict = {}
        if is_need:
            for c2, s2 in query.links:
                for c1, d in self._served_d.get(c2, {c2: 0}).items():
                    v = path_table(c2)[d] * s2
                    if v > best_cls.get(c1, _NO_LINK)[0]:
                        best_cls[c1] = (v, c1)
        else:
            for c1, s1 in query.links:
                for c2, d in self._reach.get(c1, {c1: 0}).items():
                    v = path_table(c2)[d] * s1
                    if v > best_cls.get(c2, _NO_LINK)[0]:
                        best_cls[c2] = (v, c1)
        # Role, direction (rarely anything but the defaults).
        q_role, q_unwanted = query.role, query.unwanted
        role_matters = self._role_matters
        role_mismatch, direction_mismatch = w.role_mismatch, w.direction_mismatch
        class_link, link_factor = self.class_link, self.link_factor

        def link(p: Profile) -> tuple:
            cls, oc = 0.0, None
            if p.role == q_role and not q_unwanted and not p.unwanted:
                for c, sc in p.links:
                    e = best_cls.get(c)
                    if e is not None:
                        v = e[0] * sc
                        if v > cls:
                            cls, oc = v, e[1]
                cls *= w_class
                return (1.0 if cls > 1.0 else cls), oc, 1.0
            if not is_need:  # an offer's best link to this need may change with the adjustment
                cls, oc, _nc = class_link(query, p)
                return cls, oc, (link_factor(query, p, oc) if oc is not None else 1.0)
            lf = 1.0
            for c, sc in p.links:  # the offer's class is the key of best_cls: adjust each link
                e = best_cls.get(c)
                if e is not None:
                    v = e[0] * sc * w_class
                    if v > 1.0:
                        v = 1.0
                    f = 1.0
                    if p.role != q_role and c in role_matters:
                        f *= role_mismatch
                    if c in q_unwanted:
                        f *= direction_mismatch
                    v *= f
                    if v > cls:
                        cls, oc, lf = v, e[1], f
            return cls, oc, lf

        return link

    def _context_for(self, query: Profile):
        """``f(candidate) -> context``: the fit of quantity, timing and frequency with the query."""
        w = self.w
        is_need = query.kind == NEED
        neutral = w.neutral
        floor_ctx = w.context_floor
        wq, wti, wf = self._wq, self._wti, self._wf
        q_dim, q_amount, q_per_year = self._query_quantity(query)  # annualised when it recurs
        fit_max, oversize = w.quantity_fit_max_ratio, w.quantity_oversize
        q_dated, q_lo, q_hi = query.dated, query.lo, query.hi
        timing_half = w.timing_half_days
        freq_fit = self._frequency_table(query)

        def context(p: Profile) -> float:
            # Quantity: offer / need, yearly amounts when both recur.
            pq = p.qty
            if pq is None or pq[0] != q_dim:
                q = neutral
            else:
                o, n = (pq[1], q_amount) if is_need else (q_amount, pq[1])
                fy = PER_YEAR.get(p.freq)
                if fy is not None and q_per_year is not None:
                    o, n = (o * fy, n * q_per_year) if is_need else (o * q_per_year, n * fy)
                ratio = o / n
                q = ratio if ratio < 1.0 else (1.0 if ratio <= fit_max else oversize)
            # Timing (open ends never limit the overlap).
            if q_dated or p.dated:
                lo = q_lo if q_lo > p.lo else p.lo
                hi = q_hi if q_hi < p.hi else p.hi
                t = 1.0 if lo <= hi else 0.5 ** ((lo - hi) / timing_half)
            else:
                t = neutral
            f = neutral if freq_fit is None else freq_fit[p.freq]
            return floor_ctx + wq * q + wti * t + wf * f

        return context

    def _distance_for(self, query: Profile):
        """``f(candidate, offer class) -> distance factor`` with the query."""
        w = self.w
        is_need = query.kind == NEED
        q_rad = query.rad
        unknown = w.unknown_distance_factor
        if q_rad is None:
            return lambda p, oc: unknown
        q_lat, q_lon, q_cos = q_rad
        shape2 = w.distance_shape == 2.0
        half_of = self._half
        default_half = w.default_half_km
        q_half = None if not query.classes else half_of.get(query.classes[0][0], default_half)
        two_r = 2 * EARTH_RADIUS_KM
        sin, asin, sqrt = math.sin, math.asin, math.sqrt

        def distance(p: Profile, oc) -> float:
            rb = p.rad
            if rb is None:
                return unknown
            a = sin((rb[0] - q_lat) * 0.5) ** 2 + q_cos * rb[2] * sin((rb[1] - q_lon) * 0.5) ** 2
            km = two_r * asin(sqrt(a) if a < 1.0 else 1.0)
            if oc is not None:
                h = half_of.get(oc, default_half)
            elif is_need:  # the offer's (candidate's) first class, else the need's
                h = half_of.get(p.classes[0][0], default_half) if p.classes else (q_half or default_half)
            else:
                h = q_half if q_half is not None else (
                    half_of.get(p.classes[0][0], default_half) if p.classes else default_half)
            if shape2:
                x = km / h
                return 1.0 / (1.0 + x * x)
            return w.decay(km, h)

        return distance
