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
scanning outward once nothing further away could win. All weights and constants live in
``Weights``; ``WEIGHTS`` is the default instance.
"""
from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from sys import intern

import numpy as np

from .geo import EARTH_RADIUS_KM, haversine_km
from .model import NEED, id_key
from .intent import COMMERCIAL, RESOURCE, SOCIAL
from .reasons import Reason
from .taxonomy import is_use
from .text import CHAR_PREFIX, char_tf, generic_stems, posted_term, raw_tokens, stem, surface_forms, tf_vector
from .vocabulary import UNIT_DIMENSIONS


@dataclass(frozen=True)
class Weights:
    """Every weight and constant of the scorer, in one place."""

    # Match: class compatibility combined with wording as a noisy-or.
    w_class: float = 1.0        # scale of the class feature in the match (1.0 = as is)
    w_text: float = 0.8         # share of the text feature in the match (text alone reaches this)
    w_text_alone: float = 0.9  # two classed listings without a class link: match = this * text
    # Context: weighted mean of quantity, timing and frequency fit (weights normalised by their sum).
    w_quantity: float = 0.13    # offer quantity vs need quantity (convertible units)
    w_timing: float = 0.11      # availability windows overlap
    w_frequency: float = 0.11   # same or compatible frequency
    neutral: float = 0.75       # value of a context feature that cannot be judged
    context_floor: float = 0.6  # the context never takes more than 40% off the match

    # Class compatibility by "can serve as" path length (0 = same class, 1, 2 edges), times the
    # geometric mean of the two classes' confidences (1.0 when given, inferred otherwise).
    # The confidence enters as (conf_offer * conf_need) ** confidence_power.
    path_scores: tuple = (1.0, 0.9, 0.7)
    confidence_power: float = 0.5
    class_min_confidence: float = 0.4   # inferred classes below this confidence are ignored
    use_confidence: float = 0.9         # a use's confidence is scaled by this (cues, not names)
    # Role and direction (matching/intent.py): equipment for a resource or a service around it is
    # not the resource (a chipper is not chips), and an output of a process a need names is not
    # what it needs (finished compost for a composting site). Such a class link is scaled by these.
    role_mismatch: float = 0.4
    direction_mismatch: float = 0.35
    # Social needs (mentoring, work training, language practice ...): the score is scaled by the
    # offer's intent: a social partner 1.0, no intent read, a commercial lookalike (an agency, a fee).
    social_neutral: float = 0.85
    social_commercial: float = 0.65
    max_inferred_classes: int = 3       # at most this many inferred classes per listing

    # Text: similarity / text_saturation, capped at 1 (short texts rarely reach a cosine of 1).
    # The similarity mixes the word cosine and the character 3-5-gram cosine (TF-IDF both).
    text_char_share: float = 0.7
    text_power: float = 0.5             # text feature = min(1, sim / text_saturation) ** text_power
    text_saturation: float = 0.3
    text_reason_min: float = 0.35       # text feature value from which a "similar wording" reason shows
    text_alone_min: float = 0.35        # a pair where one side has no class needs this text feature
    text_link_min: float = 0.5          # two classed listings without a class link need this text
    single_word_text: float = 0.4       # without a class link, shared words that only qualify
                                        # ("waste", "grade", "winter": text.GENERIC_WORDS) give at
                                        # most this text feature, however rare they are in the index

    # Distance: factor = 1 / (1 + (km / half_km) ** distance_shape): gentle within the county,
    # half at half_km. half_km comes from the offered class (half_km_class) or else its group.
    # Bulky materials are hauled 20-80 km routinely (the county is ~100 km across); heat loses
    # half its value within ~8 km (pipes, losses); skills and advice barely decay.
    distance_shape: float = 2.0
    half_km: tuple = (
        ("materials", 70.0), ("energy", 60.0), ("water", 20.0), ("equipment", 80.0),
        ("premises", 30.0), ("transport", 100.0), ("services", 120.0), ("competence", 400.0),
        ("staff_time", 60.0), ("social", 60.0),
    )
    half_km_class: tuple = (
        ("surplus_heat", 8.0), ("space_heating", 8.0), ("greenhouse_heat", 8.0), ("steam", 6.0),
        ("process_cooling", 8.0), ("biogas", 40.0), ("solar_electricity", 300.0),
    )
    default_half_km: float = 40.0       # no class known
    unknown_distance_factor: float = 0.8
    distance_reason_min: float = 0.5    # factor from which "N km apart" is given as a reason
    same_place_km: float = 1.0          # closer than this reads "in the same place"

    # Quantity: ratio = offer / need (same dimension, annualised when both recur).
    quantity_fit_max_ratio: float = 3.0  # 1..this -> 1.0 ("quantities fit")
    quantity_oversize: float = 0.8       # offer far bigger than the need
    quantity_reason_min: float = 0.5     # partial cover from 50% shows as a reason

    # Timing: overlapping windows -> 1.0; otherwise 0.5 ** (gap_days / timing_half_days).
    timing_half_days: float = 30.0

    # Frequency: same -> 1.0; continuous vs recurring -> compatible; once vs recurring -> mismatch.
    frequency_compatible: float = 0.7
    frequency_mismatch: float = 0.2

    # Output.
    min_score: float = 0.1               # suggestions below this are not returned
    network_threshold: float = 0.45      # pairs used for assignment and chains
    network_top: int = 10                # candidate pairs per listing considered by network views

    # Candidate search (candidates.py).
    max_scored: int = 300                # stop the best-first search after this many scored
    rare_term_max_df: int = 30           # a term in at most this many listings is "rare"
    max_rare_terms: int = 40             # rarest posted terms (words, char 4-grams) of a query used
    text_pool: int = 40                  # text neighbours scored per query (by shared rare terms)
    max_text_candidates: int = 300       # a query without any class: listings sharing its words

    def decay(self, km: float, half: float) -> float:
        """The distance factor at ``km`` for a half-distance ``half`` (decreasing in km)."""
        x = km / half
        return 1.0 / (1.0 + x ** self.distance_shape)

    def half_km_for_class(self, class_id: str, group: str | None) -> float:
        for name, value in self.half_km_class:
            if name == class_id:
                return value
        return self.half_km_for(group)

    def half_km_for(self, group: str | None) -> float:
        for name, value in self.half_km:
            if name == group:
                return value
        return self.default_half_km

    @property
    def context_total(self) -> float:
        return self.w_quantity + self.w_timing + self.w_frequency


WEIGHTS = Weights()
_NO_LINK = (0.0, None)

# Units: name -> (dimension, factor to the base unit of that dimension).
UNITS = {
    "g": ("mass", 0.001), "kg": ("mass", 1.0), "t": ("mass", 1000.0), "ton": ("mass", 1000.0),
    "tons": ("mass", 1000.0), "tonne": ("mass", 1000.0), "tonnes": ("mass", 1000.0),
    "ml": ("volume", 0.001), "l": ("volume", 1.0), "liter": ("volume", 1.0), "litre": ("volume", 1.0),
    "litres": ("volume", 1.0), "liters": ("volume", 1.0), "m3": ("volume", 1000.0),
    "m³": ("volume", 1000.0), "kubikmeter": ("volume", 1000.0),
    "wh": ("energy", 0.001), "kwh": ("energy", 1.0), "mwh": ("energy", 1000.0),
    "gwh": ("energy", 1_000_000.0),
    "kw": ("power", 1.0), "mw": ("power", 1000.0),
    "m2": ("area", 1.0), "m²": ("area", 1.0), "kvm": ("area", 1.0), "sqm": ("area", 1.0),
    "h": ("time", 1.0), "hour": ("time", 1.0), "hours": ("time", 1.0), "tim": ("time", 1.0),
    "timmar": ("time", 1.0), "timme": ("time", 1.0), "day": ("time", 8.0), "days": ("time", 8.0),
    "dag": ("time", 8.0), "dagar": ("time", 8.0),
    "pcs": ("count", 1.0), "st": ("count", 1.0), "styck": ("count", 1.0), "pieces": ("count", 1.0),
    "pallets": ("pallet", 1.0), "pall": ("pallet", 1.0), "pallar": ("pallet", 1.0),
    "places": ("count", 1.0), "platser": ("count", 1.0),
}
# Every unit the site offers (matching/vocabulary.py), by its code, lower-cased as normalise_unit reads it.
UNITS.update({code.lower(): dimension for code, dimension in UNIT_DIMENSIONS.items()})

FREQUENCIES = {
    "once": "once", "one-off": "once", "oneoff": "once", "engång": "once", "engangs": "once",
    "engångs": "once", "daily": "daily", "dagligen": "daily", "weekly": "weekly",
    "varje vecka": "weekly", "veckovis": "weekly", "monthly": "monthly", "månadsvis": "monthly",
    "varje månad": "monthly", "quarterly": "quarterly", "kvartalsvis": "quarterly",
    "yearly": "yearly", "annually": "yearly", "årligen": "yearly", "varje år": "yearly",
    "continuous": "continuous", "löpande": "continuous", "kontinuerligt": "continuous",
    "ongoing": "continuous",
}
PER_YEAR = {"daily": 365.0, "weekly": 52.0, "monthly": 12.0, "quarterly": 4.0, "yearly": 1.0}


def normalise_unit(unit: str | None) -> tuple[str, float] | None:
    if not unit:
        return None
    return UNITS.get(unit.strip().lower().replace(" ", "").rstrip("."))


def normalise_frequency(freq: str | None) -> str | None:
    if not freq:
        return None
    return FREQUENCIES.get(freq.strip().lower())


@dataclass(slots=True)
class Profile:
    """A listing prepared for scoring (computed once when the listing is added)."""

    id: Hashable
    kind: str
    organisation: Hashable
    classes: tuple             # ((class_id, confidence), ...), best first
    inferred: bool             # classes came from the text
    tf: dict
    surface: dict
    pos: tuple | None
    qty: tuple | None          # (dimension, amount in base unit)
    freq: str | None
    start: int | None          # date ordinals; None = open
    end: int | None
    listing: object = field(default=None, repr=False)
    key: tuple = ()            # id_key(id), for tie-breaks
    vec: dict | None = None    # unit TF-IDF vector, valid while vec_gen == Scorer.gen
    vec_gen: int = -1
    rad: tuple | None = None   # (lat in radians, lon in radians, cos(lat)) for fast haversine
    links: tuple = ()          # ((class_id, confidence ** confidence_power), ...)
    dated: bool = False        # has a start or an end date
    lo: int = -10**9           # start, or far past
    hi: int = 10**9            # end, or far future
    terms: frozenset = frozenset()        # the keys of tf (words and character n-grams)
    title_stems: frozenset = frozenset()  # stemmed title words
    tails: frozenset = frozenset()        # every stem and its endings of 4+ letters ("span" in "kutterspan")
    signature: tuple = ()                 # context_signature(self)
    posted: tuple = ()                    # the terms of tf that the candidate search posts
    role: str = RESOURCE                  # resource, equipment or service (intent.py)
    unwanted: frozenset = frozenset()     # a need's unwanted classes: outputs of a process it names
    intent: frozenset = frozenset()       # "social", "commercial"
    social_need: bool = False             # a need for mentoring, work training, language practice ...

    def __post_init__(self) -> None:
        self.key = id_key(self.id)
        self.terms = frozenset(self.tf)
        self.links = tuple((c, conf ** WEIGHTS.confidence_power) for c, conf in self.classes)
        self.dated = self.start is not None or self.end is not None
        self.lo = self.start if self.start is not None else -10**9
        self.hi = self.end if self.end is not None else 10**9
        if self.pos is not None:
            lat = math.radians(self.pos[0])
            self.rad = (lat, math.radians(self.pos[1]), math.cos(lat))
        self.signature = context_signature(self)
        self.posted = tuple(t for t in self.tf if posted_term(t))


QTY_BIN = 3.0  # context signatures put amounts within a factor of this in one bin


def context_signature(p: Profile) -> tuple:
    """What a pair's context depends on, on the side of ``p``, with the amount coarsened to a bin
    (``QTY_BIN``): (frequency, quantity dimension, amount bin, dated). Listings with the same
    signature share one upper bound of the context with any query (``Scorer.context_bounds``)."""
    if p.qty is None:
        return (p.freq, None, 0, p.dated)
    return (p.freq, p.qty[0], math.floor(math.log(p.qty[1]) / math.log(QTY_BIN)), p.dated)


def build_profile(listing, classifier, locator, weights: Weights = WEIGHTS, reader=None) -> Profile:
    """Prepare a Listing: tokens, term frequencies, classes (given or inferred), position, units."""
    text = f"{listing.title or ''}\n{listing.description or ''}"
    names = (getattr(listing, "organisation_name", ""),)
    title_raw = classifier.without_names(raw_tokens(listing.title or ""), names)
    raw = title_raw + classifier.without_names(raw_tokens(listing.description or ""), names)
    # Terms are interned: every listing's "spån" is then one string object, which keeps the
    # index small and lets dict and set lookups match by identity (no string compare).
    title_toks = [intern(stem(t)) for t in title_raw]
    toks = [intern(stem(t)) for t in raw]
    tf = tf_vector(toks, title_toks)
    tf.update((intern(t), v) for t, v in char_tf(raw, title_raw).items())
    if listing.resource_class:
        # A given class is certain; the uses its text names still count.
        uses = classifier.uses(text, names=names)
        classes = ((listing.resource_class, 1.0),) + tuple(
            (c, conf) for c, conf in uses if conf >= weights.class_min_confidence)
        inferred = False
    else:
        found = classifier.classify(text, limit=weights.max_inferred_classes, names=names)
        classes = tuple((c, conf) for c, conf in found if conf >= weights.class_min_confidence)
        inferred = True
    # A use read from cue phrases is weaker evidence than a class named outright.
    classes = tuple((c, round(conf * weights.use_confidence, 4) if is_use(c) else conf) for c, conf in classes)
    unit = normalise_unit(listing.unit)
    qty = None
    if unit is not None and listing.quantity is not None and listing.quantity > 0:
        qty = (unit[0], float(listing.quantity) * unit[1])
    p = Profile(
        id=listing.id, kind=listing.kind, organisation=listing.organisation,
        classes=classes, inferred=inferred,
        tf=tf, surface=surface_forms(text),
        pos=locator.position(listing.lat, listing.lon, listing.municipality),
        qty=qty, freq=normalise_frequency(listing.frequency),
        start=listing.available_from.toordinal() if listing.available_from else None,
        end=listing.available_to.toordinal() if listing.available_to else None,
        listing=listing,
        title_stems=frozenset(title_toks),
        tails=frozenset(intern(t[i:]) for t in set(toks) for i in range(max(1, len(t) - 3)))
        | frozenset(toks),
    )
    if reader is not None:
        r = reader.read(listing.kind, listing.title or "", text)
        p.role, p.unwanted, p.intent = r.role, r.unwanted, r.intent
        # What is needed makes a need social, not who needs it (a charity needing computers).
        p.social_need = listing.kind == NEED and any(c in reader.social_nodes for c, _conf in classes)
    if weights.confidence_power != WEIGHTS.confidence_power:
        p.links = tuple((c, conf ** weights.confidence_power) for c, conf in classes)
    return p


class Signatures:
    """Context signatures, numbered in order of first use, with their parts as arrays (built on
    first use after a new signature) for ``Scorer.context_bounds``."""

    def __init__(self) -> None:
        self.ids: dict[tuple, int] = {}
        self.sigs: list[tuple] = []
        self.dims: dict = {}  # quantity dimension -> its code in the arrays
        self.memo: dict = {}  # for Scorer.context_bounds, valid while the arrays are
        self._arrays = None

    def id(self, sig: tuple) -> int:
        n = self.ids.get(sig)
        if n is None:
            n = self.ids[sig] = len(self.sigs)
            self.sigs.append(sig)
            self._arrays = None
            self.memo = {}
        return n

    def arrays(self) -> tuple:
        """(frequency code (index in ``_FREQ_CODES``), dimension code (-1: none), lowest and
        highest amount of the bin (widened against rounding), times per year (NaN: does not
        recur), dated) by signature id."""
        if self._arrays is None:
            sigs = self.sigs
            for _f, dim, _k, _d in sigs:
                if dim is not None and dim not in self.dims:
                    self.dims[dim] = len(self.dims)
            self._arrays = (
                np.array([_FREQ_CODE[f] for f, _d, _k, _t in sigs], dtype=np.intp),
                np.array([-1 if d is None else self.dims[d] for _f, d, _k, _t in sigs], dtype=np.intp),
                np.array([QTY_BIN ** k * (1.0 - 1e-9) for _f, _d, k, _t in sigs]),
                np.array([QTY_BIN ** (k + 1) * (1.0 + 1e-9) for _f, _d, k, _t in sigs]),
                np.array([PER_YEAR.get(f, math.nan) for f, _d, _k, _t in sigs]),
                np.array([t for _f, _d, _k, t in sigs], dtype=bool),
            )
        return self._arrays


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
_FREQ_CODES = (None,) + tuple(sorted(set(FREQUENCIES.values())))
_FREQ_CODE = {f: n for n, f in enumerate(_FREQ_CODES)}


class Scorer:
    """Scores an offer profile against a need profile.

    ``df`` (word -> number of listings containing it) and ``size`` come from the index and give
    the IDF; vector norms are cached until the index changes (``invalidate``).
    """

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

    # -- index statistics -------------------------------------------------------------------
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

    # -- features ---------------------------------------------------------------------------
    def class_link(self, offer: Profile, need: Profile) -> tuple[float, str | None, str | None]:
        """Best class compatibility: (value, offer class, need class)."""
        best, bo, bn = 0.0, None, None
        ps = self.w.path_scores
        for oc, oconf in offer.classes:
            reach = self._reach.get(oc)
            for nc, nconf in need.classes:
                if reach is None:
                    d = 0 if oc == nc else None
                else:
                    d = reach.get(nc)
                if d is None:
                    continue
                v = min(1.0, self.w.w_class * ps[d] * (oconf * nconf) ** self.w.confidence_power) \
                    * self.link_factor(offer, need, oc)
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

    def half_km_bound(self, query: Profile, candidate_class: str) -> float:
        """The largest half-distance that ``scorer_for(query)`` can use with a candidate found
        under ``candidate_class`` ("" for listings without a class): the offer's class of the
        link, else the first class of the offer or of the need (see ``scorer_for``). A listing with
        several classes is also found under the class of its best link."""
        default = self.w.default_half_km
        if query.kind == NEED and candidate_class:
            return self._half.get(candidate_class, default)
        return max((self._half.get(c, default) for c, _ in query.classes), default=default)

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

    # -- score --------------------------------------------------------------------------------
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
        worked out once here (its best class value per candidate class, its quantity, dates,
        frequency table, position and text vector) and the features are inlined; ``explain`` uses
        the readable helpers above, which compute the same values.
        """
        w = self.w
        is_need = query.kind == NEED
        ps = w.path_scores
        w_class = w.w_class
        # Candidate class -> (best class value without the candidate's confidence, offer class).
        best_cls: dict = {}
        if is_need:
            for c2, s2 in query.links:
                for c1, d in self._served_d.get(c2, {c2: 0}).items():
                    v = ps[d] * s2
                    if v > best_cls.get(c1, _NO_LINK)[0]:
                        best_cls[c1] = (v, c1)
        else:
            for c1, s1 in query.links:
                for c2, d in self._reach.get(c1, {c1: 0}).items():
                    v = ps[d] * s1
                    if v > best_cls.get(c2, _NO_LINK)[0]:
                        best_cls[c2] = (v, c1)
        q_links = bool(query.links)
        q_org = query.organisation
        neutral = w.neutral
        floor_ctx = w.context_floor
        wq, wti, wf = self._wq, self._wti, self._wf
        # Quantity: the query's amount, annualised when it recurs.
        q_dim, q_amount, q_per_year = self._query_quantity(query)
        fit_max, oversize = w.quantity_fit_max_ratio, w.quantity_oversize
        # Timing and frequency.
        q_dated, q_lo, q_hi = query.dated, query.lo, query.hi
        timing_half = w.timing_half_days
        freq_fit = self._frequency_table(query)
        # Distance.
        q_rad = query.rad
        if q_rad is not None:
            q_lat, q_lon, q_cos = q_rad
        unknown = w.unknown_distance_factor
        shape2 = w.distance_shape == 2.0
        half_of = self._half
        default_half = w.default_half_km
        q_half = None if not query.classes else half_of.get(query.classes[0][0], default_half)
        two_r = 2 * EARTH_RADIUS_KM
        sin, asin, sqrt = math.sin, math.asin, math.sqrt
        # Match.
        w_text, w_text_alone = w.w_text, w.w_text_alone
        alone_min, link_min = w.text_alone_min, w.text_link_min
        q_title, q_tails, q_terms = query.title_stems, query.tails, query.terms
        text_value = self._text_value
        single_word = w.single_word_text
        # Role, direction and intent (rarely anything but the defaults).
        q_role, q_unwanted = query.role, query.unwanted
        role_matters, role_mismatch, direction_mismatch = self._role_matters, w.role_mismatch, w.direction_mismatch
        intent_of = self.intent_factor
        class_link = self.class_link
        q_intent = self.intent_factor(query, _SOCIAL_NEED) if not is_need else 1.0

        def score(p: Profile, floor: float = -1.0) -> float:
            if p.organisation == q_org:
                return 0.0
            cls, oc = 0.0, None
            if p.role == q_role and not q_unwanted and not p.unwanted:
                for c, sc in p.links:
                    e = best_cls.get(c)
                    if e is not None:
                        v = e[0] * sc
                        if v > cls:
                            cls, oc = v, e[1]
                cls *= w_class
                if cls > 1.0:
                    cls = 1.0
            elif is_need:  # the offer's class is the key of best_cls: adjust each link
                for c, sc in p.links:
                    e = best_cls.get(c)
                    if e is not None:
                        v = e[0] * sc * w_class
                        if v > 1.0:
                            v = 1.0
                        if p.role != q_role and c in role_matters:
                            v *= role_mismatch
                        if c in q_unwanted:
                            v *= direction_mismatch
                        if v > cls:
                            cls, oc = v, e[1]
            else:  # an offer's best link to this need may change with the adjustment
                cls, oc, _nc = class_link(query, p)
            if is_need:
                ifac = intent_of(p, query) if query.social_need else 1.0
            else:
                ifac = q_intent if p.social_need else 1.0
            linked = cls > 0.0 or not (q_links and p.links)
            if not linked and q_title.isdisjoint(p.tails) and p.title_stems.isdisjoint(q_tails):
                # Two classed listings without a class link can only match on close wording, and
                # the title of one must name a word of the other or its compound head ("spån"
                # in "kutterspån"); shared filler ("on site", "supply") is not enough.
                return 0.0
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
            ctx = floor_ctx + wq * q + wti * t + wf * f
            # Distance.
            rb = p.rad
            if q_rad is None or rb is None:
                factor = unknown
            else:
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
                    factor = 1.0 / (1.0 + x * x)
                else:
                    factor = w.decay(km, h)
            factor *= ifac
            wtx = w_text if linked else w_text_alone
            best = (1.0 - (1.0 - cls) * (1.0 - wtx)) if linked else wtx
            if floor >= 0.0 and best * ctx * factor < floor:
                return 0.0  # cannot reach the floor even with identical wording
            if cls >= 1.0:  # a certain class link is a perfect match, whatever the wording
                s = ctx * factor
                return 1.0 if s > 1.0 else s
            shared = p.terms & q_terms
            text = text_value(p, query, shared)
            if cls == 0.0 and text > single_word and _only_generic(shared):
                text = single_word
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
            for f in set(FREQUENCIES.values()):
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
        """The text feature of a pair without a class link: ``text_feature``, but at most
        ``single_word_text`` when the only words the pair shares (character n-grams aside) are
        common qualifiers ("waste", "grade", "winter"): no evidence that two listings are about
        the same thing, however rare the word is in the index."""
        shared = offer.terms & need.terms
        text = self._text_value(offer, need, shared)
        return min(text, self.w.single_word_text) if _only_generic(shared) else text

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
        shared = [t for t in common if t[0] != CHAR_PREFIX]
        if text >= w.text_reason_min and shared:  # similar letters without a shared word name no word
            shared.sort(key=lambda t: (-self.idf(t), t))
            terms = [need.surface.get(t, t) for t in shared[:3]]
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
