"""Sending email through Flask-Mail, or into an outbox folder of .eml files when there is no mail
server (development, tests), so that every email can be read without one."""

from __future__ import annotations

import os
import secrets
import socket
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_mail import Message

from ..extensions import mail


def _server_listens(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def outbox_dir() -> Path | None:
    """The folder emails are written to, or None when they go to the mail server.

    The outbox is used when MAIL_OUTBOX is set and either the app runs in development or testing, or
    the mail server is "localhost" with nothing listening there.
    """
    app = current_app
    folder = app.config.get("MAIL_OUTBOX")
    if not folder:
        return None
    if app.testing or app.debug or os.environ.get("SIRU_ENV", "development") == "development":
        return Path(folder)
    cache = app.extensions.setdefault("siru_mail_outbox", {})
    if "local_server" not in cache:
        host, port = app.config.get("MAIL_SERVER") or "localhost", int(app.config.get("MAIL_PORT") or 25)
        cache["local_server"] = host != "localhost" or _server_listens(host, port)
    return None if cache["local_server"] else Path(folder)


def send(to: str, subject: str, body: str) -> None:
    """Send one plain-text email. A failure is logged, never raised: the action that caused the email
    is already saved, and the notification is in the site too."""
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
            mail.send(message)
    except Exception:  # noqa: BLE001 - mail trouble must not undo the user's action
        current_app.logger.exception("Could not send email to %s", to)
