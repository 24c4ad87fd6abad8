from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...limits import limited
from ...models.introduction import NEXT_STATUS, STATUSES
from ...services import introductions as introduction_service
from ...services import messaging, notifications
from ...services.errors import NotAllowed, ValidationFailed
from ...services.introductions import Refused, StatusSection
from ..formtools import apply_errors, int_form_value, page_arg
from ..guards import take_step, visible_or_404
from ..knowledge_form import introduction_preset, teach_form
from . import bp
from .forms import MessageForm, RequestForm
from .labels import INTRODUCTION_STATUS_LABELS


def conflict_message() -> str:
    return _(
        "Someone else changed this introduction a moment ago. Check it and try again; nothing was changed."
    )


def _visible(introduction_id: int):
    return visible_or_404(introduction_service.get_visible, introduction_id)


def _back(introduction):
    return redirect(url_for("introductions.show", introduction_id=introduction.id))


@bp.get("/")
@login_required
def index():
    """The pipeline: a broker's across the region, a member's across its organisation."""
    if not current_user.organisation_id and not policy.can(current_user, "broker"):
        flash(_("Introductions belong to organisations; your account has none."), "info")
        return redirect(url_for("main.index"))
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    if status is None:
        return render_template("introductions/index.html", sections=introduction_service.pipeline_overview(
            current_user), status=None, page=None)
    page = introduction_service.pipeline_page(current_user, status, page_arg())
    return render_template("introductions/index.html", status=status, page=page,
                           sections={status: StatusSection(page.items, page.total)})


@bp.route("/request", methods=["GET", "POST"])
@login_required
@limited("introduction_request", "user", counts="successes")
def request_introduction():
    """Ask for contact about a listing (?listing=<its public id>) or the other side of a suggestion
    (?suggestion=ID)."""
    listing_ref = request.args.get("listing") or None
    suggestion_id = request.args.get("suggestion", type=int)
    if listing_ref is None and suggestion_id is None:
        abort(404)
    listing = _requested_listing(listing_ref, suggestion_id)
    form = RequestForm()
    if form.validate_on_submit():
        try:
            introduction = introduction_service.request_introduction(
                current_user,
                listing_id=None if suggestion_id else listing.id,
                suggestion_id=suggestion_id,
                note=form.note.data or "",
            )
        except NotAllowed:
            abort(404)
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        except Refused as exc:
            flash(exc.message, "error")
            if exc.introduction is not None:
                return _back(exc.introduction)
            return redirect(url_for("listings.show", listing_id=listing.url_key))
        else:
            if introduction.needs_broker:
                flash(
                    _(
                        "Your request is sent to a broker, who contacts the organisation behind the listing. "
                        "You will see who it is once both sides have accepted."
                    ),
                    "success",
                )
            else:
                flash(_("Your request is sent. The organisation is asked to accept or decline."), "success")
            return _back(introduction)
    return render_template(
        "introductions/request.html", form=form, listing=listing
    ), 422 if form.errors else 200


def _requested_listing(listing_ref, suggestion_id):
    """The listing asked about, as this user may see it (404 otherwise)."""
    listing = introduction_service.requested_listing(current_user, listing_ref, suggestion_id)
    if listing is None:
        abort(404)
    return listing


@bp.get("/<int:introduction_id>")
@login_required
def show(introduction_id: int):
    introduction = _visible(introduction_id)
    form = MessageForm()
    form.token.data = messaging.new_token()
    notifications.mark_read_for_introduction(current_user, introduction.id)
    return _render_show(introduction, form)


def _render_show(introduction, form, status: int = 200):
    return render_template(
        "introductions/show.html",
        introduction=introduction,
        form=form,
        messages=messaging.thread(current_user, introduction),
        notes=introduction_service.broker_notes(current_user, introduction),
        my_party=introduction.party_for(current_user.organisation_id),
        next_status=NEXT_STATUS.get(introduction.status),
        teach=(teach_form(**introduction_preset(introduction))
               if policy.can(current_user, "teach_matching") else None),
    ), status


def _answered_message(choice: str, introduction) -> str:
    if introduction.status == "accepted":
        return _("Everyone has accepted. "
                 "The contact details are shown below, and you can write to each other.")
    if choice == "accept":
        return _("You accepted. The other side is asked too; you will be told when everyone has answered.")
    return _("You declined the introduction. The other side is told, without any reason.")


@bp.post("/<int:introduction_id>/answer")
@login_required
def answer(introduction_id: int):
    introduction = _visible(introduction_id)
    choice = request.form.get("answer", "")
    if choice not in ("accept", "decline"):
        abort(400)
    version = int_form_value("version")
    return take_step(
        lambda: introduction_service.answer(current_user, introduction, choice == "accept", version),
        _back(introduction), conflict_message(), lambda: _answered_message(choice, introduction),
    )


@bp.post("/<int:introduction_id>/status")
@login_required
def advance(introduction_id: int):
    introduction = _visible(introduction_id)
    status, version = request.form.get("status", ""), int_form_value("version")
    return take_step(
        lambda: introduction_service.advance(current_user, introduction, status, version),
        _back(introduction), conflict_message(),
        lambda: _("The introduction is now: %(status)s.", status=_status_label(introduction.status)),
    )


def _status_label(status: str) -> str:
    return str(INTRODUCTION_STATUS_LABELS.get(status, status))


@bp.post("/<int:introduction_id>/messages")
@login_required
@limited("message", "user", counts="successes")
def post_message(introduction_id: int):
    introduction = _visible(introduction_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            messaging.post_message(current_user, introduction, form.body.data or "", form.token.data or "")
        except ValidationFailed as exc:
            if "token" in exc.errors:
                form.token.data = messaging.new_token()
                exc.errors["body"] = exc.errors.pop("token")
            apply_errors(form, exc.errors)
        except Refused as exc:
            flash(exc.message, "error")
            return _render_show(introduction, form, 409)
        else:
            flash(_("Your message is sent."), "success")
            return redirect(url_for("introductions.show", introduction_id=introduction.id) + "#messages")
    return _render_show(introduction, form, 422)


@bp.post("/<int:introduction_id>/broker-access")
@login_required
def broker_access(introduction_id: int):
    introduction = _visible(introduction_id)
    allow = request.form.get("allow") == "1"
    return take_step(
        lambda: introduction_service.set_broker_access(current_user, introduction, allow),
        _back(introduction), conflict_message(),
        lambda: _("The broker may follow your messages once every organisation allows it.")
        if allow else _("The broker can no longer follow your messages."),
    )
