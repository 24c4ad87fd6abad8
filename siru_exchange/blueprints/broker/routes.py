from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...services import approvals as approval_service
from ...services import introductions as introduction_service
from ...services.errors import Conflict, NotAllowed, ValidationFailed
from ...services.introductions import FOCUSES, QueueFilters, Refused
from ..formtools import apply_errors, int_form_value
from ..guards import hidden_unless, visible_or_404
from ..introductions.routes import conflict_message
from . import bp
from .forms import BrokerNoteForm, DecisionForm, IntroduceForm, QueueFilterForm

bp.before_request(hidden_unless("broker"))


@bp.get("/")
def queue():
    form = QueueFilterForm(request.args)
    form.fill_choices()
    filters = QueueFilters(
        municipality=form.municipality.data or None,
        resource_class=form.resource_class.data or None,
        focus=form.focus.data if form.focus.data in FOCUSES else None,
    )
    work = introduction_service.broker_queue(current_user, filters)
    return render_template("broker/queue.html", form=form, filters=filters, **work)


def _introduced(introduction):
    flash(_("The organisations are introduced. Each is asked to accept or decline."), "success")
    return redirect(url_for("introductions.show", introduction_id=introduction.id))


def _submit(form, introduce):
    """Run one of the introduction service's calls for a broker's form: a response to send, or None to
    show the form again with the errors next to its fields."""
    try:
        introduction = introduce()
    except NotAllowed:
        abort(404)
    except ValidationFailed as exc:
        apply_errors(form, exc.errors)
        return None
    except Refused as exc:
        flash(exc.message, "error")
        if exc.introduction is not None:
            return redirect(url_for("introductions.show", introduction_id=exc.introduction.id))
        return redirect(url_for("broker.queue"))
    return _introduced(introduction)


@bp.route("/suggestions/<int:target_id>/introduce", methods=["GET", "POST"], defaults={"kind": "suggestion"})
@bp.route("/chains/<int:target_id>/introduce", methods=["GET", "POST"], defaults={"kind": "chain"})
def introduce(kind: str, target_id: int):
    """A broker introduces the organisations of a suggestion or of a chain to each other."""
    target = introduction_service.introduction_target(current_user, kind, target_id)
    if target is None:
        abort(404)
    form = IntroduceForm()
    if form.validate_on_submit():
        response = _submit(
            form, lambda: introduction_service.introduce(current_user, kind, target_id, form.note.data or "")
        )
        if response is not None:
            return response
    return render_template("broker/introduce.html", form=form, **target), (422 if form.errors else 200)


@bp.route("/requests/<int:introduction_id>/take", methods=["GET", "POST"])
def take_request(introduction_id: int):
    introduction = visible_or_404(introduction_service.get_visible, introduction_id)
    form = IntroduceForm()
    if request.method == "GET":
        form.version.data = str(introduction.version)
    if form.validate_on_submit():
        try:
            introduction_service.take_request(
                current_user, introduction, form.note.data or "", int_form_value("version")
            )
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        except Refused as exc:
            flash(exc.message, "error")
            return redirect(url_for("introductions.show", introduction_id=introduction.id))
        except Conflict:
            flash(conflict_message(), "error")
            return redirect(url_for("introductions.show", introduction_id=introduction.id))
        else:
            flash(
                _(
                    "The request is passed on. "
                    "The organisation behind the listing is asked to accept or decline."
                ),
                "success",
            )
            return redirect(url_for("introductions.show", introduction_id=introduction.id))
    return render_template("broker/take_request.html", form=form, introduction=introduction), (
        422 if form.errors else 200
    )


@bp.post("/introductions/<int:introduction_id>/notes")
def add_note(introduction_id: int):
    introduction = visible_or_404(introduction_service.get_visible, introduction_id)
    form = BrokerNoteForm()
    try:
        introduction_service.add_broker_note(current_user, introduction, form.body.data or "")
    except NotAllowed:
        abort(404)
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(_("Your note is saved. Only brokers see it."), "success")
    return redirect(url_for("introductions.show", introduction_id=introduction.id) + "#broker-notes")


@bp.get("/approvals")
def approvals():
    """New organisations waiting for approval and requests to join a registered organisation."""
    return render_template("broker/approvals.html",
                           organisations=approval_service.pending_organisations(current_user),
                           claims=approval_service.pending_claims(current_user))


def _decide(decide, target_id: int, positive: str, messages: dict[str, str]):
    form = DecisionForm()
    decision = request.form.get("decision")
    if not form.validate_on_submit() or decision not in messages:
        abort(400)
    try:
        decide(current_user, target_id, decision == positive, form.note.data or "")
    except NotAllowed:
        abort(404)
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(messages[decision], "success")
    return redirect(url_for("broker.approvals"))


@bp.post("/organisations/<int:org_id>/decision")
def decide_organisation(org_id: int):
    return _decide(approval_service.decide_organisation, org_id, "approve", {
        "approve": _("The organisation is approved. Its listings are now seen by others."),
        "refuse": _("The organisation is refused. Its listings stay hidden from others."),
    })


@bp.post("/claims/<int:claim_id>/decision")
def decide_claim(claim_id: int):
    return _decide(approval_service.decide_claim, claim_id, "grant", {
        "grant": _("The person is added to the organisation."),
        "refuse": _("The request is refused."),
    })
