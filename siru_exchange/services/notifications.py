"""Notifications: in the site and by email, per kind, as each user chose; and the weekly digest.

Services call `notify()` before they commit; the notices wait in the SQLAlchemy session until it
commits (rows join that transaction, emails are sent after it) and are dropped on rollback, so that
nothing announces what was not saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event as sa_event
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, aliased, joinedload

from .. import policy
from ..extensions import db
from ..models import Introduction, Listing, Notification, NotificationPreference, Suggestion, User
from . import mailer
from .errors import NotAllowed

SITE_KINDS = ("introduction", "answer", "message")
EMAIL_KINDS = ("introduction", "answer", "message", "digest")
DIGEST_MIN_SCORE = 0.5
DIGEST_DAYS = 7
DIGEST_LIMIT = 10

KIND_LABELS = {
    "introduction": _l("New introductions"),
    "answer": _l("Answers and progress"),
    "message": _l("New messages"),
    "digest": _l("Weekly digest of new strong suggestions"),
}

SUBJECTS = {
    "introduction": _l("A new introduction on SIRU Exchange"),
    "answer": _l("News about your introduction on SIRU Exchange"),
    "message": _l("A new message on SIRU Exchange"),
    "digest": _l("New suggestions for you on SIRU Exchange"),
}


def text(kind: str, event: str, introduction_id: int | None) -> str:
    """What a notification says, in the current language. Never a name: a link leads to the page,
    which shows what the reader may see."""
    if kind == "survey":  # services/survey.remind: the yearly reminder (event "reminder-<year>")
        return _("Your organisation has not answered this year's survey yet. It takes about 10 minutes.")
    n = introduction_id or 0
    texts = {
        ("introduction", "proposed"): lambda: _(
            "A broker has introduced your organisation to others (introduction %(n)d). Please answer.", n=n
        ),
        ("introduction", "requested"): lambda: _(
            "An organisation asks to be put in touch with you (introduction %(n)d). Please answer.", n=n
        ),
        ("introduction", "taken_on"): lambda: _(
            "A broker passes on a request to be put in touch with you (introduction %(n)d). Please answer.",
            n=n,
        ),
        ("introduction", "queued"): lambda: _(
            "A member asks for an introduction to an anonymous listing (introduction %(n)d).", n=n
        ),
        ("answer", "accepted"): lambda: _("An organisation accepted introduction %(n)d.", n=n),
        ("answer", "all_accepted"): lambda: _(
            "Everyone accepted introduction %(n)d. "
            "You can now see the contact details and write to each other.",
            n=n,
        ),
        ("answer", "passed_on"): lambda: _(
            "A broker passed your request on to the organisation behind the anonymous listing "
            "(introduction %(n)d). You will be told when it answers.",
            n=n,
        ),
        ("answer", "declined"): lambda: _("Introduction %(n)d was declined.", n=n),
        ("answer", "in_dialogue"): lambda: _("Introduction %(n)d is now in dialogue.", n=n),
        ("answer", "agreed"): lambda: _("Introduction %(n)d is marked as agreed.", n=n),
        ("answer", "realised_proposed"): lambda: _(
            "An organisation confirmed that the exchange of introduction %(n)d has taken place. "
            "It is marked as realised once every organisation has confirmed.",
            n=n,
        ),
        ("answer", "realised"): lambda: _("Introduction %(n)d is marked as realised. Well done!", n=n),
        ("answer", "exchange_proposed"): lambda: _(
            "An organisation recorded the exchange of introduction %(n)d."
            " Please check the figures and confirm.",
            n=n,
        ),
        ("answer", "exchange_confirmed"): lambda: _("The exchange of introduction %(n)d is confirmed.", n=n),
        ("answer", "exchange_changed"): lambda: _("The exchange of introduction %(n)d was changed.", n=n),
        ("answer", "exchange_ended"): lambda: _("The exchange of introduction %(n)d has ended.", n=n),
        ("message", "message"): lambda: _("A new message in introduction %(n)d.", n=n),
    }
    make = texts.get((kind, event))
    return make() if make else _("News about introduction %(n)d.", n=n)


# -- preferences -----------------------------------------------------------------------------------


def preferences(user) -> NotificationPreference:
    """The user's choices; a fresh default (everything on) when the user has never changed them."""
    found = db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    if found is not None:
        return found
    return NotificationPreference(
        user_id=user.id,
        introduction_site=True,
        introduction_email=True,
        answer_site=True,
        answer_email=True,
        message_site=True,
        message_email=True,
        digest_email=True,
    )


def update_preferences(user, choices: dict[str, bool]) -> NotificationPreference:
    """Turn each kind on or off, in the site and by email. Unknown keys are ignored."""
    prefs = preferences(user)
    for kind in SITE_KINDS:
        setattr(prefs, f"{kind}_site", bool(choices.get(f"{kind}_site")))
    for kind in EMAIL_KINDS:
        setattr(prefs, f"{kind}_email", bool(choices.get(f"{kind}_email")))
    if prefs.id is None:
        db.session.add(prefs)
    db.session.commit()
    return prefs


# -- sending ---------------------------------------------------------------------------------------


PENDING_KEY = "siru_pending_notices"


@dataclass(frozen=True)
class Outgoing:
    """A notice to one user, held in the session until the transaction that caused it commits."""

    user: User
    kind: str
    event: str
    introduction: Introduction

    @property
    def user_id(self) -> int:
        return self.user.id

    @property
    def introduction_id(self) -> int | None:
        return self.introduction.id


def notify(users, kind: str, event: str, introduction: Introduction, actor=None) -> list[Outgoing]:
    """Tell these users (not the actor) about `introduction`, in the site and by email as each chose,
    once the caller's transaction commits; nothing is told when it rolls back.

    This reads and writes nothing now: the notices wait in the session, and a before-commit hook turns
    them into notification rows (in the same transaction) and queued emails (sent after it). So a
    duplicate-key or stale-version error in the caller's pending state surfaces at the caller's own
    flush or commit, inside its `try`, never here.
    """
    queued = db.session.info.setdefault(PENDING_KEY, [])
    outgoing: list[Outgoing] = []
    seen: set[int] = set()
    for user in users:
        if user is None or id(user) in seen or (actor is not None and user is actor):
            continue
        if actor is not None and user.id is not None and user.id == actor.id:
            continue
        seen.add(id(user))
        outgoing.append(Outgoing(user, kind, event, introduction))
    queued.extend(outgoing)
    return outgoing


def deliver(outgoing: list[Outgoing]) -> None:
    """Kept for the callers: emails are now sent by the after-commit hook, so there is nothing to do."""


def pending(session=None) -> list[Outgoing]:
    """The notices queued in the session and not yet committed."""
    return list((session or db.session).info.get(PENDING_KEY, ()))


def _materialise(session) -> None:
    """Before commit: notification rows join the transaction; emails are rendered now (after commit
    the objects are expired and the session cannot read) and queued to be sent after it."""
    queued = session.info.pop(PENDING_KEY, None)
    if not queued:
        return
    if any(item.introduction.id is None for item in queued):
        session.flush()
    with session.no_autoflush:
        for item in queued:
            prefs = preferences(item.user)
            if prefs.wants(item.kind, "site"):
                session.add(Notification(user_id=item.user.id, kind=item.kind, event=item.event,
                                         introduction_id=item.introduction.id))
            if prefs.wants(item.kind, "email") and item.user.email:
                subject, body = _render_email(item.user, item.kind, item.event, item.introduction.id)
                mailer.queue(session, item.user.email, subject, body)


def _render_email(user, kind: str, event: str, introduction_id: int | None) -> tuple[str, str]:
    """The subject and body of a notice email, in the recipient's language."""
    with force_locale(user.language or "sv"):
        subject = str(SUBJECTS[kind])
        body = render_template(
            "email/introduction.txt",
            t=_email_texts(user),
            message=text(kind, event, introduction_id),
            url=external_url("introductions.show", introduction_id=introduction_id),
            preferences_url=external_url("notifications.preferences"),
        )
    return subject, body


@sa_event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    _materialise(session)


@sa_event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session) -> None:
    session.info.pop(PENDING_KEY, None)


def _email_texts(user) -> dict[str, str]:
    """The fixed words of an email, in the current (the recipient's) language. They live here, not in
    the .txt templates, so that the catalogue extraction finds them."""
    return {
        "hello": _("Hello %(name)s,", name=user.name),
        "see_it": _("See it here:"),
        "see_all": _("See them all:"),
        "footer": _("You get this email because of your notification settings. Change them here:"),
        "digest_intro": _("New strong suggestions in the region that nobody has been introduced for yet:")
        if user.is_broker
        else _("New strong suggestions for your organisation’s listings:"),
    }


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an email: always on SITE_URL when it is set (required in production), so the
    Host header of the request that caused the email never reaches it. Without SITE_URL (development),
    the request's own host (checked against TRUSTED_HOSTS), else localhost."""
    base = current_app.config.get("SITE_URL")
    if has_request_context() and not base:
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=base or "http://localhost:5000"):
        return url_for(endpoint, _external=True, **values)


def members_of(organisation_id: int) -> list[User]:
    """The members who are told about the organisation's introductions: those with a confirmed address."""
    return list(
        db.session.scalars(select(User).where(User.organisation_id == organisation_id,
                                              User.email_verified_at.is_not(None)).order_by(User.id))
    )


def brokers() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(("broker", "admin"))).order_by(User.id)))


# -- reading ---------------------------------------------------------------------------------------


def unread_count(user) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def for_user(user, page: int = 1, per_page: int = 30):
    stmt = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False)


def mark_read(user, notification_id: int) -> Notification:
    """Mark one of the user's notifications read; someone else's raises NotAllowed (the view answers 404)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotAllowed()
    if notification.read_at is None:
        notification.read_at = datetime.now(UTC)
        db.session.commit()
    return notification


def mark_all_read(user) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=datetime.now(UTC))
    )
    db.session.commit()


def mark_read_for_introduction(user, introduction_id: int) -> None:
    """Opening an introduction reads its notifications."""
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.introduction_id == introduction_id,
            Notification.read_at.is_(None),
        )
        .values(read_at=datetime.now(UTC))
    )
    if result.rowcount:
        db.session.commit()


# -- the weekly digest -----------------------------------------------------------------------------


@dataclass
class DigestSummary:
    sent: int = 0
    opted_out: int = 0
    nothing_new: int = 0


def _digest_rows(user, since: datetime, min_score: float, limit: int) -> list[Suggestion]:
    offer, need = aliased(Listing), aliased(Listing)
    stmt = (
        select(Suggestion)
        .join(offer, Suggestion.offer_id == offer.id)
        .join(need, Suggestion.need_id == need.id)
        .where(
            Suggestion.current.is_(True),
            Suggestion.score >= min_score,
            Suggestion.computed_at >= since,
            offer.status == "active",
            need.status == "active",
            ~select(Introduction.id).where(Introduction.suggestion_id == Suggestion.id).exists(),
        )
        .options(
            joinedload(Suggestion.offer).joinedload(Listing.organisation),
            joinedload(Suggestion.need).joinedload(Listing.organisation),
        )
        .order_by(Suggestion.score.desc(), Suggestion.id)
    )
    if not user.is_broker:
        org = user.organisation_id
        stmt = stmt.where(
            or_(
                (offer.organisation_id == org) & (Suggestion.offer_state != "dismissed"),
                (need.organisation_id == org) & (Suggestion.need_state != "dismissed"),
            )
        )
    rows = db.session.scalars(stmt.limit(limit)).unique()
    # not the listings this user may not see (of an organisation a broker has not approved yet)
    return [row for row in rows
            if policy.can(user, "view", (row.listings_for(user.organisation_id) or (row.need, row.offer))[1])]


def _digest_lines(user, rows: list[Suggestion]) -> list[dict]:
    lines = []
    for row in rows:
        own, other = row.listings_for(user.organisation_id) or (row.need, row.offer)
        owner = (
            other.organisation.name if policy.can(user, "see_owner", other) else _("Anonymous organisation")
        )
        line = f"{other.title} ({owner}), {_('%(pct)s %% match', pct=round(row.score * 100))}"
        if not user.is_broker:
            line += f", {_('for your listing')} “{own.title}”"
        lines.append({"text": line, "url": external_url("listings.show", listing_id=other.url_key)})
    return lines


def send_digest(
    days: int = DIGEST_DAYS,
    min_score: float = DIGEST_MIN_SCORE,
    now: datetime | None = None,
    limit: int = DIGEST_LIMIT,
) -> DigestSummary:
    """One email per user who wants the digest and has new strong suggestions since the last one
    (at most `days` back): members for their organisation's listings, brokers for the region."""
    now = now or datetime.now(UTC)
    summary = DigestSummary()
    users = db.session.scalars(
        select(User)
        .where(or_(User.organisation_id.is_not(None), User.role.in_(("broker", "admin"))))
        .order_by(User.id)
    )
    for user in list(users):
        prefs = preferences(user)
        if not prefs.digest_email:
            summary.opted_out += 1
            continue
        since = now - timedelta(days=days)
        if prefs.last_digest_at is not None and _aware(prefs.last_digest_at) > since:
            since = _aware(prefs.last_digest_at)
        rows = _digest_rows(user, since, min_score, limit)
        if not rows:
            summary.nothing_new += 1
            continue
        with force_locale(user.language or "sv"):
            subject = str(SUBJECTS["digest"])
            url = external_url("broker.queue" if user.is_broker else "matches.organisation")
            body = render_template(
                "email/digest.txt",
                t=_email_texts(user),
                lines=_digest_lines(user, rows),
                url=url,
                preferences_url=external_url("notifications.preferences"),
            )
        mailer.queue(db.session, user.email, subject, body)
        prefs.last_digest_at = now
        if prefs.id is None:
            db.session.add(prefs)
        db.session.commit()
        summary.sent += 1
    return summary


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
