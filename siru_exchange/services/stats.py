"""Counts for the home page and `flask stats`."""
from sqlalchemy import distinct, func, select

from .. import policy
from ..extensions import db
from ..models import Listing, Organisation, User
from . import cache


def counts() -> dict:
    """Organisations, users, listings (active or not), offers, needs, municipalities with a listing."""
    def scalar(stmt):
        return db.session.scalar(stmt) or 0

    return {
        # A removed organisation's emptied row (services/privacy.py) is not an organisation any more.
        "organisations": scalar(select(func.count(Organisation.id)).where(Organisation.deleted_at.is_(None))),
        "users": scalar(select(func.count(User.id))),
        "listings": scalar(select(func.count(Listing.id))),
        "offers": scalar(select(func.count(Listing.id)).where(Listing.kind == "offer")),
        "needs": scalar(select(func.count(Listing.id)).where(Listing.kind == "need")),
        "municipalities": scalar(
            select(func.count(distinct(Organisation.municipality)))
            .select_from(Listing).join(Listing.organisation)
        ),
    }


def visible_counts(user) -> dict:
    """What the home page tells this viewer: the active listings they can see (offers, needs), and the
    organisations and municipalities behind them, so the numbers agree with the listings page.
    Cached for CACHE_SECONDS per set of visibilities (what a visitor and a member may see differ)."""
    scope = ",".join(policy.listed_visibilities(user))
    return cache.cached(f"home-counts:{scope}", lambda: _visible_counts(user))


def _visible_counts(user) -> dict:
    def count(what, *where):
        stmt = (select(what).select_from(Listing).join(Listing.organisation)
                .where(policy.visible_listings(user, listed=True), *where))
        return db.session.scalar(stmt) or 0

    return {
        "organisations": count(func.count(distinct(Listing.organisation_id))),
        "offers": count(func.count(Listing.id), Listing.kind == "offer"),
        "needs": count(func.count(Listing.id), Listing.kind == "need"),
        "municipalities": count(func.count(distinct(Organisation.municipality))),
    }
