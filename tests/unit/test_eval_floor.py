"""The matching engine must keep its measured quality on the labelled evaluation set
(tests/data/eval_listings.json, described in docs/matching.md), and the set must keep its rules.

Runs the same code as `make eval` (bench/eval_matching.py) for the engine only: no embedding model,
about a second.
"""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Measured on 2026-11-29 (docs/matching.md): recall@5 0.60, MRR 0.49 (blocked search).
# Measured on 2026-11-29, after calibration + character n-gram text feature: recall@5 0.86, MRR 0.768.
# Measured on 2026-11-29, after taxonomy fixes for the 7 remaining misses (cement additive, yeast,
# CO2 for alkaline water, malt adjunct, spent mushroom compost, pellet raw material, foundry sand as
# fill): recall@5 1.00, recall@1 0.78, MRR 0.875.
# The floors sit a little below; raise them when the engine improves, never lower them silently.
RECALL5_FLOOR = 0.96
MRR_FLOOR = 0.85
RECALL5_TARGET = 0.90  # once the engine reaches this, it must stay there


def _load_bench():
    spec = importlib.util.spec_from_file_location("eval_matching", ROOT / "bench" / "eval_matching.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def bench():
    return _load_bench()


@pytest.fixture(scope="module")
def data(bench):
    return bench.load()


@pytest.fixture(scope="module")
def engine_metrics(bench, data):
    return bench.evaluate_engine(data)


def test_dataset_follows_its_rules(bench, data):
    assert bench.check_dataset(data) == []


def test_dataset_size_and_languages(bench, data):
    s = bench.summary(data)
    assert s["pairs"] >= 40
    assert s["pairs_by_language"]["sv"] * 4 >= s["pairs"]
    assert s["pairs_by_language"]["mixed"] >= 1
    assert s["distractors"] >= 5 * s["pairs"]


def test_every_pair_has_a_source_and_distinct_organisations(data):
    by_id = {listing["id"]: listing for listing in data["listings"]}
    for p in data["pairs"]:
        assert len(p["source"].strip()) >= 20, p
        assert by_id[p["offer"]]["organisation"] != by_id[p["need"]]["organisation"], p


def test_no_listing_carries_a_resource_class(data):
    for listing in data["listings"]:
        assert not {"resource_class", "class", "classes", "category"} & set(listing), listing["id"]


def test_engine_recall_at_5_floor(engine_metrics):
    r5 = engine_metrics["recall@5"]
    assert r5 >= RECALL5_FLOOR, f"recall@5 {r5:.3f} < {RECALL5_FLOOR}; missed: {engine_metrics['missed']}"


def test_engine_mrr_floor(engine_metrics):
    assert engine_metrics["mrr"] >= MRR_FLOOR, f"MRR {engine_metrics['mrr']:.3f} < {MRR_FLOOR}"


def test_engine_target_kept_once_reached(engine_metrics):
    if RECALL5_FLOOR >= RECALL5_TARGET:
        assert engine_metrics["recall@5"] >= RECALL5_TARGET


def test_metrics_arithmetic(bench):
    pairs = [{"need": "a", "offer": "x", "language": "sv"}, {"need": "b", "offer": "y", "language": "en"},
             {"need": "c", "offer": "z", "language": "mixed"}]
    m = bench.metrics({"a": 1, "b": 4, "c": None}, pairs)
    assert m["recall@1"] == pytest.approx(1 / 3)
    assert m["recall@5"] == pytest.approx(2 / 3)
    assert m["mrr"] == pytest.approx((1 + 0.25 + 0) / 3)
    assert [x["need"] for x in m["missed"]] == ["c"]
    assert m["by_language"]["en"]["recall@5"] == 1.0


def test_tfidf_baseline_runs(bench, data):
    m = bench.evaluate_tfidf(data)
    assert 0.0 <= m["recall@5"] <= 1.0


# -- held-out set (tests/data/eval_holdout.json) -------------------------------------------------
# Written on 2026-11-29 independently of the taxonomy and of the misses on the main set, from other
# documented exchanges (docs/matching.md, "Held-out set"). Do not tune the taxonomy or the engine on
# its misses: it exists to measure changes made from the main set's misses honestly.
# Measured on 2026-11-29: engine recall@5 0.444 (16 of 36), MRR 0.363 (blocked search).
# Measured on 2026-11-29 after calibration + character n-gram text feature: recall@5 0.667 (24 of 36),
# MRR 0.522 (aggregate figures only; the texts and misses were not looked at).
# Measured on 2026-12-02 after issue 12's engine core (uses, Snowball stemming, negation, role,
# direction and intent): recall@1 0.528, recall@5 0.806, MRR 0.645 (this set is now a development
# set: its misses were read while tuning the cue lists).
# 2026-12-02, helper 12: 0.556 / 0.778 / 0.661. One pair (slag for a road base) had been found only
# because Snowball stems "billigare" (cheaper) to "bil" (a car) on both sides; with that fixed
# (text._over_stemmed) it is missed, so the recall@5 floor is one pair lower, honestly.
HOLDOUT_RECALL5_FLOOR = 0.77
HOLDOUT_RECALL1_FLOOR = 0.50
HOLDOUT_MRR_FLOOR = 0.62


@pytest.fixture(scope="module")
def holdout(bench):
    return bench.load(bench.HOLDOUT)


@pytest.fixture(scope="module")
def holdout_engine_metrics(bench, holdout):
    return bench.evaluate_engine(holdout)


def test_holdout_follows_its_rules(bench, holdout):
    assert bench.check_dataset(holdout, min_pairs=bench.MIN_PAIRS["holdout"]) == []


def test_holdout_size_and_languages(bench, holdout):
    s = bench.summary(holdout)
    assert s["pairs"] >= 30
    assert s["pairs_by_language"]["sv"] * 4 >= s["pairs"]
    assert s["pairs_by_language"]["mixed"] >= 1
    assert s["distractors"] >= 5 * s["pairs"]


def test_holdout_pairs_have_sources_and_distinct_organisations(holdout):
    by_id = {listing["id"]: listing for listing in holdout["listings"]}
    for p in holdout["pairs"]:
        assert len(p["source"].strip()) >= 20, p
        assert by_id[p["offer"]]["organisation"] != by_id[p["need"]]["organisation"], p


def test_holdout_no_listing_carries_a_resource_class(holdout):
    for listing in holdout["listings"]:
        assert not {"resource_class", "class", "classes", "category"} & set(listing), listing["id"]


def test_holdout_shares_no_listing_or_source_with_the_main_set(data, holdout):
    main_ids = {listing["id"] for listing in data["listings"]}
    assert not main_ids & {listing["id"] for listing in holdout["listings"]}
    main_texts = {(listing["title"], listing["description"]) for listing in data["listings"]}
    assert not main_texts & {(listing["title"], listing["description"]) for listing in holdout["listings"]}
    assert not {p["source"] for p in data["pairs"]} & {p["source"] for p in holdout["pairs"]}


def test_holdout_engine_recall_at_5_floor(holdout_engine_metrics):
    r5 = holdout_engine_metrics["recall@5"]
    assert r5 >= HOLDOUT_RECALL5_FLOOR, (
        f"held-out recall@5 {r5:.3f} < {HOLDOUT_RECALL5_FLOOR}; missed: {holdout_engine_metrics['missed']}")


def test_holdout_engine_recall_at_1_and_mrr_floors(holdout_engine_metrics):
    m = holdout_engine_metrics
    assert m["recall@1"] >= HOLDOUT_RECALL1_FLOOR, f"held-out recall@1 {m['recall@1']:.3f}"
    assert m["mrr"] >= HOLDOUT_MRR_FLOOR, f"held-out MRR {m['mrr']:.3f}"


def test_frozen_holdout2_is_the_file_frozen_by_hash_and_follows_the_rules(bench):
    """The second held-out set is measured, never edited: its hash is the one in docs/matching.md,
    and it keeps the rules the issue set for it (60 pairs, 20 social, a quarter Swedish, a sixth mixed,
    five distractors per pair). Only counts are read here, never its texts."""
    assert bench.file_sha256(bench.HOLDOUT2) == bench.FROZEN["holdout2"]
    assert bench.FROZEN["holdout2"] in (ROOT / "docs" / "matching.md").read_text(encoding="utf-8")
    data = bench.load(bench.HOLDOUT2)
    assert bench.check_dataset(data, min_pairs=60) == []
    s, pairs = bench.summary(data), data["pairs"]
    assert sum(p["type"] == "social" for p in pairs) >= 20
    assert s["pairs_by_language"]["sv"] * 4 >= s["pairs"]
    assert s["pairs_by_language"]["mixed"] * 6 >= s["pairs"]
    assert s["distractors"] >= 5 * s["pairs"]


# -- development set 3b (tests/data/dev_set3b.json) -----------------------------------------------
# Written on 2026-12-03 by a helper that had seen no code, taxonomy or earlier set (40 pairs, 22
# social; 37 share no word). Its misses were read in session 12, so it is a development set. Measured
# then: recall@1 0.200 -> 0.275, recall@5 0.375 -> 0.425 (glossary, wider use cues, "nobody" is not a
# negation); TF-IDF 0.000 / 0.050. Session 13 (2026-12-06): 0.275 / 0.425 -> 0.450 / 0.750 with new
# classes (summer jobs, study visits, rooms for meetings, business successors, grounds maintenance),
# the uses they serve, recruitment as labour, particle verbs and person compounds; fitted to this
# set's misses, so a development figure. The floors hold those gains, one pair below.
DEV3B_RECALL5_FLOOR = 0.725
DEV3B_RECALL1_FLOOR = 0.425


@pytest.mark.parametrize("name, min_social", [("holdout3", 10), ("holdout4", 20)])
def test_a_later_frozen_holdout_is_the_file_frozen_by_hash_and_follows_the_rules(bench, name, min_social):
    """The third (2026-12-03) and fourth (2026-12-06) held-out sets, each written by an independent
    helper and never read, are measured, never edited: the hash is the one in docs/matching.md.
    Only counts are read here."""
    assert bench.file_sha256(bench.SETS[name]) == bench.FROZEN[name]
    assert bench.FROZEN[name] in (ROOT / "docs" / "matching.md").read_text(encoding="utf-8")
    data = bench.load(bench.SETS[name])
    assert bench.check_dataset(data, min_pairs=bench.MIN_PAIRS[name]) == []
    assert sum(p["type"] == "social" for p in data["pairs"]) >= min_social


# -- development set 5 (tests/data/dev_set5.json) -------------------------------------------------
# Written on 2026-12-06 by a helper that had seen no code, taxonomy or earlier set (50 pairs, 20 social;
# 43 share no content word). Measured on arrival, before its texts were read: 04b836c (the session's
# start) 0.36 / 0.62, the session's engine then 0.38 / 0.66; TF-IDF 0.10 / 0.16. Its misses were then
# read (a development set): 0.42 / 0.76. The floors hold that, one pair below.
DEV5_RECALL5_FLOOR = 0.74
DEV5_RECALL1_FLOOR = 0.40


@pytest.mark.parametrize("name, min_pairs, recall5, recall1", [
    ("dev_set3b", 40, DEV3B_RECALL5_FLOOR, DEV3B_RECALL1_FLOOR),
    ("dev_set5", 50, DEV5_RECALL5_FLOOR, DEV5_RECALL1_FLOOR),
])
def test_a_development_set_follows_the_rules_and_its_floors_hold(bench, name, min_pairs, recall5, recall1):
    data = bench.load(str(ROOT / "tests" / "data" / f"{name}.json"))
    assert bench.check_dataset(data, min_pairs=min_pairs) == []
    m = bench.evaluate_engine(data)
    assert m["recall@5"] >= recall5, f"{name} recall@5 {m['recall@5']:.3f}"
    assert m["recall@1"] >= recall1, f"{name} recall@1 {m['recall@1']:.3f}"
