from dataclasses import replace

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ... import policy
from ...limits import limited
from ...services import dashboard, jobs, matching, reference
from ...services import listings as listing_service
from ...services.errors import AlreadySubmitted, Conflict, NotAllowed, ValidationFailed
from ..formtools import apply_errors, int_form_value, new_submission_token, page_arg, submission_token_value
from ..guards import visible_or_404
from ..impact.maps import map_tiles
from . import bp
from .forms import FilterForm, ListingForm

STATUS_MESSAGES = {
    "paused": lambda: _("The listing is paused. It is hidden until you activate it again."),
    "active": lambda: _("The listing is active again."),
    "closed": lambda: _("The listing is closed."),
}


def _filters(form) -> listing_service.SearchFilters:
    return listing_service.SearchFilters(
        kind=form.kind.data or None, resource_class=form.resource_class.data or None,
        municipality=form.municipality.data or None, q=(form.q.data or "").strip() or None,
        within_km=form.within.data or None, page=page_arg(),
    )


@bp.get("/")
def index():
    form = FilterForm(request.args)
    form.fill_choices()
    filters = _filters(form)
    status = 200
    try:
        page = listing_service.search(current_user, filters, per_page=current_app.config["LISTINGS_PER_PAGE"])
    except ValidationFailed as exc:
        # A distance that is not on the list, or asked without an organisation: said beside the field,
        # and the listings shown without it.
        apply_errors(form, exc.errors)
        filters = replace(filters, within_km=None)
        page = listing_service.search(current_user, filters, per_page=current_app.config["LISTINGS_PER_PAGE"])
        status = 422
    view = "map" if request.args.get("view") == "map" else "list"
    points = None
    if view == "map":
        counts = listing_service.count_by_municipality(current_user, filters)
        points = dashboard.municipality_points(listings=counts)
    return render_template("listings/index.html", form=form, page=page, filters=filters, view=view,
                           points=points, tiles=map_tiles()), status


@bp.get("/map.json")
def map_data():
    """The listings map: how many of the listings the filters find lie in each municipality."""
    form = FilterForm(request.args)
    form.fill_choices()
    try:
        counts = listing_service.count_by_municipality(current_user, _filters(form))
    except ValidationFailed as exc:
        return jsonify({"errors": exc.errors}), 422
    points = dashboard.municipality_points(listings=counts)
    for point in points:
        point["summary"] = ngettext("%(name)s: %(num)d listing", "%(name)s: %(num)d listings",
                                    point["listings"], name=point["name"])
    return jsonify({"municipalities": points})


@bp.get("/mine")
@login_required
def mine():
    if not current_user.organisation_id:
        flash(_("Your account does not belong to an organisation, so it has no listings."), "info")
        return redirect(url_for("listings.index"))
    items = listing_service.organisation_listings(current_user.organisation_id)
    return render_template("listings/mine.html", listings=items)


@bp.route("/new", methods=["GET", "POST"])
@login_required
@limited("listing_create", "user", counts="successes")
def create():
    if not policy.can(current_user, "post_listing"):
        if current_user.organisation_id and not current_user.is_verified:
            flash(_("Confirm your email address before you post: open the link we sent you."), "error")
            return redirect(url_for("listings.mine"))
        abort(403)
    form = ListingForm()
    form.fill_choices()
    if request.method == "GET":
        form.submission.data = new_submission_token()
        if request.args.get("kind") in ("offer", "need"):
            form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        try:
            listing = listing_service.create_listing(current_user, form.to_input(), submission_token_value())
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        except AlreadySubmitted as exc:
            flash(_("This form was already sent, so the listing is published once. Here it is."), "info")
            return redirect(url_for("listings.show", listing_id=exc.existing.url_key))
        else:
            flash(_("Your listing is published."), "success")
            return redirect(url_for("listings.show", listing_id=listing.url_key))
    return render_template("listings/form.html", form=form, listing=None), 422 if form.errors else 200


@bp.get("/<listing:listing_id>")
def show(listing_id: str):
    listing = listing_service.get_visible(current_user, listing_id)
    if listing is None:
        abort(404)
    suggestions = suggestion_page = computing = None
    if policy.can(current_user, "see_suggestions", listing):
        suggestion_page = matching.for_listing(current_user, listing, reference.current_language(),
                                               page=page_arg())
        suggestions = suggestion_page.items
        computing = jobs.suggestions_state(listing)
    return render_template("listings/show.html", listing=listing, suggestions=suggestions,
                           suggestion_page=suggestion_page, computing=computing)


def _editable(listing_id: str):
    listing = visible_or_404(listing_service.get_visible, listing_id)
    if not policy.can(current_user, "edit", listing):
        abort(403)
    return listing


@bp.route("/<listing:listing_id>/edit", methods=["GET", "POST"])
@login_required
def edit(listing_id: str):
    listing = _editable(listing_id)
    form = ListingForm(obj=listing if request.method == "GET" else None)
    form.fill_choices()
    conflict = None
    if request.method == "GET":
        form.version.data = str(listing.version)
        form.resource_class.data = listing.resource_class or ""
    if form.validate_on_submit():
        try:
            listing_service.update_listing(current_user, listing, form.to_input(), int_form_value("version"))
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        except Conflict as exc:
            conflict = exc.current
            form.version.data = str(conflict.version)
            flash(_("Someone else saved this listing while you were editing it. Your text is kept below; "
                    "compare it with the saved version and save again."), "error")
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("listings.show", listing_id=listing.url_key))
    status = 409 if conflict is not None else (422 if form.errors else 200)
    return render_template("listings/form.html", form=form, listing=listing, conflict=conflict), status


@bp.route("/<listing:listing_id>/status", methods=["GET", "POST"])
@login_required
def change_status(listing_id: str):
    listing = _editable(listing_id)
    status = request.values.get("status", "")
    if status not in STATUS_MESSAGES:
        abort(400)
    if request.method == "GET":
        return render_template("listings/confirm_status.html", listing=listing, status=status)
    try:
        listing_service.set_status(current_user, listing, status, int_form_value("version"))
    except Conflict:
        flash(_("Someone else changed this listing a moment ago. Check it and try again."), "error")
    except (ValidationFailed, NotAllowed):
        abort(400)
    else:
        flash(STATUS_MESSAGES[status](), "success")
    return redirect(url_for("listings.show", listing_id=listing.url_key))
