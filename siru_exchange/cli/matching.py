"""Matching commands: `match run` recomputes the region; `match learn` learns a re-ranker from outcomes;
`match-file` matches a workshop spreadsheet."""
import json

import click
from flask import current_app
from flask.cli import with_appcontext

from ..services import jobs, learning, listing_files, matching
from ._common import fail as _fail


@click.group("match")
def match_group():
    """Partner suggestions."""


@match_group.command("run")
@click.option("--queue", "on_queue", is_flag=True,
              help="Split it into jobs on the queue (SIRU_REDIS_URL) for the workers, and return.")
@click.option("--resume", is_flag=True,
              help="Continue the last interrupted run: its finished parts and committed batches are kept.")
@click.option("--batch", "batch_size", type=click.IntRange(1, 1_000_000), default=matching.BATCH_LISTINGS,
              show_default=True, help="Listings per committed batch.")
@with_appcontext
def run(on_queue, resume, batch_size):
    """Recompute every suggestion and the region's circular chains, part by part (one per resource
    group), committing as it goes: an interrupted run keeps what it did and `--resume` finishes it.
    With `--queue` the parts are jobs for the `flask worker` processes."""
    if on_queue:
        if not jobs.enabled():
            _fail({"queue": "Set SIRU_REDIS_URL to use the job queue."})
        run_id = jobs.start_full_recompute(requested_by="flask match run --queue")
        if run_id is None:
            _fail({"queue": "A full recompute is still running: see the broker's matching page."})
        click.echo(f"Full recompute {run_id} enqueued; `flask worker` processes take its parts. "
                   "Progress: the broker's matching page.")
        return
    with click.progressbar(length=1, label="Matching", show_pos=True) as bar:
        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        summary = matching.recompute_all(progress=progress, resume=resume, batch_size=batch_size)
    for step in summary.steps:   # where the time went: wall and this process's CPU seconds
        click.echo(f"  {step.name}: {step.wall:.1f} s wall, {step.cpu:.1f} s CPU")
    resumed = f" (resumed run {summary.run_id}: {summary.parts_resumed} parts done before)" if resume else ""
    click.echo(f"{summary.listings} active listings, {summary.suggestions} suggestions, "
               f"{summary.chains} circular chains, in {summary.seconds:.1f} s{resumed}.")


@match_group.command("learn")
@click.option("--dry-run", is_flag=True, help="Evaluate without storing the model.")
@with_appcontext
def learn(dry_run):
    """Learn a re-ranker from outcomes (interested, not relevant, introductions, realised exchanges),
    evaluate it against the hand weights on a time split and on the evaluation sets, print that
    evaluation as one JSON object, and store it (in use only when it beats the hand weights)."""
    click.echo(json.dumps(learning.learn(dry_run=dry_run), ensure_ascii=False, sort_keys=True))


@click.command("match-file")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--top", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Best partners kept per listing.")
@with_appcontext
def match_file(path, top):
    """Match the listings in a CSV or JSON file and print one JSON object (pairs, assignment, cycles)."""
    try:
        listings = listing_files.read_listing_file(path)
    except listing_files.ListingFileError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    click.echo(json.dumps(listing_files.match_report(listings, top=top), ensure_ascii=False))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--name", default=None, help="The worker's name (default: host and process id).")
@with_appcontext
def worker(burst, name):
    """A matching worker: builds the engine once, then computes suggestions for the queue's jobs."""
    if not jobs.enabled():
        _fail({"SIRU_REDIS_URL": "Set it to the Redis of the job queue (redis://host:6379/0)."})
    held = jobs.warm()
    click.echo(f"Engine ready with {held} active listings; waiting for jobs on the queue "
               f"'{current_app.config['MATCHING_QUEUE']}'.")
    jobs.work(burst=burst, name=name)


COMMANDS = (match_group, match_file, worker)
