"""Exchanges: a realised flow of a resource (or of people's time) from one organisation to another,
with the quantity moved per period, its transport, and every edit kept as a version row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..matching.vocabulary import EXCHANGE_FREQUENCIES, PEOPLE_KINDS, TRANSPORT_MODES, UNITS  # noqa: F401
from ._types import timestamp, utcnow

# proposed: one party (or a broker for an outside deal) recorded it, the other party has not confirmed.
# confirmed: the other party confirmed the figures (or a broker recorded a deal made off the platform).
STATUSES = ("proposed", "confirmed")
# What each version row records.
ACTIONS = ("proposed", "recorded", "confirmed", "edited", "ended", "verified")


class Exchange(db.Model):
    """What moves, from whom to whom, how much per period, from when, by what transport.

    `introduction_id` is None for a deal a broker records that was made outside the platform. The
    figures a dashboard shows are computed from these columns by the pure `impact` package; nothing it
    computes is stored here.
    """

    __tablename__ = "exchanges"
    __table_args__ = (
        Index("ix_exchanges_status_started", "status", "started_on"),
        # A double-submitted form records one exchange.
        UniqueConstraint("proposed_by_user_id", "submission_token", name="uq_exchanges_submission"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int | None] = mapped_column(
        ForeignKey("introductions.id", ondelete="SET NULL"), nullable=True, index=True
    )
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    receiver_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    resource_class: Mapped[str] = mapped_column(String(64), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(16))
    frequency: Mapped[str] = mapped_column(String(16), default="monthly")
    started_on: Mapped[date] = mapped_column()
    ended_on: Mapped[date | None] = mapped_column(nullable=True)
    # Distance between the two sites: computed when recorded (matching/geo), editable by the parties.
    distance_km: Mapped[Decimal | None] = mapped_column(Numeric(8, 1), nullable=True)
    distance_computed_km: Mapped[Decimal | None] = mapped_column(Numeric(8, 1), nullable=True)
    transport_mode: Mapped[str] = mapped_column(String(8), default="truck")
    # Social exchanges: how many people (or mentoring hours) per period, and of what kind.
    people_reached: Mapped[int | None] = mapped_column(Integer, nullable=True)
    people_kind: Mapped[str | None] = mapped_column(String(24), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    by_broker: Mapped[bool] = mapped_column(Boolean, default=False)
    proposed_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    proposed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    confirmed_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    confirmed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    verified_note: Mapped[str] = mapped_column(Text, default="")
    submission_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = timestamp()
    updated_at: Mapped[datetime] = timestamp(onupdate=utcnow)

    introduction: Mapped[Introduction | None] = relationship()  # noqa: F821
    supplier: Mapped[Organisation] = relationship(foreign_keys=[supplier_id])  # noqa: F821
    receiver: Mapped[Organisation] = relationship(foreign_keys=[receiver_id])  # noqa: F821
    proposed_by_org: Mapped[Organisation | None] = relationship(foreign_keys=[proposed_by_org_id])  # noqa: F821
    proposed_by_user: Mapped[User | None] = relationship(foreign_keys=[proposed_by_user_id])  # noqa: F821
    confirmed_by_org: Mapped[Organisation | None] = relationship(foreign_keys=[confirmed_by_org_id])  # noqa: F821
    confirmed_by_user: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_user_id])  # noqa: F821
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])  # noqa: F821
    versions: Mapped[list[ExchangeVersion]] = relationship(
        back_populates="exchange", cascade="all, delete-orphan", order_by="ExchangeVersion.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def party_ids(self) -> tuple[int, int]:
        return (self.supplier_id, self.receiver_id)

    def other_party_id(self, organisation_id: int | None) -> int | None:
        """The party that is not `organisation_id` (None when it is not a party)."""
        if organisation_id == self.supplier_id:
            return self.receiver_id
        if organisation_id == self.receiver_id:
            return self.supplier_id
        return None

    @property
    def is_confirmed(self) -> bool:
        return self.status == "confirmed"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def is_ended(self, today: date) -> bool:
        return self.ended_on is not None and self.ended_on <= today

    def __repr__(self) -> str:
        return f"<Exchange {self.id} {self.resource_class} {self.status}>"


class ExchangeVersion(db.Model):
    """One step in an exchange's history: who, when, what (field -> [before, after])."""

    __tablename__ = "exchange_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(ForeignKey("exchanges.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = timestamp()

    exchange: Mapped[Exchange] = relationship(back_populates="versions")
    actor: Mapped[User | None] = relationship()  # noqa: F821
    organisation: Mapped[Organisation | None] = relationship()  # noqa: F821
