"""Signed, expiring, single-use links for accounts: verify an email address, reset a password, accept an
invitation.

Each purpose has its own salt, so that a token made for one purpose is refused for another, and its own
lifetime. A token carries the user's id and a fingerprint of the state it is meant to change (the
email address, the password hash and whether the address is verified): once the link is used that state
changes, so the same link is refused afterwards ("used"). Nothing is stored per token.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from ..models import User

LIFETIMES = {
    "verify": timedelta(days=3),
    "reset": timedelta(hours=1),
    "invite": timedelta(days=7),
}


class TokenRefused(Exception):
    """A link that cannot be used. `reason` is "expired", "used" or "invalid" (tampered, wrong purpose,
    unknown user)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in LIFETIMES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"siru-account-{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    state = "|".join((purpose, str(user.id), user.email.lower(), user.password_hash or "",
                      "verified" if user.is_verified else "unverified"))
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def make(user: User, purpose: str, **extra) -> str:
    """A link token for this user and purpose; `extra` travels signed with it (the organisation number
    of a claim, for instance)."""
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose), **extra})


def lifetime(purpose: str) -> timedelta:
    return LIFETIMES[purpose]


def read(token: str, purpose: str) -> tuple[User, dict]:
    """The user a token was made for and its extra values; TokenRefused when it is expired, already used,
    tampered with or made for another purpose."""
    try:
        data = _serializer(purpose).loads(token or "", max_age=int(LIFETIMES[purpose].total_seconds()))
    except SignatureExpired as exc:
        raise TokenRefused("expired") from exc
    except BadSignature as exc:
        raise TokenRefused("invalid") from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("f"), str):
        raise TokenRefused("invalid")
    user = db.session.get(User, data["u"])
    if user is None:
        raise TokenRefused("invalid")
    if not hmac.compare_digest(data["f"], _fingerprint(user, purpose)):
        raise TokenRefused("used")
    return user, {k: v for k, v in data.items() if k not in ("u", "f")}
