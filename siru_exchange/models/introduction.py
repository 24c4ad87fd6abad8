"""Introductions between organisations: consent per party, a status pipeline with its events,
a message thread, and the broker's private notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import timestamp, utcnow

STATUSES = ("proposed", "accepted", "in_dialogue", "agreed", "realised", "declined")
# The steps the parties (or the broker) take after everyone has accepted, in order.
NEXT_STATUS = {"accepted": "in_dialogue", "in_dialogue": "agreed", "agreed": "realised"}
OPEN_STATUSES = ("proposed", "accepted", "in_dialogue", "agreed")
MESSAGE_STATUSES = ("accepted", "in_dialogue", "agreed", "realised")
CONSENTS = ("pending", "accepted", "declined")
KINDS = ("request", "broker")
OPEN_REQUEST = text(
    "kind = 'request' AND status IN (" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"
)


class Introduction(db.Model):
    """A requested or brokered contact between two or more organisations.

    `needs_broker` marks a member's request on an anonymous listing: it waits in the broker queue and
    the listing's organisation sees nothing until a broker takes it on.
    """

    __tablename__ = "introductions"
    __table_args__ = (
        Index("ix_introductions_status_needs_broker", "status", "needs_broker"),
        # One open request per organisation and listing, also under parallel posts.
        Index(
            "uq_introductions_open_request",
            "listing_id",
            "requested_by_id",
            unique=True,
            postgresql_where=OPEN_REQUEST,
            sqlite_where=OPEN_REQUEST,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="request")
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    needs_broker: Mapped[bool] = mapped_column(Boolean, default=False)
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL"), nullable=True, index=True
    )
    chain_id: Mapped[int | None] = mapped_column(
        ForeignKey("chains.id", ondelete="SET NULL"), nullable=True, index=True
    )
    listing_id: Mapped[int | None] = mapped_column(
        ForeignKey("listings.id", ondelete="SET NULL"), nullable=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    broker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = timestamp()
    updated_at: Mapped[datetime] = timestamp(onupdate=utcnow)

    parties: Mapped[list[IntroductionParty]] = relationship(
        back_populates="introduction", cascade="all, delete-orphan", order_by="IntroductionParty.id"
    )
    events: Mapped[list[IntroductionEvent]] = relationship(
        back_populates="introduction", cascade="all, delete-orphan", order_by="IntroductionEvent.id"
    )
    listing: Mapped[Listing | None] = relationship()  # noqa: F821
    requested_by: Mapped[Organisation | None] = relationship()  # noqa: F821
    broker: Mapped[User | None] = relationship(foreign_keys=[broker_id])  # noqa: F821

    __mapper_args__ = {"version_id_col": version}

    def party_for(self, organisation_id: int | None) -> IntroductionParty | None:
        if organisation_id is None:
            return None
        return next((p for p in self.parties if p.organisation_id == organisation_id), None)

    @property
    def all_accepted(self) -> bool:
        return bool(self.parties) and all(p.consent == "accepted" for p in self.parties)

    @property
    def realised_confirmations(self) -> list[IntroductionParty]:
        """The parties that have confirmed the exchange is realised (while agreed, or once realised)."""
        return [p for p in self.parties if p.confirmed_realised]

    @property
    def broker_may_read(self) -> bool:
        """The parties' messages are open to brokers only when every party allows it."""
        return bool(self.parties) and all(p.allow_broker for p in self.parties)

    def __repr__(self) -> str:
        return f"<Introduction {self.id} {self.status}>"


class IntroductionParty(db.Model):
    """One organisation in an introduction, with its consent. `anonymous` hides its name from the
    other parties until every party has accepted."""

    __tablename__ = "introduction_parties"
    __table_args__ = (
        UniqueConstraint("introduction_id", "organisation_id", name="uq_introduction_parties_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    listing_id: Mapped[int | None] = mapped_column(
        ForeignKey("listings.id", ondelete="SET NULL"), nullable=True
    )
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    consent: Mapped[str] = mapped_column(String(16), default="pending")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    allow_broker: Mapped[bool] = mapped_column(Boolean, default=False)
    # The exchange is realised only when every party has confirmed it (one proposes, the others confirm).
    confirmed_realised: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    introduction: Mapped[Introduction] = relationship(back_populates="parties")
    organisation: Mapped[Organisation] = relationship()  # noqa: F821
    listing: Mapped[Listing | None] = relationship()  # noqa: F821


class IntroductionEvent(db.Model):
    """One recorded step: who did what, when, and the status it left the introduction in."""

    __tablename__ = "introduction_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), index=True
    )
    # requested, proposed, taken_on, accepted, declined, in_dialogue, agreed, realised
    action: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    # What the actor wrote to the parties with this step (a request's note, a broker's introduction).
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = timestamp()

    introduction: Mapped[Introduction] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()  # noqa: F821


class BrokerNote(db.Model):
    """A broker's private note on an introduction; members never see these."""

    __tablename__ = "broker_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = timestamp()

    author: Mapped[User | None] = relationship()  # noqa: F821


class Message(db.Model):
    """A message in an introduction's thread. `token` comes from the form, so a double submit
    stores one message."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint(
            "introduction_id", "author_id", "token", name="uq_messages_introduction_author_token"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), index=True
    )
    # None once the author's account is deleted: the message stays in the other parties' thread.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = timestamp()

    author: Mapped[User | None] = relationship()  # noqa: F821
    organisation: Mapped[Organisation | None] = relationship()  # noqa: F821
