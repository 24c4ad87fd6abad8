"""Accounts and organisations: registration, login, profiles, and users made from the shell."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import Organisation, User
from ..models._types import utcnow
from ..models.organisation import SIZES
from ..models.user import ROLES, new_session_token
from ..requests import MAX_ID
from ..validators import clean_text, normalise_org_number, normalise_phone
from . import account_mail, audit, reference
from .errors import ValidationFailed
from .passwords import MAX_LENGTH as MAX_PASSWORD_LENGTH
from .passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH
from .passwords import (
    context_words,
    hash_password,
    is_common,
    is_guessable,
    needs_rehash,
    verify_nothing,
    verify_password,
)


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    org_number: str
    municipality: str
    sector: str = ""
    size: str = "small"
    description: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    show_contact: bool = False


@dataclass(frozen=True)
class RegistrationInput:
    name: str
    email: str
    password: str
    language: str
    organisation: OrganisationInput


def _clean(value) -> str:
    """One line of text: no controls, invisible or direction-changing characters (validators.clean_text)."""
    return clean_text(value)


def _check_email(email: str, errors: dict, field: str, required: bool = True) -> str:
    email = _clean(email)
    if not email:
        if required:
            errors[field] = _("Enter an email address.")
        return ""
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors[field] = _("Enter a valid email address, like name@company.se.")
        return email


def _check_length(errors: dict, field: str, value: str, maximum: int, required: bool = False) -> None:
    if required and not value:
        errors[field] = _("This field is required.")
    elif len(value) > maximum:
        errors[field] = _("Keep this under %(max)d characters (now %(n)d).", max=maximum, n=len(value))


def org_number_taken(org_number: str, own_id: int | None = None) -> bool:
    taken = db.session.scalar(select(Organisation.id).where(Organisation.org_number == org_number))
    return taken is not None and taken != own_id


def validate_organisation(data: OrganisationInput, errors: dict, own_id: int | None = None,
                          check_taken: bool = True) -> dict:
    """The cleaned fields of an organisation. With `check_taken`, a number another organisation has is an
    error; registration passes False and handles a taken number without saying so (`register`)."""
    cleaned = {
        "name": _clean(data.name),
        "sector": _clean(data.sector),
        "size": _clean(data.size) or "small",
        "description": clean_text(data.description, multiline=True),
        "contact_name": _clean(data.contact_name),
        "contact_phone": _clean(data.contact_phone),
        "municipality": _clean(data.municipality),
    }
    _check_length(errors, "org_name", cleaned["name"], 160, required=True)
    _check_length(errors, "sector", cleaned["sector"], 160)
    _check_length(errors, "description", cleaned["description"], 4000)
    _check_length(errors, "contact_name", cleaned["contact_name"], 120)
    _check_length(errors, "contact_phone", cleaned["contact_phone"], 40)
    if (
        cleaned["contact_phone"]
        and "contact_phone" not in errors
        and normalise_phone(cleaned["contact_phone"]) is None
    ):
        errors["contact_phone"] = _(
            "That is not a phone number. Write it with the area code, like 036-12 34 56 or +46 36 12 34 56."
        )
    if cleaned["size"] not in SIZES:
        errors["size"] = _("Choose a size from the list.")
    muni = cleaned["municipality"]
    if muni != reference.OTHER_MUNICIPALITY and muni not in reference.municipalities():
        errors["municipality"] = _("Choose a municipality from the list.")
    org_number = normalise_org_number(data.org_number or "")
    if not _clean(data.org_number):
        errors["org_number"] = _("Enter the organisation number.")
    elif org_number is None:
        errors["org_number"] = _(
            "That is not a valid Swedish organisation number (NNNNNN-NNNN with a correct check digit)."
        )
    elif check_taken and org_number_taken(org_number, own_id):
        errors["org_number"] = _("An organisation with this number is already registered.")
    cleaned["org_number"] = org_number
    cleaned["contact_email"] = _check_email(data.contact_email, errors, "contact_email", required=False)
    cleaned["show_contact"] = bool(data.show_contact)
    return cleaned


def validate_password(password: str, errors: dict, field: str = "password", own: tuple = ()) -> None:
    """At least 8 and at most 256 characters, not a common password and not only a word of this site or
    of the user's own details (`own`: address, name, organisation name); any characters, no rules about
    digits or capitals (long and unusual beats short and complicated)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors[field] = _("Choose a password of at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors[field] = _("Keep the password under %(n)d characters.", n=MAX_PASSWORD_LENGTH)
    elif is_common(password):
        errors[field] = _("This password is one of the most common ones, which are guessed first. "
                          "Choose another.")
    elif is_guessable(password, context_words(*own)):
        errors[field] = _("This password is made of the name of this site or of your own name or address, "
                          "which are guessed first. Choose another.")


def _email_taken(email: str, own_id: int | None = None) -> bool:
    found = db.session.scalar(select(User.id).where(func.lower(User.email) == email.lower()))
    return found is not None and found != own_id


def user_texts(user: User) -> tuple[str, ...]:
    """The user's own details a password must not be made of."""
    return (user.email, user.name, user.organisation.name if user.organisation else "")


def user_by_email(email: str) -> User | None:
    email = _clean(email).lower()
    return db.session.scalar(select(User).where(func.lower(User.email) == email)) if email else None


def register(data: RegistrationInput) -> None:
    """Register an organisation and its first member, who must confirm the address before posting; the
    organisation waits for a broker's approval before others see its listings.

    What is typed wrong is said field by field, but whether the address or the organisation number is
    already registered is not: the page answers the same in every case ("if the address can be used,
    we sent a link"), and only the owner of the address learns more, by email. An address with an
    account gets a note to log in or reset; a taken organisation number gets an account without an
    organisation and, once the address is confirmed, the offer to ask a broker to be added to it.
    """
    errors: dict[str, str] = {}
    name = _clean(data.name)
    _check_length(errors, "name", name, 120, required=True)
    email = _check_email(data.email, errors, "email")
    validate_password(data.password, errors, own=(email, name, data.organisation.name))
    language = data.language if data.language in ("sv", "en") else "sv"
    org_fields = validate_organisation(data.organisation, errors, check_taken=False)
    if errors:
        raise ValidationFailed(errors)
    password_hash = hash_password(data.password)  # in every case, so that the time tells nothing
    existing = user_by_email(email)
    if existing is not None:
        account_mail.already_registered(existing)
        db.session.commit()
        return
    claim = org_fields["org_number"] if org_number_taken(org_fields["org_number"]) else None
    organisation = None if claim else Organisation(**org_fields)
    user = User(email=email, name=name, password_hash=password_hash, language=language, role="member",
                organisation=organisation)
    db.session.add_all([user] + ([organisation] if organisation else []))
    db.session.flush()
    account_mail.verification(user, claim=claim)
    db.session.commit()


def authenticate(email: str, password: str) -> User | None:
    """The user with this email and password, or None. Rehashes an outdated hash on the way. An unknown
    address costs one hash check too, so that the answer time does not tell which addresses exist."""
    user = user_by_email(email)
    if user is None:
        verify_nothing(password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = datetime.now(UTC)  # an account unused for years is purged (services/privacy.py)
    db.session.commit()
    return user


def load_user(login_id: str) -> User | None:
    """Flask-Login's loader: the id carries the session token, so logout elsewhere ends this session."""
    user_id, _sep, token = (login_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    return user


def end_sessions(user: User) -> None:
    """Rotate the session token: every cookie issued before stops working."""
    user.session_token = new_session_token()
    db.session.commit()


def update_profile(user: User, name: str, language: str) -> User:
    errors: dict[str, str] = {}
    name = _clean(name)
    _check_length(errors, "name", name, 120, required=True)
    if language not in ("sv", "en"):
        errors["language"] = _("Choose Swedish or English.")
    if errors:
        raise ValidationFailed(errors)
    user.name = name
    user.language = language
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    errors: dict[str, str] = {}
    if not verify_password(user.password_hash, current or ""):
        errors["current_password"] = _("The current password is not right.")
    validate_password(new, errors, "new_password", own=user_texts(user))
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(new)
    user.session_token = new_session_token()
    account_mail.password_changed(user)
    db.session.commit()


def update_organisation(organisation: Organisation, data: OrganisationInput) -> Organisation:
    errors: dict[str, str] = {}
    fields = validate_organisation(data, errors, own_id=organisation.id)
    if errors:
        raise ValidationFailed(errors)
    for key, value in fields.items():
        setattr(organisation, key, value)
    db.session.commit()
    return organisation


def _validate_new_person(name: str, email: str, password: str, errors: dict) -> tuple[str, str]:
    """Name, email (not yet taken) and password of a new account; returns the cleaned name and email."""
    name = _clean(name)
    _check_length(errors, "name", name, 120, required=True)
    email = _check_email(email, errors, "email")
    if email and "email" not in errors and _email_taken(email):
        errors["email"] = _("An account with this email address already exists.")
    validate_password(password, errors)
    return name, email


def create_user(
    email: str, name: str, password: str, role: str, organisation_id: int | None = None, actor=None
) -> User:
    """Make a broker, an admin, a researcher or a member from the shell (`actor` None) or by an admin;
    recorded in the audit log."""
    errors: dict[str, str] = {}
    name, email = _validate_new_person(name, email, password, errors)
    if role not in ROLES:
        errors["role"] = _("Choose one of: %(roles)s.", roles=", ".join(ROLES))
    organisation = None
    if organisation_id is not None:
        # An id beyond PostgreSQL's integer names nothing (and would abort the transaction in the query).
        in_range = 0 < organisation_id <= MAX_ID
        organisation = db.session.get(Organisation, organisation_id) if in_range else None
        if organisation is None:
            errors["organisation"] = _("No organisation with that id.")
    elif role == "member":
        errors["organisation"] = _("A member must belong to an organisation.")
    if errors:
        raise ValidationFailed(errors)
    # Made by an operator from the shell, who vouches for the address.
    user = User(email=email, name=name, password_hash=hash_password(password), role=role,
                organisation=organisation, email_verified_at=utcnow())
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.created", user, {"role": role, "organisation_id": organisation_id})
    db.session.commit()
    return user


def set_role(user: User, role: str, actor=None) -> User:
    """Change a user's role (from the shell, `actor` None, or by an admin); recorded in the audit log.
    A member keeps their organisation; the change takes effect on their next request."""
    if role not in ROLES:
        raise ValidationFailed({"role": _("Choose one of: %(roles)s.", roles=", ".join(ROLES))})
    if role == "member" and user.organisation_id is None:
        raise ValidationFailed({"role": _("A member must belong to an organisation.")})
    previous = user.role
    if previous == role:
        return user
    user.role = role
    audit.record(actor, "user.role_changed", user, {"from": previous, "to": role})
    db.session.commit()
    return user


def find_user(email: str) -> User | None:
    email = _clean(email).lower()
    return db.session.scalar(select(User).where(func.lower(User.email) == email)) if email else None
