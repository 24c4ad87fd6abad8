"""Reading organisations as another user sees them."""
from sqlalchemy import select

from .. import policy
from ..extensions import db
from ..models import Listing, Organisation


def visible_listings(user, organisation: Organisation) -> list[Listing]:
    """The organisation's listings this user may see on its page. Anonymous listings never show here to
    others, since listing them under the organisation's name would reveal who is behind them."""
    stmt = (select(Listing).where(Listing.organisation_id == organisation.id, policy.visible_listings(user))
            .order_by(Listing.created_at.desc(), Listing.id.desc()))
    return [listing for listing in db.session.scalars(stmt) if policy.can(user, "see_owner", listing)]
