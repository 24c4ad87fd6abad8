from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...services import notifications
from ...services.errors import NotAllowed
from ..formtools import page_arg
from . import bp
from .forms import PreferencesForm


@bp.get("/")
@login_required
def index():
    page = notifications.for_user(current_user, page_arg())
    items = [{"n": n, "text": notifications.text(n.kind, n.event, n.introduction_id)} for n in page.items]
    return render_template("notifications/index.html", page=page, items=items)


@bp.post("/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    try:
        notification = notifications.mark_read(current_user, notification_id)
    except NotAllowed:
        abort(404)
    if request.form.get("open") and notification.kind == "survey":
        return redirect(url_for("survey.index"))
    if request.form.get("open") and notification.introduction_id:
        return redirect(url_for("introductions.show", introduction_id=notification.introduction_id))
    return redirect(url_for("notifications.index"))


@bp.post("/read-all")
@login_required
def read_all():
    notifications.mark_all_read(current_user)
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    prefs = notifications.preferences(current_user)
    form = PreferencesForm(obj=prefs if request.method == "GET" else None)
    if form.validate_on_submit():
        notifications.update_preferences(current_user, form.choices())
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form, kinds=notifications.KIND_LABELS)
