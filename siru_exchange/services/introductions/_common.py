"""What every part of the introductions service shares: the `Refused` answer, note cleaning, events,
optimistic locking and the recipients of a notification."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ...extensions import db
from ...models import Introduction, IntroductionEvent, IntroductionParty
from ...models.introduction import OPEN_STATUSES
from ...validators import clean_text
from .. import notifications
from ..errors import Conflict, ServiceError, ValidationFailed

MAX_NOTE = 1000
MAX_BROKER_NOTE = 5000


class Refused(ServiceError):
    """The action is not possible in this state or by this side. `message` tells the user why;
    `introduction` is the one it concerns, when there is one to show."""

    def __init__(self, message: str, introduction: Introduction | None = None):
        super().__init__(message)
        self.message = message
        self.introduction = introduction


def _now() -> datetime:
    return datetime.now(UTC)


def _clean_note(note: str | None, field: str = "note", maximum: int = MAX_NOTE) -> str:
    note = clean_text(note, multiline=True)
    if len(note) > maximum:
        raise ValidationFailed(
            {field: _("Keep the note under %(max)d characters (now %(n)d).", max=maximum, n=len(note))}
        )
    return note


def _options(join_listing: bool = True):
    """Loading of what an introduction's row shows. ``join_listing=False`` loads the listing asked
    about by key afterwards (one query more) instead of joining it: under an ORDER BY ... LIMIT that
    no index serves in order (the pipeline by update time) PostgreSQL hashed every listing (100,000)
    before taking a page of introductions, 35-50 ms a query."""
    return [
        selectinload(Introduction.parties).joinedload(IntroductionParty.organisation),
        selectinload(Introduction.parties).joinedload(IntroductionParty.listing),
        joinedload(Introduction.listing) if join_listing else selectinload(Introduction.listing),
    ]


def _event(
    introduction: Introduction, action: str, user, organisation_id: int | None = None, note: str = ""
) -> None:
    introduction.events.append(
        IntroductionEvent(
            action=action,
            status=introduction.status,
            actor_id=getattr(user, "id", None),
            organisation_id=organisation_id,
            note=note,
            created_at=_now(),
        )
    )


def _check_version(introduction: Introduction, expected_version: int | None) -> None:
    if expected_version is None or introduction.version != expected_version:
        raise Conflict(introduction)


def _flush(introduction: Introduction) -> None:
    """Write the change now, where a concurrent change of the same introduction is caught (a Conflict
    that writes nothing), not at the autoflush of a later query."""
    introduction.updated_at = _now()
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Introduction, introduction.id)) from None


def _commit(introduction: Introduction) -> None:
    """Commit; a concurrent change of the same introduction is a Conflict and writes nothing."""
    introduction.updated_at = _now()  # every change bumps the version, even one on a party only
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Introduction, introduction.id)) from None


def _party_users(introduction: Introduction, exclude_org: int | None = None) -> list:
    users = []
    for party in introduction.parties:
        if party.organisation_id != exclude_org:
            users.extend(notifications.members_of(party.organisation_id))
    return users


def _broker_users(introduction: Introduction) -> list:
    return [introduction.broker] if introduction.broker is not None else []


def _open_request(listing_id: int, organisation_id: int) -> Introduction | None:
    return db.session.scalar(
        select(Introduction).where(
            Introduction.kind == "request",
            Introduction.listing_id == listing_id,
            Introduction.requested_by_id == organisation_id,
            Introduction.status.in_(OPEN_STATUSES),
        )
    )


def _open_for(column, value) -> Introduction | None:
    return db.session.scalar(
        select(Introduction).where(column == value, Introduction.status.in_(OPEN_STATUSES))
    )
