"""Matching out of the web request (services/jobs.py), on the real Redis and real RQ workers.

With SIRU_REDIS_URL set, saving a listing enqueues its recompute and returns; a worker computes it;
until then the pages say the suggestions are being computed. Without it, saving is synchronous. A
full recompute is split into parts that several worker processes share, and stores what the
synchronous recompute stores. The tests use Redis database 6 and empty only that one.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue, Worker
from rq.job import Job

from siru_exchange.models import AuditEvent, Listing, Suggestion
from siru_exchange.services import demo, jobs, matching

REDIS_URL = os.environ.get("SIRU_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
QUEUE = "siru-test-matching"
# Retried once at once (interval 0), so that a burst worker sees a job fail for good.
QUEUED = pytest.mark.config(REDIS_URL=REDIS_URL, MATCHING_QUEUE=QUEUE, MATCHING_RETRY_INTERVALS=(0,))
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_db():
    conn = Redis.from_url(REDIS_URL)
    conn.flushdb()   # database 6 only: the tests' own
    yield conn
    conn.flushdb()


@pytest.fixture
def greenhouse_need(factory, db):
    """A need a sawdust offer suits, its suggestions already stored (as after any earlier save)."""
    greenhouse = factory.organisation(name="Tranås Växthus AB", municipality="0687")
    need = factory.listing(organisation=greenhouse, kind="need", title="Bränsle till pannan",
                           description="Vi behöver något att elda med i växthusets flispanna under vintern.",
                           frequency="weekly")
    need.suggested_version = need.version
    db.session.commit()
    return need.id


def post_offer(client):
    return client.post("/listings/new", data={
        "kind": "offer", "title": "Kutterspån och sågspån",
        "description": "Torrt spån från hyvleriet, ca 2 m³ i veckan.",
        "resource_class": "", "quantity": "2", "unit": "m3", "frequency": "weekly", "terms": "free",
        "visibility": "public"})


def pairs(db) -> dict:
    db.session.expire_all()
    return {(s.offer_id, s.need_id): (round(s.score, 9), s.current) for s in db.session.query(Suggestion)}


def computed(found: dict) -> dict:
    """The pairs a recompute scored, without rows kept only for their history (score 0, not current)."""
    return {k: v for k, v in found.items() if v != (0.0, False)}


@QUEUED
def test_saving_enqueues_and_a_worker_stores_the_suggestions(app, client, auth, factory, db, redis_db,
                                                             greenhouse_need):
    sawmill = factory.organisation(name="Eksjö Såg AB", municipality="0686")
    auth.login(factory.user(organisation=sawmill).email)
    response = post_offer(client)
    assert response.status_code == 302
    assert db.session.query(Suggestion).count() == 0            # not computed in the request
    assert Queue(QUEUE, connection=redis_db).count == 1
    cache = app.extensions.get("siru_engine")                    # the web process never built the engine
    assert cache is None or (len(cache.engine) == 0 and not cache.versions)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Förslagen räknas fram." in page and "data-pending" in page
    assert "Förslagen räknas fram." in client.get("/suggestions/").get_data(as_text=True)

    jobs.work(burst=True)                                        # a real RQ worker, in this process

    row = db.session.query(Suggestion).filter_by(need_id=greenhouse_need).one()
    offer = db.session.get(Listing, row.offer_id)
    assert offer.suggested_version == offer.version
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Förslagen räknas fram" not in page and "data-pending" not in page
    assert "Bränsle till pannan" in page
    assert "Förslagen räknas fram" not in client.get("/suggestions/").get_data(as_text=True)


def test_without_redis_saving_is_synchronous(app, client, auth, factory, db, greenhouse_need):
    sawmill = factory.organisation(name="Eksjö Såg AB", municipality="0686")
    auth.login(factory.user(organisation=sawmill).email)
    response = post_offer(client)
    assert db.session.query(Suggestion).filter_by(need_id=greenhouse_need).count() == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bränsle till pannan" in page and "Förslagen räknas fram" not in page
    assert "siru_redis" not in app.extensions                   # no queue was asked for


@QUEUED
def test_a_failed_job_is_shown_and_can_be_tried_again(app, client, auth, factory, db, redis_db,
                                                      greenhouse_need, monkeypatch):
    sawmill = factory.organisation(name="Eksjö Såg AB", municipality="0686")
    auth.login(factory.user(organisation=sawmill).email)
    broker_email = factory.broker().email  # read now: the worker's job closes this session

    def broken(listing):
        raise RuntimeError("the engine could not be reached")

    monkeypatch.setattr(matching, "recompute_for_listing", broken)
    location = post_offer(client).headers["Location"]
    jobs.work(burst=True)                                        # tried, tried again, failed for good
    assert db.session.query(Suggestion).count() == 0
    page = client.get(location).get_data(as_text=True)
    assert "Förslagen kunde inte räknas fram." in page and "data-pending" not in page

    auth.logout()
    auth.login(broker_email)
    page = client.get("/broker/matching").get_data(as_text=True)
    assert "the engine could not be reached" in page and "Misslyckade jobb" in page

    monkeypatch.undo()
    assert client.post("/broker/matching/retry").status_code == 302
    assert db.session.query(AuditEvent).filter_by(action="matching.jobs_retried").count() == 1
    jobs.work(burst=True)
    assert db.session.query(Suggestion).filter_by(need_id=greenhouse_need).count() == 1
    assert "the engine could not be reached" not in client.get("/broker/matching").get_data(as_text=True)


@QUEUED
def test_a_split_recompute_stores_what_the_synchronous_one_stores_and_twice_the_same(app, db, redis_db):
    demo.load()
    matching.recompute_all()
    synchronous = pairs(db)
    db.session.query(Suggestion).delete()
    db.session.commit()

    run_id = jobs.start_full_recompute()
    assert jobs.start_full_recompute() is None                   # one at a time
    jobs.work(burst=True)
    progress = jobs.progress()
    assert progress.parts_total >= 5 and progress.parts_done == progress.parts_total
    assert progress.finished_at is not None and not progress.errors
    # The synchronous run also kept, at 0 and not current, the demo's reacted pairs the engine no
    # longer suggests (a "not relevant" for food waste offered as heat); their rows were deleted above.
    assert computed(pairs(db)) == computed(synchronous)
    # the end's two halves are jobs of their own that two workers can take side by side; the run is
    # marked finished only after both
    halves = [Job.fetch(f"siru-run-{run_id}-{name}", connection=redis_db) for name in ("chains", "retire")]
    finish = Job.fetch(f"siru-run-{run_id}-finish", connection=redis_db)
    assert all(job.get_status() == "finished" for job in [*halves, finish])
    assert sorted(finish._dependency_ids) == sorted(job.id for job in halves)
    assert finish.started_at >= max(job.ended_at for job in halves)

    # Every job again, in another order: the same suggestions.
    for job_id in reversed(redis_db.hget(jobs.RUN_KEY, "parts").decode().split(",")):
        key = Job.fetch(job_id, connection=redis_db).args[1]
        jobs.part_job(run_id, key)
    jobs.finish_job(run_id)
    assert computed(pairs(db)) == computed(synchronous)
    assert db.session.query(Listing).filter(Listing.status == "active",
                                            Listing.suggested_version != Listing.version).count() == 0


@QUEUED
def test_two_worker_processes_share_a_split_recompute(app, client, auth, factory, db, redis_db):
    demo.load()
    db.session.commit()
    env = {**os.environ, "SIRU_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SIRU_REDIS_URL": REDIS_URL, "SIRU_MATCHING_QUEUE": QUEUE,
           "SIRU_ENV": "development", "SECRET_KEY": "test-worker"}
    command = [sys.executable, "-m", "flask", "--app", "siru_exchange", "worker", "--name"]
    workers = [subprocess.Popen([*command, name], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for name in ("worker-a", "worker-b")]
    try:
        _wait(lambda: len(Worker.all(connection=redis_db)) == 2, 90, "both workers to start")
        broker = factory.broker()
        auth.login(broker.email)
        assert client.post("/broker/matching/run").status_code == 302
        _wait(lambda: jobs.progress().finished_at is not None or jobs.progress().errors, 180, "the recompute")
        progress = jobs.progress()
        assert not progress.errors and progress.parts_done == progress.parts_total > 2
        part_ids = redis_db.hget(jobs.RUN_KEY, "parts").decode().split(",")
        names = {job.worker_name for job in Job.fetch_many(part_ids, connection=redis_db)}
        assert names == {"worker-a", "worker-b"}
        page = client.get("/broker/matching").get_data(as_text=True)
        assert f"{progress.parts_total} av {progress.parts_total}" in page
        queued = pairs(db)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    matching.recompute_all()
    assert pairs(db) == queued and queued


def _wait(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_worker_and_a_queued_run_need_redis(runner):
    for args in (["worker", "--burst"], ["match", "run", "--queue"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 2 and "SIRU_REDIS_URL" in result.output


@QUEUED
def test_match_run_queue_enqueues_the_recompute_and_refuses_a_second(runner, redis_db):
    result = runner.invoke(args=["match", "run", "--queue"])
    assert result.exit_code == 0, result.output
    assert Queue(QUEUE, connection=redis_db).job_ids == [f"siru-run-{jobs.progress().run_id}-prepare"]
    again = runner.invoke(args=["match", "run", "--queue"])
    assert again.exit_code == 2 and "still running" in again.output


def _edit_meanwhile(db, listing_id, monkeypatch, check=None):
    """While the recompute scores the listing (read, the engine in sync, nothing stored yet), another
    worker's request saves a new version of it on its own connection; ``check(other_session)`` runs
    there first when given."""
    from sqlalchemy.orm import Session

    eng = matching.engine()
    original = eng.suggest

    def suggest_while_edited(listing, *args, **kw):
        with Session(db.engine, expire_on_commit=False) as other:
            if check is not None:
                check(other)
            row = other.get(Listing, listing_id)
            row.title = "Aska från flispannan"
            other.commit()
        return original(listing, *args, **kw)

    monkeypatch.setattr(eng, "suggest", suggest_while_edited)


def test_an_older_recompute_finishing_last_stores_nothing_for_the_newer_version(db, factory, monkeypatch,
                                                                               greenhouse_need):
    offer = factory.listing(title="Kutterspån och sågspån", description="Torrt spån från hyvleriet.")
    assert pairs(db) == {} and offer.suggested_version is None
    _edit_meanwhile(db, offer.id, monkeypatch)

    assert matching.recompute_for_listing(offer) == 0
    db.session.expire_all()
    stored = db.session.get(Listing, offer.id)
    assert stored.version == 2 and stored.suggested_version is None   # still "being computed"
    assert pairs(db) == {}

    monkeypatch.undo()
    assert matching.recompute_for_listing(stored) >= 1   # the new version's own job
    db.session.expire_all()
    assert db.session.get(Listing, offer.id).suggested_version == 2
    assert (offer.id, greenhouse_need) in pairs(db)


@pytest.mark.parametrize("app", ["postgresql"], indirect=True)  # an advisory lock; SQLite serves one process
def test_two_recomputes_of_one_listing_take_turns_on_postgresql(app, db, factory, monkeypatch,
                                                                greenhouse_need):
    from sqlalchemy import func, select

    offer = factory.listing(title="Kutterspån och sågspån", description="Torrt spån från hyvleriet.")
    held = []
    _edit_meanwhile(db, offer.id, monkeypatch, check=lambda other: held.append(not other.scalar(
        select(func.pg_try_advisory_xact_lock(matching.LISTING_LOCK, offer.id)))))
    matching.recompute_for_listing(offer)
    assert held == [True]   # another job of the listing would have waited
