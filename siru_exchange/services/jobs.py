"""Matching out of the web request: a job queue (RQ on Redis) when SIRU_REDIS_URL is set.

With the queue, saving a listing enqueues the recompute of its suggestions and returns at once; the
matching workers (`flask worker`) hold the engine, warmed at start and kept in sync by the engine
cache of services/matching (by listing id, version and status), and web processes never build it.
A full recompute is a prepare job that starts a run (services.matching.start_run: one part per
resource group, recorded in the database), one job per part that any worker takes (committed in
batches, so an interrupted part resumes), and a finishing job that runs once every part is done. Without
the queue (the embedded default) everything runs synchronously, in the request, as before.

RQ was chosen over Celery or a hand-written queue: it needs only Redis (already there for the rate
limits), stores results and failures where a page can read them, and retries with intervals.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, SimpleWorker
from rq.job import Dependency, Job, JobStatus
from rq.registry import FailedJobRegistry

from ..extensions import db
from ..models import Listing, MatchRun
from . import matching

RESULT_TTL = 7 * 24 * 3600      # finished and failed jobs stay readable for the broker for a week
LISTING_TIMEOUT = 600           # seconds one listing's recompute may take
PART_TIMEOUT = 3 * 3600         # seconds one part (or the prepare and finish steps) may take
RUN_KEY = "siru:matching:run"   # a hash describing the latest full recompute


def enabled() -> bool:
    """Whether matching runs on the job queue (SIRU_REDIS_URL is set)."""
    return bool(current_app.config.get("REDIS_URL"))


def connection() -> Redis:
    """The app's Redis connection for the queue (one client, a pool of connections, per process)."""
    conn = current_app.extensions.get("siru_redis")
    if conn is None:
        conn = current_app.extensions["siru_redis"] = Redis.from_url(current_app.config["REDIS_URL"])
    return conn


def queue() -> Queue:
    return Queue(current_app.config["MATCHING_QUEUE"], connection=connection())


def _retry() -> Retry | None:
    intervals = list(current_app.config.get("MATCHING_RETRY_INTERVALS") or ())
    return Retry(max=len(intervals), interval=intervals) if intervals else None


def _listing_job_id(listing_id: int, version: int) -> str:
    return f"siru-listing-{listing_id}-v{version}"


# -- one listing ---------------------------------------------------------------------------------

def listing_changed(listing: Listing) -> None:
    """After a listing was saved (committed): recompute its suggestions, on the queue when there is
    one (the request returns at once), else here and now."""
    listings_changed([listing])


def listings_changed(listings: list[Listing]) -> None:
    """`listing_changed` for many at once (a broker's import): one job each on the queue, or one
    engine sync and one store here and now without a queue."""
    if not listings:
        return
    if not enabled():
        matching.recompute_for_listings(listings)
        return
    for listing in listings:
        try:
            _enqueue_listing(listing.id, listing.version)
        except RedisError:
            # The listing is saved; a queue that cannot be reached must not turn that into an error. It
            # stays "being computed" until a worker starts (`catch_up`) or the next full recompute.
            current_app.logger.exception("could not enqueue the recompute of listing %s", listing.id)


def _enqueue(func, args: tuple, job_id: str, description: str, timeout: int = PART_TIMEOUT, **kw) -> Job:
    """One job on the matching queue, retried as configured, its result or failure kept for a week."""
    return queue().enqueue_call(func, args=args, job_id=job_id, timeout=timeout, result_ttl=RESULT_TTL,
                                failure_ttl=RESULT_TTL, retry=_retry(), description=description, **kw)


def _enqueue_listing(listing_id: int, version: int) -> None:
    _enqueue(recompute_listing_job, (listing_id,), _listing_job_id(listing_id, version),
             f"suggestions of listing {listing_id} (version {version})", timeout=LISTING_TIMEOUT)


def _pending():
    from sqlalchemy import or_

    return (Listing.status == "active",
            or_(Listing.suggested_version.is_(None), Listing.suggested_version != Listing.version))


def catch_up() -> int:
    """Enqueue the recompute of every active listing whose suggestions are behind its version (saved
    while the queue could not be reached, or whose job expired). Run when a worker starts."""
    from sqlalchemy import select

    rows = db.session.execute(select(Listing.id, Listing.version).where(*_pending())).all()
    for row in rows:
        _enqueue_listing(row.id, row.version)
    return len(rows)


def suggestions_state(listing: Listing) -> str | None:
    """What the listing's page says of its suggestions: "computing" while its queued recompute has
    not stored them yet, "failed" when that job failed (it is retried, and a broker sees it), else
    None (they are there; always so without the queue)."""
    if not enabled() or listing.status != "active" or listing.suggested_version == listing.version:
        return None
    job = Job.fetch_many([_listing_job_id(listing.id, listing.version)], connection=connection())[0]
    if job is not None and job.get_status(refresh=False) == JobStatus.FAILED:
        return "failed"
    return "computing"


def organisation_computing(organisation_id: int) -> bool:
    """Whether any active listing of the organisation still waits for its queued recompute."""
    if not enabled():
        return False
    from sqlalchemy import select

    stmt = select(Listing.id).where(Listing.organisation_id == organisation_id, *_pending()).limit(1)
    return db.session.scalar(stmt) is not None


def recompute_listing_job(listing_id: int) -> int | None:
    """The job: recompute one listing's suggestions (as it is now; running twice stores the same)."""
    with _job_context():
        listing = db.session.get(Listing, listing_id)
        if listing is None:  # deleted meanwhile: nothing to compute
            return None
        return matching.recompute_for_listing(listing)


# -- a full recompute, split -------------------------------------------------------------------------

def start_full_recompute(requested_by: str = "") -> str | None:
    """Enqueue a full recompute: the prepare job, which enqueues the parts and the finishing job.
    Returns the run's id, or None when one is still running (a second would only redo its work)."""
    current = progress()
    if current is not None and not current.over:
        return None
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    conn = connection()
    conn.delete(RUN_KEY)
    conn.hset(RUN_KEY, mapping={"id": run_id, "started_at": datetime.now(UTC).isoformat(),
                                "requested_by": requested_by, "parts": ""})
    _enqueue(prepare_job, (run_id,), f"siru-run-{run_id}-prepare", f"full recompute {run_id}: prepare")
    return run_id


_JOB_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")  # RQ's job ids: letters, digits, "_" and "-"


def prepare_job(run_id: str) -> int:
    """The job: start the run (services.matching.start_run reads the texts again and names its
    parts, one per resource group, a large group split into sub-parts, largest first, so that the
    workers end together), enqueue one job per part and the finishing job that depends on all of
    them: the two halves of the end (the chains; the retiring of what was not found again), which
    RQ holds back until every part has finished and two workers do side by side, then the mark of
    the end."""
    with _job_context():
        steps = matching.Steps()
        run = matching.start_run(split=True, steps=steps)
        _log_steps(run_id, steps)
        parts = [_enqueue(part_job, (run_id, part, run.id),
                          f"siru-run-{run_id}-part-{_JOB_ID_UNSAFE.sub('-', part)}",
                          f"full recompute {run_id}: part {part}") for part in run.parts]
        after_parts = Dependency(jobs=parts) if parts else None
        halves = [_enqueue(half, (run_id, run.id), f"siru-run-{run_id}-{name}",
                           f"full recompute {run_id}: {name}", depends_on=after_parts)
                  for name, half in (("chains", chains_job), ("retire", retire_job))]
        finish = _enqueue(finish_job, (run_id, run.id, True), f"siru-run-{run_id}-finish",
                          f"full recompute {run_id}: finish", depends_on=Dependency(jobs=halves))
        connection().hset(RUN_KEY, mapping={"parts": ",".join(job.id for job in parts), "finish": finish.id,
                                            "match_run": run.id})
        return len(parts)


def _log_steps(run_id: str, steps, extra: str = "") -> None:
    for step in steps.done:
        current_app.logger.info("full recompute %s: %s%s, %.1f s wall, %.1f s CPU", run_id, step.name, extra,
                                step.wall, step.cpu)


def _match_run_id(run_id: str, match_run_id: int | None) -> int | None:
    if match_run_id is not None:
        return match_run_id
    value = connection().hget(RUN_KEY, "match_run")
    return int(value) if value else None


def part_job(run_id: str, part: str, match_run_id: int | None = None) -> int:
    """The job: one part's suggestions, in committed batches (services.matching.recompute_part). A
    part already done, or a run already finished, is not done again: twice stores the same."""
    with _job_context():
        match_run = db.session.get(MatchRun, _match_run_id(run_id, match_run_id))
        if match_run is None or match_run.finished_at is not None:
            return 0
        steps = matching.Steps()
        with steps.step(f"part {part}"):
            summary = matching.recompute_part(part, match_run.id)
        _log_steps(run_id, steps, f", {summary.listings} listings")
        return summary.suggestions


def _half_job(run_id: str, match_run_id: int | None, half) -> None:
    with _job_context():
        match_run = db.session.get(MatchRun, _match_run_id(run_id, match_run_id))
        if match_run is None or match_run.finished_at is not None:
            return
        steps = matching.Steps()
        half(match_run.id, steps=steps)
        _log_steps(run_id, steps)


def chains_job(run_id: str, match_run_id: int | None = None) -> None:
    """The job: the chains from the pairs the parts scored (services.matching.finish_chains)."""
    _half_job(run_id, match_run_id, matching.finish_chains)


def retire_job(run_id: str, match_run_id: int | None = None) -> None:
    """The job: the suggestions no part found again retired (services.matching.retire_stale)."""
    _half_job(run_id, match_run_id, matching.retire_stale)


def finish_job(run_id: str, match_run_id: int | None = None, halves_done: bool = False) -> dict:
    """The job: the run marked finished once its chains and retiring are done (``halves_done``, as
    enqueued; called without it, it does both first: services.matching.finish_run); a run already
    finished answers what it stored."""
    with _job_context():
        match_run = db.session.get(MatchRun, _match_run_id(run_id, match_run_id))
        if match_run is None:
            return {"suggestions": 0, "chains": 0}
        if match_run.finished_at is None:
            steps = matching.Steps()
            summary = matching.finish_run(match_run.id, steps=steps, halves_done=halves_done)
            _log_steps(run_id, steps)
            found = {"suggestions": summary.suggestions, "chains": summary.chains}
        else:
            found = {"suggestions": int(connection().hget(RUN_KEY, "suggestions") or 0),
                     "chains": match_run.chains}
        connection().hset(RUN_KEY, mapping=found)
        return found


# -- what the broker does and sees ---------------------------------------------------------------------

def request_full_recompute(user):
    """The broker's button: a full recompute on the queue (returns the run's id, or None while one is
    still running), or, without a queue, here and now (returns its matching.RunSummary)."""
    from . import audit

    if not enabled():
        summary = matching.recompute_all()
        audit.record(user, "matching.recomputed", None,
                     {"suggestions": summary.suggestions, "chains": summary.chains})
        db.session.commit()
        return summary
    run_id = start_full_recompute(requested_by=f"user {user.id}")
    if run_id is not None:
        audit.record(user, "matching.recompute_started", None, {"run": run_id})
        db.session.commit()
    return run_id


def retry_failed_by(user) -> int:
    """The broker's button: every failed job back on the queue (recorded in the audit log)."""
    from . import audit

    count = retry_failed()
    if count:
        audit.record(user, "matching.jobs_retried", None, {"jobs": count})
        db.session.commit()
    return count


# -- what the broker sees ----------------------------------------------------------------------------

@dataclass
class Progress:
    """The latest full recompute as the broker's page shows it."""

    run_id: str
    started_at: datetime
    parts_total: int | None          # None until the prepare job has named the parts
    parts_done: int
    parts_failed: int
    finished_at: datetime | None
    suggestions: int | None = None
    chains: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)   # (job description, last line)

    @property
    def over(self) -> bool:
        """Finished, or stuck on a failed job (which `retry_failed` puts back on the queue)."""
        return self.finished_at is not None or bool(self.errors)


def progress() -> Progress | None:
    """The latest full recompute's progress, read from the jobs themselves; None before the first."""
    conn = connection()
    run = {k.decode(): v.decode() for k, v in conn.hgetall(RUN_KEY).items()}
    if not run:
        return None
    run_id = run["id"]
    part_ids = [i for i in run.get("parts", "").split(",") if i]
    ids = [f"siru-run-{run_id}-prepare", *part_ids, run.get("finish") or f"siru-run-{run_id}-finish"]
    jobs = dict(zip(ids, Job.fetch_many(ids, connection=conn), strict=True))
    statuses = {i: (j.get_status(refresh=False) if j is not None else None) for i, j in jobs.items()}
    finish = jobs[ids[-1]]
    errors = [(job.description or job.id, _last_line(job)) for job in jobs.values()
              if job is not None and statuses[job.id] == JobStatus.FAILED]
    finished = finish is not None and statuses[finish.id] == JobStatus.FINISHED
    return Progress(
        run_id=run_id, started_at=datetime.fromisoformat(run["started_at"]),
        parts_total=len(part_ids) if "finish" in run else None,
        parts_done=sum(statuses[i] == JobStatus.FINISHED for i in part_ids),
        parts_failed=sum(statuses[i] == JobStatus.FAILED for i in part_ids),
        finished_at=(finish.ended_at.replace(tzinfo=UTC) if finished and finish.ended_at else None),
        suggestions=int(run["suggestions"]) if "suggestions" in run else None,
        chains=int(run["chains"]) if "chains" in run else None,
        errors=errors,
    )


def failed_jobs(limit: int = 20) -> list[tuple[str, str]]:
    """Jobs of the queue that failed after their retries (description, last line of the error), newest
    first: none is lost silently."""
    registry = FailedJobRegistry(queue=queue())
    ids = list(reversed(registry.get_job_ids()))[:limit]
    return [(job.description or job.id, _last_line(job))
            for job in Job.fetch_many(ids, connection=connection()) if job is not None]


def failed_count() -> int:
    return FailedJobRegistry(queue=queue()).count


def retry_failed() -> int:
    """Put every failed job back on the queue; a full recompute's finishing job follows its parts."""
    registry = FailedJobRegistry(queue=queue())
    ids = registry.get_job_ids()
    for job_id in ids:
        registry.requeue(job_id)
    return len(ids)


def _last_line(job: Job) -> str:
    result = job.latest_result()
    text = (result.exc_string if result is not None else None) or job.exc_info or ""
    # SQLAlchemy ends its errors with a "Background on this error" link: the line before says more.
    lines = [line for line in text.strip().splitlines()
             if line.strip() and not line.startswith("(Background on this error")]
    return lines[-1][:300] if lines else ""


# -- the worker ----------------------------------------------------------------------------------------

class _job_context:
    """Each job in an application context (a plain `rq worker` has none: make one) and with a session
    of its own, closed after it, whatever happened."""

    def __enter__(self):
        self._ctx = None
        if not has_app_context():
            from .. import create_app

            self._ctx = create_app().app_context()
            self._ctx.push()
        return self

    def __exit__(self, *exc):
        db.session.remove()
        if self._ctx is not None:
            self._ctx.pop()
        return False


def warm() -> int:
    """Build this process's engine from the database now, so the first job does not wait for it.

    Then the index is moved out of the cyclic garbage collector's sight (gc.freeze): at 100,000
    listings it is millions of objects, and a full collection walking them all took about a second
    of a job that otherwise needs tens of milliseconds."""
    import gc

    engine = matching.engine()
    engine.warm()
    db.session.remove()
    gc.collect()
    gc.freeze()
    return len(engine)


def work(burst: bool = False, name: str | None = None) -> None:
    """Run a matching worker in this process until stopped (or, with `burst`, until the queue is empty).

    RQ's SimpleWorker runs each job in this process, not in a forked child as RQ's default Worker
    does: the engine built at start stays in memory from one job to the next and is kept in sync."""
    if current_app.logger.level == logging.NOTSET:   # the jobs' timings and the catch-up are worth a line
        current_app.logger.setLevel(logging.INFO)
    caught_up = catch_up()
    db.session.remove()
    if caught_up:
        current_app.logger.info("enqueued %d listings whose suggestions were behind", caught_up)
    worker = SimpleWorker([queue()], connection=connection(), name=name)
    worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
