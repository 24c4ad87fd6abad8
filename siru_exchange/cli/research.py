"""flask research export: the anonymised survey export from the shell (logged with no actor)."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..services import research, spreadsheets
from ._common import fail


@click.group("research")
def research_group():
    """The research side: anonymised exports of the survey answers."""


@research_group.command("export")
@click.option("--format", "fmt", required=True, help="csv or xlsx.")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_command(fmt: str, path: Path):
    """Write the anonymised export (k >= 3, free text scrubbed) to PATH as CSV or XLSX."""
    fmt = (fmt or "").lower()
    if fmt not in spreadsheets.FORMATS:
        fail({"format": "must be csv or xlsx"})
    if path.suffix.lower() != f".{fmt}":
        fail({"path": f"must end in .{fmt}"})
    if not path.parent.is_dir():
        fail({"path": f"no such folder: {path.parent}"})
    if path.exists():
        fail({"path": "exists already; choose a new file name"})
    data, _name, summary = research.export(fmt, actor=None)
    path.write_bytes(data)
    click.echo(f"wrote {path}: {summary['rows']} rows (k={summary['k']}), "
               f"{summary['generalised']} generalised, {summary['suppressed']} suppressed")


COMMANDS = (research_group,)
