"""Backups of the whole database, and restoring one.

SQLite: the sqlite3 online backup API (a consistent copy while the site runs). PostgreSQL: `pg_dump
--format=custom` and `pg_restore` (from the PostgreSQL client tools, which must be on the PATH and
no older than the server). A backup is written beside its target and renamed into place, so a failed
one never leaves a half-written file under the expected name; a restore into PostgreSQL runs in one
transaction. A restore refuses to overwrite a database that holds any row unless forced.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from ..extensions import db
from . import audit
from .errors import ServiceError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(ServiceError):
    """A backup or restore could not be made; `message` says why, for the operator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BackupResult:
    path: str
    backend: str
    size: int


def backend() -> str:
    return db.engine.dialect.name


def _sqlite_file() -> str:
    database = db.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("The database is in memory; there is nothing on disk to back up or restore.")
    return database


def _pg_command(tool: str) -> list[str]:
    """The client tool and the connection options (the password goes through the environment, not
    the command line, where other users of the machine could read it)."""
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"{tool} is not installed (apt-get install postgresql-client).")
    url = db.engine.url
    args = [path, "--no-password"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    return args


def _pg_env() -> dict:
    env = dict(os.environ)
    if db.engine.url.password:
        env["PGPASSWORD"] = db.engine.url.password
    return env


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, env=_pg_env())
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


def make_backup(path: str, actor=None, overwrite: bool = False) -> BackupResult:
    """Back the database up into `path` (a new file unless `overwrite`) and record it in the audit
    log of the live database."""
    if not path or "\x00" in path:
        raise BackupError("Give the path of a new file to write the backup to.")
    target = Path(path)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists already; choose a new name (or --overwrite).")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    if target.is_dir() or not target.name:
        raise BackupError(f"{target} is a folder; give the path of a file.")
    partial = target.with_name(f".{target.name}.partial")
    kind = backend()
    try:
        partial.unlink(missing_ok=True)
        _write_backup(kind, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:  # a folder we may not write to, a full disk
        raise BackupError(f"Could not write {target}: {exc}") from None
    finally:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
    size = target.stat().st_size
    audit.record(actor, "backup.made", ("backup", target.name), {"backend": kind, "bytes": size})
    db.session.commit()
    return BackupResult(str(target), kind, size)


def _write_backup(kind: str, partial: Path) -> None:
    """Write the whole database into `partial` with the backend's own tool."""
    if kind == "sqlite":
        _sqlite_file()
        source = db.engine.raw_connection()
        try:
            destination = sqlite3.connect(partial)
            with destination:
                source.driver_connection.backup(destination)
            destination.close()
        finally:
            source.close()
    elif kind == "postgresql":
        _run(_pg_command("pg_dump") + ["--format=custom", "--file", str(partial), db.engine.url.database])
    else:
        raise BackupError(f"No backup for the {kind} database.")


def row_counts() -> dict[str, int]:
    """Rows per table of the live database (every table there, also ones the models do not know)."""
    db.session.remove()
    names = inspect(db.engine).get_table_names()
    tables = db.metadata.tables
    counts = {}
    with db.engine.connect() as conn:
        for name in sorted(names):
            table = tables.get(name)
            if table is not None:
                counts[name] = conn.scalar(select(func.count()).select_from(table))
            else:
                counts[name] = conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar()
    return counts


def is_empty() -> bool:
    """No row in any table but Alembic's own (a freshly migrated database is empty)."""
    return not any(n for name, n in row_counts().items() if name != "alembic_version")


def _check_file(path: Path, kind: str) -> None:
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as f:
        head = f.read(16)
    expected = SQLITE_MAGIC if kind == "sqlite" else PGDUMP_MAGIC
    if not head.startswith(expected):
        made_by = {SQLITE_MAGIC: "SQLite", PGDUMP_MAGIC: "pg_dump"}.get(
            next((m for m in (SQLITE_MAGIC, PGDUMP_MAGIC) if head.startswith(m)), None)
        )
        found = f"a {made_by} backup" if made_by else "not a backup made by `flask backup`"
        raise BackupError(f"{path} is {found}; this database is {kind}.")
    if kind == "sqlite":
        _check_sqlite_backup(path)


def _check_sqlite_backup(path: Path) -> None:
    """A damaged or truncated copy behind the right header would fail half way through the restore;
    read the whole file first (integrity check) and ask for the migrations' table, so that only a
    database made by this application replaces the current one."""
    try:
        backup = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = backup.execute("PRAGMA quick_check").fetchone()
            migrated = backup.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
        finally:
            backup.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged and cannot be restored ({exc}).") from None
    if not verdict or verdict[0] != "ok":
        raise BackupError(f"{path} is damaged and cannot be restored ({verdict[0] if verdict else 'empty'}).")
    if migrated is None:
        raise BackupError(f"{path} is an SQLite database, but not a backup made by `flask backup`.")


def restore_backup(path: str, force: bool = False, actor=None) -> dict[str, int]:
    """Replace the database's content by the backup in `path`; refuses a database that holds any row
    unless `force`. Returns the row counts after the restore (the restore is recorded in the audit log
    of the restored database)."""
    source = Path(path)
    kind = backend()
    _check_file(source, kind)
    if not force and not is_empty():
        raise BackupError("The database is not empty; restoring would overwrite it. Add --force to do so.")
    db.session.remove()
    if kind == "sqlite":
        _sqlite_file()
        db.engine.dispose()
        target = db.engine.raw_connection()
        try:
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup.backup(target.driver_connection)
            backup.close()
        finally:
            target.close()
    elif kind == "postgresql":
        db.engine.dispose()
        _run(_pg_command("pg_restore") + [
            "--clean", "--if-exists", "--no-owner", "--single-transaction",
            "--dbname", db.engine.url.database, str(source),
        ])
    else:
        raise BackupError(f"No restore for the {kind} database.")
    db.engine.dispose()
    counts = row_counts()
    if "audit_events" in counts:  # a backup from before the audit log has none until `db upgrade`
        audit.record(actor, "backup.restored", ("backup", source.name), {"backend": kind})
        db.session.commit()
        counts["audit_events"] += 1
    return counts


def database_label() -> str:
    """The database named for the operator, without its password."""
    return make_url(str(db.engine.url)).render_as_string(hide_password=True)
