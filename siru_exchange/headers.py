"""Security headers on every response, set in one after_request hook.

Written here rather than with flask-talisman: the set is fixed and small, the site has no inline script or
style (so no nonces are needed), talisman's own HTTPS redirect and cookie settings would duplicate what
the proxy and config.py already do, and its last release is from 2023.

- Content-Security-Policy: scripts, styles, fonts and connections from the site itself only, no inline
  code; images also as `data:` URIs (Pico CSS draws its select arrows and check marks so); no plugins;
  no <base>; forms post only to the site; no page may be framed (clickjacking).
- X-Content-Type-Options: nosniff; Referrer-Policy: strict-origin-when-cross-origin; X-Frame-Options: DENY
  for browsers without frame-ancestors; Cross-Origin-Opener-Policy: same-origin; Permissions-Policy off for
  camera, microphone and location.
- Strict-Transport-Security when HSTS_SECONDS is set (production).
- Cache-Control: no-store on every page served to a logged-in user, so a shared computer's cache or back
  button does not show an organisation's pages after logout.
"""
from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def _logged_in() -> bool:
    # current_user is loaded by then on every page; `static` never needs it (and would query for it).
    return request.endpoint != "static" and bool(getattr(current_user, "is_authenticated", False))


def set_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    seconds = int(current_app.config.get("HSTS_SECONDS") or 0)
    if seconds:
        response.headers["Strict-Transport-Security"] = f"max-age={seconds}; includeSubDomains"
    if _logged_in():
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    app.after_request(set_headers)
