"""flask impact: the region's totals from the confirmed exchanges."""

import json

import click
from flask.cli import with_appcontext

from ..services import impact


@click.command("impact")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--year", type=click.IntRange(2000, 2100), default=None, help="One calendar year (default: all years)."
)
@with_appcontext
def impact_command(as_json: bool, year: int | None):
    """The region's impact: tonnes, CO2e (low/central/high, tonnes), people reached, exchanges."""
    totals = impact.region_totals(year=year)
    if as_json:
        click.echo(json.dumps(totals, ensure_ascii=False))
        return
    for key, value in totals.items():
        if isinstance(value, dict):
            value = f"{value['central']} ({value['low']} to {value['high']})"
        click.echo(f"{key}: {value}")


COMMANDS = (impact_command,)
