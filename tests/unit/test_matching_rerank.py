"""The learned re-ranker: a pair's feature vector, the model as plain data in the engine, and the
learner that puts a model to use only when it beats the hand weights on newer outcomes."""
import random
from datetime import UTC, datetime, timedelta

import pytest

from siru_exchange.matching import (
    FEATURES,
    Engine,
    Listing,
    Reranker,
    calibration,
    learner,
    load_municipalities,
)
from siru_exchange.matching.synthetic import generate


@pytest.fixture(scope="module")
def munis():
    return load_municipalities()


def _engine(tax, munis, listings, reranker=None):
    engine = Engine(tax, municipalities=munis, reranker=reranker)
    engine.add_many(listings)
    return engine


SAWDUST = Listing(1, "offer", "saw", "Kutterspån", "Torrt kutterspån från hyvleriet, 20 ton i månaden",
                  municipality="0680", quantity=20, unit="t", frequency="monthly")
PAPER = Listing(2, "offer", "print", "Kontorspapper", "Makulerat papper", municipality="0617")
FUEL = Listing(10, "need", "greenhouse", "Bränsle till vår panna", "Vi behöver biobränsle till pannan",
               municipality="0665", quantity=15, unit="t", frequency="monthly")


def test_the_feature_vector_names_the_engines_own_features(tax, munis):
    engine = _engine(tax, munis, [SAWDUST, PAPER, FUEL])
    good = dict(zip(FEATURES, engine.pair_features(SAWDUST, FUEL), strict=True))
    bad = dict(zip(FEATURES, engine.pair_features(PAPER, FUEL), strict=True))
    assert len(engine.pair_features(SAWDUST, FUEL)) == len(FEATURES)
    assert all(0.0 <= v <= 1.0 for v in good.values()) and all(0.0 <= v <= 1.0 for v in bad.values())
    # sawdust can serve as biomass fuel, 20 t a month covers 15 t a month, both monthly
    assert good["class_link"] > 0.5 and good["same_class"] == 0.0
    assert good["quantity"] == 1.0 and good["frequency"] == 1.0
    assert good["score"] == pytest.approx(engine.hand_score(SAWDUST, FUEL))
    assert good["score"] == pytest.approx(engine.suggest(FUEL)[0].score, abs=1e-4)
    assert bad["class_link"] == 0.0 and bad["score"] < good["score"]
    # 0680 (Jönköping) to 0665 (Vaggeryd) is about 30 km: a distance factor, neither 1 nor unknown
    assert 0.5 < good["distance"] < 1.0


def test_without_a_model_the_ranking_is_the_hand_weights(tax, munis):
    listings = generate(300, tax, munis, seed=3)
    plain = _engine(tax, munis, listings)
    # a model that only reads the hand score ranks exactly as the hand weights do
    same = Reranker(tuple(1.0 if f == "score" else 0.0 for f in FEATURES), 0.0, FEATURES, pool=20)
    echo = _engine(tax, munis, listings, reranker=same)
    for listing in listings[:40]:
        assert [s.offer_id for s in plain.suggest(listing)] == [s.offer_id for s in echo.suggest(listing)]
        assert [(s.offer_id, s.need_id) for s in plain.suggest(listing)] == \
            [(s.offer_id, s.need_id) for s in echo.suggest(listing)]


def test_a_correction_of_the_hand_weights_that_learned_nothing_changes_nothing(tax, munis):
    listings = generate(300, tax, munis, seed=4)
    plain = _engine(tax, munis, listings)
    nothing = Reranker(tuple(0.0 for _f in FEATURES), 0.0, FEATURES, pool=20, from_hand=True)
    learned = _engine(tax, munis, listings, reranker=nothing)
    for listing in listings[:40]:
        assert [(s.offer_id, s.need_id, s.score) for s in plain.suggest(listing)] == \
            [(s.offer_id, s.need_id, pytest.approx(s.score, abs=1e-4)) for s in learned.suggest(listing)]


def test_a_model_in_use_reorders_and_its_score_reads_as_its_probability(tax, munis):
    # A model that only likes the same class puts far-away pellets above the nearer sawdust that
    # the hand weights put first (quantity, frequency and distance fit).
    near = Listing(3, "offer", "pellets", "Träpellets", "Pellets i säck", municipality="0687")
    model = Reranker(tuple(3.0 if f == "same_class" else 0.0 for f in FEATURES), -2.0, FEATURES, pool=20)
    plain = _engine(tax, munis, [SAWDUST, PAPER, near, FUEL])
    learned = _engine(tax, munis, [SAWDUST, PAPER, near, FUEL], reranker=model)
    assert plain.suggest(FUEL)[0].offer_id == 1
    top = learned.suggest(FUEL)
    assert top[0].offer_id == 3
    assert [s.score for s in top] == sorted((s.score for s in top), reverse=True)
    p = model.probability(learned.pair_features(near, FUEL))
    assert p == pytest.approx(1 / (1 + 2.718281828 ** -1.0))
    assert calibration.likelihood(top[0].score) == pytest.approx(p, abs=1e-3)
    # and a full recompute ranks as suggest does
    assert [s.offer_id for s in learned.suggest_all()[10]] == [s.offer_id for s in top]
    assert [s.offer_id for s in learned.scan().suggestions[10]] == [s.offer_id for s in top]


def test_a_stored_model_round_trips_and_ignores_unknown_features():
    model = Reranker((1.0, 2.0), -0.5, ("score", "retired_feature"), pool=7)
    again = Reranker.from_dict(model.as_dict())
    assert again == model and not again.from_hand
    corrected = Reranker((0.0, 0.0), 0.0, ("score", "text"), from_hand=True)
    assert Reranker.from_dict(corrected.as_dict()).from_hand
    vector = tuple(0.5 if f == "score" else 0.0 for f in FEATURES)
    assert again.log_odds(vector) == pytest.approx(0.0)
    with pytest.raises(ValueError):
        Reranker((1.0,), 0.0, ("score", "text"))


# -- the learner ----------------------------------------------------------------------------------

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _examples(rule, n=120, seed=1):
    """Labelled pairs whose label follows ``rule(vector)``; hand scores random, days spread out."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        v = [rng.random() for _ in FEATURES]
        out.append(learner.Example(offer=i, need=i // 3, vector=tuple(v), label=int(rule(v)),
                                   strength=rng.choice((1.0, 2.0, 4.0)), at=T0 + timedelta(days=i)))
    return out


def test_time_split_trains_on_older_and_tests_on_newer():
    examples = _examples(lambda v: v[0] > 0.5, n=20)
    older, newer = learner.time_split(list(reversed(examples)))
    assert len(newer) == 6 and len(older) == 14
    assert max(e.at for e in older) < min(e.at for e in newer)


def test_the_learner_beats_the_hand_weights_when_outcomes_follow_another_feature():
    text = FEATURES.index("text")
    # People answered by the wording, not by the hand score: a re-ranker learns it and wins.
    examples = _examples(lambda v: v[text] > 0.5)
    older, newer = learner.time_split(examples)
    model = learner.fit(older)
    result = learner.compare(model, newer)
    assert result["auc"]["reranked"] > 0.8 > 0.7 > result["auc"]["hand"]
    assert result["precision@1"]["reranked"] >= result["precision@1"]["hand"]
    assert learner.beats(result)


def test_the_learner_does_not_beat_the_hand_weights_when_they_are_right():
    # Outcomes follow the hand score exactly: a re-ranker can at best tie, so it is not put to use.
    examples = _examples(lambda v: v[learner.SCORE] > 0.5)
    older, newer = learner.time_split(examples)
    result = learner.compare(learner.fit(older), newer)
    assert result["auc"]["hand"] == 1.0
    assert not learner.beats(result)


def test_a_model_that_ranks_as_the_hand_weights_does_not_beat_them():
    rng = random.Random(7)
    examples = _examples(lambda v: rng.random() < 0.5, n=60, seed=5)
    older, newer = learner.time_split(examples)
    # a model that ranks as the hand weights ties them: a tie is not a win
    hand_like = learner.compare(Reranker(tuple(1.0 if f == "score" else 0.0 for f in FEATURES), 0.0), newer)
    assert hand_like["auc"]["reranked"] == hand_like["auc"]["hand"]
    assert not learner.beats(hand_like)


def test_too_few_or_one_sided_outcomes_give_no_model():
    few = _examples(lambda v: v[0] > 0.5, n=5)
    assert not learner.trainable(few)
    one_sided = _examples(lambda v: True, n=30)
    assert not learner.trainable(one_sided)
    with pytest.raises(ValueError):
        learner.fit(one_sided)


def test_losing_on_an_evaluation_set_is_any_metric_below_the_hand_weights():
    hand = {"recall@1": 0.5, "recall@5": 0.8, "mrr": 0.6}
    assert not learner.loses(hand, dict(hand))
    assert not learner.loses(hand, {"recall@1": 0.55, "recall@5": 0.8, "mrr": 0.62})
    assert learner.loses(hand, {"recall@1": 0.6, "recall@5": 0.775, "mrr": 0.7})


def test_precision_at_1_counts_listings_with_a_good_pair_among_two_or_more():
    e = [learner.Example(1, 10, (0.9,), 0, 1.0, T0), learner.Example(2, 10, (0.5,), 1, 1.0, T0),
         learner.Example(3, 11, (0.9,), 1, 1.0, T0)]
    assert learner.precision_at_1(e, [0.9, 0.5, 0.9]) == (0.0, 1)
    assert learner.precision_at_1(e, [0.4, 0.5, 0.9]) == (1.0, 1)
