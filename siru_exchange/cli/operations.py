"""Operations commands: backup, restore, purge (retention) and set-role; each is recorded in the audit
log. Meant for a schedule: see docs/operations.md."""

import json

import click
from flask.cli import with_appcontext

from ..services import accounts, backup, retention
from ..services.errors import ValidationFailed
from ._common import fail as _fail


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup_command(path, overwrite):
    """Back the whole database up into PATH (SQLite: online backup; PostgreSQL: pg_dump -Fc)."""
    try:
        result = backup.make_backup(path, overwrite=overwrite)
    except backup.BackupError as exc:
        _fail({"backup": exc.message})
    click.echo(
        f"Backed up {backup.database_label()} ({result.backend}) to {result.path}: {result.size} bytes."
    )


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite a database that is not empty.")
@with_appcontext
def restore_command(path, force):
    """Restore the backup in PATH into the configured database (refused when it holds data, unless
    --force). Run `flask db upgrade` afterwards when the backup is from an older release."""
    try:
        counts = backup.restore_backup(path, force=force)
    except backup.BackupError as exc:
        _fail({"restore": exc.message})
    rows = sum(n for name, n in counts.items() if name != "alembic_version")
    click.echo(f"Restored {path} into {backup.database_label()}: {len(counts)} tables, {rows} rows.")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def purge_command(dry_run, as_json):
    """Delete what is past its retention period (stale accounts, old closed listings, old audit rows).
    Run it daily; the periods are in the configuration (SIRU_RETENTION_*)."""
    summary = retention.purge(dry_run=dry_run)
    if as_json:
        click.echo(json.dumps({"dry_run": dry_run, **summary.__dict__}))
        return
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(
        f"{verb} {summary.inactive_accounts} inactive and {summary.unverified_accounts} unconfirmed accounts "
        f"({summary.organisations_removed} organisations removed with their last member), "
        f"{summary.closed_listings} old closed listings and {summary.audit_rows} old audit rows."
    )


@click.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["member", "broker", "admin", "researcher"]))
@with_appcontext
def set_role_command(email, role):
    """Give the account with EMAIL another role (recorded in the audit log)."""
    user = accounts.find_user(email)
    if user is None:
        _fail({"email": "No account with that email address."})
    previous = user.role
    try:
        accounts.set_role(user, role)
    except ValidationFailed as exc:
        _fail(exc.errors)
    click.echo(f"{user.email}: {previous} -> {user.role}.")


COMMANDS = (backup_command, restore_command, purge_command, set_role_command)
