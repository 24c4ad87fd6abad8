"""What the links in account emails do: confirm an address, reset a password, accept an invitation; and
sending those links again or to a colleague.

The pages that ask for a link answer the same whether the address has an account or not; the email
goes only to the address.
"""
from __future__ import annotations

from flask_babel import gettext as _

from .. import policy
from ..extensions import db
from ..models import Organisation, User
from ..models._types import utcnow
from ..models.user import new_session_token
from . import account_mail, audit, tokens
from .accounts import _check_email, _check_length, _clean, user_by_email, user_texts, validate_password
from .errors import NotAllowed, ValidationFailed
from .passwords import hash_password


def _mark_verified(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()


def check_verification(token: str) -> User:
    return tokens.read(token, "verify")[0]


def verify_email(token: str) -> tuple[User, str | None]:
    """Confirm the address a verification link was sent to. Returns the user and the organisation
    number to claim, if registration found it taken; tokens.TokenRefused when the link cannot be used."""
    user, extra = tokens.read(token, "verify")
    _mark_verified(user)
    db.session.commit()
    claim = extra.get("claim")
    return user, claim if isinstance(claim, str) and user.organisation_id is None else None


def resend_verification(user: User) -> None:
    """A logged-in user whose address is not confirmed asks for the link again."""
    if user.is_verified:
        return
    account_mail.verification(user)
    db.session.commit()


def request_reset(email: str) -> None:
    """Send a reset link if the address has an account; nothing is said about whether it has."""
    errors: dict[str, str] = {}
    email = _check_email(email, errors, "email")
    if errors:
        raise ValidationFailed(errors)
    user = user_by_email(email)
    if user is not None:
        account_mail.reset(user)
        db.session.commit()


def check_reset(token: str) -> User:
    """The user a reset link is for (the form is shown only for a usable link)."""
    return tokens.read(token, "reset")[0]


def reset_password(token: str, password: str) -> User:
    """Set a new password through a reset link. The link proves the address, so an unconfirmed one
    becomes confirmed; every session of the account ends."""
    user, _extra = tokens.read(token, "reset")
    errors: dict[str, str] = {}
    validate_password(password, errors, own=user_texts(user))
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    _mark_verified(user)
    account_mail.password_changed(user)
    db.session.commit()
    return user


def invite_member(inviter: User, organisation: Organisation, name: str, email: str) -> None:
    """A member invites a colleague by email; the colleague chooses a password through the link. An
    address that already has an account gets no invitation, and the inviter is not told (the same
    answer either way)."""
    if not policy.can(inviter, "invite_member", organisation):
        raise NotAllowed()
    errors: dict[str, str] = {}
    name = _clean(name)
    _check_length(errors, "name", name, 120, required=True)
    email = _check_email(email, errors, "email")
    if errors:
        raise ValidationFailed(errors)
    if user_by_email(email) is not None:
        return
    user = User(email=email, name=name, password_hash="", role="member", organisation=organisation,
                language=inviter.language if inviter.language in ("sv", "en") else "sv")
    db.session.add(user)
    db.session.flush()
    if getattr(inviter, "is_admin", False):  # an admin's invitation is an admin action: audited
        audit.record(inviter, "user.invited", user, {"role": "member", "organisation_id": organisation.id})
    account_mail.invitation(user, inviter)
    db.session.commit()


def check_invitation(token: str) -> User:
    return tokens.read(token, "invite")[0]


def accept_invitation(token: str, name: str, password: str) -> User:
    """The invited colleague chooses a name and a password; the link proves the address."""
    user, _extra = tokens.read(token, "invite")
    errors: dict[str, str] = {}
    name = _clean(name)
    _check_length(errors, "name", name, 120, required=True)
    validate_password(password, errors, own=(*user_texts(user), name))
    if errors:
        raise ValidationFailed(errors)
    user.name = name
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    _mark_verified(user)
    db.session.commit()
    return user


def pending_invitations(organisation: Organisation) -> list[User]:
    """Colleagues invited who have not chosen a password yet."""
    return [member for member in organisation.members if not member.password_hash]


def token_message(reason: str) -> str:
    """What a refused link says, in the reader's language."""
    return {
        "expired": _("This link has expired. Ask for a new one."),
        "used": _("This link has already been used. Ask for a new one if you still need it."),
    }.get(reason, _("This link is not valid. Check that you copied all of it, or ask for a new one."))
