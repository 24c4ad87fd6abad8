"""The emails about an account: verify the address, reset the password, an invitation, an approval.

Each is queued in the session (`mailer.queue`) and sent after the caller commits, in the recipient's
language; links are absolute (`notifications.external_url`) and carry a signed token (`tokens`).
"""
from __future__ import annotations

from flask import render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from ..extensions import db
from ..models import User
from . import mailer, tokens
from .notifications import external_url


def _hours(purpose: str) -> int:
    return int(tokens.lifetime(purpose).total_seconds() // 3600)


def _queue(to: str, name: str, language: str, subject, paragraphs, url: str | None = None,
           unasked: bool = True) -> None:
    """Render an account email in `language` and queue it to be sent after commit. `subject` and
    `paragraphs` are callables, so that they are translated inside the recipient's language."""
    with force_locale(language if language in ("sv", "en") else "sv"):
        texts = {
            "hello": _("Hello %(name)s,", name=name) if name else _("Hello,"),
            # A link someone else may have asked for (the address typed by another) can be ignored.
            "ignore": _("If you did not expect this email, you can ignore it.") if unasked else "",
        }
        body = render_template("email/account.txt", t=texts, paragraphs=paragraphs(), url=url)
        mailer.queue(db.session, to, str(subject()), body)


def verification(user: User, claim: str | None = None) -> None:
    """The link that proves the address; with `claim`, the organisation number the user gave is
    already registered, and the email says how to ask a broker to be added."""
    extra = {"claim": claim} if claim else {}
    url = external_url("auth.verify", token=tokens.make(user, "verify", **extra))

    def paragraphs():
        out = [ngettext("Confirm your email address for SIRU Exchange with this link. It works for %(num)d "
                        "hour.", "Confirm your email address for SIRU Exchange with this link. It works for "
                        "%(num)d hours.", _hours("verify"))]
        if claim:
            out.append(_("The organisation number %(number)s is already registered with us. Once you "
                         "have confirmed your address you can ask a broker to add you to that "
                         "organisation.", number=claim))
        return out

    _queue(user.email, user.name, user.language, lambda: _("Confirm your email address for SIRU Exchange"),
           paragraphs, url)


def already_registered(user: User) -> None:
    """Someone registered with an address that has an account: tell its owner, and nobody else."""
    login, reset = external_url("auth.login"), external_url("auth.forgot")
    _queue(user.email, user.name, user.language, lambda: _("Someone tried to register with your address"),
           lambda: [_("Someone tried to register on SIRU Exchange with this email address, which already "
                      "has an account. If it was you, log in: %(login)s", login=login),
                    _("If you have forgotten your password, choose a new one here:")],
           reset)


def reset(user: User) -> None:
    url = external_url("auth.reset", token=tokens.make(user, "reset"))
    _queue(user.email, user.name, user.language, lambda: _("Choose a new password for SIRU Exchange"),
           lambda: [ngettext("Someone asked to reset the password of your account. Choose a new one with "
                             "this link; it works for %(num)d hour.", "Someone asked to reset the password "
                             "of your account. Choose a new one with this link; it works for %(num)d hours.",
                             _hours("reset"))],
           url)


def password_changed(user: User) -> None:
    """Tell the owner that the password was changed, so that a change made by someone else is noticed."""
    _queue(user.email, user.name, user.language, lambda: _("Your password on SIRU Exchange was changed"),
           lambda: [_("The password of your account was just changed and every other session was logged "
                      "out. If you did not do this, choose a new password here at once:")],
           external_url("auth.forgot"), unasked=False)


def invitation(user: User, inviter: User) -> None:
    url = external_url("auth.accept_invitation", token=tokens.make(user, "invite"))
    org = user.organisation.name if user.organisation else ""
    _queue(user.email, user.name, user.language,
           lambda: _("You are invited to %(org)s on SIRU Exchange", org=org),
           lambda: [_("%(inviter)s invites you to join %(org)s on SIRU Exchange, where organisations in "
                      "Jönköping county find partners for their offers and needs.",
                      inviter=inviter.name, org=org),
                    ngettext("Choose your own password with this link. It works for %(num)d day.",
                             "Choose your own password with this link. It works for %(num)d days.",
                             _hours("invite") // 24)],
           url)


def decision(user: User, subject, paragraphs) -> None:
    """A broker's decision about the user's organisation or claim, with a link to the site."""
    _queue(user.email, user.name, user.language, subject, paragraphs, external_url("auth.login"),
           unasked=False)


def survey_reminder(user: User, year: int) -> None:
    """This year's survey is not answered yet by the user's organisation: a link to it."""
    _queue(user.email, user.name, user.language,
           lambda: _("Your organisation's survey for %(year)d on SIRU Exchange", year=year),
           lambda: [_("Your organisation has not answered this year's survey on social innovation and "
                      "sustainability yet. It takes about 10 minutes, and you can stop and go on later: "
                      "every step is saved."),
                    _("The programme uses the answers, without names, to learn what support firms in the "
                      "region need. You can also download a summary of your answers for your own "
                      "sustainability reporting.")],
           external_url("survey.index"), unasked=False)
