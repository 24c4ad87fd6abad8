from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import timestamp, utcnow

SIDE_STATES = ("new", "interested", "dismissed")


class Suggestion(db.Model):
    """An offer-need pair proposed by the matching engine, with its score and reasons.

    Each side (the offering and the needing organisation) has its own state. A recompute updates the
    score and reasons and keeps both states; a pair the engine no longer proposes stays stored with
    `current = False` when a side has already said something about it, so that choice survives.
    """

    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("offer_id", "need_id", name="uq_suggestions_offer_need"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    # [{"code": "can_serve_as", "params": {...}}, ...]: rendered in the reader's language on display.
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    offer_state: Mapped[str] = mapped_column(String(16), default="new")
    need_state: Mapped[str] = mapped_column(String(16), default="new")
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    computed_at: Mapped[datetime] = timestamp(onupdate=utcnow)
    # When a side last said "interested" or "not relevant": the time of that outcome (services/outcomes.py).
    reacted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    offer: Mapped[Listing] = relationship(foreign_keys=[offer_id])  # noqa: F821
    need: Mapped[Listing] = relationship(foreign_keys=[need_id])  # noqa: F821

    def side_of(self, organisation_id: int | None) -> str | None:
        """Which side of this suggestion is this organisation's: "offer", "need", or None when it is
        not a party. The one place that answers it (both sides of one organisation count as the offer)."""
        if organisation_id is None:
            return None
        if self.offer.organisation_id == organisation_id:
            return "offer"
        if self.need.organisation_id == organisation_id:
            return "need"
        return None

    def listings_for(self, organisation_id: int | None):
        """(this organisation's listing, the other side's listing), or None when it is not a party."""
        side = self.side_of(organisation_id)
        if side == "offer":
            return self.offer, self.need
        if side == "need":
            return self.need, self.offer
        return None

    def state_for(self, organisation_id: int) -> str | None:
        """This organisation's state on the suggestion, or None when it is not a party."""
        side = self.side_of(organisation_id)
        return None if side is None else getattr(self, f"{side}_state")


class Chain(db.Model):
    """A circular suggestion around 3-4 organisations (A supplies B, B supplies C, C supplies A)."""

    __tablename__ = "chains"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Canonical key: the listing pairs, sorted, so the same loop found again updates this row.
    key: Mapped[str] = mapped_column(String(255), unique=True)
    organisation_ids: Mapped[list] = mapped_column(JSON)
    # [[offer_id, need_id], ...] in the order of the loop
    links: Mapped[list] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float)
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    computed_at: Mapped[datetime] = timestamp(onupdate=utcnow)


class MatchRun(db.Model):
    """A full recompute (`flask match run`, or the queue's jobs), done part by part (one part per
    resource group) in committed batches, so that an interrupted run keeps what it did and resumes.

    Every suggestion a run writes carries a `computed_at` at or after `started_at`; when the last
    part is done, the run's end retires the suggestions it did not find again and stores the chains.
    """

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = timestamp()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    parts: Mapped[list] = mapped_column(JSON, default=list)  # the part keys planned at the start
    chains: Mapped[int | None] = mapped_column(Integer, nullable=True)

    batches: Mapped[list[MatchRunBatch]] = relationship(back_populates="run", cascade="all, delete-orphan",
                                                        passive_deletes=True)


class MatchRunBatch(db.Model):
    """One committed batch of a run: the listings it recomputed and the scored pairs it found for the
    chains (so that the end of the run needs no second search). `part_done` marks a part's last batch."""

    __tablename__ = "match_run_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(64))
    listing_ids: Mapped[list] = mapped_column(JSON, default=list)
    pairs: Mapped[list] = mapped_column(JSON, default=list)  # [[offer_id, need_id, score], ...]
    part_done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = timestamp()

    run: Mapped[MatchRun] = relationship(back_populates="batches")
