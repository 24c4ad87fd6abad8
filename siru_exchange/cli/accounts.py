"""Accounts and data commands: seed-demo, create-user, stats."""
import json

import click
from flask.cli import with_appcontext

from ..services import accounts, demo, matching, stats
from ..services.errors import ValidationFailed
from ._common import fail as _fail


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no organisations.")
@with_appcontext
def seed_demo(if_empty: bool):
    """Load demo SMEs of Jönköping county with their offers and needs."""
    if not demo.is_empty():
        if if_empty:
            click.echo("Database already has data; demo data not loaded.")
            return
        _fail({"database": "The database already has organisations; demo data loads only into an empty one."})
    try:
        result = demo.load()
    except ValidationFailed as exc:
        _fail(exc.errors)
    summary = matching.recompute_all()
    click.echo(
        f"Loaded {result['organisations']} organisations, {result['listings']} listings and "
        f"{result['exchanges']} exchanges, {result['survey_answers']} survey answers, "
        f"{result['outcomes']} outcomes of suggestions (`flask match learn` learns from them); "
        f"{summary.suggestions} suggestions and {summary.chains} circular chains computed. "
        f"Log in as {demo.DEMO_BROKER} (broker), {demo.DEMO_ADMIN} (admin), {demo.DEMO_RESEARCHER} "
        f"(researcher) or org01@demo.siru.example "
        f"(member) with the password '{demo.DEMO_PASSWORD}'."
    )


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["member", "broker", "admin", "researcher"]), default="broker",
              show_default=True)
@click.option("--organisation-id", type=int, default=None, help="Required for members.")
@click.password_option()
@with_appcontext
def create_user(email, name, role, organisation_id, password):
    """Make a broker, an admin, a researcher or a member from the shell."""
    try:
        user = accounts.create_user(email, name, password, role, organisation_id)
    except ValidationFailed as exc:
        _fail(exc.errors)
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def stats_command(as_json: bool):
    """Counts of organisations, users, listings, offers, needs and municipalities with a listing."""
    counts = stats.counts()
    if as_json:
        click.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            click.echo(f"{key}: {value}")


COMMANDS = (seed_demo, create_user, stats_command)
