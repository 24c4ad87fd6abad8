from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import timestamp

SIZES = ("micro", "small", "medium", "large")
APPROVALS = ("pending", "approved", "refused")


class Organisation(db.Model):
    """A business or association whose members post listings."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    org_number: Mapped[str] = mapped_column(String(11), unique=True)
    # county code ("0680") or "other"; indexed for the municipality filter (migration i17pages01)
    municipality: Mapped[str] = mapped_column(String(8), index=True)
    sector: Mapped[str] = mapped_column(String(160), default="")
    size: Mapped[str] = mapped_column(String(16), default="small")
    description: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # Whether the public profile shows the contact details to logged-in members (the organisation
    # chooses; otherwise they reach another organisation only through an accepted introduction).
    show_contact: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # The public address of the organisation's impact badge (/impact/badge/<token>.svg): None until the
    # organisation chooses to share it; a new one when it stops and shares again.
    badge_token: Mapped[str | None] = mapped_column(String(32), unique=True, index=True, nullable=True)
    lat: Mapped[float | None] = mapped_column(nullable=True)
    lon: Mapped[float | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = timestamp()
    # Set when the last member deleted their account: the row stays, emptied of names and contact
    # details, so that the other parties' introductions keep their shape (services/privacy.py).
    deleted_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    # A new organisation waits for a broker ("pending"); its listings are seen by others only once it is
    # "approved" (policy.visible_listings). "refused" keeps it hidden, with the broker's note.
    approval: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending",
                                          index=True)
    approval_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    approved_at: Mapped[datetime | None] = timestamp(nullable=True, default=None)

    members: Mapped[list[User]] = relationship(back_populates="organisation")  # noqa: F821
    listings: Mapped[list[Listing]] = relationship(back_populates="organisation")  # noqa: F821

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_approved(self) -> bool:
        return self.approval == "approved"

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
