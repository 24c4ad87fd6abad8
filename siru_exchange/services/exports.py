"""The brokers' spreadsheets out: listings, introductions and exchanges as CSV or XLSX.

One row builder per kind; headers in the reader's language; listings by their public id (never the
integer id); every row through the policy (what the user may see); the file through `spreadsheets`
(UTF-8 with BOM, cells neutralised); every export written to the audit log with its format and rows.

Labels of introduction and exchange statuses live beside their pages (blueprints/*/labels.py); the
view passes them in `labels`, so that this service does not import from above it. A code without a
label is written as the code.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import policy
from ..extensions import db
from ..models import Listing, Organisation
from ..models.listing import KINDS, STATUSES
from ..templating import (
    FREQUENCY_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    TERMS_LABELS,
    UNIT_LABELS,
    VISIBILITY_LABELS,
)
from . import audit, reference, spreadsheets
from .errors import NotAllowed, ValidationFailed
from .exchanges import visible_exchanges
from .introductions import pipeline

KINDS_OF_EXPORT = ("listings", "introductions", "exchanges")
LOCAL = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class ListingExportFilters:
    """The broker queue's filters, and a listing's kind and status; None means any."""

    kind: str | None = None
    status: str | None = None
    municipality: str | None = None
    resource_class: str | None = None


@dataclass(frozen=True)
class Export:
    filename: str
    mimetype: str
    content: bytes
    rows: int


@dataclass
class Labels:
    """Words for codes whose labels live beside their pages: {code: label} per vocabulary."""

    introduction_status: Mapping = field(default_factory=dict)
    introduction_kind: Mapping = field(default_factory=dict)
    consent: Mapping = field(default_factory=dict)
    exchange_status: Mapping = field(default_factory=dict)
    exchange_frequency: Mapping = field(default_factory=dict)
    transport: Mapping = field(default_factory=dict)
    people_kind: Mapping = field(default_factory=dict)


def _word(labels: Mapping, code) -> str:
    return "" if code is None else str(labels.get(code, code))


def _number(value: Decimal | None):
    """A stored quantity as a spreadsheet number: 12, not "12.000"."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _local(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


# -- listings ------------------------------------------------------------------------------------

def listing_header() -> list[str]:
    return [_("Listing id"), _("Kind"), _("Status"), _("Title"), _("Description"), _("Organisation"),
            _("Organisation number"), _("Municipality"), _("Resource class"), _("Quantity"), _("Unit"),
            _("How often"), _("Terms"), _("Price (SEK)"), _("Who may see it"), _("Available from"),
            _("Available until"), _("Created"), _("Updated")]


def listing_rows(user, filters: ListingExportFilters) -> list[list]:
    """The listings this user may see, filtered, oldest first; the owner only where the user may know it."""
    stmt = (select(Listing).join(Listing.organisation).where(policy.visible_listings(user))
            .options(joinedload(Listing.organisation)).order_by(Listing.created_at, Listing.id))
    if filters.kind in KINDS:
        stmt = stmt.where(Listing.kind == filters.kind)
    if filters.status in STATUSES:
        stmt = stmt.where(Listing.status == filters.status)
    if filters.resource_class:
        stmt = stmt.where(Listing.effective_class == filters.resource_class)
    if filters.municipality:
        stmt = stmt.where(Organisation.municipality == filters.municipality, policy.owner_visible(user))
    rows = []
    for listing in db.session.scalars(stmt):
        org = listing.organisation
        owner = policy.can(user, "see_owner", listing)
        rows.append([
            listing.public_id, _word(KIND_LABELS, listing.kind), _word(STATUS_LABELS, listing.status),
            listing.title, listing.description, org.name if owner else "", org.org_number if owner else "",
            reference.place_name(org.municipality, exact=policy.can(user, "see_place", listing)),
            reference.class_label(listing.effective_class), _number(listing.quantity),
            _word(UNIT_LABELS, listing.unit), _word(FREQUENCY_LABELS, listing.frequency),
            _word(TERMS_LABELS, listing.terms), _number(listing.price),
            _word(VISIBILITY_LABELS, listing.visibility), _day(listing.available_from),
            _day(listing.available_to), _local(listing.created_at), _local(listing.updated_at),
        ])
    return rows


# -- introductions ---------------------------------------------------------------------------------

def introduction_header() -> list[str]:
    return [_("Introduction"), _("Kind"), _("Status"), _("Organisations"), _("Consent"), _("Listings"),
            _("Broker"), _("Created"), _("Updated")]


def introduction_rows(user, status: str | None, labels: Labels) -> list[list]:
    """The introductions this user may see (a broker's: the region's), oldest first; a party's name
    only where the user may see it."""
    found = [i for group in pipeline(user, status).values() for i in group]
    found.sort(key=lambda i: (i.created_at, i.id))
    rows = []
    for intro in found:
        if not policy.can(user, "view", intro):
            continue
        names, consents, listings = [], [], []
        for party in intro.parties:
            name = party.organisation.name if policy.can(user, "see_party", party) else _("Anonymous")
            names.append(name)
            consents.append(f"{name}: {_word(labels.consent, party.consent)}")
            if party.listing is not None:
                listings.append(party.listing.public_id)
        rows.append([
            intro.id, _word(labels.introduction_kind, intro.kind),
            _word(labels.introduction_status, intro.status), "; ".join(names), "; ".join(consents),
            " ".join(listings), intro.broker.name if intro.broker else "", _local(intro.created_at),
            _local(intro.updated_at),
        ])
    return rows


# -- exchanges -------------------------------------------------------------------------------------

def exchange_header() -> list[str]:
    return [_("Exchange"), _("Status"), _("From (organisation)"), _("To (organisation)"), _("What moves"),
            _("Description"), _("Quantity"), _("Unit"), _("How often"), _("Started"), _("Ended"),
            _("Distance (km)"), _("Transport"), _("People reached"), _("Kind of people reached"),
            _("Introduction"), _("Recorded by a broker"), _("Verified")]


def exchange_rows(user, labels: Labels) -> list[list]:
    """The exchanges this user may see (a broker's: the region's), oldest first."""
    found = sorted(visible_exchanges(user), key=lambda e: (e.started_on, e.id))
    yes, no = _("Yes"), _("No")
    return [[
        e.id, _word(labels.exchange_status, e.status), e.supplier.name, e.receiver.name,
        reference.class_label(e.resource_class), e.description, _number(e.quantity),
        _word(UNIT_LABELS, e.unit), _word(labels.exchange_frequency, e.frequency), _day(e.started_on),
        _day(e.ended_on), _number(e.distance_km), _word(labels.transport, e.transport_mode),
        e.people_reached, _word(labels.people_kind, e.people_kind), e.introduction_id or "",
        yes if e.by_broker else no, yes if e.verified_at else no,
    ] for e in found if policy.can(user, "view", e)]


# -- the file ----------------------------------------------------------------------------------------

def export(user, kind: str, fmt: str, *, listing_filters: ListingExportFilters | None = None,
           introduction_status: str | None = None, labels: Labels | None = None) -> Export:
    """One kind as a file in `fmt`, recorded in the audit log (`export.<kind>`, format and rows).

    Raises NotAllowed for a user who is not a broker, ValidationFailed for an unknown kind or format."""
    if not policy.can(user, "export_spreadsheets"):
        raise NotAllowed()
    if kind not in KINDS_OF_EXPORT:
        raise ValidationFailed({"kind": _("Choose listings, introductions or exchanges.")})
    if fmt not in spreadsheets.FORMATS:
        raise ValidationFailed({"format": _("Choose CSV or Excel (.xlsx).")})
    labels = labels or Labels()
    if kind == "listings":
        header, rows = listing_header(), listing_rows(user, listing_filters or ListingExportFilters())
    elif kind == "introductions":
        header, rows = introduction_header(), introduction_rows(user, introduction_status, labels)
    else:
        header, rows = exchange_header(), exchange_rows(user, labels)
    content = spreadsheets.write(fmt, header, rows, sheet=kind)
    audit.record(user, f"export.{kind}", None, {"format": fmt, "rows": len(rows)})
    db.session.commit()
    stamp = datetime.now(LOCAL).strftime("%Y-%m-%d")
    return Export(filename=f"siru-{kind}-{stamp}.{fmt}", mimetype=spreadsheets.MIME[fmt], content=content,
                  rows=len(rows))
