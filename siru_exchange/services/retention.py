"""The retention purge (`flask purge`, run daily): what is kept no longer than it is needed.

- Accounts of members and researchers not signed in for `RETENTION_INACTIVE_ACCOUNT_DAYS` (from the
  last login, or from the account's creation when it never signed in) are deleted as if they had
  deleted themselves; the last member's organisation is removed with them. Brokers and admins are
  never purged by age (an agency removes its staff by hand), so the site always keeps its admins.
- Accounts whose email address was never confirmed, `RETENTION_UNVERIFIED_ACCOUNT_DAYS` after they
  were made, once the accounts part records confirmation (`User.email_verified_at`).
- Closed listings not changed for `RETENTION_CLOSED_LISTING_DAYS`, with their suggestions; a listing
  an open introduction is about stays until the introduction ends.
- Audit rows older than `AUDIT_RETENTION_DAYS` (at least a year; the database refuses less).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select

from ..extensions import db
from ..models import AuditEvent, Introduction, IntroductionParty, Listing, User
from ..models.introduction import OPEN_STATUSES
from . import audit, privacy
from .bulk import bulk

PURGED_ROLES = ("member", "researcher")


@dataclass
class PurgeSummary:
    inactive_accounts: int = 0
    unverified_accounts: int = 0
    organisations_removed: int = 0
    closed_listings: int = 0
    audit_rows: int = 0


def _days(name: str) -> int:
    value = int(current_app.config[name])
    if value < 1:
        raise ValueError(f"{name} must be at least 1 day")
    return value


def inactive_accounts(now: datetime) -> list[User]:
    cutoff = now - timedelta(days=_days("RETENTION_INACTIVE_ACCOUNT_DAYS"))
    last_seen = func.coalesce(User.last_login_at, User.created_at)
    return list(db.session.scalars(
        select(User).where(User.role.in_(PURGED_ROLES), last_seen < cutoff).order_by(User.id)))


def unverified_accounts(now: datetime) -> list[User]:
    verified_at = getattr(User, "email_verified_at", None)
    if verified_at is None:  # email confirmation is not recorded yet: nothing to purge by it
        return []
    cutoff = now - timedelta(days=_days("RETENTION_UNVERIFIED_ACCOUNT_DAYS"))
    return list(db.session.scalars(
        select(User).where(User.role.in_(PURGED_ROLES), verified_at.is_(None), User.created_at < cutoff)
        .order_by(User.id)))


def stale_listings(now: datetime) -> list[int]:
    cutoff = now - timedelta(days=_days("RETENTION_CLOSED_LISTING_DAYS"))
    in_open = or_(
        Listing.id.in_(select(Introduction.listing_id).where(
            Introduction.status.in_(OPEN_STATUSES), Introduction.listing_id.is_not(None))),
        Listing.id.in_(select(IntroductionParty.listing_id).join(Introduction).where(
            Introduction.status.in_(OPEN_STATUSES), IntroductionParty.listing_id.is_not(None))),
    )
    return list(db.session.scalars(
        select(Listing.id).where(and_(Listing.status == "closed", Listing.updated_at < cutoff, ~in_open))))


def purge(now: datetime | None = None, dry_run: bool = False) -> PurgeSummary:
    """Delete what is past its retention period; with `dry_run`, count it and change nothing. Each
    account is deleted in its own transaction, the listings and the audit rows in one more."""
    now = now or datetime.now(UTC)
    summary = PurgeSummary()
    for reason, users in (("inactive", inactive_accounts(now)), ("unverified", unverified_accounts(now))):
        for user in users:
            if reason == "unverified":
                summary.unverified_accounts += 1
            else:
                summary.inactive_accounts += 1
            if dry_run:
                summary.organisations_removed += privacy.is_last_member(user)
            else:
                summary.organisations_removed += privacy.erase_user(user, None, reason).organisation_removed
    listing_ids = stale_listings(now)
    summary.closed_listings = len(listing_ids)
    audit_days = int(current_app.config["AUDIT_RETENTION_DAYS"])
    if dry_run:
        cutoff = now - timedelta(days=audit_days)
        old_rows = select(func.count(AuditEvent.id)).where(AuditEvent.created_at < cutoff)
        summary.audit_rows = db.session.scalar(old_rows) or 0
        db.session.rollback()
        return summary
    _delete_listings(listing_ids)
    summary.audit_rows = audit.purge_older_than(audit_days, now)
    audit.record(None, "purge.run", None, asdict(summary))
    db.session.commit()
    return summary


def _delete_listings(ids: list[int]) -> None:
    """Their suggestions go with them; ended introductions keep their history without the listing."""
    if not ids:
        return
    privacy.detach_references(Listing.__table__.c.id, ids)
    bulk(delete(Listing).where(Listing.id.in_(ids)))
