"""Naming an organisation on a form by typing it: its name or its organisation number, resolved here to
one organisation. A select of every organisation was a 1 MB page at national size (10,000
organisations), so forms offer a text input with a short list of suggestions (`suggestions`), and
what was typed is resolved and checked here (`resolve`), never in a view or in the browser.

A suggestion reads "Name (556677-8899)": choosing it names one organisation even when two share a
name. What is typed resolves by, in order: the organisation number in it (alone, or in brackets after
a name), then the exact name (letter case aside). Part of a name resolves to nothing on purpose (a
deal must not be booked on the wrong firm); the form is re-shown with the organisations whose names
contain it as its suggestions, which is the search step for a browser without JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..models import Organisation
from ..validators import normalise_org_number
from .listings import escape_like

# How many organisations a field suggests: enough to pick from, small enough that the page stays light
# (about 60 bytes an option) however many organisations there are.
SUGGESTIONS = 50
MAX_TYPED = 200  # longer than any name (160) with its number in brackets
_BRACKETED_NUMBER = re.compile(r"\(\s*([0-9][0-9 -]{9,14})\s*\)\s*$")


@dataclass(frozen=True)
class Lookup:
    """What one typed text resolved to: the organisation, or why not (`problem`: "none" when nothing
    matches, "several" when more than one organisation has that name, "partial" when names only
    contain it) with how many did (`matches`)."""

    organisation: Organisation | None
    problem: str | None = None
    matches: int = 0


def label(organisation: Organisation) -> str:
    """How a suggestion names an organisation, and what resolves back to it."""
    return f"{organisation.name} ({organisation.org_number})"


def _named():
    """The organisations a form may name: every one that has not been deleted (a deleted one is
    emptied of its name)."""
    return select(Organisation).where(Organisation.deleted_at.is_(None))


def _containing(text: str):
    return _named().where(Organisation.name.ilike(f"%{escape_like(text)}%", escape="\\"))


def resolve(typed: str | None) -> Lookup | None:
    """The one organisation `typed` names, or a Lookup saying why not; None when nothing was typed."""
    text = " ".join((typed or "").split())[:MAX_TYPED]
    if not text:
        return None
    bracketed = _BRACKETED_NUMBER.search(text)
    number = normalise_org_number(bracketed.group(1) if bracketed else text)
    if number is not None:
        found = db.session.scalars(_named().where(Organisation.org_number == number)).first()
        return Lookup(found) if found is not None else Lookup(None, "none")
    # Exact name first as stored, then letter case aside (lower() in SQLite folds only A-Z).
    for condition in (Organisation.name == text, func.lower(Organisation.name) == text.lower()):
        named = list(db.session.scalars(_named().where(condition).order_by(Organisation.id).limit(2)))
        if len(named) == 1:
            return Lookup(named[0])
        if named:
            count = db.session.scalar(select(func.count()).select_from(_named().where(condition).subquery()))
            return Lookup(None, "several", count)
    partial = db.session.scalar(select(func.count()).select_from(_containing(text).subquery()))
    return Lookup(None, "partial", partial) if partial else Lookup(None, "none")


def suggestions(typed: str | None = None, limit: int = SUGGESTIONS) -> list[str]:
    """Up to `limit` labels to offer for a field: the organisations whose names contain what was typed
    (or that have the number typed), or, with nothing typed, the first by name."""
    text = " ".join((typed or "").split())[:MAX_TYPED]
    bracketed = _BRACKETED_NUMBER.search(text)
    if bracketed:
        text = text[: bracketed.start()].strip()
    number = normalise_org_number(text) if text else None
    if number is not None:
        stmt = _named().where(Organisation.org_number == number)
    elif text:
        stmt = _containing(text)
    else:
        stmt = _named()
    rows = db.session.scalars(stmt.order_by(Organisation.name, Organisation.id).limit(limit))
    return [label(o) for o in rows]
