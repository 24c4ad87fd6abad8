"""Messages between the parties of an accepted introduction.

A message is never lost: an empty or too long one is refused with the text kept in the form, and the
form's random token makes a double submit store one message.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from .. import policy
from ..extensions import db
from ..models import Introduction, IntroductionEvent, Message
from ..validators import clean_text
from . import introductions, notifications
from .errors import NotAllowed, ValidationFailed

MAX_MESSAGE = 5000
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    """The hidden token of a message form: one per form shown, so that submitting the same form
    twice stores one message."""
    return secrets.token_urlsafe(24)


def thread(user, introduction: Introduction) -> list[Message] | None:
    """The messages, oldest first, or None when this user may not read them."""
    if not policy.can(user, "read_messages", introduction):
        return None
    return list(
        db.session.scalars(
            select(Message)
            .where(Message.introduction_id == introduction.id)
            .options(joinedload(Message.author), joinedload(Message.organisation))
            .order_by(Message.created_at, Message.id)
        )
    )


def post_message(user, introduction: Introduction, body: str, token: str, _retry: bool = True) -> Message:
    """Write to the other parties. The first message moves an accepted introduction into dialogue."""
    if not policy.can(user, "view", introduction):
        raise NotAllowed()
    if not policy.can(user, "message", introduction):
        if introduction.party_for(getattr(user, "organisation_id", None)) is None:
            raise introductions.Refused(
                _("Only the organisations in this introduction can write here."), introduction
            )
        raise introductions.Refused(
            _(
                "Messages can be written once everyone has accepted, and not after a decline. "
                "Your text was not sent."
            ),
            introduction,
        )
    body = clean_text(body, multiline=True)
    if not body:
        raise ValidationFailed({"body": _("Write a message first.")})
    if len(body) > MAX_MESSAGE:
        raise ValidationFailed(
            {
                "body": _(
                    "Keep the message under %(max)d characters (now %(n)d).", max=MAX_MESSAGE, n=len(body)
                )
            }
        )
    if not _TOKEN.match(token or ""):
        raise ValidationFailed({"token": _("The form has expired. Your text is kept; send it again.")})
    existing = _find(introduction.id, user.id, token)
    if existing is not None:
        return existing
    message = Message(
        introduction_id=introduction.id,
        author_id=user.id,
        organisation_id=user.organisation_id,
        body=body,
        token=token,
        created_at=datetime.now(UTC),
    )
    with db.session.no_autoflush:  # loading the events must not flush: the try below catches that
        if introduction.status == "accepted":
            introduction.status = "in_dialogue"
            introduction.events.append(_dialogue_event(user, introduction))
            introduction.updated_at = datetime.now(UTC)
        db.session.add(message)
    try:
        # Flush here, inside the try: otherwise a duplicate token or a stale version surfaces at the
        # autoflush of a later query (finding the recipients, inside notify()), where nothing catches it.
        db.session.flush()
        recipients = introductions._party_users(introduction, exclude_org=user.organisation_id)
        if introduction.broker_may_read:
            recipients += introductions._broker_users(introduction)
        outgoing = notifications.notify(recipients, "message", "message", introduction, user)
        db.session.commit()
    except IntegrityError:
        # The same form was submitted twice at once: the other request stored it.
        db.session.rollback()
        existing = _find(introduction.id, user.id, token)
        if existing is None:
            raise
        return existing
    except StaleDataError:
        # Someone moved the introduction on meanwhile; the message itself is still wanted.
        db.session.rollback()
        if not _retry:
            raise
        db.session.refresh(introduction)
        return post_message(user, introduction, body, token, _retry=False)
    notifications.deliver(outgoing)
    return message


def _find(introduction_id: int, author_id: int, token: str) -> Message | None:
    return db.session.scalar(
        select(Message).where(
            Message.introduction_id == introduction_id, Message.author_id == author_id, Message.token == token
        )
    )


def _dialogue_event(user, introduction: Introduction) -> IntroductionEvent:
    return IntroductionEvent(
        action="in_dialogue",
        status="in_dialogue",
        actor_id=user.id,
        organisation_id=user.organisation_id,
        created_at=datetime.now(UTC),
    )
