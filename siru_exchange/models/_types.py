"""Column helpers shared by the models."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC; pass this callable as a column default (never its result)."""
    return datetime.now(UTC)


def timestamp(**kw):
    """A UTC timestamp column; PostgreSQL keeps the zone (timestamptz)."""
    from sqlalchemy import DateTime
    from sqlalchemy.orm import mapped_column

    kw.setdefault("default", utcnow)
    return mapped_column(DateTime(timezone=True), **kw)
