"""Abuse limits: each one named in config.RATE_LIMITS and applied to a view with `@limited(name, by)`.

A limit counts POST requests only (reading a page is never limited) in one bucket per name and key,
shared by every view that names it: `listing_create` counts the form and the JSON API together. Keys:

- `address`: the client's address (`request.remote_addr`, corrected by ProxyFix behind SIRU_PROXY_COUNT
  proxies; without it an X-Forwarded-For header is ignored, so it cannot be forged to escape a limit).
- `account`: the email typed into the form, folded and hashed (no address is kept in Redis), so guessing
  one account's password from many addresses is limited too.
- `user`: the logged-in user (else the address).

`counts="failures"` counts only answers of 400 and above (a wrong password, not a login), and
`counts="successes"` only the others (an account made, a listing posted, not a form re-shown with its
errors); "all" counts every POST. A limit reached answers 429 with a page in the user's language or
JSON for the API, and `Retry-After` (errors.py).

The password reset of accounts uses the same decorator: `@limited("password_reset", "address")` and
`@limited("password_reset", "account")` on the view whose form has an `email` field.
"""
from __future__ import annotations

import hashlib
import time

from flask import current_app, request
from flask_login import current_user

import config

from .extensions import limiter

COUNTS = {
    "all": None,
    "failures": lambda response: response.status_code >= 400,
    "successes": lambda response: response.status_code < 400,
}


def address_key() -> str:
    return "address:" + (request.remote_addr or "unknown")


def account_key() -> str:
    email = (request.form.get("email") or "").strip().casefold()
    return "account:" + hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def user_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return address_key()


KEYS = {"address": address_key, "account": account_key, "user": user_key}


def limited(name: str, by: str = "address", counts: str = "all"):
    """A decorator: POSTs to the view count against the limit `name` of config RATE_LIMITS, per `by`."""
    if name not in config.RATE_LIMITS:
        raise KeyError(f"no rate limit named {name!r} in config.RATE_LIMITS")
    return limiter.shared_limit(
        lambda: current_app.config["RATE_LIMITS"][name],
        scope=f"{name}:{by}",
        key_func=KEYS[by],
        methods=["POST"],
        deduct_when=COUNTS[counts],
    )


def retry_after_seconds() -> int:
    """Whole seconds until the limit this request broke lets a request through again (at least 1)."""
    limit = limiter.current_limit
    if limit is None:
        return 60
    return max(1, int(limit.reset_at - time.time()))


def init_app(app) -> None:
    """Bind the limiter; behind SIRU_PROXY_COUNT proxies, read the client's address from their headers."""
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    limiter.init_app(app)
