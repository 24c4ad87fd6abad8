from flask import abort, render_template, request
from flask_login import current_user, login_required

from ... import policy
from ...services import audit
from ..formtools import page_arg
from . import bp
from .forms import AuditFilterForm


@bp.before_request
@login_required
def _admins_only():
    """Only admins know these pages exist."""
    if not policy.can(current_user, "admin"):
        abort(404)


@bp.get("/audit")
def audit_log():
    """The audit log, newest first, filtered by who, what and when."""
    form = AuditFilterForm(request.args)
    form.fill_choices()
    filters = form.filters()
    page = audit.search(filters, page=page_arg())
    return render_template(
        "admin/audit.html", form=form, page=page, filters=filters,
        actors=audit.actor_names(page.items), labels=audit.ACTION_LABELS,
        target_labels=audit.TARGET_LABELS, detail_labels=audit.DETAIL_LABELS,
    )
