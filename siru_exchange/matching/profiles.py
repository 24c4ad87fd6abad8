"""Listings prepared for scoring (``Profile``, built once when a listing is added) and their context
signatures, which the candidate search bounds a whole class at once with."""
from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from sys import intern

import numpy as np

from .glossary import GLOSS_WEIGHT, glosses, original_words
from .intent import RESOURCE
from .lexicon import compound_parts, rarity
from .model import NEED, id_key
from .taxonomy import is_use
from .text import char_tf, posted_term, raw_tokens, stem, surface_forms, tf_vector
from .vocabulary import FREQUENCY_WORDS, PER_YEAR, normalise_frequency, normalise_unit
from .weights import WEIGHTS, Weights

_FREQ_CODES = (None,) + tuple(sorted(set(FREQUENCY_WORDS.values())))
_FREQ_CODE = {f: n for n, f in enumerate(_FREQ_CODES)}


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
    read_class: str | None = None         # the best class the text names (Engine.inferred_class)

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


PART_WEIGHT = 0.5  # term frequency of a compound's part (the whole compound counts 1)
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
    # Everyday words weigh less than rare ones (lexicon.rarity: general Swedish and English
    # frequencies), on top of the IDF over the listings, which a small index knows little about.
    weight: dict[str, float] = {}
    for word, t in zip(raw, toks, strict=True):
        r = rarity(word)
        if r > weight.get(t, 0.0):
            weight[t] = r
    for t, r in weight.items():
        tf[t] *= r
    # The head (last part) of a Swedish compound is a word of the listing too, at PART_WEIGHT
    # ("spillvärme" meets "värme"; "fiskodling" and "fiskslam" do not meet on "fisk", which only
    # qualifies them); heads of title words count as title words for the anchor rule.
    part_stems, title_parts = set(), set()
    for word in set(raw):
        parts = compound_parts(word)
        if parts:
            ps = intern(stem(parts[-1]))
            part_stems.add(ps)
            tf.setdefault(ps, PART_WEIGHT * rarity(parts[-1]))
    for word in set(title_raw):
        parts = compound_parts(word)
        if parts:
            title_parts.add(intern(stem(parts[-1])))
    # A Swedish word stands for its English glosses too (glossary.py), weaker than itself, so a
    # Swedish and an English listing meet where they mean the same ("gyttja" and "mud").
    gloss_stems, title_glosses = set(), set()
    written = original_words(text)
    for word in set(raw):
        weight_of, found = GLOSS_WEIGHT, glosses(written.get(word, word))
        if not found:
            parts = compound_parts(word)
            if parts:
                weight_of, found = GLOSS_WEIGHT * PART_WEIGHT, glosses(parts[-1])
        for g in found:
            gt = intern(stem(g))
            gloss_stems.add(gt)
            v = weight_of * rarity(g)
            if v > tf.get(gt, 0.0):
                tf[gt] = v
    for word in set(title_raw):
        title_glosses.update(intern(stem(g)) for g in glosses(written.get(word, word)))
    tf.update((intern(t), v) for t, v in char_tf(raw, title_raw, rarity).items())
    # One reading of the text serves the classes (when none is given), the uses (always) and the
    # class the listing's text names (``read_class``, which a full recompute stores for search).
    found = classifier.classify(text, limit=weights.max_inferred_classes, names=names)
    if listing.kind == "offer" and reader is not None and reader.need_only_uses:
        # "Pensionerade mekaniker lär ut svarvning" is retired people offering help, not a
        # business to take over: an offer's words name no use that only a need has.
        found = [x for x in found if x[0] not in reader.need_only_uses]
    read = [c for c, conf in found if conf >= weights.class_min_confidence and not is_use(c)]
    if listing.resource_class:
        # A given class is certain; the uses its text names still count.
        classes = ((listing.resource_class, 1.0),) + tuple(
            (c, conf) for c, conf in found if is_use(c) and conf >= weights.class_min_confidence)
        inferred = False
    else:
        classes = tuple((c, conf) for c, conf in found if conf >= weights.class_min_confidence)
        inferred = True
    # A use read from cue phrases is weaker evidence than a class named outright.
    classes = tuple((c, round(conf * weights.use_confidence, 4) if is_use(c) else conf)
                    for c, conf in classes)
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
        listing=listing, read_class=read[0] if read else None,
        title_stems=frozenset(title_toks) | title_parts | title_glosses,
        tails=frozenset(intern(t[i:]) for t in set(toks) for i in range(max(1, len(t) - 3)))
        | frozenset(toks) | part_stems | gloss_stems,
    )
    if reader is not None:
        # The organisation's name is no evidence of a resource, but it is of intent: "ideell
        # förening", "socialt företag", "kooperativ" say who offers (intent.py).
        r = reader.read(listing.kind, listing.title or "", text, names[0] or "")
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
