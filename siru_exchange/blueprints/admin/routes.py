from flask import render_template, request

from ...services import audit
from ..formtools import page_arg
from ..guards import hidden_unless
from . import bp
from .forms import AuditFilterForm

bp.before_request(hidden_unless("admin"))


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
