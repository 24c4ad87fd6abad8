"""The shown score: how likely a broker would call a pair worth an introduction.

The engine's score orders pairs; its figure alone says little (true and wrong pairs of the
development sets both sit between 0.6 and 0.8). ``likelihood`` maps it through a logistic curve
fitted on the top-5 suggestions of the main and the older held-out evaluation sets (423
suggestions, 79 of them the true pair; see docs/matching.md), so that "40 %" means that about
four in ten such suggestions were the pair the set's writer had in mind. Those sets name one true
offer per need, so the figure is a floor: some "wrong" suggestions would be worth an introduction
too. ``band`` puts it in words: strong, good or possible. Refit when the scorer changes
(``bench/eval_matching.py`` prints the calibration table).
"""
from __future__ import annotations

import math

# likelihood = 1 / (1 + exp(-(SLOPE * score + INTERCEPT))), fitted 2026-12-02 (issue 12).
SLOPE = 14.38
INTERCEPT = -12.07
STRONG = 0.5    # likelihood from which a pair reads "strong"
GOOD = 0.25     # ... "good"; below, "possible"
BANDS = ("strong", "good", "possible")


def likelihood(score: float) -> float:
    """The calibrated likelihood in [0, 1] of an engine score in [0, 1] (increasing in it)."""
    return 1.0 / (1.0 + math.exp(-(SLOPE * float(score) + INTERCEPT)))


def band(score: float) -> str:
    """"strong", "good" or "possible" for an engine score."""
    p = likelihood(score)
    return "strong" if p >= STRONG else ("good" if p >= GOOD else "possible")
