"""Exchange pages: record (a party, or a broker for an outside deal), show with its working and
history, confirm, edit, end and verify. Views parse, ask the policy, call the service, flash."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...services import exchanges as service
from ...services import introductions as introduction_service
from ...services.errors import AlreadySubmitted, Conflict, NotAllowed, ValidationFailed
from ...services.introductions import Refused
from ..formtools import apply_errors, int_form_value, new_submission_token, submission_token_value
from ..guards import take_step, visible_or_404
from . import bp
from .forms import EndForm, ExchangeForm, OutsideExchangeForm, VerifyForm


def conflict_message() -> str:
    return _("Someone else changed this exchange a moment ago. Check it and try again; nothing was changed.")


def _visible(exchange_id: int):
    return visible_or_404(service.get_visible, exchange_id)


def _back(exchange):
    return redirect(url_for("exchanges.show", exchange_id=exchange.id))


@bp.get("/")
@login_required
def index():
    """A member's organisation's exchanges; a broker's across the region."""
    if not current_user.organisation_id and not policy.can(current_user, "broker"):
        flash(_("Exchanges belong to organisations; your account has none."), "info")
        return redirect(url_for("main.index"))
    return render_template("exchanges/index.html", exchanges=service.visible_exchanges(current_user))


def _form_page(form, title: str, action: str, introduction=None, exchange=None, status: int = 200):
    return render_template(
        "exchanges/form.html",
        form=form,
        title=title,
        action=action,
        introduction=introduction,
        exchange=exchange,
    ), status


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """A party records the exchange of an agreed introduction (?introduction=ID)."""
    introduction_id = request.args.get("introduction", type=int)
    introduction = (
        introduction_service.get_visible(current_user, introduction_id) if introduction_id else None
    )
    if introduction is None:
        abort(404)
    form = ExchangeForm()
    form.fill_choices(service.organisation_choices(introduction))
    action = url_for("exchanges.new", introduction=introduction.id)
    title = _("Record the exchange")
    if request.method == "GET":
        if not policy.can(current_user, "propose_exchange", introduction):
            flash(_("Only the organisations in an agreed introduction can record its exchange."), "error")
            return redirect(url_for("introductions.show", introduction_id=introduction.id))
        form.submission.data = new_submission_token()
        others = [
            p.organisation_id
            for p in introduction.parties
            if p.organisation_id != current_user.organisation_id
        ]
        form.supplier_id.data = str(current_user.organisation_id)
        form.receiver_id.data = str(others[0]) if others else ""
        listing = next((p.listing for p in introduction.parties if p.listing is not None), None)
        if listing is not None:
            form.resource_class.data = listing.effective_class
            form.unit.data = listing.unit
        return _form_page(form, title, action, introduction)
    if not form.validate():
        return _form_page(form, title, action, introduction, status=400)
    try:
        exchange = service.propose(current_user, introduction, form.to_input(), submission_token_value())
    except ValidationFailed as exc:
        apply_errors(form, exc.errors)
        return _form_page(form, title, action, introduction, status=400)
    except AlreadySubmitted as exc:
        return _back(exc.existing)
    except Refused as exc:
        flash(exc.message, "error")
        return redirect(url_for("introductions.show", introduction_id=introduction.id))
    except NotAllowed:
        abort(404)
    flash(_("The exchange is recorded. The other organisation is asked to confirm the figures."), "success")
    return _back(exchange)


@bp.route("/record", methods=["GET", "POST"])
@login_required
def record():
    """A broker records a deal made outside the platform, between two organisations."""
    if not policy.can(current_user, "record_exchange"):
        abort(404)
    form = OutsideExchangeForm()
    form.fill_choices()
    action, title = url_for("exchanges.record"), _("Record a deal made outside the platform")
    if request.method == "GET":
        form.submission.data = new_submission_token()
        return _form_page(form, title, action)
    if not form.validate():
        return _form_page(form, title, action, status=400)
    try:
        exchange = service.record_outside(current_user, form.to_input(), submission_token_value())
    except ValidationFailed as exc:
        apply_errors(form, exc.errors, form.ERROR_FIELDS)
        return _form_page(form, title, action, status=400)
    except AlreadySubmitted as exc:
        return _back(exc.existing)
    flash(_("The deal is recorded and counts in the figures."), "success")
    return _back(exchange)


@bp.get("/<int:exchange_id>")
@login_required
def show(exchange_id: int):
    exchange = _visible(exchange_id)
    return _render_show(exchange)


def _render_show(exchange, end_form=None, verify_form=None, status: int = 200):
    end_form = end_form or EndForm(formdata=None)
    verify_form = verify_form or VerifyForm(formdata=None)
    end_form.version.data = verify_form.version.data = str(exchange.version)
    return render_template(
        "exchanges/show.html",
        exchange=exchange,
        impact=service.impact_for_page(exchange),
        end_form=end_form,
        verify_form=verify_form,
    ), status


def _step(exchange, step, success, field=None, shown=None):
    """An exchange's confirm, end or verify: `field` (of the form in `shown`, the show page's keyword)
    carries the service's field errors when the input is refused."""

    def invalid(exc):
        field.errors = [*field.errors, *exc.errors.values()]
        flash(_("Please correct the marked fields."), "error")
        return _render_show(exchange, status=400, **shown)

    return take_step(step, _back(exchange), conflict_message(), success,
                     invalid if field is not None else None)


@bp.post("/<int:exchange_id>/confirm")
@login_required
def confirm(exchange_id: int):
    exchange = _visible(exchange_id)
    version = int_form_value("version")
    return _step(exchange, lambda: service.confirm(current_user, exchange, version),
                 lambda: _("You confirmed the figures. The exchange now counts in the impact figures."))


@bp.route("/<int:exchange_id>/edit", methods=["GET", "POST"])
@login_required
def edit(exchange_id: int):
    exchange = _visible(exchange_id)
    form = ExchangeForm()
    form.fill_choices(
        [(exchange.supplier_id, exchange.supplier.name), (exchange.receiver_id, exchange.receiver.name)]
    )
    action, title = url_for("exchanges.edit", exchange_id=exchange.id), _("Change the exchange")
    if not policy.can(current_user, "edit", exchange):
        flash(_("Only the organisations in this exchange can change it, until it has ended."), "error")
        return _back(exchange)
    if request.method == "GET":
        form.fill_from(exchange)
        return _form_page(form, title, action, exchange=exchange)
    if not form.validate():
        return _form_page(form, title, action, exchange=exchange, status=400)
    try:
        service.edit(current_user, exchange, form.to_input(), int_form_value("version"))
    except ValidationFailed as exc:
        apply_errors(form, exc.errors)
        return _form_page(form, title, action, exchange=exchange, status=400)
    except Conflict:
        flash(conflict_message(), "error")
        return _form_page(form, title, action, exchange=exchange, status=409)
    except Refused as exc:
        flash(exc.message, "info")
        return _back(exchange)
    flash(_("The exchange is changed; the history shows what changed."), "success")
    return _back(exchange)


@bp.post("/<int:exchange_id>/end")
@login_required
def end(exchange_id: int):
    exchange = _visible(exchange_id)
    form = EndForm()
    if not form.validate():
        return _render_show(exchange, end_form=form, status=400)
    version = int_form_value("version")
    return _step(exchange, lambda: service.end(current_user, exchange, form.ended_on.data, version),
                 lambda: _("The exchange is ended. Its figures count up to its last day."),
                 form.ended_on, {"end_form": form})


@bp.post("/<int:exchange_id>/verify")
@login_required
def verify(exchange_id: int):
    exchange = _visible(exchange_id)
    form = VerifyForm()
    if not form.validate():
        return _render_show(exchange, verify_form=form, status=400)
    version = int_form_value("version")
    return _step(exchange, lambda: service.verify(current_user, exchange, form.note.data or "", version),
                 lambda: _("You marked the figures as verified."), form.note, {"verify_form": form})
