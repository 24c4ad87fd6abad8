"""Email: queued in the database session, sent after it commits, with a timeout.

`queue()` keeps an email in the SQLAlchemy session (`session.info`); an after-commit hook sends what the
committed transaction queued, and a rollback drops it, so that an email never announces something that
was not saved. Without a mail server (development, tests) emails are written as .eml files to the
outbox folder, so that every email can be read; production refuses to start without a server
(`create_app`).
"""

from __future__ import annotations

import secrets
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_mail import Message
from sqlalchemy import event
from sqlalchemy.orm import Session

PENDING_KEY = "siru_pending_mail"
DEFAULT_TIMEOUT = 10  # seconds, for connecting to and talking with the mail server


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


def outbox_dir() -> Path | None:
    """The folder emails are written to, or None when they go to the mail server.

    The outbox is used when no mail server is configured (SIRU_MAIL_SERVER), or always when testing.
    """
    app = current_app
    folder = app.config.get("MAIL_OUTBOX")
    if not folder:
        return None
    if app.testing or not app.config.get("MAIL_SERVER"):
        return Path(folder)
    return None


def _smtp_send(message: Message) -> None:
    """Flask-Mail 0.10 opens its SMTP connection without a timeout, so a mail server that does not answer
    would hold the worker forever: talk to the server with smtplib and MAIL_TIMEOUT ourselves."""
    config = current_app.config
    timeout = float(config.get("MAIL_TIMEOUT") or DEFAULT_TIMEOUT)
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(host, port, timeout=timeout) as server:
        if config.get("MAIL_USE_TLS"):
            server.starttls()
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        server.sendmail(message.sender, message.send_to, message.as_bytes())


def send(to: str, subject: str, body: str) -> None:
    """Send one plain-text email now. A failure is logged, never raised: the action that caused the
    email is already saved, and the notification is in the site too. Services call `queue()`."""
    message = Message(
        subject=subject, recipients=[to], body=body, sender=current_app.config.get("MAIL_DEFAULT_SENDER")
    )
    folder = outbox_dir()
    try:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            (folder / f"{stamp}-{secrets.token_hex(4)}.eml").write_bytes(message.as_bytes())
        else:
            _smtp_send(message)
    except Exception:  # noqa: BLE001 - mail trouble must not undo the user's action
        current_app.logger.exception("Could not send email to %s", to)


def queue(session: Session, to: str, subject: str, body: str) -> None:
    """Send this email once `session` commits; drop it if the session rolls back."""
    session.info.setdefault(PENDING_KEY, []).append(Email(to, subject, body))


def pending(session: Session) -> list[Email]:
    """The emails queued in `session` and not yet sent (for tests and for reading)."""
    return list(session.info.get(PENDING_KEY, ()))


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    for email in session.info.pop(PENDING_KEY, ()):
        send(email.to, email.subject, email.body)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
