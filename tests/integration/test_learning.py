"""Outcomes and `flask match learn`: every reaction and introduction is a labelled pair; the learned
re-ranker is stored with its evaluation and put to use only when it beats the hand weights."""
import json

import pytest

from siru_exchange.models import RerankerModel
from siru_exchange.services import introductions, learning, outcomes
from siru_exchange.services import matching as matching_service


def test_reactions_and_introductions_are_labelled_pairs(factory, db):
    offering, needing = factory.organisation(), factory.organisation()
    member, them = factory.user(organisation=offering), factory.user(organisation=needing)
    chips = factory.listing(organisation=offering, title="Sågverksflis")
    paper = factory.listing(organisation=offering, title="Makulerat papper")
    boiler = factory.listing(organisation=needing, kind="need", title="Flis till pannan")
    good = factory.suggestion(chips, boiler)
    bad = factory.suggestion(paper, boiler)
    matching_service.set_state(them, good.id, "interested")
    matching_service.set_state(them, bad.id, "dismissed")
    assert good.reacted_at is not None
    rows = outcomes.outcomes()
    assert {(r.offer_id, r.source, r.label) for r in rows} == {(chips.id, "interested", 1),
                                                              (paper.id, "not_relevant", 0)}
    # A request on the paper, declined by its owner: a declined introduction outweighs the reaction.
    intro = introductions.request_introduction(them, suggestion_id=bad.id, note="Går det till strö?")
    introductions.answer(member, intro, False, intro.version)
    sources = {(r.offer_id, r.source) for r in outcomes.outcomes()}
    assert {(paper.id, "requested"), (paper.id, "declined")} <= sources
    final = {r.offer_id: r for r in outcomes.pair_outcomes()}
    assert (final[chips.id].label, final[chips.id].strength) == (1, 1.0)
    assert (final[paper.id].source, final[paper.id].label, final[paper.id].strength) == ("declined", 0, 2.0)


def test_match_learn_without_outcomes_says_so_and_stores_nothing(runner, db):
    result = runner.invoke(args=["match", "learn"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["model"] is None and report["stored"] is None and not report["in_use"]
    assert report["reason"].startswith("too few outcomes")
    assert db.session.query(RerankerModel).count() == 0


def test_match_learn_on_the_demo_prints_one_json_object_and_stores_the_model(runner, db):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    pairs = outcomes.pair_outcomes()
    assert len(pairs) >= 40 and {o.label for o in pairs} == {0, 1}
    assert len({o.at.date().replace(day=1) for o in pairs}) >= 6  # spread over months

    dry = runner.invoke(args=["match", "learn", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    report = json.loads(dry.output)
    assert report["stored"] is None and db.session.query(RerankerModel).count() == 0
    assert report["outcomes"]["pairs"] == len(pairs)
    split = report["time_split"]
    assert split["train"] + split["test"] == len(pairs) and split["test_from"] >= report["outcomes"]["from"]
    assert set(split["auc"]) == {"hand", "reranked"} and set(split["precision@1"]) == {"hand", "reranked"}
    assert set(report["eval_sets"]) == {"main", "holdout"}  # never the frozen held-out set
    for measured in report["eval_sets"].values():
        assert set(measured["hand"]) == {"n", "recall@1", "recall@5", "mrr"}  # aggregates only
    losing = any(m["reranked"][k] < m["hand"][k] for m in report["eval_sets"].values()
                 for k in ("recall@1", "recall@5", "mrr"))
    assert report["in_use"] == (report["beats_hand_weights"] and not losing)

    stored = runner.invoke(args=["match", "learn"])
    assert stored.exit_code == 0, stored.output
    again = json.loads(stored.output)
    row = db.session.query(RerankerModel).one()
    assert (row.version, row.in_use, row.outcomes) == (again["stored"], again["in_use"], len(pairs))
    assert row.model == again["model"] and row.evaluation["time_split"] == again["time_split"]
    assert (matching_service.engine().reranker is not None) == row.in_use


def test_a_model_is_put_in_use_only_when_it_wins_and_the_engine_applies_it(runner, db, monkeypatch):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0

    def sets(hand, reranked):
        return lambda model: {"main": {"hand": hand, "reranked": reranked}}

    even = {"n": 10, "recall@1": 0.5, "recall@5": 0.8, "mrr": 0.6}
    worse = dict(even, mrr=0.59)
    monkeypatch.setattr(learning, "evaluate_sets", sets(even, worse))
    lost = learning.learn()
    assert lost["beats_hand_weights"] and not lost["in_use"]  # on the demo it wins the time split
    assert learning.reranker_in_use() is None and matching_service.engine().reranker is None
    plain = {lid: [s.offer_id for s in found]
             for lid, found in matching_service.engine().suggest_all().items()}

    monkeypatch.setattr(learning, "evaluate_sets", sets(even, dict(even)))
    won = learning.learn()
    assert won["in_use"] and won["stored"] == 2
    in_use = db.session.query(RerankerModel).filter_by(in_use=True).one()
    assert in_use.version == 2
    engine = matching_service.engine()
    assert engine.reranker is not None and engine.reranker.as_dict() == won["model"]
    learned = {lid: [s.offer_id for s in found] for lid, found in engine.suggest_all().items()}
    assert learned != plain  # the model in use changes some listing's order


def test_brokers_see_how_suggestions_turned_out_per_resource_group(client, auth, factory, db):
    offering, needing = factory.organisation(), factory.organisation()
    them = factory.user(organisation=needing)
    chips = factory.listing(organisation=offering, title="Sågverksflis", resource_class="wood_chips")
    paper = factory.listing(organisation=offering, title="Makulerat papper", resource_class="paper")
    boiler = factory.listing(organisation=needing, kind="need", title="Flis till pannan",
                             resource_class="biomass_fuel")
    first = factory.suggestion(paper, boiler, score=0.9)   # the engine's first suggestion: not relevant
    second = factory.suggestion(chips, boiler, score=0.7)  # the second: interested
    broker = factory.broker()
    auth.login(broker.email)
    empty = client.get("/broker/outcomes").get_data(as_text=True)
    assert 'data-testid="no-outcomes"' in empty
    matching_service.set_state(them, first.id, "dismissed")
    matching_service.set_state(them, second.id, "interested")
    [group], counted_at = outcomes.turned_out("en")
    assert counted_at is not None
    assert (group.group, group.needs, group.judged) == ("energy", 1, 2)
    assert (group.first_good, group.top5_good, group.realised) == (0.0, 0.5, 0.0)
    page = client.get("/broker/outcomes").get_data(as_text=True)
    assert 'data-group="energy"' in page and "50 %" in page and "0 %" in page
    assert "Hur förslagen föll ut" in page  # Swedish by default
    assert client.post("/language", data={"lang": "en"}).status_code == 302
    assert "How suggestions turned out" in client.get("/broker/outcomes").get_data(as_text=True)


def test_more_ids_than_a_statement_can_carry_are_read_in_chunks(factory, db):
    """At 100,000 listings `match learn` named 70,229 listings in one IN (...) and PostgreSQL refused
    it (at most 65,535 parameters a statement): the ids go in chunks, and every row still comes back."""
    from sqlalchemy import select

    from siru_exchange.models import Listing
    from siru_exchange.services import bulk

    kept = [factory.listing(title=f"Spån {i}").id for i in range(3)]
    ids = set(range(10**6, 10**6 + 70_000)) | set(kept)  # 70,003 ids, three of them real
    found = [lid for condition in bulk.in_chunks(Listing.id, ids)
             for lid in db.session.scalars(select(Listing.id).where(condition).order_by(Listing.id))]
    assert found == sorted(kept)


def test_outcomes_and_learning_read_the_same_in_small_chunks(factory, db, monkeypatch):
    """Chunked reads give what one read gave: the outcomes per pair, the training examples and the
    brokers' figures per resource group, with chunks of two ids."""
    from siru_exchange.services import bulk

    seller, buyer = factory.organisation(), factory.organisation()
    them = factory.user(organisation=buyer)
    for i in range(5):
        offer = factory.listing(organisation=seller, title=f"Sågspån {i}", resource_class="sawdust")
        need = factory.listing(organisation=buyer, kind="need", title=f"Strö {i}", resource_class="bedding")
        s = factory.suggestion(offer, need)
        matching_service.set_state(them, s.id, "interested" if i % 2 else "dismissed")
        if i == 4:
            introductions.request_introduction(them, suggestion_id=s.id, note="Kan vi hämta?")

    def read():
        pairs = outcomes.pair_outcomes()
        return ([(o.offer_id, o.need_id, o.source) for o in pairs],
                [(e.offer, e.need, e.label, e.vector) for e in learning.examples(pairs)],
                outcomes._tally())

    whole = read()
    monkeypatch.setattr(bulk, "IN_CHUNK", 2)
    assert read() == whole and len(whole[0]) == 5 and len(whole[1]) == 5 and whole[2]


@pytest.mark.config(OUTCOME_FIGURES_SECONDS=600)
def test_the_outcome_figures_are_kept_for_a_while_and_say_when_they_were_counted(client, auth, factory, db):
    """Counting takes about 10 s at national size: the figures are kept for OUTCOME_FIGURES_SECONDS
    and the page says when they were counted; a reaction meanwhile shows at the next count."""
    from siru_exchange.services import cache

    cache.forget("outcome-figures")
    offering, needing = factory.organisation(), factory.organisation()
    them = factory.user(organisation=needing)
    boiler = factory.listing(organisation=needing, kind="need", title="Flis till pannan",
                             resource_class="biomass_fuel")
    flis = factory.listing(organisation=offering, title="Flis", resource_class="wood_chips")
    papper = factory.listing(organisation=offering, title="Papper", resource_class="paper")
    chips, paper = factory.suggestion(flis, boiler, score=0.9), factory.suggestion(papper, boiler, score=0.5)
    matching_service.set_state(them, chips.id, "interested")
    auth.login(factory.broker(language="en").email)
    first = client.get("/broker/outcomes").get_data(as_text=True)
    assert 'id="counted-at"' in first and "every 10 minutes" in first
    assert 'data-group="energy"' in first and first.count("100 %") >= 1
    matching_service.set_state(them, paper.id, "dismissed")
    assert client.get("/broker/outcomes").get_data(as_text=True).count("100 %") == first.count("100 %")
    cache.forget("outcome-figures")  # as when the ten minutes are over
    assert "50 %" in client.get("/broker/outcomes").get_data(as_text=True)
