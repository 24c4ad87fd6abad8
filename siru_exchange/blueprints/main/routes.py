from urllib.parse import urlparse

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from ...i18n import LANG_SESSION_KEY
from ...services import accounts, stats
from ...services.listings import SearchFilters, search
from . import bp


@bp.get("/")
def index():
    latest = search(current_user, SearchFilters(), per_page=6)
    return render_template("main/index.html", latest=latest.items, counts=stats.visible_counts(current_user))


@bp.post("/language")
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session[LANG_SESSION_KEY] = lang
        if current_user.is_authenticated:
            accounts.update_profile(current_user, current_user.name, lang)
    return redirect(_safe_next(request.form.get("next")))


def _safe_next(target: str | None) -> str:
    """Only redirect back within this site."""
    if target:
        parsed = urlparse(target)
        if not parsed.scheme and not parsed.netloc and target.startswith("/"):
            return target
    return url_for("main.index")
