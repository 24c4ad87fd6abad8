"""Matching commands: `match run` recomputes the region; `match-file` matches a workshop spreadsheet."""
import json

import click
from flask.cli import with_appcontext

from ..services import listing_files, matching


@click.group("match")
def match_group():
    """Partner suggestions."""


@match_group.command("run")
@with_appcontext
def run():
    """Recompute every suggestion and the region's circular chains."""
    with click.progressbar(length=1, label="Matching", show_pos=True) as bar:
        def progress(done, total):
            bar.length = total
            bar.update(done - bar.pos)

        summary = matching.recompute_all(progress=progress)
    click.echo(f"{summary.listings} active listings, {summary.suggestions} suggestions, "
               f"{summary.chains} circular chains, in {summary.seconds:.1f} s.")


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


COMMANDS = (match_group, match_file)
