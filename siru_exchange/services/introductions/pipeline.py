"""The status pipeline after acceptance (in dialogue, agreed; realised once every party has recorded or
confirmed its exchange, see services/exchanges), and the introductions a user may see, by status."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ... import policy
from ...extensions import db
from ...models import Introduction, IntroductionParty
from ...models.introduction import NEXT_STATUS, STATUSES
from .. import notifications, paging
from ..errors import NotAllowed, ValidationFailed
from ..paging import Page
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


PIPELINE_SHOWN = 20  # the most recently updated introductions shown per status on the overview
PIPELINE_PAGE = 25   # introductions per page of one status


@dataclass
class StatusSection:
    """One status of the pipeline's overview: its most recent introductions and how many it holds."""

    items: list[Introduction]
    total: int


def _visible(user):
    """The introductions this user's pipeline holds, newest update first; None: none at all."""
    stmt = select(Introduction).order_by(Introduction.updated_at.desc(), Introduction.id.desc())
    if policy.can(user, "broker"):
        return stmt
    org = getattr(user, "organisation_id", None)
    if org is None:
        return None
    mine = select(IntroductionParty.introduction_id).where(IntroductionParty.organisation_id == org)
    return stmt.where(
        Introduction.id.in_(mine),
        or_(Introduction.needs_broker.is_(False), Introduction.requested_by_id == org),
    )


def pipeline(user, status: str | None = None) -> dict[str, list[Introduction]]:
    """Every introduction by status: a broker's across the region, a member's across its
    organisation (the spreadsheet export reads them all; the page reads ``pipeline_overview``)."""
    grouped: dict[str, list[Introduction]] = {s: [] for s in STATUSES}
    stmt = _visible(user)
    if stmt is None:
        return grouped
    if status in STATUSES:
        stmt = stmt.where(Introduction.status == status)
    for introduction in db.session.scalars(stmt.options(*_options())).unique():
        grouped[introduction.status].append(introduction)
    return grouped


def pipeline_overview(user) -> dict[str, StatusSection]:
    """Per status, the PIPELINE_SHOWN most recently updated introductions and the count: a count
    grouped by status, the ids ranked within their status (a window function), and the rows with
    what they show: the same few queries whatever the number (8,533 introductions at 100,000 listings
    made the whole list a 3 MB page taking 8 s)."""
    sections = {s: StatusSection([], 0) for s in STATUSES}
    stmt = _visible(user)
    if stmt is None:
        return sections
    counted = stmt.with_only_columns(Introduction.status, func.count(Introduction.id)).order_by(None)
    for state, n in db.session.execute(counted.group_by(Introduction.status)):
        if state in sections:
            sections[state].total = n
    newest = (Introduction.updated_at.desc(), Introduction.id.desc())
    rank = func.row_number().over(partition_by=Introduction.status, order_by=newest).label("rank")
    ranked = stmt.with_only_columns(Introduction.id, rank).order_by(None).subquery()
    ids = list(db.session.scalars(select(ranked.c.id).where(ranked.c.rank <= PIPELINE_SHOWN)))
    if ids:
        rows = select(Introduction).where(Introduction.id.in_(ids)).order_by(*newest)
        for introduction in db.session.scalars(rows.options(*_options(join_listing=False))).unique():
            if introduction.status in sections:
                sections[introduction.status].items.append(introduction)
    return sections


def pipeline_page(user, status: str, page: int = 1) -> Page:
    """A page of PIPELINE_PAGE introductions of one status, most recently updated first."""
    stmt = _visible(user)
    if stmt is None:
        return Page(items=[], page=1, per_page=PIPELINE_PAGE, total=0, total_capped=False, has_next=False)
    return paging.paginate(stmt.where(Introduction.status == status).options(*_options(join_listing=False)),
                           page, PIPELINE_PAGE)
