"""The features of an offer-need pair, written to be read: class link (with role and direction),
intent, quantity, timing, frequency, distance and wording, and the reasons they give. The hot loop
(``scoring.Scorer.scorer_for``) computes the same values inlined; a test holds them equal."""
from __future__ import annotations

import math

from .geo import haversine_km
from .intent import COMMERCIAL, SOCIAL
from .model import NEED
from .profiles import Profile
from .reasons import Reason
from .taxonomy import is_use
from .text import CHAR_PREFIX, generic_stems
from .vocabulary import FREQUENCY_WORDS, PER_YEAR
from .weights import WEIGHTS, Weights

_GENERIC = generic_stems()


def _only_generic(shared) -> bool:
    """Whether the words a pair shares (character n-grams aside) are all generic qualifiers
    (text.GENERIC_WORDS), and there is at least one: the pair is then linked by a common word only."""
    words = False
    for t in shared:
        if t[0] != CHAR_PREFIX:
            if t not in _GENERIC:
                return False
            words = True
    return words


class _SocialNeed:
    """Stands in for a social need when an offer query works out its intent factor once."""

    social_need = True


_SOCIAL_NEED = _SocialNeed()


class Features:
    """The readable features of a pair, with the index statistics (``df`` and ``size``, from the
    index) that give the IDF; vector norms are cached until the index changes (``invalidate``)."""

    def __init__(self, taxonomy, weights: Weights = WEIGHTS) -> None:
        self.taxonomy = taxonomy
        self.w = weights
        self.df: dict[str, int] = {}
        self.size = 0
        self.gen = 0
        self._idf: dict[str, float] = {}
        self._reach = {c: taxonomy.reachable(c) for c in taxonomy.nodes}
        # need class -> {offer class: path length}
        self._served_d = {c: taxonomy.served_by(c) for c in taxonomy.nodes}
        self._half = {c: weights.half_km_for_class(c, cls.group) for c, cls in taxonomy.nodes.items()}
        self._freq_tables: dict = {}  # (kind, frequency) -> _frequency_table
        groups = taxonomy.signals.role_groups
        self._role_matters = frozenset(c for c, n in taxonomy.nodes.items() if n.group in groups)
        wt = weights.context_total
        cf = weights.context_floor
        self._wq = (1.0 - cf) * weights.w_quantity / wt
        self._wti = (1.0 - cf) * weights.w_timing / wt
        self._wf = (1.0 - cf) * weights.w_frequency / wt


    def invalidate(self) -> None:
        """Forget cached IDF values and vectors (the index changed)."""
        self.gen += 1
        self._idf.clear()

    def idf(self, term: str) -> float:
        v = self._idf.get(term)
        if v is None:
            v = math.log((self.size + 1) / (self.df.get(term, 0) + 1)) + 1.0
            self._idf[term] = v
        return v

    def vector(self, p: Profile) -> dict:
        """The unit-length TF-IDF vector of a profile, cached until the index changes."""
        if p.vec_gen != self.gen:
            cache, df, log = self._idf, self.df, math.log
            n1 = self.size + 1
            words: list = []
            chars: list = []
            nw = nc = 0.0
            for t, tf in p.tf.items():
                v = cache.get(t)
                if v is None:
                    v = cache[t] = log(n1 / (df.get(t, 0) + 1)) + 1.0
                v *= tf
                if t[0] == CHAR_PREFIX:
                    chars.append((t, v))
                    nc += v * v
                else:
                    words.append((t, v))
                    nw += v * v
            cs = self.w.text_char_share
            kw = math.sqrt(1.0 - cs) / (math.sqrt(nw) or 1.0)
            kc = math.sqrt(cs) / (math.sqrt(nc) or 1.0)
            vec = {t: v * kw for t, v in words}
            vec.update((t, v * kc) for t, v in chars)
            p.vec = vec
            p.vec_gen = self.gen
        return p.vec


    def class_link(self, offer: Profile, need: Profile) -> tuple[float, str | None, str | None]:
        """Best class compatibility: (value, offer class, need class)."""
        best, bo, bn = 0.0, None, None
        path_table = self.w.path_table
        for oc, oconf in offer.classes:
            reach = self._reach.get(oc)
            for nc, nconf in need.classes:
                if reach is None:
                    d = 0 if oc == nc else None
                else:
                    d = reach.get(nc)
                if d is None:
                    continue
                v = self.w.w_class * path_table(nc)[d] * (oconf * nconf) ** self.w.confidence_power
                v = min(1.0, v) * self.link_factor(offer, need, oc)
                if v > best:
                    best, bo, bn = v, oc, nc
        return best, bo, bn

    def link_factor(self, offer: Profile, need: Profile, offer_class: str) -> float:
        """The share of a class link that role and direction leave: equipment or a service offered
        for a resource need (or the reverse), an output of a process the need names."""
        f = 1.0
        if offer.role != need.role and offer_class in self._role_matters:
            f *= self.w.role_mismatch
        if offer_class in need.unwanted:
            f *= self.w.direction_mismatch
        return f

    def intent_factor(self, offer: Profile, need: Profile) -> float:
        """For a social need, how the offer's intent fits: a social partner (integration,
        non-profit, volunteer) 1.0, a commercial lookalike less, no intent read between."""
        if not need.social_need:
            return 1.0
        social, commercial = SOCIAL in offer.intent, COMMERCIAL in offer.intent
        if social and not commercial:
            return 1.0
        return self.w.social_commercial if commercial and not social else self.w.social_neutral

    def half_km(self, offer: Profile, need: Profile, offer_class: str | None) -> float:
        cls = offer_class or (offer.classes[0][0] if offer.classes else None) or \
            (need.classes[0][0] if need.classes else None)
        if cls is None:
            return self.w.default_half_km
        return self._half.get(cls, self.w.default_half_km)

    def quantity_fit(self, offer: Profile, need: Profile) -> tuple[float | None, float | None]:
        """(feature value or None when it cannot be judged, ratio offer/need)."""
        oq, nq = offer.qty, need.qty
        if oq is None or nq is None or oq[0] != nq[0]:
            return None, None
        o, n = oq[1], nq[1]
        fo, fn = PER_YEAR.get(offer.freq), PER_YEAR.get(need.freq)
        if fo is not None and fn is not None:  # compare yearly amounts when both recur
            o, n = o * fo, n * fn
        ratio = o / n
        if ratio < 1.0:
            return ratio, ratio
        if ratio <= self.w.quantity_fit_max_ratio:
            return 1.0, ratio
        return self.w.quantity_oversize, ratio

    def timing_fit(self, offer: Profile, need: Profile) -> tuple[float | None, int | None]:
        if offer.start is None and offer.end is None and need.start is None and need.end is None:
            return None, None
        lo = max(offer.start if offer.start is not None else -10**9,
                 need.start if need.start is not None else -10**9)
        hi = min(offer.end if offer.end is not None else 10**9,
                 need.end if need.end is not None else 10**9)
        if lo <= hi:
            return 1.0, 0
        gap = lo - hi
        return 0.5 ** (gap / self.w.timing_half_days), gap

    def frequency_fit(self, offer: Profile, need: Profile) -> float | None:
        fo, fn = offer.freq, need.freq
        if fo is None or fn is None:
            return None
        return self._frequency_value(fo, fn)

    def distance(self, offer: Profile, need: Profile) -> float | None:
        if offer.pos is None or need.pos is None:
            return None
        return haversine_km(offer.pos[0], offer.pos[1], need.pos[0], need.pos[1])


    @staticmethod
    def _query_quantity(query: Profile) -> tuple:
        """(dimension, amount in base units, times per year or None) of the query's quantity."""
        qq = query.qty
        per_year = PER_YEAR.get(query.freq)
        return (qq[0], qq[1], per_year) if qq is not None else (None, 0.0, per_year)

    def _frequency_table(self, query: Profile) -> dict | None:
        """Candidate frequency -> frequency feature of the pair (None -> neutral); None when the
        query has no frequency (the feature is then neutral for every candidate). One shared,
        read-only table per kind and frequency."""
        if query.freq is None:
            return None
        key = (query.kind, query.freq)
        table = self._freq_tables.get(key)
        if table is None:
            is_need = query.kind == NEED
            table = {None: self.w.neutral}
            for f in set(FREQUENCY_WORDS.values()):
                table[f] = (self._frequency_value(f, query.freq) if is_need
                            else self._frequency_value(query.freq, f))
            self._freq_tables[key] = table
        return table

    def _frequency_value(self, fo: str, fn: str) -> float:
        """frequency_fit for two known frequencies (offer, need)."""
        if fo == fn:
            return 1.0
        if "once" in (fo, fn):
            return self.w.frequency_mismatch
        if fo == "continuous" or fn == "continuous":
            return self.w.frequency_compatible
        return self.w.frequency_compatible if PER_YEAR[fo] >= PER_YEAR[fn] else self.w.frequency_mismatch

    def text_feature(self, offer: Profile, need: Profile) -> float:
        """The text feature in [0, 1]: TF-IDF cosine / text_saturation, capped at 1, to the power
        ``text_power``."""
        # set intersection in C: most pairs share few terms
        return self._text_value(offer, need, offer.terms & need.terms)

    def text_alone_feature(self, offer: Profile, need: Profile) -> float:
        """The text feature of a pair without a class link: ``text_feature``, but 0 when the only
        words the pair shares (character n-grams aside) are common qualifiers ("waste", "grade",
        "winter"): no evidence that two listings are about the same thing, however rare the word
        is in the index, so such a pair is never shown."""
        shared = offer.terms & need.terms
        return 0.0 if _only_generic(shared) else self._text_value(offer, need, shared)

    def _text_value(self, offer: Profile, need: Profile, shared: frozenset) -> float:
        """text_feature, given the terms the pair shares (``offer.terms & need.terms``)."""
        if not shared:
            return 0.0
        gen = self.gen
        va = offer.vec if offer.vec_gen == gen else self.vector(offer)
        vb = need.vec if need.vec_gen == gen else self.vector(need)
        dot = sum([va[t] * vb[t] for t in shared])
        if dot <= 0.0:
            return 0.0
        text = dot / self.w.text_saturation
        return 1.0 if text >= 1.0 else text ** self.w.text_power

    def distance_factor(self, km: float, half: float) -> float:
        return self.w.decay(km, half)

    def explain(self, offer: Profile, need: Profile) -> tuple[Reason, ...]:
        """The reasons for a pair: only features that contributed positively."""
        w = self.w
        reasons: list[Reason] = []
        cls, oc, nc = self.class_link(offer, need)
        if cls > 0.0:
            if oc == nc:
                reasons.append(Reason("same_class", {"offer_class": oc}))
            else:
                path = self.taxonomy.serves(oc, nc) or [oc, nc]
                if is_use(nc):  # which use links the two
                    params = {"offer_class": oc, "use": nc}
                    if len(path) > 2:
                        params["via"] = list(path[1:-1])
                    reasons.append(Reason("serves_use", params))
                elif len(path) > 2:
                    reasons.append(Reason("serves_via", {"offer_class": oc, "need_class": nc,
                                                         "via": list(path[1:-1])}))
                else:
                    reasons.append(Reason("serves", {"offer_class": oc, "need_class": nc}))
        if need.social_need and self.intent_factor(offer, need) == 1.0:
            reasons.append(Reason("social_partner", {}))  # why it ranks above a commercial lookalike
        km = self.distance(offer, need)
        if km is not None:
            factor = w.decay(km, self.half_km(offer, need, oc))
            if factor >= w.distance_reason_min:
                if km < w.same_place_km:
                    reasons.append(Reason("same_place", {"km": round(km, 1)}))
                else:
                    reasons.append(Reason("distance", {"km": round(km, 1) if km < 10 else round(km)}))
        common = offer.terms & need.terms
        text = self._text_value(offer, need, common) if cls > 0.0 else self.text_alone_feature(offer, need)
        # Only words the need itself wrote are named: an English gloss of a Swedish word
        # ("workshop" for "verkstaden") or a compound's stem would read as words nobody wrote.
        # a generic word ("månad", "waste") shared says nothing a reader could use: it is not named
        shared = [t for t in common if t[0] != CHAR_PREFIX and t in need.surface and t not in _GENERIC]
        if text >= w.text_reason_min and shared:  # similar letters without a shared word name no word
            shared.sort(key=lambda t: (-self.idf(t), t))
            terms = [need.surface[t] for t in shared[:3]]
            reasons.append(Reason("text", {"terms": terms}))
        q, ratio = self.quantity_fit(offer, need)
        if q is not None:
            if 1.0 <= ratio <= w.quantity_fit_max_ratio:
                reasons.append(Reason("quantity_fit", {}))
            elif ratio > w.quantity_fit_max_ratio:
                reasons.append(Reason("quantity_covers", {}))
            elif ratio >= w.quantity_reason_min:
                reasons.append(Reason("quantity_partial", {"pct": int(round(ratio * 100))}))
        t, _gap = self.timing_fit(offer, need)
        if t == 1.0:
            reasons.append(Reason("timing", {}))
        f = self.frequency_fit(offer, need)
        if f == 1.0:
            reasons.append(Reason("frequency_same", {"frequency": offer.freq}))
        elif f is not None and f >= w.frequency_compatible and offer.freq == "continuous":
            reasons.append(Reason("frequency_compatible", {"frequency": need.freq}))
        return tuple(reasons)
