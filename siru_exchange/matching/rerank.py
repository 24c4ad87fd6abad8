"""A learned re-ranker as plain data: the feature vector of a pair, and a logistic model over it.

``pair_features`` reads the engine's own readable features of an offer-need pair (features.py):
the hand-weighted score itself, the class link (same class, a use, role and direction), wording,
distance, quantity, timing, frequency and intent. A ``Reranker`` is coefficients over those
features (learned from outcomes by services/learning.py); the engine re-orders the best
``pool`` pairs of its hand-weighted search by the model's log-odds and shows the result on the
score's own scale (``calibration``), so that the shown likelihood is the model's probability and
stored suggestions still sort by score. Without a re-ranker the engine is exactly the hand scorer.

A model ``from_hand`` starts from the hand weights: its log-odds are the hand score's calibrated
log-odds (calibration.py) plus the learned correction, so its shown score is the hand score plus
correction / SLOPE, and a model that learned nothing (all coefficients 0) ranks and scores exactly
as the hand weights do. With few outcomes the correction stays small (it is regularised to 0).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from . import calibration
from .profiles import Profile
from .taxonomy import is_use

# The order of a pair's feature vector. Each value is in [0, 1].
FEATURES = (
    "score",          # the hand-weighted score (scoring.py): the baseline the model starts from
    "class_link",     # best class compatibility (features.class_link)
    "same_class",     # 1 when the best link is the same class
    "use_link",       # 1 when the best link ends at a use (heating, mentoring ...)
    "link_factor",    # what role and direction leave of the link (1 = no mismatch)
    "text",           # wording (TF-IDF cosine feature)
    "distance",       # distance factor (unknown_distance_factor when a place is missing)
    "quantity",       # quantity fit (neutral when it cannot be judged)
    "timing",         # availability overlap (neutral when undated)
    "frequency",      # frequency fit (neutral when unknown)
    "intent",         # intent factor for a social need (1.0 otherwise)
    "social_need",    # 1 when the need is a social collaboration
)


_SCORE = FEATURES.index("score")


def hand_log_odds(score: float) -> float:
    """The calibrated log-odds of a hand score: log(p / (1 - p)) for p = calibration.likelihood."""
    return calibration.SLOPE * score + calibration.INTERCEPT


def pair_features(scorer, offer: Profile, need: Profile, score: float | None = None) -> tuple:
    """The feature vector (in ``FEATURES`` order) of the pair (offer, need) for a ``Scorer``;
    ``score`` is the pair's hand-weighted score when the caller already has it."""
    w = scorer.w
    cls, oc, nc = scorer.class_link(offer, need)
    km = scorer.distance(offer, need)
    dist = w.unknown_distance_factor if km is None else w.decay(km, scorer.half_km(offer, need, oc))
    q, _ratio = scorer.quantity_fit(offer, need)
    t, _gap = scorer.timing_fit(offer, need)
    f = scorer.frequency_fit(offer, need)
    text = scorer.text_feature(offer, need) if cls > 0.0 else scorer.text_alone_feature(offer, need)
    if score is None:
        score = scorer.score(offer, need)
    return (
        float(score),
        float(cls),
        1.0 if cls > 0.0 and oc == nc else 0.0,
        1.0 if cls > 0.0 and nc is not None and is_use(nc) else 0.0,
        scorer.link_factor(offer, need, oc) if oc is not None else 1.0,
        float(text),
        float(dist),
        w.neutral if q is None else float(q),
        w.neutral if t is None else float(t),
        w.neutral if f is None else float(f),
        float(scorer.intent_factor(offer, need)),
        1.0 if need.social_need else 0.0,
    )


@dataclass(frozen=True)
class Reranker:
    """A logistic model over ``FEATURES``: log-odds = intercept + sum(coefficient * feature).

    ``features`` names the coefficients (a stored model keeps its own order; a feature it does
    not name counts 0); ``pool``: how many of the hand search's best pairs it re-orders;
    ``from_hand``: the log-odds add the hand score's calibrated log-odds (a correction of it)."""

    coefficients: tuple
    intercept: float
    features: tuple = FEATURES
    pool: int = 20
    from_hand: bool = False

    def __post_init__(self) -> None:
        if len(self.coefficients) != len(self.features):
            raise ValueError("one coefficient per feature")
        index = {name: n for n, name in enumerate(FEATURES)}
        object.__setattr__(self, "_take", tuple((index.get(name), float(c))
                                                for name, c in zip(self.features, self.coefficients,
                                                                   strict=True)))

    @classmethod
    def from_dict(cls, data: dict) -> Reranker:
        """The model from its stored form (``as_dict``)."""
        return cls(tuple(data["coefficients"]), float(data["intercept"]), tuple(data["features"]),
                   int(data.get("pool", 20)), bool(data.get("from_hand", False)))

    def as_dict(self) -> dict:
        return {"features": list(self.features), "coefficients": [float(c) for c in self.coefficients],
                "intercept": float(self.intercept), "pool": self.pool, "from_hand": self.from_hand}

    def log_odds(self, vector) -> float:
        z = self.intercept + (hand_log_odds(vector[_SCORE]) if self.from_hand else 0.0)
        for i, c in self._take:
            if i is not None:
                z += c * vector[i]
        return z

    def probability(self, vector) -> float:
        z = self.log_odds(vector)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def score(self, vector) -> float:
        """The re-ranked pair on the engine's score scale: the score whose calibrated likelihood
        (``calibration.likelihood``) is the model's probability, within [0, 1]."""
        s = (self.log_odds(vector) - calibration.INTERCEPT) / calibration.SLOPE
        return 0.0 if s < 0.0 else (1.0 if s > 1.0 else s)

    def rerank(self, scorer, query: Profile, found: list) -> list:
        """``found`` [(hand score, profile), ...] of ``query``'s search, best first, re-ordered by
        the model over its first ``pool`` pairs (the rest follow, below them), with new scores."""
        head, tail = found[:self.pool], found[self.pool:]
        is_need = query.kind == "need"
        scored = []
        for s, p in head:
            offer, need = (p, query) if is_need else (query, p)
            scored.append((self.score(pair_features(scorer, offer, need, s)), s, p))
        scored.sort(key=lambda e: (-e[0], -e[1], e[2].key))
        out = [(r, p) for r, _s, p in scored]
        floor = out[-1][0] if out else 0.0
        return out + [(min(s, floor), p) for s, p in tail]
