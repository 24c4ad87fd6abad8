from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...extensions import db
from ...limits import limited
from ...models import Organisation
from ...services import account_links, accounts, dashboard, organisations
from ...services.errors import NotAllowed, ValidationFailed
from ..formtools import apply_errors
from . import bp
from .forms import MemberForm, OrganisationForm


def _organisation(org_id: int) -> Organisation:
    organisation = db.session.get(Organisation, org_id)
    if organisation is None or organisation.is_deleted:  # its last member deleted their account
        abort(404)
    return organisation


@bp.get("/<int:org_id>")
def show(org_id: int):
    organisation = _organisation(org_id)
    if not policy.can(current_user, "view_organisation", organisation):
        abort(404)  # not approved yet: others do not learn that it is registered
    listings = organisations.visible_listings(current_user, organisation)
    impact = None
    if policy.can(current_user, "see_organisation_impact", organisation):
        year = dashboard.current_year()
        impact = {"year": year, "figures": dashboard.organisation_impact(organisation, year)}
    return render_template("organisations/show.html", organisation=organisation, listings=listings,
                           impact=impact)


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    organisation = _organisation(org_id)
    if not policy.can(current_user, "edit_organisation", organisation):
        abort(403)
    form = OrganisationForm(obj=organisation if request.method == "GET" else None)
    form.fill_organisation_choices()
    if request.method == "GET":
        form.org_name.data = organisation.name
    if form.validate_on_submit():
        try:
            accounts.update_organisation(organisation, form.organisation_input())
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        else:
            flash(_("The organisation profile is saved."), "success")
            return redirect(url_for("organisations.show", org_id=organisation.id))
    return render_template("organisations/edit.html", form=form, organisation=organisation), (
        422 if form.errors else 200
    )


@bp.route("/<int:org_id>/members", methods=["GET", "POST"])
@limited("email_link", "user")
@login_required
def members(org_id: int):
    """The organisation's members, and inviting a colleague by email (who chooses a password)."""
    organisation = _organisation(org_id)
    if not policy.can(current_user, "edit_organisation", organisation):
        abort(403)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            account_links.invite_member(current_user, organisation, form.name.data or "",
                                        form.email.data or "")
        except NotAllowed:
            flash(_("Confirm your own email address before you invite colleagues."), "error")
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        else:
            flash(_("If the address can be used, we have sent an invitation to it. Your colleague chooses "
                    "a password through the link."), "success")
            return redirect(url_for("organisations.members", org_id=organisation.id))
    return render_template("organisations/members.html", form=form, organisation=organisation,
                           invited=account_links.pending_invitations(organisation)), (
        422 if form.errors else 200
    )
