"""Notification commands: `flask notify digest` sends the weekly digest of new strong suggestions."""

import click
from flask.cli import AppGroup

from ..services import notifications
from ._common import fail as _fail

notify = AppGroup("notify", help="Notifications by email.")


@notify.command("digest")
@click.option(
    "--days",
    type=int,
    default=notifications.DIGEST_DAYS,
    show_default=True,
    help="Look back this many days (at most; never before the user's previous digest).",
)
@click.option(
    "--min-score",
    type=float,
    default=notifications.DIGEST_MIN_SCORE,
    show_default=True,
    help="Only suggestions at least this strong (0-1).",
)
def digest(days: int, min_score: float):
    """Email each user who wants it the new strong suggestions (run it weekly, e.g. from cron)."""
    errors = {}
    if days < 1 or days > 366:
        errors["days"] = "Give a number of days between 1 and 366."
    if not 0 <= min_score <= 1:
        errors["min-score"] = "Give a score between 0 and 1."
    if errors:
        _fail(errors)
    summary = notifications.send_digest(days=days, min_score=min_score)
    click.echo(
        f"Digest sent to {summary.sent} users; {summary.opted_out} opted out; "
        f"{summary.nothing_new} had nothing new."
    )


COMMANDS = (notify,)
