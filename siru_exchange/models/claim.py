"""A request to join an organisation that is already registered, decided by a broker."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import timestamp

CLAIM_STATUSES = ("pending", "granted", "refused")


class ClaimRequest(db.Model):
    """A user asks to be added to the organisation with this number. The number is kept as typed
    (normalised), so that asking about a number nobody registered answers like any other request:
    the broker sees that no organisation has it and refuses."""

    __tablename__ = "claim_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    org_number: Mapped[str] = mapped_column(String(11))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = timestamp()
    decided_at: Mapped[datetime | None] = timestamp(nullable=True, default=None)

    user: Mapped[User] = relationship(foreign_keys=[user_id])  # noqa: F821
    organisation: Mapped[Organisation | None] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<ClaimRequest {self.id} {self.org_number} {self.status}>"
