"""Bulk UPDATE and DELETE statements for the retention and deletion services."""

from ..extensions import db


def bulk(statement):
    """Run a bulk UPDATE or DELETE in the database only. SQLAlchemy would otherwise re-evaluate the
    WHERE clause in Python against the objects in the session, which fails on SQLite's timezone-naive
    datetimes; the callers commit right after, which expires every object anyway."""
    return db.session.execute(statement, execution_options={"synchronize_session": False})
