"""Privacy rights: a user downloads everything kept about them and their organisation, and deletes
their account; the organisation of the last member to leave is removed.

Removing an organisation keeps a row for it, emptied of everything that names it (name, number,
contact details, description, position), so that the other parties' introductions keep their shape
and their own messages. Its listings close, its open introductions end (the other parties are
told), and the text of its messages and notes to the other parties is removed: a message is the
likeliest place for names, phone numbers and signatures that no rule can find and scrub, and the
other parties received each message by notification when it was sent. Its municipality, sector and
size stay, read only in counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from .. import policy
from ..extensions import db
from ..models import (
    Chain,
    Introduction,
    IntroductionEvent,
    IntroductionParty,
    Listing,
    Message,
    Notification,
    NotificationPreference,
    Organisation,
    Suggestion,
    User,
)
from ..models.introduction import OPEN_STATUSES
from . import audit, notifications, survey
from .bulk import bulk
from .errors import ValidationFailed
from .passwords import verify_password

EXPORT_FORMAT = 1


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _row(obj, fields: tuple[str, ...]) -> dict:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = str(value) if value.__class__.__name__ == "Decimal" else _iso(value)
    return out


_ACCOUNT = ("id", "email", "name", "language", "role", "created_at", "last_login_at")
_ORGANISATION = ("id", "name", "org_number", "municipality", "sector", "size", "description",
                 "contact_name", "contact_email", "contact_phone", "show_contact", "lat", "lon", "created_at")
_LISTING = ("public_id", "kind", "title", "description", "resource_class", "inferred_class", "quantity",
            "unit", "frequency", "available_from", "available_to", "terms", "price", "visibility", "status",
            "created_at", "updated_at")


# -- the download --------------------------------------------------------------------------------


def export_data(user: User) -> dict:
    """Everything kept about `user` and their organisation, as JSON-able data: the account, the
    organisation with its members and listings, its side of each suggestion, the introductions it is
    a party to (as this user sees them: an anonymous party stays anonymous) with their messages, and
    the user's notifications and choices. Recorded in the audit log (committed here)."""
    org = user.organisation
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": datetime.now(UTC).isoformat(),
        "account": _row(user, _ACCOUNT),
        "organisation": None,
        "listings": [],
        "suggestions": [],
        "introductions": [],
        "survey_answers": [],
        "notifications": [_notification(n) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))],
        "notification_preferences": _preferences(user),
    }
    if org is not None:
        data["organisation"] = {**_row(org, _ORGANISATION),
                                "members": [{"name": m.name, "email": m.email, "role": m.role}
                                            for m in sorted(org.members, key=lambda m: m.id)]}
        listings = list(db.session.scalars(
            select(Listing).where(Listing.organisation_id == org.id).order_by(Listing.id)))
        data["listings"] = [_row(lst, _LISTING) for lst in listings]
        data["suggestions"] = _suggestions(org.id, [lst.id for lst in listings])
        data["introductions"] = _introductions(user, org.id)
        data["survey_answers"] = survey.export_rows(org.id)
    audit.record(user, "data.exported", user, {"organisation_id": org.id if org else None})
    db.session.commit()
    return data


def _notification(n: Notification) -> dict:
    return {"kind": n.kind, "event": n.event, "introduction_id": n.introduction_id,
            "text": notifications.text(n.kind, n.event, n.introduction_id),
            "created_at": _iso(n.created_at), "read_at": _iso(n.read_at)}


def _preferences(user: User) -> dict | None:
    pref = db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    if pref is None:
        return None
    fields = [c.name for c in NotificationPreference.__table__.columns if c.name not in ("id", "user_id")]
    return {name: _iso(getattr(pref, name)) for name in fields}


def _suggestions(org_id: int, listing_ids: list[int]) -> list[dict]:
    """This organisation's side of each suggestion: its listing, the other listing's public id, the
    score and its own state (the other side's state is the other organisation's)."""
    if not listing_ids:
        return []
    rows = db.session.scalars(
        select(Suggestion)
        .where(or_(Suggestion.offer_id.in_(listing_ids), Suggestion.need_id.in_(listing_ids)))
        .order_by(Suggestion.id)
    )
    out = []
    for s in rows:
        own, other = s.listings_for(org_id)
        out.append({"own_listing": own.public_id, "other_listing": other.public_id,
                    "score": round(s.score, 3), "state": s.state_for(org_id), "current": s.current,
                    "computed_at": _iso(s.computed_at)})
    return out


def _introductions(user: User, org_id: int) -> list[dict]:
    from . import messaging

    ids = select(IntroductionParty.introduction_id).where(IntroductionParty.organisation_id == org_id)
    out = []
    stmt = select(Introduction).where(Introduction.id.in_(ids)).order_by(Introduction.id)
    for intro in db.session.scalars(stmt):
        if not policy.can(user, "view", intro):
            continue
        parties = [{
            "organisation": _party_label(user, p),
            "own": p.organisation_id == org_id,
            "consent": p.consent,
            "listing": p.listing.public_id if p.listing is not None else None,
        } for p in intro.parties]
        thread = messaging.thread(user, intro) or []
        out.append({
            "id": intro.id, "kind": intro.kind, "status": intro.status, "created_at": _iso(intro.created_at),
            "parties": parties,
            "events": [{"action": e.action, "status": e.status, "note": e.note,
                        "created_at": _iso(e.created_at), "by_own_organisation": e.organisation_id == org_id}
                       for e in intro.events],
            "messages": [_message(m, org_id) for m in thread],
        })
    return out


def _message(m: Message, org_id: int) -> dict:
    """A message of the thread; the author's name only for the organisation's own (the other parties'
    members are theirs to export)."""
    own = m.organisation_id == org_id
    return {"by_own_organisation": own, "author": m.author.name if own and m.author is not None else None,
            "body": m.body, "created_at": _iso(m.created_at)}


def _party_label(user: User, party: IntroductionParty) -> str | None:
    if party.organisation.is_deleted or not policy.can(user, "see_party", party):
        return None
    return party.organisation.name


# -- deleting an account -------------------------------------------------------------------------


@dataclass(frozen=True)
class Deletion:
    user_id: int
    organisation_removed: bool


def delete_account(user: User, password: str) -> Deletion:
    """The user deletes their own account, confirming with their password. When they are the last
    member of their organisation, the organisation is removed too (see the module docstring)."""
    if not verify_password(user.password_hash, password or ""):
        raise ValidationFailed({"password": _("The password is not right. Nothing was deleted.")})
    return erase_user(user, actor=user, reason="request")


def is_last_member(user: User) -> bool:
    if user.organisation_id is None:
        return False
    others = db.session.scalar(
        select(func.count(User.id)).where(User.organisation_id == user.organisation_id, User.id != user.id)
    )
    return others == 0


def erase_user(user: User, actor=None, reason: str = "request") -> Deletion:
    """Delete the account and what belongs to it alone; commits. Every column that points at the user
    is found from the schema: rows that belong to the user (ON DELETE CASCADE) go, other references
    are cleared, so a table added later is handled without a change here."""
    user_id, role, org = user.id, user.role, user.organisation
    remove_org = org is not None and not org.is_deleted and is_last_member(user)
    audit.record(actor, "account.deleted", ("users", user_id), {
        "role": role, "organisation_id": org.id if org else None, "reason": reason,
        "organisation_removed": remove_org,
    })
    if remove_org:
        remove_organisation(org, actor)
    db.session.flush()
    detach_references(User.__table__.c.id, [user_id])
    db.session.expunge(user)
    bulk(delete(User).where(User.id == user_id))
    db.session.commit()
    db.session.expire_all()
    return Deletion(user_id, remove_org)


def detach_references(key_column, keys: list[int]) -> None:
    """Before rows of `key_column`'s table with these keys are deleted: delete the rows that belong to
    them (ON DELETE CASCADE) and clear the other references, as PostgreSQL would and SQLite (which
    does not enforce foreign keys here) would not. Found from the schema, so a table added later is
    handled too; a reference that can be neither is an error, not a dangling row."""
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is not key_column:
                continue
            column = fk.parent
            if fk.ondelete == "CASCADE":
                bulk(delete(table).where(column.in_(keys)))
            elif column.nullable:
                bulk(update(table).where(column.in_(keys)).values({column.name: None}))
            else:
                raise RuntimeError(f"{table.name}.{column.name} points at a deleted row: cannot clear it")


def remove_organisation(org: Organisation, actor=None) -> None:
    """Close the organisation's listings, end its open introductions, remove the text of its messages
    and notes, and empty the row of everything that names it. Does not commit."""
    now = datetime.now(UTC)
    listing_ids = list(db.session.scalars(select(Listing.id).where(Listing.organisation_id == org.id)))
    for listing in db.session.scalars(select(Listing).where(Listing.id.in_(listing_ids))):
        listing.status = "closed"
    if listing_ids:
        either = or_(Suggestion.offer_id.in_(listing_ids), Suggestion.need_id.in_(listing_ids))
        bulk(update(Suggestion).where(either).values(current=False))
    for chain in db.session.scalars(select(Chain).where(Chain.current.is_(True))):
        if org.id in (chain.organisation_ids or []):
            chain.current = False
    ended = _end_introductions(org, now)
    bulk(update(Message).where(Message.organisation_id == org.id).values(body=""))
    bulk(update(IntroductionEvent).where(IntroductionEvent.organisation_id == org.id)
                       .values(note=""))
    survey.erase_free_text(org.id)
    org.name = ""
    org.org_number = f"x{org.id:010d}"  # frees the real number for a new registration
    org.description = org.contact_name = org.contact_email = org.contact_phone = ""
    org.show_contact = False
    org.lat = org.lon = None
    org.deleted_at = now
    audit.record(actor, "organisation.removed", org, {
        "listings_closed": len(listing_ids), "introductions_ended": ended,
    })


def _end_introductions(org: Organisation, now: datetime) -> int:
    ids = select(IntroductionParty.introduction_id).where(IntroductionParty.organisation_id == org.id)
    open_ones = list(db.session.scalars(
        select(Introduction).where(Introduction.id.in_(ids), Introduction.status.in_(OPEN_STATUSES))))
    for intro in open_ones:
        intro.status = "declined"
        intro.updated_at = now
        intro.events.append(IntroductionEvent(action="organisation_left", status="declined",
                                              organisation_id=org.id, created_at=now))
        others = [u for p in intro.parties if p.organisation_id != org.id
                  for u in notifications.members_of(p.organisation_id)]
        notifications.notify(others, "answer", "declined", intro)
    return len(open_ones)
