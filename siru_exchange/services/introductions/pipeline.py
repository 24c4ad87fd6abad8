"""The status pipeline after acceptance (in dialogue, agreed; realised once every party has recorded or
confirmed its exchange, see services/exchanges), and the introductions a user may see, by status."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ... import policy
from ...extensions import db
from ...models import Introduction, IntroductionParty
from ...models.introduction import NEXT_STATUS, STATUSES
from .. import notifications
from ..errors import NotAllowed, ValidationFailed
from ._common import Refused, _broker_users, _check_version, _commit, _event, _flush, _options, _party_users


def get_visible(user, introduction_id: int) -> Introduction | None:
    """The introduction if this user may see it, else None (the view answers 404)."""
    introduction = db.session.get(Introduction, introduction_id, options=_options())
    if introduction is None or not policy.can(user, "view", introduction):
        return None
    return introduction


def advance(user, introduction: Introduction, status: str, expected_version: int | None) -> Introduction:
    """The next step after acceptance: in dialogue, agreed, realised (a party or a broker)."""
    if not policy.can(user, "view", introduction):
        raise NotAllowed()
    if status not in STATUSES:
        raise ValidationFailed({"status": _("Unknown status.")})
    party = introduction.party_for(getattr(user, "organisation_id", None))
    if party is None and not policy.can(user, "broker"):
        raise Refused(
            _("Only the organisations in this introduction or a broker can change its status."), introduction
        )
    if NEXT_STATUS.get(introduction.status) != status:
        raise Refused(_("That step is not possible now; nothing was changed."), introduction)
    if status == "realised":
        # Realised rests on the exchange: one party records it, the other confirms (services/exchanges).
        raise Refused(
            _(
                "Record the exchange instead: the introduction is realised when the other organisation"
                " confirms it."
            ),
            introduction,
        )
    _check_version(introduction, expected_version)
    event = status
    _set_status(user, introduction, status, party.organisation_id if party else None)
    _flush(introduction)
    recipients = _party_users(introduction, exclude_org=party.organisation_id if party else None)
    if party is not None:
        recipients += _broker_users(introduction)
    outgoing = notifications.notify(recipients, "answer", event, introduction, user)
    _commit(introduction)
    notifications.deliver(outgoing)
    return introduction


def _set_status(user, introduction: Introduction, status: str, organisation_id: int | None) -> None:
    introduction.status = status
    _event(introduction, status, user, organisation_id)


def pipeline(user, status: str | None = None) -> dict[str, list[Introduction]]:
    """Introductions by status: a broker's across the region, a member's across its organisation."""
    stmt = (
        select(Introduction)
        .options(*_options())
        .order_by(Introduction.updated_at.desc(), Introduction.id.desc())
    )
    if not policy.can(user, "broker"):
        org = getattr(user, "organisation_id", None)
        if org is None:
            return {s: [] for s in STATUSES}
        mine = select(IntroductionParty.introduction_id).where(IntroductionParty.organisation_id == org)
        stmt = stmt.where(
            Introduction.id.in_(mine),
            or_(Introduction.needs_broker.is_(False), Introduction.requested_by_id == org),
        )
    if status in STATUSES:
        stmt = stmt.where(Introduction.status == status)
    grouped: dict[str, list[Introduction]] = {s: [] for s in STATUSES}
    for introduction in db.session.scalars(stmt).unique():
        grouped[introduction.status].append(introduction)
    return grouped
