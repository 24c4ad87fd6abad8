from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ...i18n import LANG_SESSION_KEY
from ...limits import limited
from ...services import accounts
from ...services.errors import ValidationFailed
from ..formtools import apply_errors
from ..main.routes import _safe_next
from . import bp
from .forms import LoginForm, PasswordForm, ProfileForm, RegistrationForm


@bp.route("/register", methods=["GET", "POST"])
@limited("register", "address", counts="successes")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegistrationForm()
    form.fill_organisation_choices()
    if request.method == "GET":
        form.language.data = session.get(LANG_SESSION_KEY, "sv")
    if form.validate_on_submit():
        data = accounts.RegistrationInput(
            name=form.name.data or "", email=form.email.data or "", password=form.password.data or "",
            language=form.language.data or "sv", organisation=form.organisation_input(),
        )
        try:
            user = accounts.register(data)
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        else:
            login_user(user)
            session[LANG_SESSION_KEY] = user.language
            flash(_("Welcome! Your organisation is registered. Post your first offer or need."), "success")
            return redirect(url_for("listings.mine"))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limited("login_address", "address")
@limited("login_account", "account", counts="failures")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            form.password.errors = [_("Wrong email or password.")]
        else:
            login_user(user, remember=bool(form.remember.data))
            session[LANG_SESSION_KEY] = user.language
            flash(_("You are logged in."), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    accounts.end_sessions(current_user)
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user if request.method == "GET" else None)
    password_form = PasswordForm(prefix="pw")
    status = 200
    if request.form.get("form") == "profile" and form.validate_on_submit():
        try:
            accounts.update_profile(current_user, form.name.data or "", form.language.data or "sv")
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
            status = 422
        else:
            session[LANG_SESSION_KEY] = current_user.language
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.profile"))
    elif request.form.get("form") == "password" and password_form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, password_form.current_password.data or "", password_form.new_password.data or ""
            )
        except ValidationFailed as exc:
            apply_errors(password_form, exc.errors)
            status = 422
        else:
            login_user(current_user)  # the token rotated: keep this session, end all others
            flash(_("Your password is changed. Other sessions are logged out."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form, password_form=password_form), status
