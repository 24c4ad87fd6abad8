"""The audit log: who did what to which record, and when. Rows are only ever added.

The service never updates or deletes a row (a before-flush guard refuses it in the ORM); on
PostgreSQL a trigger refuses UPDATE always and DELETE of any row younger than
`AUDIT_DELETE_FLOOR_DAYS`, so that only the retention purge of old rows can remove any.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import timestamp

# The database refuses to delete audit rows younger than this (see the migration i15aud01); the
# configured retention (AUDIT_RETENTION_DAYS) may be longer, never shorter.
AUDIT_DELETE_FLOOR_DAYS = 365


class AuditEvent(db.Model):
    """One recorded action. `actor_id` is a plain number, not a foreign key: the row outlives the
    account (a deleted user is shown as "deleted account") and deleting a user never has to touch it."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_created_at", "created_at"),
        Index("ix_audit_events_action_created_at", "action", "created_at"),
        Index("ix_audit_events_actor_created_at", "actor_id", "created_at"),
        # Read by tests/conftest.py: on PostgreSQL the table is emptied with TRUNCATE (the trigger
        # refuses DELETE of recent rows).
        {"info": {"append_only": True}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = timestamp()
    # None: the command line or the scheduled jobs (no person signed in).
    actor_id: Mapped[int | None] = mapped_column(nullable=True)
    actor_role: Mapped[str] = mapped_column(String(16), default="")
    action: Mapped[str] = mapped_column(String(48))
    target_type: Mapped[str] = mapped_column(String(32), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.target_type}:{self.target_id}>"
