"""Each side's consent to an introduction, and whether a party lets the broker follow the thread."""

from __future__ import annotations

from flask_babel import gettext as _

from ... import policy
from ...models import Introduction
from .. import notifications
from ..errors import NotAllowed
from ._common import Refused, _broker_users, _check_version, _commit, _event, _flush, _now, _party_users


def answer(user, introduction: Introduction, accept: bool, expected_version: int | None) -> Introduction:
    """The user's organisation accepts or declines. When every party has accepted the introduction is
    accepted and the contact details are shown; one decline ends it."""
    if not policy.can(user, "view", introduction):
        raise NotAllowed()
    party = introduction.party_for(getattr(user, "organisation_id", None))
    if party is None:
        raise Refused(
            _("Only the organisations in this introduction can accept or decline it."), introduction
        )
    if introduction.needs_broker:
        raise Refused(_("A broker has not passed this request on yet."), introduction)
    if party.consent != "pending":
        raise Refused(
            _("Your organisation has already answered this introduction; nothing was changed."), introduction
        )
    if introduction.status != "proposed":
        raise Refused(
            _("This introduction is no longer waiting for answers; nothing was changed."), introduction
        )
    _check_version(introduction, expected_version)
    party.consent = "accepted" if accept else "declined"
    party.answered_by_id, party.answered_at = user.id, _now()
    event = party.consent
    if not accept:
        introduction.status = "declined"
    elif introduction.all_accepted:
        introduction.status = "accepted"
        event = "all_accepted"
    _event(introduction, party.consent, user, party.organisation_id)
    _flush(introduction)
    recipients = _party_users(introduction, exclude_org=party.organisation_id) + _broker_users(introduction)
    outgoing = notifications.notify(recipients, "answer", event, introduction, user)
    _commit(introduction)
    notifications.deliver(outgoing)
    return introduction


def set_broker_access(user, introduction: Introduction, allow: bool) -> Introduction:
    """A party lets the broker follow the message thread, or stops it. Brokers read only when every
    party allows."""
    if not policy.can(user, "view", introduction):
        raise NotAllowed()
    party = introduction.party_for(getattr(user, "organisation_id", None))
    if party is None:
        raise Refused(_("Only the organisations in this introduction can choose this."), introduction)
    if party.allow_broker != allow:
        party.allow_broker = allow
        _event(
            introduction, "broker_access_on" if allow else "broker_access_off", user, party.organisation_id
        )
        _commit(introduction)
    return introduction
