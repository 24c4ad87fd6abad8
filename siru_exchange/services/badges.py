"""An organisation's impact badge: a small SVG at a public address that the organisation chooses to
share. The address carries an unguessable token, so nobody finds another organisation's badge by
counting; stopping the sharing forgets the token, and sharing again makes a new one."""
from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from .. import policy
from ..extensions import db
from ..models import Organisation
from .errors import NotAllowed

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,32}")


def share(user, organisation: Organisation) -> str:
    """Give the organisation a badge address (keeping the one it has) and return its token."""
    if not policy.can(user, "share_badge", organisation):
        raise NotAllowed()
    if organisation.badge_token is None:
        organisation.badge_token = secrets.token_urlsafe(16)
        db.session.commit()
    return organisation.badge_token


def stop_sharing(user, organisation: Organisation) -> None:
    """Forget the badge address: the old link answers 404 from now on."""
    if not policy.can(user, "share_badge", organisation):
        raise NotAllowed()
    organisation.badge_token = None
    db.session.commit()


def shared_organisation(token: str | None) -> Organisation | None:
    """The organisation sharing its badge under this token, or None."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    return db.session.scalar(select(Organisation).where(Organisation.badge_token == token))
