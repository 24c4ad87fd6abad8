"""Which language a request is served in: the user's choice (cookie or profile), else Swedish."""

import os

from flask import current_app, has_request_context, request, session
from flask_login import current_user

LANG_SESSION_KEY = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI speaks the shell's language (SIRU_LANG, else LANG)
        for var in ("SIRU_LANG", "LC_ALL", "LANG"):
            value = os.environ.get(var, "")[:2]
            if value in languages:
                return value
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get(LANG_SESSION_KEY)
    if chosen in languages:
        return chosen
    if (
        current_user
        and getattr(current_user, "is_authenticated", False)
        and current_user.language in languages
    ):
        return current_user.language
    if request.args.get("lang") in languages:
        return request.args["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]
