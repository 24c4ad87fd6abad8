"""Login sessions, bounded on the server: an idle timeout, an absolute timeout, and a fresh session at login.

- Every `login_user` (the login form, registration, a password change, and any later flow) empties the
  session first, keeping only the language and what Flask-Login has just written, so nothing from before
  the login (a CSRF token, a planted value) carries over.
- The login id Flask-Login keeps in the session cookie and in the remember-me cookie becomes
  `<user id>:<session token>:<login time>`. Both cookies are signed, so the time cannot be changed, and
  the user loader refuses a login older than SESSION_ABSOLUTE_TIMEOUT whichever cookie brings it.
- `last_seen` in the session: a session unused for SESSION_IDLE_TIMEOUT is logged out (its remember-me
  cookie is deleted too) and the next page says why. A remember-me cookie that restores a login after the
  browser was closed starts a new idle clock; the absolute limit still holds.
"""
from __future__ import annotations

import time

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from flask_login.signals import user_logged_in

from .i18n import LANG_SESSION_KEY

LAST_SEEN = "last_seen"
# What Flask-Login writes in login_user(), kept when the session is emptied at login.
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds")
# Write last_seen at most this often (seconds), so that not every response sets a new cookie.
_TOUCH_EVERY = 60


def _now() -> int:
    return int(time.time())


def _start_session(sender, user, **_extra) -> None:
    """On every login: a fresh session holding the language, the login and its time."""
    kept = {key: session[key] for key in (*_LOGIN_KEYS, LANG_SESSION_KEY) if key in session}
    session.clear()
    session.update(kept)
    now = _now()
    session["_user_id"] = f"{user.get_id()}:{now}"
    session[LAST_SEEN] = now


def load_user(login_id: str):
    """Flask-Login's loader: refuse a login older than the absolute timeout, then check the user's token."""
    from .services.accounts import load_user as load_account

    account_id, _sep, stamp = (login_id or "").rpartition(":")
    if not stamp.isdigit() or account_id.count(":") != 1:
        return None  # a login id without its time (made before this rule): log in again
    limit = current_app.config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()
    if _now() - int(stamp) > limit:
        return None
    return load_account(account_id)


def _enforce_idle_timeout() -> None:
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    now = _now()
    last_seen = session.get(LAST_SEEN)
    idle_limit = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    if isinstance(last_seen, int) and now - last_seen > idle_limit:
        language = session.get(LANG_SESSION_KEY)
        logout_user()  # also marks the remember-me cookie for deletion
        remember = session.get("_remember")
        session.clear()
        if language:
            session[LANG_SESSION_KEY] = language
        if remember:
            session["_remember"] = remember
        flash(_("You were logged out after a while without activity. Please log in again."), "info")
        return
    if not isinstance(last_seen, int) or now - last_seen >= _TOUCH_EVERY:
        session[LAST_SEEN] = now


def init_app(app, login_manager) -> None:
    login_manager.user_loader(load_user)
    user_logged_in.connect(_start_session, app)
    app.before_request(_enforce_idle_timeout)
