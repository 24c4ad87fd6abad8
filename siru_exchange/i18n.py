"""Which language a request is served in: the user's choice (cookie or profile), else Swedish."""
from flask import current_app, request, session
from flask_login import current_user

LANG_SESSION_KEY = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get(LANG_SESSION_KEY)
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.language in languages:
        return current_user.language
    if request and request.args.get("lang") in languages:
        return request.args["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]
