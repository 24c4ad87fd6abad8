"""Brokers decide about new organisations (approve or refuse, with a note) and about claims to join an
organisation that is already registered (grant or refuse).

Every decision goes through `_record` so that the audit log can pick it up in one place.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import policy
from ..extensions import db
from ..models import ClaimRequest, Organisation, User
from ..models._types import utcnow
from ..validators import clean_text, normalise_org_number
from . import account_mail, audit, paging
from .errors import NotAllowed, ValidationFailed

NOTE_MAX = 2000
MESSAGE_MAX = 2000


def _record(actor: User, action: str, target, detail: str) -> None:
    """The single place where approval decisions go to the audit log (written by the caller's commit)."""
    audit.record(actor, action, target, {"note": detail} if detail else None)


def _note(note: str, field: str = "note") -> str:
    note = clean_text(note, multiline=True)
    if len(note) > NOTE_MAX:
        raise ValidationFailed({field: _("Keep this under %(max)d characters (now %(n)d).", max=NOTE_MAX,
                                         n=len(note))})
    return note


def _require_broker(user: User) -> None:
    if not policy.can(user, "approve_organisations"):
        raise NotAllowed()


def _pending(broker: User, model, object_id: int, state: str, note: str, decided: str):
    """What a broker decides about (an organisation or a claim) and the cleaned note; NotAllowed for
    anyone but a broker or an unknown id, and `decided` as the error when it is no longer pending."""
    _require_broker(broker)
    target = db.session.get(model, object_id)
    if target is None:
        raise NotAllowed()
    note = _note(note)
    if getattr(target, state) != "pending":
        raise ValidationFailed({"decision": decided})
    return target, note


PENDING_SHOWN = 20  # organisations waiting for approval shown at a time, the oldest first


def pending_organisations(broker: User) -> tuple[list[Organisation], tuple[int, bool]]:
    """The PENDING_SHOWN organisations waiting longest for approval, and how many wait in all
    (``paging.head``): at national size 409 waited, a 460 KB page."""
    _require_broker(broker)
    stmt = (select(Organisation).where(Organisation.approval == "pending")
            .order_by(Organisation.created_at, Organisation.id))
    return paging.head(stmt, PENDING_SHOWN, selectinload(Organisation.members))


def pending_claims(broker: User) -> list[ClaimRequest]:
    _require_broker(broker)
    stmt = (select(ClaimRequest).where(ClaimRequest.status == "pending")
            .options(selectinload(ClaimRequest.user), selectinload(ClaimRequest.organisation))
            .order_by(ClaimRequest.created_at, ClaimRequest.id))
    return [claim for claim in db.session.scalars(stmt) if claim.user.is_verified]


def decide_organisation(broker: User, organisation_id: int, approve: bool, note: str = "") -> Organisation:
    """Approve a new organisation (its listings become visible to others) or refuse it (they stay
    hidden); its members are told by email, with the note."""
    organisation, note = _pending(broker, Organisation, organisation_id, "approval", note,
                                  _("Another broker has already decided about this organisation."))
    organisation.approval = "approved" if approve else "refused"
    organisation.approval_note = note
    organisation.approved_at = utcnow() if approve else None
    _record(broker, "organisation.approved" if approve else "organisation.refused", organisation, note)
    name = organisation.name
    for member in organisation.members:
        if not member.is_verified:
            continue
        if approve:
            account_mail.decision(member, lambda: _("%(org)s is approved on SIRU Exchange", org=name),
                                  lambda: [_("A broker has approved %(org)s. Its listings are now seen by "
                                             "other organisations.", org=name)] + ([note] if note else []))
        else:
            account_mail.decision(member, lambda: _("%(org)s was not approved on SIRU Exchange", org=name),
                                  lambda: [_("A broker did not approve %(org)s, so its listings are not "
                                             "shown to others. Contact Coompanion if you think it is a "
                                             "mistake.", org=name)] + ([note] if note else []))
    db.session.commit()
    return organisation


def request_claim(user: User, org_number: str, message: str = "") -> ClaimRequest:
    """A confirmed user without an organisation asks a broker to be added to the one with this number.
    Whether the number is registered is not said: the broker sees it and decides."""
    if not policy.can(user, "claim_organisation"):
        raise NotAllowed()
    errors: dict[str, str] = {}
    number = normalise_org_number(org_number or "")
    if number is None:
        errors["org_number"] = _(
            "That is not a valid Swedish organisation number (NNNNNN-NNNN with a correct check digit)."
        )
    message = clean_text(message, multiline=True)
    if len(message) > MESSAGE_MAX:
        errors["message"] = _("Keep this under %(max)d characters (now %(n)d).", max=MESSAGE_MAX,
                              n=len(message))
    if errors:
        raise ValidationFailed(errors)
    existing = db.session.scalar(select(ClaimRequest).where(
        ClaimRequest.user_id == user.id, ClaimRequest.status == "pending", ClaimRequest.org_number == number))
    if existing is not None:
        return existing
    organisation_id = db.session.scalar(select(Organisation.id).where(Organisation.org_number == number))
    claim = ClaimRequest(user_id=user.id, org_number=number, organisation_id=organisation_id, message=message)
    db.session.add(claim)
    db.session.commit()
    return claim


def open_claims(user: User) -> list[ClaimRequest]:
    """The user's own claims still waiting for a broker."""
    return list(db.session.scalars(select(ClaimRequest).where(
        ClaimRequest.user_id == user.id, ClaimRequest.status == "pending").order_by(ClaimRequest.id)))


def decide_claim(broker: User, claim_id: int, grant: bool, note: str = "") -> ClaimRequest:
    """Grant a claim (the user becomes a member of the organisation) or refuse it; the user is told."""
    claim, note = _pending(broker, ClaimRequest, claim_id, "status", note,
                           _("Another broker has already decided about this request."))
    if grant and (claim.organisation is None or claim.user.organisation_id is not None):
        raise ValidationFailed({"decision": _(
            "This request cannot be granted: no registered organisation has the number, or the person "
            "already belongs to one.")})
    claim.status = "granted" if grant else "refused"
    claim.note, claim.decided_by_id, claim.decided_at = note, broker.id, utcnow()
    if grant:
        claim.user.organisation = claim.organisation
    _record(broker, "claim.granted" if grant else "claim.refused", claim, note)
    number = claim.org_number
    if grant:
        org = claim.organisation.name
        account_mail.decision(claim.user, lambda: _("You are now a member of %(org)s", org=org),
                              lambda: [_("A broker has added you to %(org)s on SIRU Exchange.", org=org)]
                              + ([note] if note else []))
    else:
        account_mail.decision(claim.user, lambda: _("Your request to join an organisation was not granted"),
                              lambda: [_("A broker did not add you to the organisation with number "
                                         "%(number)s.", number=number)] + ([note] if note else []))
    db.session.commit()
    return claim
