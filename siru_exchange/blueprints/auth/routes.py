from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ... import policy
from ...i18n import LANG_SESSION_KEY
from ...limits import limited
from ...services import account_links, accounts, approvals
from ...services.errors import NotAllowed, ValidationFailed
from ...services.tokens import TokenRefused
from ..formtools import apply_errors
from ..main.routes import _safe_next
from . import bp
from .forms import (
    ClaimForm,
    ConfirmForm,
    ForgotForm,
    InvitationForm,
    LoginForm,
    NewPasswordForm,
    PasswordForm,
    ProfileForm,
    RegistrationForm,
)


def _ask_for_link(form, send):
    """Run a service call that sends a link (registration, reset): the one neutral answer when it is
    done, or None with the typing errors put next to the form's fields."""
    try:
        send()
    except ValidationFailed as exc:
        apply_errors(form, exc.errors)
        return None
    flash(_("If the address can be used, we have sent a link to it. Open the link in the email to go on; "
            "it may take a few minutes to arrive."), "info")
    return redirect(url_for("auth.login"))


def _refused_link(exc: TokenRefused):
    return render_template("auth/link_refused.html", message=account_links.token_message(exc.reason)), 400


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
        sent = _ask_for_link(form, lambda: accounts.register(data))
        if sent is not None:
            return sent
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
            # The token rotated: keep this session, end all others. The user itself, not the proxy: the
            # new session is made from it after the old one is emptied (sessions._start_session).
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. Other sessions are logged out."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form, password_form=password_form), status


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify(token: str):
    """Confirm an email address. The link shows a button, so that a mail scanner opening it changes
    nothing; the button confirms."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        try:
            account_links.check_verification(token)
        except TokenRefused as exc:
            return _refused_link(exc)
        return render_template("auth/verify.html", form=form)
    try:
        user, claim = account_links.verify_email(token)
    except TokenRefused as exc:
        return _refused_link(exc)
    flash(_("Thank you, your email address is confirmed."), "success")
    target = url_for("auth.claim", org_number=claim) if claim else url_for("listings.mine")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(target)
    flash(_("Log in to go on."), "info")
    return redirect(url_for("auth.login", next=target))


@bp.post("/verify/again")
@limited("email_link", "user")
@login_required
def resend_verification():
    account_links.resend_verification(current_user)
    flash(_("We have sent a new link to %(email)s.", email=current_user.email), "info")
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/forgot", methods=["GET", "POST"])
@limited("password_reset", "address")
@limited("password_reset", "account")
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        sent = _ask_for_link(form, lambda: account_links.request_reset(form.email.data or ""))
        if sent is not None:
            return sent
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    form = NewPasswordForm()
    try:
        account_links.check_reset(token)
    except TokenRefused as exc:
        return _refused_link(exc)
    if form.validate_on_submit():
        done = _use_link(form, lambda: account_links.reset_password(token, form.password.data or ""),
                         lambda user: _("Your new password is saved and you are logged in. Other sessions "
                                        "are logged out."), "main.index")
        if done is not None:
            return done
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invited = account_links.check_invitation(token)
    except TokenRefused as exc:
        return _refused_link(exc)
    form = InvitationForm()
    if request.method == "GET":
        form.name.data = invited.name
    if form.validate_on_submit():
        done = _use_link(form, lambda: account_links.accept_invitation(token, form.name.data or "",
                                                                       form.password.data or ""),
                         lambda user: _("Welcome to %(org)s on SIRU Exchange.", org=user.organisation.name),
                         "listings.mine")
        if done is not None:
            return done
    return render_template("auth/invitation.html", form=form, invited=invited), 422 if form.errors else 200


def _use_link(form, use, welcome, endpoint: str):
    """Run what a link does with a new password (reset, invitation): the user logged in and sent on, the
    refused-link page, or None with the errors next to the form's fields."""
    try:
        user = use()
    except TokenRefused as exc:
        return _refused_link(exc)
    except ValidationFailed as exc:
        apply_errors(form, exc.errors)
        return None
    _log_in(user)
    flash(welcome(user), "success")
    return redirect(url_for(endpoint))


def _log_in(user) -> None:
    if current_user.is_authenticated:
        logout_user()
    session.clear()
    login_user(user)
    session[LANG_SESSION_KEY] = user.language


@bp.route("/claim", methods=["GET", "POST"])
@limited("claim", "user", counts="successes")
@login_required
def claim():
    """A confirmed user without an organisation asks a broker to be added to a registered one."""
    form = ClaimForm()
    if request.method == "GET" and request.args.get("org_number"):
        form.org_number.data = request.args["org_number"][:20]
    may_claim = policy.can(current_user, "claim_organisation")
    if may_claim and form.validate_on_submit():
        try:
            approvals.request_claim(current_user, form.org_number.data or "", form.message.data or "")
        except NotAllowed:
            abort(403)
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        else:
            flash(_("Your request is sent. A broker checks it and you get an email with the answer."),
                  "success")
            return redirect(url_for("auth.claim"))
    return render_template("auth/claim.html", form=form, may_claim=may_claim,
                           claims=approvals.open_claims(current_user)), 422 if form.errors else 200
