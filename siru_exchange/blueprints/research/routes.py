"""The researcher's workspace and its exports. Researchers and admins only; anyone else gets 404.
Every figure comes from `services.research`, which computes it from one anonymised release."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ... import policy
from ...services import research, spreadsheets
from ..downloads import download
from . import bp


@bp.before_request
@login_required
def _researchers_only():
    """Only researchers and admins know these pages exist."""
    if not policy.can(current_user, "research"):
        abort(404)


@bp.get("/")
def index():
    filters = research.parse_filters(request.args)
    return render_template("research/index.html", **research.workspace(filters),
                           dimensions=research.DIMENSION_LABELS)


@bp.post("/export")
def export():
    """An anonymised export (CSV or XLSX) of every submitted answer, logged in the audit log."""
    try:
        data, filename, _summary = research.export(request.form.get("format", ""), actor=current_user)
    except research.ResearchError as error:
        flash(error.message, "error")
        return redirect(url_for("research.index"), code=303)
    fmt = filename.rsplit(".", 1)[1]
    return download(data, spreadsheets.MIME[fmt], filename)
