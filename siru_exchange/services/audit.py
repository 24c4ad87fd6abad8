"""The audit log of broker and admin actions (and the data exports, deletions, purges and backups).

Other services call one function::

    from . import audit
    audit.record(actor, "introduction.proposed", introduction, {"parties": [3, 7]})

- `actor`: the `User` who acted, or None for the command line and the scheduled jobs.
- `action`: a dotted name, `<thing>.<what happened>` in lower case (`organisation.approved`); a
  label for the admin page goes in `ACTION_LABELS` (an action without one is shown by its name).
- `target`: the record acted on (a model instance: its table and id are kept, a listing by its
  public id), a `(type, id)` pair, or None.
- `detail`: a small JSON-able dict of facts an admin needs to read the row later. Never a
  password, a token or the text of a note or message (the audit log is not a copy of the data).

`record()` adds the row to the current database session and does not commit: the caller's own
commit writes the action and its audit row together, and a rollback drops both. Rows are never
changed or deleted by the application (a before-flush guard refuses it); only `purge_older_than`
removes rows past the retention period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import AuditEvent, User
from ..models.audit import AUDIT_DELETE_FLOOR_DAYS
from .bulk import bulk

_ACTION = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
PER_PAGE = 50

ACTION_LABELS = {
    "introduction.proposed": _l("Introduction made"),
    "introduction.passed_on": _l("Request passed on"),
    "broker_note.added": _l("Broker note written"),
    "user.created": _l("Account created"),
    "user.invited": _l("Colleague invited"),
    "organisation.approved": _l("Organisation approved"),
    "organisation.refused": _l("Organisation refused"),
    "claim.granted": _l("Claim granted"),
    "claim.refused": _l("Claim refused"),
    "user.role_changed": _l("Role changed"),
    "data.exported": _l("Personal data downloaded"),
    "account.deleted": _l("Account deleted"),
    "organisation.removed": _l("Organisation removed"),
    "purge.run": _l("Retention purge"),
    "backup.made": _l("Backup made"),
    "backup.restored": _l("Backup restored"),
    "export.listings": _l("Listings exported"),
    "export.introductions": _l("Introductions exported"),
    "export.exchanges": _l("Exchanges exported"),
    "listings.imported": _l("Listings imported"),
    "research.exported": _l("Anonymised research export"),
    "matching.recomputed": _l("Suggestions recomputed"),
    "matching.recompute_started": _l("Full recompute started"),
    "matching.jobs_retried": _l("Failed matching jobs retried"),
    "knowledge.proposed": _l("Matching knowledge proposed"),
    "knowledge.accepted": _l("Matching knowledge accepted"),
    "knowledge.rejected": _l("Matching knowledge rejected"),
}


# How the admin page names a row's record and the keys of its details (a key without a label is shown
# as it is stored).
TARGET_LABELS = {
    "introductions": _l("Introduction"),
    "users": _l("Account"),
    "organisations": _l("Organisation"),
    "listings": _l("Listing"),
    "backup": _l("Backup file"),
    "listing_imports": _l("Listing import"),
    "knowledge_proposals": _l("Knowledge proposal"),
}
DETAIL_LABELS = {
    "suggestion_id": _l("Suggestion"),
    "chain_id": _l("Circular chain"),
    "organisations": _l("Organisations"),
    "organisation_id": _l("Organisation"),
    "listing_id": _l("Listing"),
    "note_id": _l("Note"),
    "length": _l("Characters"),
    "role": _l("Role"),
    "from": _l("From"),
    "to": _l("To"),
    "backend": _l("Database"),
    "bytes": _l("Bytes"),
    "reason": _l("Reason"),
    "organisation_removed": _l("Organisation removed"),
    "listings_closed": _l("Listings closed"),
    "introductions_ended": _l("Introductions ended"),
    "inactive_accounts": _l("Inactive accounts"),
    "unverified_accounts": _l("Unconfirmed accounts"),
    "organisations_removed": _l("Organisations removed"),
    "closed_listings": _l("Old closed listings deleted"),
    "audit_rows": _l("Old audit rows deleted"),
    "format": _l("Format"),
    "rows": _l("Rows"),
    "skipped": _l("Rows skipped"),
    "invalid": _l("Rows with problems"),
    "file": _l("File (fingerprint)"),
    "what": _l("What"),
    "suppressed": _l("Suppressed"),
    "kind": _l("Kind"),
    "class": _l("Resource class"),
    "target": _l("Can serve as"),
    "language": _l("Language"),
    "phrase": _l("Word or phrase"),
    "introduction_id": _l("Introduction"),
    "knowledge_version": _l("Knowledge version"),
}


def _target_of(target) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        kind, ident = target
        return str(kind)[:32], str(ident)[:64]
    table = getattr(target, "__tablename__", type(target).__name__.lower())
    ident = getattr(target, "public_id", None) or getattr(target, "id", "")
    return table[:32], str(ident)[:64]


def record(actor, action: str, target=None, detail: dict | None = None) -> AuditEvent:
    """Add one audit row to the current session (written by the caller's commit). See the module
    docstring for the arguments. Raises ValueError on a malformed action name."""
    if not _ACTION.match(action or "") or len(action) > 48:
        raise ValueError(f"audit action must look like 'thing.happened', not {action!r}")
    target_type, target_id = _target_of(target)
    signed_in = actor is not None and getattr(actor, "is_authenticated", True)
    row = AuditEvent(
        created_at=datetime.now(UTC),
        actor_id=getattr(actor, "id", None) if signed_in else None,
        actor_role=(getattr(actor, "role", "") or "") if signed_in else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=dict(detail or {}),
    )
    db.session.add(row)
    return row


@event.listens_for(Session, "before_flush")
def _refuse_changes(session, _flush_context, _instances) -> None:
    """The application adds audit rows; it never edits or deletes one through the ORM."""
    for obj in session.deleted:
        if isinstance(obj, AuditEvent):
            raise RuntimeError("audit_events is append-only: DELETE refused")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj):
            raise RuntimeError("audit_events is append-only: UPDATE refused")


def purge_older_than(days: int, now: datetime | None = None) -> int:
    """Delete audit rows older than `days` (at least the database's floor); the caller commits."""
    if days < AUDIT_DELETE_FLOOR_DAYS:
        raise ValueError(f"the audit log is kept at least {AUDIT_DELETE_FLOOR_DAYS} days")
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    result = bulk(delete(AuditEvent).where(AuditEvent.created_at < cutoff))
    return result.rowcount or 0


# -- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    """What the admin page filters by; None means any. `actor` is a user id, or 0 for the command
    line; dates are whole days in UTC, both ends included."""

    actor: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def search(filters: AuditFilters, page: int = 1, per_page: int = PER_PAGE):
    """The newest rows first, filtered, one page (a Flask-SQLAlchemy Pagination)."""
    stmt = select(AuditEvent)
    if filters.actor == 0:
        stmt = stmt.where(AuditEvent.actor_id.is_(None))
    elif filters.actor is not None:
        stmt = stmt.where(AuditEvent.actor_id == filters.actor)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.date_from:
        stmt = stmt.where(AuditEvent.created_at >= datetime.combine(filters.date_from, time.min, UTC))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, UTC)
        stmt = stmt.where(AuditEvent.created_at < end)
    stmt = stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def actors() -> list[tuple[int, str]]:
    """(user id, email) of every person who appears in the log, for the filter; an account deleted
    since is listed by its number."""
    ids = [i for i in db.session.scalars(select(AuditEvent.actor_id).distinct()) if i is not None]
    found = db.session.execute(select(User.id, User.email).where(User.id.in_(ids))) if ids else []
    emails = {user_id: email for user_id, email in found}
    return sorted(((i, emails.get(i, f"#{i}")) for i in ids), key=lambda pair: pair[1])


def actions() -> list[str]:
    """Every action in the log, and every labelled one, sorted."""
    found = set(db.session.scalars(select(AuditEvent.action).distinct()))
    return sorted(found | set(ACTION_LABELS))


def actor_names(rows) -> dict[int, User]:
    """The users behind a page of rows, in one query (a deleted account is missing)."""
    ids = {r.actor_id for r in rows if r.actor_id is not None}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id))) or 0
