"""Survey commands: `flask survey remind` reminds the organisations that have not answered this year."""

import click
from flask.cli import AppGroup

from ..services import survey
from ._common import fail as _fail

survey_cli = AppGroup("survey", help="The yearly survey.")


@survey_cli.command("remind")
@click.option("--year", type=int, default=None, help="The survey year (this year by default).")
def remind(year: int | None):
    """Remind by notification and email the members of every organisation that has not submitted the
    year's survey; a member reminded once this year is not reminded again (safe to run from cron)."""
    if year is not None and year != survey.this_year():
        _fail({"year": f"Only this year's survey ({survey.this_year()}) can be answered, "
                       "so only it is reminded."})
    result = survey.remind(year)
    click.echo(f"{result.organisations} organisations have not answered; reminded {result.sent} members now, "
               f"{result.already} were reminded earlier this year.")


COMMANDS = (survey_cli,)
