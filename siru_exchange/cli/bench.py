"""Benchmark commands: `seed-bench` adds a generated national dataset (services/seed_bench.py)."""
import click
from flask.cli import with_appcontext

from ..services import seed_bench
from ..services.errors import ValidationFailed
from ._common import fail as _fail


@click.command("seed-bench")
@click.option("--organisations", type=int, required=True, help="How many organisations to add.")
@click.option("--listings", type=int, required=True, help="How many listings to add.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same data).")
@with_appcontext
def seed_bench_command(organisations, listings, seed):
    """Add a generated dataset (organisations across Sweden, members, listings, suggestions, chains,
    introductions) on top of what the database holds, in bulk. For benchmarks: see docs/performance.md."""
    errors = seed_bench.validate_arguments(organisations, listings, seed)
    if errors:
        _fail(errors)
    try:
        summary = seed_bench.seed(organisations, listings, seed=seed, progress=click.echo)
    except ValidationFailed as exc:
        _fail(exc.errors)
    click.echo(
        f"Added {summary.organisations} organisations, {summary.users} members, {summary.listings} listings, "
        f"{summary.suggestions} suggestions, {summary.chains} chains and {summary.introductions} "
        f"introductions in {summary.seconds:.1f} s."
    )


COMMANDS = (seed_bench_command,)
