from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..matching.vocabulary import FREQUENCIES, TERMS, UNITS, VISIBILITIES  # noqa: F401  (defined once there)
from ._types import timestamp, utcnow

KINDS = ("offer", "need")
STATUSES = ("active", "paused", "closed")


PUBLIC_ID_BYTES = 9  # 12 URL-safe characters, 72 random bits


def new_public_id() -> str:
    """A random id for URLs and the API: unlike the sequential `id`, it says nothing about which
    listings were created next to each other (so an anonymous listing is not tied to its owner's).

    It begins with a letter or a digit: an id beginning with "-" reads as an option on a command line
    and as a formula in a spreadsheet, where an export then shows it behind a guarding apostrophe."""
    while True:
        public_id = secrets.token_urlsafe(PUBLIC_ID_BYTES)
        if public_id[0].isalnum():
            return public_id


def fold(text: str) -> str:
    """Case-folded text for searching ("Åkeri" and "åkeri" are the same)."""
    return " ".join(text.casefold().split())


class Listing(db.Model):
    """An offer or a need posted by an organisation."""

    __tablename__ = "listings"
    __table_args__ = (
        Index("ix_listings_status_kind", "status", "kind"),
        # A form posted twice (double click, reload, 20 parallel posts) makes one listing.
        UniqueConstraint("organisation_id", "submission_token", name="uq_listings_organisation_submission"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)  # internal only: never in a URL or the API
    public_id: Mapped[str] = mapped_column(String(24), unique=True, index=True, default=new_public_id)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    resource_class: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    # The class the matching engine reads from the title and description (set by the service on
    # saving), so that search can find an unclassed listing by its class in either language.
    inferred_class: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(14, 3), nullable=True)
    unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    frequency: Mapped[str] = mapped_column(String(16), default="once")
    available_from: Mapped[date | None] = mapped_column(nullable=True)
    available_to: Mapped[date | None] = mapped_column(nullable=True)
    terms: Mapped[str] = mapped_column(String(16), default="negotiable")
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    status: Mapped[str] = mapped_column(String(16), default="active")
    version: Mapped[int] = mapped_column(default=1)
    # The version whose suggestions are stored (services/matching): while it differs from `version`,
    # a queued recompute is still to come and the pages say the suggestions are being computed.
    suggested_version: Mapped[int | None] = mapped_column(nullable=True)
    # Title and description case-folded in Python, so that search folds å/ä/ö on SQLite too.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The one-time token of the form that created it (None for the API, imports and the demo).
    submission_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A listing imported from a spreadsheet: a hash of its organisation, kind, title and description
    # (services.listing_import.import_key), unique, so that the same file imported twice adds nothing.
    import_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    created_at: Mapped[datetime] = timestamp()
    updated_at: Mapped[datetime] = timestamp(onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="listings")  # noqa: F821

    __mapper_args__ = {"version_id_col": version}

    def refresh_search_text(self) -> None:
        self.search_text = fold(f"{self.title or ''} {self.description or ''}")

    @hybrid_property
    def effective_class(self) -> str | None:
        """The class the engine matches this listing by: the one given, else the one read from its text.

        One rule for Python (the listing card) and SQL (the class filter and search), so the two
        cannot drift apart: an empty given class counts as none in both."""
        return self.resource_class or self.inferred_class

    @effective_class.inplace.expression
    @classmethod
    def _effective_class_expression(cls):
        return func.coalesce(func.nullif(cls.resource_class, ""), cls.inferred_class)

    @property
    def url_key(self) -> str:
        """What identifies this listing in URLs and the API (the `listing` URL converter uses it)."""
        if self.public_id is None:  # not flushed yet: give it its id now, as the column default would
            self.public_id = new_public_id()
        return self.public_id

    @property
    def is_anonymous(self) -> bool:
        return self.visibility == "anonymous"

    def __repr__(self) -> str:
        return f"<Listing {self.id} {self.kind} {self.title!r}>"
