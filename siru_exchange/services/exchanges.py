"""Exchanges: a party proposes what moves after an agreed introduction, the other party confirms; the
parties edit it as it changes (each edit a version row) and end it when it stops; a broker records a
deal made outside the platform and marks an exchange's figures as verified.

The introduction's "realised" now rests on its exchange: recording the exchange is one party's
confirmation that it is realised, and confirming the exchange is the other's. When every party of the
introduction has proposed or confirmed an exchange of it, the introduction is realised.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import policy
from ..extensions import db
from ..matching import haversine_km
from ..matching.vocabulary import EXCHANGE_FREQUENCIES, PEOPLE_KINDS, TRANSPORT_MODES, UNITS
from ..models import Exchange, ExchangeVersion, Introduction, Organisation
from ..requests import MAX_ID
from ..validators import clean_text, parse_decimal
from . import impact, notifications, organisation_lookup, reference
from .errors import AlreadySubmitted, Conflict, NotAllowed, ValidationFailed
from .introductions import Refused
from .introductions._common import _event

MAX_DESCRIPTION = 2000
MAX_NOTE = 1000
MAX_QUANTITY = Decimal("99999999999")  # fits Numeric(14, 3)
MAX_DISTANCE = Decimal("5000")
MAX_PEOPLE = 100000
EARLIEST = date(2000, 1, 1)
QUANTITY_STEP = Decimal("0.001")
# The introduction statuses in which its parties may record an exchange.
RECORDABLE = ("agreed", "realised")


@dataclass(frozen=True)
class ExchangeInput:
    """What a party (or a broker) fills in; strings as typed where a form did not parse them."""

    resource_class: str
    supplier_id: int | None
    receiver_id: int | None
    quantity: Decimal | str | None
    unit: str | None
    frequency: str
    started_on: date | None
    description: str = ""
    ended_on: date | None = None
    distance_km: Decimal | str | None = None
    transport_mode: str = "truck"
    people_reached: int | str | None = None
    people_kind: str | None = None
    # What a broker typed to name a party (its name or organisation number) when no id is given:
    # resolved to one organisation by record_outside (services.organisation_lookup).
    supplier_typed: str | None = None
    receiver_typed: str | None = None


TYPED = {"supplier_id": "supplier_typed", "receiver_id": "receiver_typed"}
EDITABLE_FIELDS = tuple(
    f.name for f in fields(ExchangeInput) if f.name not in ("supplier_id", "receiver_id", *TYPED.values())
)


def _now() -> datetime:
    return datetime.now(UTC)


def _number(value, errors: dict, field: str, message: str) -> Decimal | None:
    if value is None or value == "":
        return None
    number = parse_decimal(value)
    if number is None or abs(number.adjusted()) > 12:
        errors[field] = message
        return None
    return number


def validate(data: ExchangeInput, parties: tuple[int, ...] | None = None) -> dict:
    """Every rule of an exchange; the cleaned values, or ValidationFailed naming each field.
    `parties`: the organisations the supplier and receiver must come from (an introduction's)."""
    errors: dict[str, str] = {}
    resource_class = (data.resource_class or "").strip()
    if resource_class not in reference.taxonomy().classes:
        errors["resource_class"] = _("Choose what moves from the list.")
    description = clean_text(data.description, multiline=True)
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _(
            "Keep the description under %(max)d characters (now %(n)d).",
            max=MAX_DESCRIPTION,
            n=len(description),
        )
    if data.supplier_id is None:
        errors["supplier_id"] = _("Choose the organisation the resource comes from.")
    if data.receiver_id is None:
        errors["receiver_id"] = _("Choose the organisation that receives it.")
    if data.supplier_id is not None and data.supplier_id == data.receiver_id:
        errors["receiver_id"] = _("The receiver must be another organisation than the supplier.")
    for field in ("supplier_id", "receiver_id"):  # an id no database row can have (PostgreSQL's integer)
        if getattr(data, field) is not None and not 0 < getattr(data, field) <= MAX_ID:
            errors[field] = _("Choose an organisation from the list.")
    if parties is not None:
        for field in ("supplier_id", "receiver_id"):
            if (
                getattr(data, field) is not None
                and getattr(data, field) not in parties
                and field not in errors
            ):
                errors[field] = _("Choose one of the organisations in this introduction.")
    example = format_decimal(Decimal("12.5"))
    quantity = _number(
        data.quantity,
        errors,
        "quantity",
        _("Enter the quantity as a number, like %(example)s.", example=example),
    )
    if quantity is None and "quantity" not in errors:
        errors["quantity"] = _("Enter how much moves per period.")
    elif quantity is not None:
        if quantity <= 0:
            errors["quantity"] = _("The quantity must be more than zero.")
        elif quantity > MAX_QUANTITY:
            errors["quantity"] = _("That quantity is too large.")
        else:
            quantity = quantity.quantize(QUANTITY_STEP)
            if quantity == 0:
                errors["quantity"] = _("The quantity must be more than zero.")
    unit = (data.unit or "").strip()
    if unit not in UNITS:
        errors["unit"] = _("Choose the unit of the quantity from the list.")
    frequency = (data.frequency or "").strip()
    if frequency not in EXCHANGE_FREQUENCIES:
        errors["frequency"] = _("Choose how often it moves: once, weekly, monthly or yearly.")
    started_on = data.started_on
    if not isinstance(started_on, date):
        errors["started_on"] = _("Enter the date the exchange started, like 2026-03-01.")
    elif started_on < EARLIEST or started_on > date(_now().year + 1, 12, 31):
        errors["started_on"] = _("Enter a start date between %(a)s and next year.", a=EARLIEST.isoformat())
    ended_on = data.ended_on
    if ended_on is not None and isinstance(started_on, date) and ended_on < started_on:
        errors["ended_on"] = _("The end date cannot be before the start date.")
    distance = _number(
        data.distance_km, errors, "distance_km", _("Enter the distance in kilometres, like 14.")
    )
    if distance is not None and not Decimal(0) <= distance <= MAX_DISTANCE:
        errors["distance_km"] = _("Enter a distance between 0 and %(max)s km.", max=MAX_DISTANCE)
    mode = (data.transport_mode or "").strip()
    if mode not in TRANSPORT_MODES:
        errors["transport_mode"] = _("Choose how it travels from the list.")
    people = data.people_reached
    if people in ("", None):
        people = None
    else:
        number = parse_decimal(people)
        if number is None or number != number.to_integral() or not 0 <= number <= MAX_PEOPLE:
            errors["people_reached"] = _("Enter the number of people as a whole number from 0.")
        else:
            people = int(number)
    people_kind = (data.people_kind or "").strip() or None
    if people_kind is not None and people_kind not in PEOPLE_KINDS:
        errors["people_kind"] = _("Choose what the people reached are from the list.")
    elif people and people_kind is None:
        errors["people_kind"] = _(
            "Say what the people reached are: traineeships, work training, mentoring or hires."
        )
    if errors:
        raise ValidationFailed(errors)
    return {
        "resource_class": resource_class,
        "description": description,
        "supplier_id": data.supplier_id,
        "receiver_id": data.receiver_id,
        "quantity": quantity,
        "unit": unit,
        "frequency": frequency,
        "started_on": started_on,
        "ended_on": ended_on,
        "distance_km": distance.quantize(Decimal("0.1")) if distance is not None else None,
        "transport_mode": mode,
        "people_reached": people,
        "people_kind": people_kind if people is not None else None,
    }


def site_distance_km(a: Organisation, b: Organisation) -> Decimal | None:
    """The distance between two organisations' sites: their own positions, else their municipalities'
    centroids (matching/geo); None when one has neither."""

    def position(org):
        if org.lat is not None and org.lon is not None:
            return org.lat, org.lon
        muni = reference.municipalities().get(org.municipality)
        return (muni.lat, muni.lon) if muni else None

    pa, pb = position(a), position(b)
    if pa is None or pb is None:
        return None
    return Decimal(str(round(haversine_km(pa[0], pa[1], pb[0], pb[1]), 1)))


def _options():
    return [
        joinedload(Exchange.supplier),
        joinedload(Exchange.receiver),
        joinedload(Exchange.introduction),
        selectinload(Exchange.versions).joinedload(ExchangeVersion.actor),
        selectinload(Exchange.versions).joinedload(ExchangeVersion.organisation),
    ]


def get_visible(user, exchange_id: int) -> Exchange | None:
    """The exchange if this user may see it (its parties and brokers), else None (the view answers 404)."""
    exchange = db.session.get(Exchange, exchange_id, options=_options())
    if exchange is None or not policy.can(user, "view", exchange):
        return None
    return exchange


def visible_exchanges(user, introduction_id: int | None = None) -> list[Exchange]:
    """The exchanges a user sees: a broker's across the region, a member's own organisation's."""
    stmt = (
        select(Exchange)
        .options(joinedload(Exchange.supplier), joinedload(Exchange.receiver))
        .order_by(Exchange.started_on.desc(), Exchange.id.desc())
    )
    if introduction_id is not None:
        stmt = stmt.where(Exchange.introduction_id == introduction_id)
    if not policy.can(user, "broker"):
        org = getattr(user, "organisation_id", None)
        if org is None:
            return []
        stmt = stmt.where(or_(Exchange.supplier_id == org, Exchange.receiver_id == org))
    return list(db.session.scalars(stmt).unique())


def _version(
    exchange: Exchange, action: str, user, organisation_id: int | None, changes=None, note=""
) -> None:
    exchange.versions.append(
        ExchangeVersion(
            number=len(exchange.versions) + 1,
            action=action,
            actor_id=getattr(user, "id", None),
            organisation_id=organisation_id,
            changes=changes or {},
            note=note,
            created_at=_now(),
        )
    )


def _plain(value):
    """A value as it goes into a version row's JSON."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _snapshot(values: dict) -> dict:
    return {k: [None, _plain(v)] for k, v in values.items() if v not in (None, "")}


def _flush_or_conflict(exchange: Exchange, token: str | None = None) -> None:
    exchange.updated_at = _now()
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Exchange, exchange.id)) from None
    except IntegrityError:
        db.session.rollback()
        existing = (
            db.session.scalar(select(Exchange).where(Exchange.submission_token == token)) if token else None
        )
        if existing is not None:
            raise AlreadySubmitted(existing) from None
        raise


def _commit(exchange: Exchange) -> None:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Exchange, exchange.id)) from None


def _tell(exchange: Exchange, event: str, user) -> None:
    """Tell the other party's members (and the introduction's broker) after commit."""
    if exchange.introduction is None:
        return
    org = getattr(user, "organisation_id", None)
    users = []
    for party_org in exchange.party_ids:
        if party_org != org:
            users.extend(notifications.members_of(party_org))
    if exchange.introduction.broker is not None:
        users.append(exchange.introduction.broker)
    notifications.notify(users, "answer", event, exchange.introduction, user)


def propose(user, introduction: Introduction, data: ExchangeInput, token: str | None = None) -> Exchange:
    """A party of an agreed (or realised) introduction records what moves; the other party confirms.
    Recording it is this party's confirmation that the introduction is realised."""
    if not policy.can(user, "propose_exchange", introduction):
        if policy.can(user, "view", introduction):
            raise Refused(
                _("Only the organisations in an agreed introduction can record its exchange."), introduction
            )
        raise NotAllowed()
    parties = tuple(p.organisation_id for p in introduction.parties)
    values = validate(data, parties)
    if user.organisation_id not in (values["supplier_id"], values["receiver_id"]):
        raise ValidationFailed({"supplier_id": _("Your organisation must be the supplier or the receiver.")})
    orgs = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(parties)))}
    computed = site_distance_km(orgs[values["supplier_id"]], orgs[values["receiver_id"]])
    if values["distance_km"] is None and values["transport_mode"] != "none":
        values["distance_km"] = computed
    exchange = Exchange(
        introduction=introduction,
        status="proposed",
        by_broker=False,
        proposed_by_org_id=user.organisation_id,
        proposed_by_user_id=user.id,
        submission_token=token,
        distance_computed_km=computed,
        **values,
    )
    db.session.add(exchange)
    _version(exchange, "proposed", user, user.organisation_id, _snapshot(values))
    party = introduction.party_for(user.organisation_id)
    if not party.confirmed_realised:
        party.confirmed_realised = True
        _realise_if_everyone(user, introduction, party.organisation_id, proposing=True)
    introduction.updated_at = _now()  # the introduction's version moves with it (it changed)
    _flush_or_conflict(exchange, token)
    _tell(exchange, "exchange_proposed", user)
    _commit(exchange)
    return exchange


def _realise_if_everyone(user, introduction: Introduction, organisation_id: int, proposing: bool) -> None:
    """Realised when every party has recorded or confirmed an exchange; else note this party's step.
    Runs without autoflush: loading the events must not write the change half-way (a parallel
    request's stale version then surfaces at the caller's flush, inside its `try`)."""
    with db.session.no_autoflush:
        _realise_step(user, introduction, organisation_id, proposing)


def _realise_step(user, introduction: Introduction, organisation_id: int, proposing: bool) -> None:
    if introduction.status == "agreed" and all(p.confirmed_realised for p in introduction.parties):
        introduction.status = "realised"
        _event(introduction, "realised", user, organisation_id)
    elif introduction.status == "agreed":
        _event(
            introduction, "realised_proposed" if proposing else "realised_confirmed", user, organisation_id
        )


def record_outside(user, data: ExchangeInput, token: str | None = None) -> Exchange:
    """A broker records an exchange of a deal made outside the platform: two organisations, no
    introduction. It counts at once (the broker stands for it); the parties can edit and end it."""
    if not policy.can(user, "record_exchange"):
        raise NotAllowed()
    data, lookup_errors = _resolve_typed(data)
    try:
        values = validate(data)
    except ValidationFailed as exc:
        raise ValidationFailed({**exc.errors, **lookup_errors}) from None
    if lookup_errors:
        raise ValidationFailed(lookup_errors)
    orgs = {
        o.id: o
        for o in db.session.scalars(
            select(Organisation).where(Organisation.id.in_((values["supplier_id"], values["receiver_id"])))
        )
    }
    for field in ("supplier_id", "receiver_id"):
        if values[field] not in orgs:
            raise ValidationFailed({field: _("Choose an organisation from the list.")})
    computed = site_distance_km(orgs[values["supplier_id"]], orgs[values["receiver_id"]])
    if values["distance_km"] is None and values["transport_mode"] != "none":
        values["distance_km"] = computed
    now = _now()
    exchange = Exchange(
        status="confirmed",
        by_broker=True,
        proposed_by_user_id=user.id,
        confirmed_by_user_id=user.id,
        confirmed_at=now,
        submission_token=token,
        distance_computed_km=computed,
        **values,
    )
    db.session.add(exchange)
    _version(exchange, "recorded", user, None, _snapshot(values))
    _flush_or_conflict(exchange, token)
    _commit(exchange)
    return exchange


def _party_messages(field: str, typed: str, lookup) -> str:
    """Why what was typed names no organisation, naming the field (the message may be read alone)."""
    party = _("Supplier") if field == "supplier_id" else _("Receiver")
    if lookup.problem == "several":
        return _("%(party)s: %(n)d organisations are called “%(typed)s”. Choose one from the list, or "
                 "type its organisation number.", party=party, n=lookup.matches, typed=typed)
    if lookup.problem == "partial":
        return ngettext("%(party)s: no organisation is called exactly “%(typed)s”; %(num)d has it in its "
                        "name. Choose it from the list.",
                        "%(party)s: no organisation is called exactly “%(typed)s”; %(num)d have it in their "
                        "name. Choose one from the list.", lookup.matches, party=party, typed=typed)
    return _("%(party)s: no organisation is called “%(typed)s” or has that organisation number. Type its "
             "name or its organisation number, like 556677-8899.", party=party, typed=typed)


def _resolve_typed(data: ExchangeInput) -> tuple[ExchangeInput, dict[str, str]]:
    """The input with each party typed by name or number resolved to its id, and the fields that
    named no single organisation."""
    resolved, errors = {}, {}
    for field, typed_field in TYPED.items():
        typed = getattr(data, typed_field)
        if getattr(data, field) is not None or not (typed or "").strip():
            continue
        lookup = organisation_lookup.resolve(typed)
        if lookup.organisation is not None:
            resolved[field] = lookup.organisation.id
        else:
            errors[field] = _party_messages(field, " ".join(typed.split())[:80], lookup)
    return replace(data, **resolved), errors


def confirm(user, exchange: Exchange, expected_version: int | None) -> Exchange:
    """The other party confirms the figures. The proposer cannot confirm its own proposal; a second
    identical request (a double click, parallel posts) confirms nothing more."""
    if not policy.can(user, "view", exchange):
        raise NotAllowed()
    if exchange.status == "confirmed":
        raise Refused(_("This exchange is already confirmed; nothing was changed."))
    if not policy.can(user, "confirm", exchange):
        if user.organisation_id == exchange.proposed_by_org_id:
            raise Refused(_("Your organisation proposed this exchange; the other organisation confirms it."))
        raise Refused(_("Only the other organisation in this exchange can confirm it."))
    if expected_version is None or exchange.version != expected_version:
        raise Conflict(exchange)
    introduction = exchange.introduction
    exchange.status = "confirmed"
    exchange.confirmed_by_org_id = user.organisation_id
    exchange.confirmed_by_user_id = user.id
    exchange.confirmed_at = _now()
    _version(exchange, "confirmed", user, user.organisation_id)
    with db.session.no_autoflush:
        party = introduction.party_for(user.organisation_id) if introduction is not None else None
        if party is not None and not party.confirmed_realised:
            party.confirmed_realised = True
            _realise_if_everyone(user, introduction, party.organisation_id, proposing=False)
            introduction.updated_at = _now()
    _flush_or_conflict(exchange)
    _tell(exchange, "exchange_confirmed", user)
    _commit(exchange)
    return exchange


FIGURES = (
    "resource_class",
    "quantity",
    "unit",
    "frequency",
    "started_on",
    "ended_on",
    "distance_km",
    "transport_mode",
    "people_reached",
    "people_kind",
)


def edit(user, exchange: Exchange, data: ExchangeInput, expected_version: int | None) -> Exchange:
    """A party (or, for an exchange it recorded, a broker) changes the exchange as it changes. Each
    edit is a version row with what changed; changed figures clear an earlier verification."""
    if not policy.can(user, "view", exchange):
        raise NotAllowed()
    if not policy.can(user, "edit", exchange):
        raise Refused(_("Only the organisations in this exchange can change it, until it has ended."))
    values = validate(
        ExchangeInput(
            **{
                **{f.name: getattr(data, f.name) for f in fields(ExchangeInput)},
                "supplier_id": exchange.supplier_id,
                "receiver_id": exchange.receiver_id,
            }
        )
    )
    if expected_version is None or exchange.version != expected_version:
        raise Conflict(exchange)
    changes = {}
    for field in EDITABLE_FIELDS:
        before, after = getattr(exchange, field), values[field]
        if _plain(before) != _plain(after):
            changes[field] = [_plain(before), _plain(after)]
    if not changes:
        raise Refused(_("Nothing was changed."))
    for field in changes:
        setattr(exchange, field, values[field])
    if exchange.is_verified and any(f in FIGURES for f in changes):
        changes["verified"] = [True, False]
        exchange.verified_at = None
        exchange.verified_by_id = None
        exchange.verified_note = ""
    _version(
        exchange,
        "ended" if list(changes) == ["ended_on"] else "edited",
        user,
        getattr(user, "organisation_id", None),
        changes,
    )
    _flush_or_conflict(exchange)
    _tell(exchange, "exchange_changed", user)
    _commit(exchange)
    return exchange


def end(user, exchange: Exchange, ended_on: date | None, expected_version: int | None) -> Exchange:
    """The exchange stopped: its last day. Only the date changes; the history keeps the rest."""
    if not policy.can(user, "view", exchange):
        raise NotAllowed()
    if not policy.can(user, "edit", exchange):
        raise Refused(_("Only the organisations in this exchange can end it, once."))
    if not isinstance(ended_on, date):
        raise ValidationFailed({"ended_on": _("Enter the last day of the exchange, like 2026-11-30.")})
    if ended_on < exchange.started_on:
        raise ValidationFailed({"ended_on": _("The end date cannot be before the start date.")})
    if ended_on > date(_now().year + 1, 12, 31):
        raise ValidationFailed({"ended_on": _("Enter an end date no later than next year.")})
    if expected_version is None or exchange.version != expected_version:
        raise Conflict(exchange)
    changes = {"ended_on": [_plain(exchange.ended_on), ended_on.isoformat()]}
    exchange.ended_on = ended_on
    _version(exchange, "ended", user, getattr(user, "organisation_id", None), changes)
    _flush_or_conflict(exchange)
    _tell(exchange, "exchange_ended", user)
    _commit(exchange)
    return exchange


def verify(user, exchange: Exchange, note: str, expected_version: int | None) -> Exchange:
    """A broker checked the figures (against a delivery note, an invoice, a visit) and says so."""
    if not policy.can(user, "view", exchange):
        raise NotAllowed()
    if not policy.can(user, "verify", exchange):
        raise Refused(_("Only a broker can verify a confirmed exchange."))
    note = clean_text(note, multiline=True)
    if not note:
        raise ValidationFailed({"note": _("Say how you checked the figures.")})
    if len(note) > MAX_NOTE:
        raise ValidationFailed(
            {"note": _("Keep the note under %(max)d characters (now %(n)d).", max=MAX_NOTE, n=len(note))}
        )
    if expected_version is None or exchange.version != expected_version:
        raise Conflict(exchange)
    exchange.verified_by_id = user.id
    exchange.verified_at = _now()
    exchange.verified_note = note
    _version(exchange, "verified", user, None, note=note)
    _flush_or_conflict(exchange)
    _commit(exchange)
    return exchange


def input_from(exchange: Exchange, **overrides) -> ExchangeInput:
    """An exchange's current values as an input (to prefill a form or to change one field)."""
    values = {
        f.name: getattr(exchange, f.name) for f in fields(ExchangeInput) if f.name not in TYPED.values()
    }
    values.update(overrides)
    return ExchangeInput(**values)


def organisation_choices(introduction: Introduction) -> list[tuple[int, str]]:
    """(id, name) of the organisations an introduction's exchange can be between: its parties. (A
    broker's outside deal names its parties by typing them: services.organisation_lookup.)"""
    return [(p.organisation_id, p.organisation.name) for p in introduction.parties]


def impact_for_page(exchange: Exchange) -> dict:
    """This year's figures and all of them since it started, each with its working."""
    today = _now().date()
    return {
        "year": today.year,
        "this_year": impact.exchange_impact(exchange, today.year),
        "all_time": impact.exchange_impact(exchange),
    }
