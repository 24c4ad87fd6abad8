from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...services import jobs, matching, reference
from ...services.errors import NotAllowed, ValidationFailed
from ..formtools import page_arg
from ..main.routes import _safe_next
from . import bp

STATE_FILTERS = ("interested", "dismissed")


@bp.get("/")
@login_required
def organisation():
    """All suggestions of the user's organisation, best first, and the chains it is part of."""
    if not current_user.organisation_id:
        flash(_("Suggestions belong to organisations; your account has none."), "info")
        return redirect(url_for("main.index"))
    state = request.args.get("state") if request.args.get("state") in STATE_FILTERS else None
    lang = reference.current_language()
    page = matching.for_organisation(current_user, current_user.organisation_id, lang, state=state,
                                     page=page_arg())
    chains = matching.chains_for_organisation(current_user, current_user.organisation_id, lang)
    computing = jobs.organisation_computing(current_user.organisation_id)
    return render_template("matches/organisation.html", suggestions=page.items, suggestion_page=page,
                           chains=chains, state=state, computing=computing)


@bp.post("/<int:suggestion_id>/state")
@login_required
def set_state(suggestion_id: int):
    state = request.form.get("state", "")
    try:
        matching.set_state(current_user, suggestion_id, state)
    except NotAllowed:
        abort(404)
    except ValidationFailed:
        abort(400)
    messages = {
        "interested": _("Marked as interesting. You can ask for an introduction when you are ready."),
        "dismissed": _("Marked as not relevant. It stays hidden, even when suggestions are recomputed."),
        "new": _("The suggestion is back in your list."),
    }
    flash(messages[state], "success")
    return redirect(
        _safe_next(request.form.get("next")) if request.form.get("next") else url_for("matches.organisation")
    )
