from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ...services import audit, knowledge
from ...services.errors import ValidationFailed
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


# -- the matching knowledge brokers proposed ------------------------------------------------------

DECISIONS = ("accept", "reject")


@bp.get("/knowledge")
def knowledge_proposals():
    """What brokers proposed to teach the matching, open ones first, and the knowledge version."""
    return render_template("admin/knowledge.html", describe=knowledge.describe,
                           **knowledge.proposals(current_user))


@bp.route("/knowledge/<int:proposal_id>/decide", methods=["GET", "POST"])
def decide_knowledge(proposal_id: int):
    """Accept or reject a proposal, after a confirmation page (GET shows it, POST decides)."""
    proposal = knowledge.get(current_user, proposal_id)
    if proposal is None:
        abort(404)
    decision = request.values.get("decision")
    if decision not in DECISIONS:
        abort(400)
    form = FlaskForm()
    if request.method == "GET":
        return render_template("admin/knowledge_decide.html", proposal=proposal, decision=decision, form=form,
                               describe=knowledge.describe, next_version=knowledge.version() + 1)
    if not form.validate_on_submit():
        abort(400)
    try:
        proposal = knowledge.decide(current_user, proposal_id, decision == "accept")
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
    else:
        if decision == "accept":
            flash(_("Accepted: %(what)s. The matching uses it from now on (knowledge version %(n)d).",
                    what=knowledge.describe(proposal), n=proposal.knowledge_version), "success")
        else:
            flash(_("Rejected: %(what)s. The matching does not learn it.", what=knowledge.describe(proposal)),
                  "success")
    return redirect(url_for("admin.knowledge_proposals"))
