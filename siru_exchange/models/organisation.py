from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import timestamp

SIZES = ("micro", "small", "medium", "large")


class Organisation(db.Model):
    """A business or association whose members post listings."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    org_number: Mapped[str] = mapped_column(String(11), unique=True)
    municipality: Mapped[str] = mapped_column(String(8))  # county code ("0680") or "other"
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

    members: Mapped[list[User]] = relationship(back_populates="organisation")  # noqa: F821
    listings: Mapped[list[Listing]] = relationship(back_populates="organisation")  # noqa: F821

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
