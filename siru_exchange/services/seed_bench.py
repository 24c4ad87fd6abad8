"""A generated national dataset for benchmarks (`flask seed-bench`): organisations across Sweden with
members, listings in every resource group (Swedish and English text, visibility and status mixes),
suggestions, circular chains and introductions; inserted in bulk (SQLAlchemy Core executemany) and
ADDED to what the database holds, so that the demo accounts still work on top of it.

The listing text comes from `matching.synthetic` (built from the taxonomy's synonyms); the rows are
written straight into the app's own tables in one transaction, in batches, without the engine: the
suggestions are plausible pairs (same class, or a class that can serve as the need's), not the
engine's, so that seeding 100,000 listings takes seconds, not the minutes a full recompute does.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import JSON, func, insert, select, text

from ..extensions import db
from ..matching import synthetic
from ..models import Chain, Introduction, Listing, Organisation, Suggestion, User
from ..models.introduction import IntroductionEvent, IntroductionParty
from ..models.listing import new_public_id
from ..validators import luhn_valid
from . import reference
from .demo import DEMO_PASSWORD
from .errors import ValidationFailed
from .passwords import hash_password

MAX_ORGANISATIONS = 1_000_000
MAX_LISTINGS = 2_000_000
BATCH = 5_000

# Places outside the county (the rest of Sweden), with their real coordinates: organisation
# municipality "other", position near the town.
SWEDISH_TOWNS = (
    ("Stockholm", 59.3293, 18.0686, 8.0), ("Göteborg", 57.7089, 11.9746, 5.0),
    ("Malmö", 55.6050, 13.0038, 3.5), ("Uppsala", 59.8586, 17.6389, 2.0),
    ("Västerås", 59.6099, 16.5448, 1.5), ("Örebro", 59.2753, 15.2134, 1.5),
    ("Linköping", 58.4108, 15.6214, 1.5), ("Helsingborg", 56.0465, 12.6945, 1.4),
    ("Norrköping", 58.5877, 16.1924, 1.3), ("Umeå", 63.8258, 20.2630, 1.2),
    ("Luleå", 65.5848, 22.1547, 0.8), ("Sundsvall", 62.3908, 17.3069, 1.0),
    ("Gävle", 60.6749, 17.1413, 1.0), ("Karlstad", 59.3793, 13.5036, 1.0),
    ("Växjö", 56.8777, 14.8091, 1.0), ("Kalmar", 56.6634, 16.3568, 0.7),
    ("Östersund", 63.1792, 14.6357, 0.6), ("Kiruna", 67.8558, 20.2253, 0.3),
    ("Falun", 60.6065, 15.6355, 0.6), ("Halmstad", 56.6745, 12.8578, 0.9),
    ("Visby", 57.6348, 18.2948, 0.3), ("Borås", 57.7210, 12.9401, 1.0),
    ("Eskilstuna", 59.3710, 16.5099, 0.9), ("Skellefteå", 64.7507, 20.9528, 0.6),
    ("Kristianstad", 56.0294, 14.1567, 0.7), ("Trollhättan", 58.2837, 12.2886, 0.6),
)
IN_COUNTY_SHARE = 0.25
_UNIT = {"kg": "kg", "ton": "tonne", "kWh": "kWh", "MWh": "MWh", "l": "litre", "m3": "m3", "m2": "m2",
         "h": "hour", "places": "person", "pcs": "piece", "pallets": "pallet"}
_SECTORS = ("Tillverkning", "Livsmedel", "Bygg", "Handel", "Transport", "Jordbruk", "Skogsbruk",
            "Hotell och restaurang", "Energi", "Ideell förening", "IT och konsult", "Vård och omsorg")
_NAME_A = ("Norr", "Syd", "Väst", "Öst", "Berg", "Sjö", "Skog", "Dal", "Ek", "Björk", "Gran", "Ljung",
           "Ström", "Lind", "Ås", "Holm", "Nordic", "Green", "Blue", "Smart")
_NAME_B = ("verken", "trä", "metall", "bygg", "plast", "bageri", "mejeri", "transport", "energi",
           "gården", "textil", "återbruk", "förpackning", "logistik", "kraft", "works", "foods", "tech")
_NAME_C = ("AB", "AB", "AB", "HB", "ekonomisk förening", "Ltd", "& Co AB", "Sverige AB")
_STATUS_W = (("active", 0.8), ("paused", 0.1), ("closed", 0.1))
_VISIBILITY_W = (("public", 0.75), ("members", 0.15), ("anonymous", 0.10))
_APPROVAL_W = (("approved", 0.95), ("pending", 0.04), ("refused", 0.01))
_SIZE_W = (("micro", 0.5), ("small", 0.3), ("medium", 0.15), ("large", 0.05))
_STATES = ("new", "interested", "dismissed")
_INTRO_STATUS_W = (("proposed", 0.35), ("accepted", 0.15), ("in_dialogue", 0.15), ("agreed", 0.1),
                   ("realised", 0.1), ("declined", 0.15))


@dataclass(frozen=True)
class SeedSummary:
    organisations: int
    users: int
    listings: int
    suggestions: int
    chains: int
    introductions: int
    seconds: float


def validate_arguments(organisations, listings, seed) -> dict:
    """Field -> message for arguments out of range (empty when they are fine)."""
    errors = {}
    if not isinstance(organisations, int) or not 1 <= organisations <= MAX_ORGANISATIONS:
        errors["organisations"] = f"must be a whole number from 1 to {MAX_ORGANISATIONS:,}."
    if not isinstance(listings, int) or not 0 <= listings <= MAX_LISTINGS:
        errors["listings"] = f"must be a whole number from 0 to {MAX_LISTINGS:,}."
    if not isinstance(seed, int) or seed < 0:
        errors["seed"] = "must be a whole number, 0 or more."
    return errors


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _org_numbers(rng, n, taken):
    """``n`` distinct valid (Luhn) organisation numbers NNNNNN-NNNN not in ``taken``."""
    out = []
    seen = set(taken)
    while len(out) < n:
        body = f"{rng.randint(5_500_000_00, 5_599_999_99):09d}"
        check = next(d for d in "0123456789" if luhn_valid(body + d))
        number = f"{body[:6]}-{body[6:]}{check}"
        if number not in seen:
            seen.add(number)
            out.append(number)
    return out


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _insert(model, rows, returning=False):
    """Insert ``rows`` (dicts with the same keys); with ``returning``, their new ids in order.

    PostgreSQL: ids reserved from the table's sequence, rows streamed with COPY (an executemany of
    100,000 rows spends most of its time in the driver parsing the statement). SQLite: Core executemany
    in batches, ids from the largest one (one writer at a time)."""
    if not rows:
        return []
    table = model.__table__
    ids = []
    if returning:
        n = len(rows)
        if _is_postgres():
            ids = list(db.session.execute(
                text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                     "FROM generate_series(1, :n)"),
                {"n": n}).scalars())
        else:
            first = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
            ids = list(range(first, first + n))
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
    if _is_postgres():
        columns = list(rows[0])
        json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
        cursor = db.session.connection().connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])
    else:
        for start in range(0, len(rows), BATCH):
            db.session.execute(insert(table), rows[start:start + BATCH])
    return ids


def _analyze() -> None:
    """Refresh the planner's statistics after the bulk load (PostgreSQL). Without them (a server with
    autovacuum off, or before autovacuum's next round) the planner takes the fresh tables for empty:
    the broker queue's join then ran for minutes at 100,000 listings and every page timed out."""
    if _is_postgres():
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def seed(organisations: int, listings: int, seed: int = 1, progress=None) -> SeedSummary:
    """Add the generated dataset in one transaction (all or nothing)."""
    errors = validate_arguments(organisations, listings, seed)
    if errors:
        raise ValidationFailed(errors)
    clock = dt.datetime.now(dt.UTC)
    say = progress or (lambda message: None)
    rng = random.Random(seed)
    taxonomy = reference.taxonomy()
    municipalities = reference.municipalities()
    munis = sorted(municipalities.values(), key=lambda m: m.code)
    now = dt.datetime.now(dt.UTC)
    # A tag per run, so that a second run adds new accounts instead of colliding with the first.
    tag = (db.session.scalar(select(func.max(Organisation.id))) or 0) + 1
    taken = set(db.session.scalars(select(Organisation.org_number)))
    try:
        # -- organisations and one member each (a second member for a fifth of them)
        numbers = _org_numbers(rng, organisations, taken)
        org_rows, positions = [], []
        for k in range(organisations):
            if rng.random() < IN_COUNTY_SHARE:
                m = rng.choice(munis)
                municipality, lat, lon = m.code, m.lat + rng.gauss(0, 0.05), m.lon + rng.gauss(0, 0.08)
            else:
                name, tlat, tlon, _ = rng.choices(SWEDISH_TOWNS, [t[3] for t in SWEDISH_TOWNS])[0]
                municipality, lat, lon = "other", tlat + rng.gauss(0, 0.08), tlon + rng.gauss(0, 0.12)
            approval = _pick(rng, _APPROVAL_W)
            org_name = f"{rng.choice(_NAME_A)}{rng.choice(_NAME_B)} {rng.choice(_NAME_C)} {tag + k}"
            org_rows.append(dict(
                name=org_name, org_number=numbers[k], municipality=municipality,
                sector=rng.choice(_SECTORS), size=_pick(rng, _SIZE_W),
                description=rng.choice(("Familjeföretag sedan 1974.", "A growing company in the region.",
                                        "Vi arbetar med cirkulära flöden.", "")),
                contact_name=f"Kontakt {tag + k}", contact_email=f"kontakt{tag + k}@bench.siru.example",
                contact_phone="", show_contact=rng.random() < 0.3, lat=round(lat, 5), lon=round(lon, 5),
                created_at=now - dt.timedelta(days=rng.randint(0, 900)), approval=approval,
                approval_note="", approved_at=now if approval == "approved" else None,
            ))
            positions.append((lat, lon))
        org_ids = _insert(Organisation, org_rows, returning=True)
        say(f"{len(org_ids)} organisations")
        password_hash = hash_password(DEMO_PASSWORD)
        user_rows = []
        for k, org_id in enumerate(org_ids):
            for j in range(2 if rng.random() < 0.2 else 1):
                user_rows.append(dict(
                    email=f"member{tag + k}-{j}@bench.siru.example", name=f"Medlem {tag + k}",
                    password_hash=password_hash, language="sv" if rng.random() < 0.75 else "en",
                    role="member", session_token=new_public_id() + new_public_id(), organisation_id=org_id,
                    created_at=now, email_verified_at=now,
                ))
        user_ids = _insert(User, user_rows, returning=True)
        member_of = {}
        for row, user_id in zip(user_rows, user_ids, strict=True):
            member_of.setdefault(row["organisation_id"], user_id)
        say(f"{len(user_ids)} members")

        # -- listings: the synthetic generator's text and classes, on our organisations
        generated = synthetic.generate(listings, taxonomy, municipalities, seed=seed, unclassified=0.0) \
            if listings else []
        listing_rows, meta = [], []
        for item in generated:
            org_id = org_ids[rng.randrange(len(org_ids))]
            classed = rng.random() >= 1 / 3
            terms = rng.choice(("free", "negotiable", "negotiable", "price"))
            created = now - dt.timedelta(days=rng.randint(0, 700), seconds=rng.randint(0, 86_400))
            status = _pick(rng, _STATUS_W)
            listing_rows.append(dict(
                public_id=new_public_id(), organisation_id=org_id, created_by_id=member_of[org_id],
                kind=item.kind, title=item.title[:120], description=item.description,
                resource_class=item.resource_class if classed else None,
                inferred_class=item.resource_class,
                quantity=Decimal(str(item.quantity)) if item.quantity is not None else None,
                unit=_UNIT.get(item.unit) if item.unit else None, frequency=item.frequency or "once",
                available_from=item.available_from, available_to=item.available_to, terms=terms,
                price=Decimal(rng.randint(50, 20_000)) if terms == "price" else None,
                visibility=_pick(rng, _VISIBILITY_W), status=status, version=1, suggested_version=1,
                search_text=" ".join(f"{item.title} {item.description}".casefold().split()),
                submission_token=None, created_at=created,
                updated_at=created + dt.timedelta(days=rng.randint(0, 30)),
            ))
            meta.append((org_id, item.kind, item.resource_class, status))
        listing_ids = _insert(Listing, listing_rows, returning=True)
        say(f"{len(listing_ids)} listings")

        # -- suggestions: each active need against active offers of its class or of a class that can
        # serve as it, from other organisations (about 3-4 per listing, as the engine finds)
        offers_by_class: dict[str, list[tuple[int, int]]] = {}
        needs = []
        for listing_id, (org_id, kind, cls, status) in zip(listing_ids, meta, strict=True):
            if status != "active":
                continue
            if kind == "offer":
                offers_by_class.setdefault(cls, []).append((listing_id, org_id))
            else:
                needs.append((listing_id, org_id, cls))
        graph = taxonomy.graph
        suggestion_rows, pairs = [], set()
        for need_id, need_org, cls in needs:
            sources = [cls] + [c for c in graph.predecessors(cls)] if cls in graph else [cls]
            pool_size = sum(len(offers_by_class.get(c, ())) for c in sources)
            if not pool_size:
                continue
            for _ in range(rng.randint(2, 16)):
                source = rng.choice(sources)
                pool = offers_by_class.get(source)
                if not pool:
                    continue
                offer_id, offer_org = pool[rng.randrange(len(pool))]
                if offer_org == need_org or (offer_id, need_id) in pairs:
                    continue
                pairs.add((offer_id, need_id))
                reasons = [{"code": "same_class", "params": {"offer_class": cls}} if source == cls
                           else {"code": "serves", "params": {"offer_class": source, "need_class": cls}},
                           {"code": "distance", "params": {"km": rng.randint(1, 400)}}]
                suggestion_rows.append(dict(
                    offer_id=offer_id, need_id=need_id, score=round(rng.uniform(0.3, 0.97), 4),
                    reasons=reasons, offer_state=rng.choices(_STATES, (8, 1, 1))[0],
                    need_state=rng.choices(_STATES, (8, 1, 1))[0],
                    current=rng.random() < 0.97, computed_at=now,
                ))
        suggestion_ids = _insert(Suggestion, suggestion_rows, returning=True)
        say(f"{len(suggestion_ids)} suggestions")

        # -- circular chains: three organisations, each offering to the next (their pairs stored)
        chain_rows = []
        offers_by_org: dict[int, list[int]] = {}
        needs_by_org: dict[int, list[int]] = {}
        for listing_id, (org_id, kind, _cls, status) in zip(listing_ids, meta, strict=True):
            if status == "active":
                (offers_by_org if kind == "offer" else needs_by_org).setdefault(org_id, []).append(listing_id)
        both = [o for o in offers_by_org if o in needs_by_org]
        extra_pairs = []
        for _ in range(min(len(both) // 3, max(1, listings // 500)) if len(both) >= 3 else 0):
            trio = rng.sample(both, 3)
            links = [[rng.choice(offers_by_org[trio[i]]), rng.choice(needs_by_org[trio[(i + 1) % 3]])]
                     for i in range(3)]
            key = ",".join(f"{o}-{n}" for o, n in sorted(links))
            if any(row["key"] == key for row in chain_rows[-5:]):
                continue
            chain_rows.append(dict(key=f"bench{tag}:{key}"[:255], organisation_ids=trio, links=links,
                                   score=round(rng.uniform(0.4, 0.9), 4), current=True, computed_at=now))
            for offer_id, need_id in links:
                if (offer_id, need_id) not in pairs:
                    pairs.add((offer_id, need_id))
                    extra_pairs.append(dict(offer_id=offer_id, need_id=need_id, score=0.6,
                                            reasons=[{"code": "timing", "params": {}}], offer_state="new",
                                            need_state="new", current=True, computed_at=now))
        _insert(Suggestion, extra_pairs)
        _insert(Chain, chain_rows)
        say(f"{len(chain_rows)} chains")

        # -- introductions: for about 3 % of the suggestions, in every status; requests on anonymous
        # listings wait in the broker queue
        listing_info = {lid: (m[0], row["visibility"]) for lid, m, row in zip(listing_ids, meta, listing_rows,
                                                                             strict=True)}
        intro_rows, intro_meta = [], []
        for suggestion_id, row in zip(suggestion_ids, suggestion_rows, strict=True):
            if rng.random() >= 0.03:
                continue
            offer_org, offer_vis = listing_info[row["offer_id"]]
            need_org, _ = listing_info[row["need_id"]]
            status = _pick(rng, _INTRO_STATUS_W)
            needs_broker = offer_vis == "anonymous" and status == "proposed"
            kind = "request" if needs_broker or rng.random() < 0.6 else "broker"
            created = now - dt.timedelta(days=rng.randint(0, 200))
            intro_rows.append(dict(
                kind=kind, status=status, needs_broker=needs_broker, suggestion_id=suggestion_id,
                listing_id=row["offer_id"], requested_by_id=need_org if kind == "request" else None,
                created_by_id=member_of[need_org] if kind == "request" else None, version=1,
                created_at=created, updated_at=created,
            ))
            intro_meta.append((offer_org, need_org, row["offer_id"], row["need_id"], status, kind))
        intro_ids = _insert(Introduction, intro_rows, returning=True)
        party_rows, event_rows = [], []
        for intro_id, (offer_org, need_org, offer_id, need_id, status, kind) in zip(intro_ids, intro_meta,
                                                                                   strict=True):
            accepted = status not in ("proposed", "declined")
            for org_id, listing_id in ((offer_org, offer_id), (need_org, need_id)):
                consent = "accepted" if accepted or (kind == "request" and org_id == need_org) else (
                    "declined" if status == "declined" and org_id == offer_org else "pending")
                party_rows.append(dict(
                    introduction_id=intro_id, organisation_id=org_id, listing_id=listing_id,
                    anonymous=False, consent=consent, allow_broker=rng.random() < 0.5,
                    confirmed_realised=status == "realised",
                ))
            first = "requested" if kind == "request" else "proposed"
            event_rows.append(dict(introduction_id=intro_id, action=first,
                                   status="proposed", organisation_id=need_org, note="", created_at=now))
            if status != "proposed":
                event_rows.append(dict(introduction_id=intro_id, action=status, status=status,
                                       organisation_id=offer_org, note="", created_at=now))
        _insert(IntroductionParty, party_rows)
        _insert(IntroductionEvent, event_rows)
        say(f"{len(intro_ids)} introductions")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    _analyze()
    return SeedSummary(
        organisations=len(org_ids), users=len(user_ids), listings=len(listing_ids),
        suggestions=len(suggestion_ids) + len(extra_pairs), chains=len(chain_rows),
        introductions=len(intro_ids), seconds=(dt.datetime.now(dt.UTC) - clock).total_seconds(),
    )
