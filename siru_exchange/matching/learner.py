"""Learning a re-ranker from outcomes, and judging it against the hand weights (pure: no Flask, no DB).

An ``Example`` is one labelled pair: its feature vector (``rerank.pair_features``), a label (1 the
pair was worth it, 0 it was not), a strength (how much the outcome says: a realised exchange says
more than an "interested") used as the sample weight, and the time the outcome became known.
``time_split`` trains on the older outcomes and tests on the newer ones; ``compare`` gives
precision@1 (per listing, is the first of its labelled pairs a good one) and AUC of the hand score
and of the re-ranked score; ``beats`` says whether the re-ranker wins. The model is a correction of
the hand weights (``fit``); numpy and scipy are imported when a model is fitted, not with the engine.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from .rerank import FEATURES, Reranker, hand_log_odds

SCORE = FEATURES.index("score")
TEST_SHARE = 0.3      # newest share of the outcomes held out for the time split
MIN_EXAMPLES = 10     # fewer labelled pairs (or one class only) -> no model
REGULARISATION = 1.0  # C: the inverse strength of the L2 penalty on the coefficients


@dataclass(frozen=True)
class Example:
    """One labelled offer-need pair."""

    offer: Hashable
    need: Hashable
    vector: tuple
    label: int
    strength: float
    at: datetime


def time_split(examples: list[Example], test_share: float = TEST_SHARE) -> tuple[list, list]:
    """(older, newer): the newest ``test_share`` of the examples by time (ties by pair) are the test."""
    ordered = sorted(examples, key=lambda e: (e.at, str(e.offer), str(e.need)))
    cut = len(ordered) - max(1, round(len(ordered) * test_share)) if ordered else 0
    return ordered[:cut], ordered[cut:]


def trainable(examples: list[Example]) -> bool:
    labels = {e.label for e in examples}
    return len(examples) >= MIN_EXAMPLES and labels == {0, 1}


def fit(examples: list[Example], pool: int = 20, c: float = REGULARISATION) -> Reranker:
    """A logistic re-ranker fitted on ``examples`` (weighted by strength) as a correction of the hand
    weights: log-odds = the hand score's calibrated log-odds (an offset, not learned) + intercept +
    coefficients . features, with an L2 penalty of 1 / (2 c) on the coefficients (as scikit-learn's
    LogisticRegression with C = c, plus the offset it lacks). With few or noisy outcomes the
    coefficients stay near 0, and the ranking near the hand weights'."""
    import numpy as np
    from scipy.optimize import minimize

    if not trainable(examples):
        raise ValueError(f"need at least {MIN_EXAMPLES} labelled pairs of both labels")
    x = np.array([e.vector for e in examples], dtype=float)
    y = np.array([e.label for e in examples], dtype=float)
    sw = np.array([e.strength for e in examples], dtype=float)
    offset = np.array([hand_log_odds(v) for v in x[:, SCORE]])
    n = x.shape[1]

    def loss(theta):
        w, b = theta[:n], theta[n]
        z = offset + b + x @ w
        # weighted log-loss, stable for large |z|: log(1 + e^z) - y z
        value = float(sw @ (np.logaddexp(0.0, z) - y * z) + 0.5 * (w @ w) / c)
        g = sw * (1.0 / (1.0 + np.exp(-z)) - y)
        return value, np.concatenate([x.T @ g + w / c, [g.sum()]])

    found = minimize(loss, np.zeros(n + 1), jac=True, method="L-BFGS-B")
    w, b = found.x[:n], found.x[n]
    return Reranker(tuple(round(float(v), 6) for v in w), round(float(b), 6), FEATURES, pool, from_hand=True)


def auc(scores: list[float], labels: list[int]) -> float | None:
    """The probability that a random good pair scores above a random bad one (ties count half);
    None without both labels."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    neg = [s for s, y in zip(scores, labels, strict=True) if y == 0]
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def precision_at_1(examples: list[Example], scores: list[float]) -> tuple[float | None, int]:
    """(share, groups): per listing (each need and each offer with at least two labelled pairs,
    one of them good), whether its best-scored labelled pair is a good one."""
    groups: dict = defaultdict(list)
    for e, s in zip(examples, scores, strict=True):
        groups[("need", e.need)].append((s, e))
        groups[("offer", e.offer)].append((s, e))
    hits = n = 0
    for rows in groups.values():
        if len(rows) < 2 or not any(e.label for _s, e in rows):
            continue
        rows.sort(key=lambda r: (-r[0], str(r[1].offer), str(r[1].need)))
        n += 1
        hits += rows[0][1].label
    return (hits / n if n else None), n


def compare(model: Reranker, examples: list[Example]) -> dict:
    """Precision@1 and AUC of the hand score and of the re-ranked score over ``examples``."""
    labels = [e.label for e in examples]
    hand = [e.vector[SCORE] for e in examples]
    reranked = [model.log_odds(e.vector) for e in examples]
    p_hand, groups = precision_at_1(examples, hand)
    p_model, _ = precision_at_1(examples, reranked)
    return {
        "pairs": len(examples), "good": sum(labels), "groups": groups,
        "precision@1": {"hand": _r(p_hand), "reranked": _r(p_model)},
        "auc": {"hand": _r(auc(hand, labels)), "reranked": _r(auc(reranked, labels))},
    }


def beats(split: dict) -> bool:
    """Whether the re-ranker beats the hand weights on a ``compare`` result: a higher AUC and a
    precision@1 at least as high (where there are groups to measure it on)."""
    a, p = split["auc"], split["precision@1"]
    if a["hand"] is None or a["reranked"] is None or a["reranked"] <= a["hand"]:
        return False
    return p["hand"] is None or p["reranked"] is None or p["reranked"] >= p["hand"]


EVAL_METRICS = ("recall@1", "recall@5", "mrr")


def loses(hand: dict, reranked: dict) -> bool:
    """Whether the re-ranked engine is below the hand weights on any evaluation metric."""
    return any(reranked[m] < hand[m] - 1e-9 for m in EVAL_METRICS)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
