"""Counts for the home page and `flask stats`."""
from sqlalchemy import distinct, func, select

from ..extensions import db
from ..models import Listing, Organisation, User


def counts() -> dict:
    """Organisations, users, listings (active or not), offers, needs, municipalities with a listing."""
    def scalar(stmt):
        return db.session.scalar(stmt) or 0

    return {
        "organisations": scalar(select(func.count(Organisation.id))),
        "users": scalar(select(func.count(User.id))),
        "listings": scalar(select(func.count(Listing.id))),
        "offers": scalar(select(func.count(Listing.id)).where(Listing.kind == "offer")),
        "needs": scalar(select(func.count(Listing.id)).where(Listing.kind == "need")),
        "municipalities": scalar(
            select(func.count(distinct(Organisation.municipality)))
            .select_from(Listing).join(Listing.organisation)
        ),
    }
