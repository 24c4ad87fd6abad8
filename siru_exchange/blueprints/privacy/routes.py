import json
from datetime import date

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ...services import privacy
from ...services.errors import ValidationFailed
from ..downloads import download
from ..formtools import apply_errors
from . import bp
from .forms import DeleteAccountForm, ExportForm


@bp.get("/")
def policy_page():
    """What is kept, why and for how long (the periods come from the configuration)."""
    config = current_app.config
    return render_template(
        "privacy/policy.html",
        inactive_years=config["RETENTION_INACTIVE_ACCOUNT_DAYS"] // 365,
        unverified_days=config["RETENTION_UNVERIFIED_ACCOUNT_DAYS"],
        closed_listing_months=round(config["RETENTION_CLOSED_LISTING_DAYS"] / 30.4),
        audit_years=config["AUDIT_RETENTION_DAYS"] // 365,
        backup_days=config["BACKUP_RETENTION_DAYS"],
    )


@bp.get("/your-data")
@login_required
def your_data():
    return render_template(
        "privacy/your_data.html", form=ExportForm(), last_member=privacy.is_last_member(current_user)
    )


@bp.post("/export")
@login_required
def export():
    """All data about the user and their organisation, as a JSON file."""
    form = ExportForm()
    if not form.validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("privacy.your_data"))
    data = privacy.export_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    filename = f"siru-exchange-data-{date.today().isoformat()}.json"
    return download(body, "application/json", filename)


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete one's own account after confirming with the password."""
    form = DeleteAccountForm()
    last_member = privacy.is_last_member(current_user)
    if form.validate_on_submit():
        try:
            result = privacy.delete_account(current_user._get_current_object(), form.password.data or "")
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        else:
            logout_user()
            if result.organisation_removed:
                flash(_("Your account and your organisation are deleted. Thank you for using SIRU Exchange."),
                      "success")
            else:
                flash(_("Your account is deleted. Thank you for using SIRU Exchange."), "success")
            return redirect(url_for("main.index"))
    return render_template("privacy/delete.html", form=form, last_member=last_member), (
        422 if form.errors else 200
    )
