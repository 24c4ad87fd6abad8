"""flask taxonomy export: the shipped taxonomy with the knowledge admins accepted merged in, in the
format of ``siru_exchange/data/taxonomy.json`` (so it can be committed back)."""
import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..services import knowledge
from ._common import fail


@click.group("taxonomy")
def taxonomy_group():
    """The matching knowledge: the taxonomy with what brokers taught and admins accepted."""


def _dump(data: dict, indent: int = 2) -> str:
    """The shipped files' layout (taxonomy.json indents by 2, uses.json by 1), so a diff shows only
    the knowledge added."""
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


@taxonomy_group.command("export")
@click.argument("path", required=False, default="taxonomy.json",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--uses", "uses_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write uses.json (the accepted links of classes to uses) to this file.")
@with_appcontext
def export_command(path: Path, uses_path: Path | None):
    """Write taxonomy.json with the accepted knowledge to PATH (default ./taxonomy.json)."""
    for name, target in (("path", path), ("uses", uses_path)):
        if target is not None and not target.parent.is_dir():
            fail({name: f"no such folder: {target.parent}"})
    data, uses = knowledge.export_data()
    path.write_text(_dump(data), encoding="utf-8")
    items = knowledge.accepted()
    to_uses = sum(1 for item in items if (item["target"] or "").startswith("use:"))
    click.echo(f"wrote {path}: knowledge version {knowledge.version()}, {len(items)} accepted items")
    if uses_path is not None and uses is not None:
        uses_path.write_text(_dump(uses, indent=1), encoding="utf-8")
        click.echo(f"wrote {uses_path}")
    elif to_uses:
        click.echo(f"{to_uses} accepted links to uses are in uses.json only: add --uses PATH")


COMMANDS = (taxonomy_group,)
