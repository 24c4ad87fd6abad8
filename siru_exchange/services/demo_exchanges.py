"""Demo exchanges (data/demo_seed.json "exchanges"): realised introductions with their exchanges,
circular and social, some confirmed, some verified by the broker, one still waiting, and a deal a
broker recorded; so that the impact figures show something on `make run`.

Each row names its two organisations and a `state`: proposed (waiting for the receiver), confirmed,
verified (confirmed, then checked by the broker, with `note`), broker (an outside deal the broker
recorded and verified). Every value goes through services.exchanges.validate.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import select

from ..extensions import db
from ..models import Exchange, Introduction, IntroductionEvent, IntroductionParty, Organisation, User
from .errors import ValidationFailed
from .exchanges import ExchangeInput, _version, site_distance_km, validate

STATES = ("proposed", "confirmed", "verified", "broker")


def _at(day) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def _member(org: Organisation) -> User | None:
    return db.session.scalar(select(User).where(User.organisation_id == org.id).order_by(User.id))


def load(rows: list[dict], broker: User) -> int:
    """Write the demo exchanges (in the caller's transaction); the number written."""
    orgs = {o.name: o for o in db.session.scalars(select(Organisation))}
    for index, row in enumerate(rows, start=1):
        where = f"exchanges[{index}]"
        if row.get("state") not in STATES or row.get("from") not in orgs or row.get("to") not in orgs:
            raise ValidationFailed({where: "unknown state or organisation"})
        supplier, receiver = orgs[row["from"]], orgs[row["to"]]
        values = validate(
            ExchangeInput(
                resource_class=row["class"],
                description=row.get("description", ""),
                supplier_id=supplier.id,
                receiver_id=receiver.id,
                quantity=row["quantity"],
                unit=row["unit"],
                frequency=row["frequency"],
                started_on=datetime.fromisoformat(row["started_on"]).date(),
                ended_on=datetime.fromisoformat(row["ended_on"]).date() if row.get("ended_on") else None,
                transport_mode=row["transport_mode"],
                people_reached=row.get("people_reached"),
                people_kind=row.get("people_kind"),
            )
        )
        computed = site_distance_km(supplier, receiver)
        if values["distance_km"] is None and values["transport_mode"] != "none":
            values["distance_km"] = computed
        _one(row, values, computed, supplier, receiver, broker)
    return len(rows)


def _one(row, values, computed, supplier, receiver, broker) -> None:
    state = row["state"]
    started = _at(values["started_on"])
    proposer, confirmer = _member(supplier), _member(receiver)
    exchange = Exchange(distance_computed_km=computed, created_at=started, **values)
    db.session.add(exchange)
    if state == "broker":
        exchange.status, exchange.by_broker = "confirmed", True
        exchange.proposed_by_user_id = exchange.confirmed_by_user_id = broker.id
        exchange.confirmed_at = started
        _version(exchange, "recorded", broker, None)
    else:
        exchange.introduction = _introduction(supplier, receiver, broker, state != "proposed", started)
        exchange.proposed_by_org_id, exchange.proposed_by_user_id = supplier.id, proposer.id
        _version(exchange, "proposed", proposer, supplier.id)
        exchange.status = "proposed"
        if state != "proposed":
            exchange.status = "confirmed"
            exchange.confirmed_by_org_id, exchange.confirmed_by_user_id = receiver.id, confirmer.id
            exchange.confirmed_at = started
            _version(exchange, "confirmed", confirmer, receiver.id)
    if state in ("verified", "broker"):
        exchange.verified_by_id, exchange.verified_at = broker.id, _at(values["started_on"])
        exchange.verified_note = row.get("note", "")
        _version(exchange, "verified", broker, None, note=exchange.verified_note)
    for version in exchange.versions:
        version.created_at = started


def _introduction(supplier, receiver, broker, realised: bool, when) -> Introduction:
    """The brokered introduction the exchange came from: agreed, and realised once confirmed."""
    intro = Introduction(
        kind="broker",
        status="realised" if realised else "agreed",
        broker=broker,
        created_at=when,
        updated_at=when,
    )
    intro.parties = [
        IntroductionParty(organisation_id=supplier.id, consent="accepted", confirmed_realised=True),
        IntroductionParty(organisation_id=receiver.id, consent="accepted", confirmed_realised=realised),
    ]
    steps = ["proposed", "agreed", "realised_proposed"] + (["realised"] if realised else [])
    intro.events = [
        IntroductionEvent(
            action=a,
            status="realised" if a == "realised" else ("proposed" if a == "proposed" else "agreed"),
            actor_id=broker.id if a in ("proposed", "agreed") else None,
            created_at=when,
        )
        for a in steps
    ]
    db.session.add(intro)
    return intro
