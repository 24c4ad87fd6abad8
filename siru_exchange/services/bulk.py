"""Bulk statements: UPDATE and DELETE for the retention and deletion services, and a bulk upsert
(one INSERT ... ON CONFLICT DO UPDATE executed for many rows) for a full recompute."""

from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db

UPSERT_CHUNK = 5_000  # rows per executemany, so that one statement's parameters stay small
IN_CHUNK = 10_000     # ids per IN (...): PostgreSQL takes at most 65,535 parameters a statement


def in_chunks(column, ids, size: int | None = None):
    """``column IN (...)`` conditions, one per chunk of ``ids`` in ascending order, for a statement run
    once per chunk: at national size a set of ids (the listings 108,000 outcomes name) passes the
    65,535 parameters a PostgreSQL statement can carry. Rows ordered by ``column`` come out in order."""
    ordered, size = sorted(ids), size or IN_CHUNK
    for start in range(0, len(ordered), size):
        yield column.in_(ordered[start:start + size])


def bulk(statement):
    """Run a bulk UPDATE or DELETE in the database only. SQLAlchemy would otherwise re-evaluate the
    WHERE clause in Python against the objects in the session, which fails on SQLite's timezone-naive
    datetimes; the callers commit right after, which expires every object anyway."""
    return db.session.execute(statement, execution_options={"synchronize_session": False})


def upsert(table, rows: list[dict], keys: list[str], update: list[str]) -> int:
    """Insert ``rows`` (dicts with the same columns) into ``table``; a row whose ``keys`` exist
    already updates only the ``update`` columns (the others, such as a user's state, stay). Core
    executemany, on PostgreSQL and SQLite alike; the caller commits. Rows must be unique by ``keys``
    (PostgreSQL refuses to update one row twice in a statement)."""
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})
    for start in range(0, len(rows), UPSERT_CHUNK):
        db.session.execute(stmt, rows[start:start + UPSERT_CHUNK])
    return len(rows)
