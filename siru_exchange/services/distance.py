"""Which listings lie within a distance of an organisation, for the listings page's "within 30 km of
us". A first cut by a bounding box in SQL, then the exact great-circle distance (matching/geo.py) on
the organisations the box lets through.

Where a listing is: its organisation's own position, else the centre of its municipality. An
anonymous listing is always placed at its municipality's centre, so a distance search never tells
more about where it is than its municipality, which the listing shows anyway.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, false, or_, select

from ..extensions import db
from ..matching.geo import bounding_box, haversine_km
from ..models import Listing, Organisation
from . import reference
from .errors import ValidationFailed

DISTANCE_CHOICES = (10, 30, 50, 100)  # km


def parse_km(value) -> int | None:
    """The chosen distance in km, None for "anywhere"; anything else raises ValidationFailed."""
    if value in (None, ""):
        return None
    try:
        km = int(str(value))
    except ValueError:
        km = None
    if km not in DISTANCE_CHOICES:
        raise ValidationFailed({"within": _("Choose a distance from the list.")})
    return km


def origin_of(user) -> tuple[float, float]:
    """Where "us" is for this user: their organisation's position, else its municipality's centre."""
    organisation = getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None
    if organisation is None:
        raise ValidationFailed({"within": _("Log in as a member of an organisation to search near it.")})
    if organisation.lat is not None and organisation.lon is not None:
        return (organisation.lat, organisation.lon)
    muni = reference.municipalities().get(organisation.municipality)
    if muni is None:
        raise ValidationFailed({"within": _(
            "Your organisation has no location in the county, so we cannot measure distances from it.")})
    return (muni.lat, muni.lon)


def near_municipalities(origin: tuple[float, float], km: float) -> list[str]:
    return [code for code, m in reference.municipalities().items()
            if haversine_km(origin[0], origin[1], m.lat, m.lon) <= km]


def within_condition(origin: tuple[float, float], km: float):
    """A where-clause on Listing joined with Organisation: the listing lies within `km` of `origin`."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(origin[0], origin[1], km)
    boxed = db.session.execute(
        select(Organisation.id, Organisation.lat, Organisation.lon)
        .where(Organisation.lat.between(min_lat, max_lat), Organisation.lon.between(min_lon, max_lon))
    ).all()
    exact = [org_id for org_id, lat, lon in boxed if haversine_km(origin[0], origin[1], lat, lon) <= km]
    municipalities = near_municipalities(origin, km)
    placed = or_(Organisation.lat.is_(None), Organisation.lon.is_(None))
    own_site = or_(Organisation.id.in_(exact) if exact else false(),
                   and_(placed, Organisation.municipality.in_(municipalities)))
    return or_(
        and_(Listing.visibility != "anonymous", own_site),
        and_(Listing.visibility == "anonymous", Organisation.municipality.in_(municipalities)),
    )
