"""A full recompute that finishes: committed in batches, part by part, so that an interrupted
`flask match run` keeps what it did and `--resume` finishes it; a side's state survives; chains."""

import re

import pytest
from sqlalchemy import select

from siru_exchange.models import Chain, Listing, MatchRun, MatchRunBatch, Suggestion
from siru_exchange.services import matching


class Interrupted(Exception):
    pass


@pytest.fixture
def region(factory):
    """A brewery-farm-orchard loop (a chain) and wood and glass pairs: listings in several parts."""
    brewery = factory.organisation(name="Bryggeriet", municipality="0685")
    farm = factory.organisation(name="Gården", municipality="0685")
    orchard = factory.organisation(name="Fruktodlarna", municipality="0684")
    sawmill = factory.organisation(name="Sågen", municipality="0686")
    heating = factory.organisation(name="Värmeverket", municipality="0686")
    glassworks = factory.organisation(name="Glasbruket", municipality="0687")
    listings = [
        (brewery, "offer", "Mäsk från bryggningen", "spent_grain"),
        (farm, "need", "Foder till korna", "animal_feed"),
        (farm, "offer", "Gödsel", "manure"),
        (orchard, "need", "Gödsel till odlingen", "fertiliser"),
        (orchard, "offer", "Fallfrukt", "surplus_food"),
        (brewery, "need", "Frukt till fruktölet", "surplus_food"),
        (sawmill, "offer", "Sågspån, torrt", "sawdust"),
        (sawmill, "offer", "Bark", "bark"),
        (heating, "need", "Biobränsle till pannan", "biomass_fuel"),
        (glassworks, "need", "Krossat glas", "glass"),
        (heating, "offer", "Glasflaskor från personalmatsalen", "glass"),
    ]
    for org, kind, title, cls in listings:
        factory.listing(organisation=org, kind=kind, title=title, resource_class=cls, frequency="weekly")
    return {"brewery": brewery, "farm": farm, "orchard": orchard}


def snapshot(db):
    db.session.expire_all()
    suggestions = {(s.offer_id, s.need_id): (s.score, s.current, s.offer_state, s.need_state)
                   for s in db.session.scalars(select(Suggestion))}
    chains = {(c.key, c.score) for c in db.session.scalars(select(Chain).where(Chain.current.is_(True)))}
    return suggestions, chains


def interrupt_after(k):
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == k:
            raise Interrupted()
    return progress


def test_an_interrupted_run_keeps_its_batches_and_resume_finishes_it(app, db, runner, region):
    matching.recompute_all()
    clean = snapshot(db)
    assert clean[1], "the region has a chain"
    first = db.session.scalars(select(Suggestion).order_by(Suggestion.id)).first()
    first.need_state = "interested"
    db.session.commit()

    with pytest.raises(Interrupted):
        matching.recompute_all(progress=interrupt_after(3), batch_size=1)
    db.session.rollback()
    run = matching.unfinished_run()
    assert run is not None and run.finished_at is None
    batches = db.session.scalars(select(MatchRunBatch).where(MatchRunBatch.run_id == run.id)).all()
    done_ids = [lid for b in batches for lid in b.listing_ids]
    assert len(done_ids) == 3                       # the three committed batches are kept ...
    fresh = db.session.scalars(select(Suggestion).where(Suggestion.computed_at >= run.started_at)).all()
    assert {lid for s in fresh for lid in (s.offer_id, s.need_id)} >= set(done_ids)  # ... with their rows
    assert db.session.get(Suggestion, first.id).need_state == "interested"

    result = runner.invoke(args=["match", "run", "--resume"])
    assert result.exit_code == 0, result.output
    assert f"resumed run {run.id}" in result.output
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).finished_at is not None
    all_ids = [lid for b in db.session.scalars(select(MatchRunBatch).where(MatchRunBatch.run_id == run.id))
               for lid in b.listing_ids]
    assert len(all_ids) == len(set(all_ids)) == 11  # each listing done once over both sessions
    resumed = snapshot(db)
    assert resumed[1] == clean[1]                   # the chain is there
    expected = dict(clean[0])
    score, current, offer_state, _need_state = expected[(first.offer_id, first.need_id)]
    expected[(first.offer_id, first.need_id)] = (score, current, offer_state, "interested")
    assert resumed[0] == expected                   # the same suggestions, the state kept


def test_parts_run_one_by_one_give_the_same_result_as_one_run(app, db, region):
    matching.recompute_all()
    whole = snapshot(db)
    db.session.execute(Suggestion.__table__.delete())
    db.session.execute(Chain.__table__.delete())
    db.session.commit()
    run = matching.start_run()
    assert run.parts == matching.parts() and len(run.parts) > 2
    for part in reversed(matching.parts()):         # any order, as a queue's workers take them
        matching.recompute_part(part, run.id, batch_size=2)
    with pytest.raises(ValueError):
        matching.recompute_part(matching.parts()[0], run_id=10**6)
    summary = matching.finish_run(run.id)
    assert summary.chains == len(whole[1]) and summary.suggestions == len(whole[0])
    assert snapshot(db) == whole


def test_a_run_retires_what_it_no_longer_finds_but_keeps_reactions(app, db, region, factory):
    matching.recompute_all()
    rows = db.session.scalars(select(Suggestion).order_by(Suggestion.id)).all()
    kept, dropped = rows[0], rows[1]
    kept.offer_state = "dismissed"
    kept_id, dropped_id = kept.id, dropped.id
    closed = {kept.need_id, dropped.need_id, kept.offer_id, dropped.offer_id}
    db.session.commit()
    for listing_id in closed:
        db.session.get(Listing, listing_id).status = "closed"
    db.session.commit()
    matching.recompute_all()
    db.session.expire_all()
    assert db.session.get(Suggestion, dropped_id) is None        # nobody reacted: gone
    again = db.session.get(Suggestion, kept_id)
    assert again is not None and not again.current and again.offer_state == "dismissed"


def test_finishing_a_run_with_parts_left_is_refused(app, db, region):
    run = matching.start_run()
    matching.recompute_part(run.parts[0], run.id)
    with pytest.raises(ValueError, match="parts not done"):
        matching.finish_run(run.id)


@pytest.fixture
def small_shares(monkeypatch):
    """Sub-parts of the eleven-listing region: a group over a tenth of it splits into pairs."""
    monkeypatch.setattr(matching, "SUB_PART_MIN", 1)


def test_a_run_for_the_queue_splits_a_large_group_largest_first_with_the_same_result(app, db, region,
                                                                                  small_shares):
    matching.recompute_all()
    whole = snapshot(db)
    assert db.session.scalars(select(MatchRun).order_by(MatchRun.id.desc())).first().parts == matching.parts()
    db.session.execute(Suggestion.__table__.delete())
    db.session.execute(Chain.__table__.delete())
    db.session.commit()

    run = matching.start_run(split=True)
    subs = [p for p in run.parts if ":" in p]
    assert subs and all(p.startswith("materials:") for p in subs), run.parts
    assert run.parts[0] in subs                               # the largest first
    members = [matching._part_listing_ids(p) for p in run.parts]
    assert len(subs) >= 3 and all(matching._part_listing_ids(p) for p in subs)  # by id: about two each
    everyone = [lid for m in members for lid in m]
    active = db.session.scalars(select(Listing.id).where(Listing.status == "active")).all()
    assert sorted(everyone) == sorted(active)                 # each listing in exactly one part
    for part in reversed(run.parts):
        matching.recompute_part(part, run.id)
    matching.finish_run(run.id)
    assert snapshot(db) == whole


def test_the_end_of_a_run_needs_no_engine(app, db, region, monkeypatch):
    run = matching.start_run()
    for part in run.parts:
        matching.recompute_part(part, run.id)
    app.extensions.pop("siru_engine")                        # as in a fresh process ...

    def no_engine(*args, **kwargs):
        raise AssertionError("the end of a run built an engine")
    monkeypatch.setattr(matching, "_EngineCache", no_engine)  # ... which must not build one
    summary = matching.finish_run(run.id)
    assert summary.chains and summary.suggestions
    db.session.expire_all()
    assert db.session.query(Listing).filter(Listing.status == "active",
                                            Listing.suggested_version != Listing.version).count() == 0


def test_match_run_prints_the_time_of_each_step(app, db, runner, region):
    result = runner.invoke(args=["match", "run"])
    assert result.exit_code == 0, result.output
    for step in ("engine build or sync", "re-read classes", "plan parts", "part materials", "part other",
                 "finish: read pairs", "finish: chains", "finish: retire", "finish: commit"):
        assert re.search(rf"^  {step}: \d+\.\d s wall, \d+\.\d s CPU$", result.output, re.M), step
    assert result.output.rstrip().splitlines()[-1].startswith("11 active listings")
