"""Notifications in the site and each user's choice of what to be told, and how."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import timestamp

KINDS = ("introduction", "answer", "message", "digest")


class Notification(db.Model):
    """Something a user should know about. The text is rendered in the reader's language on display,
    from `kind`, `event` and the introduction, so no name is stored that the reader may not see."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    event: Mapped[str] = mapped_column(String(24), default="")
    introduction_id: Mapped[int | None] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), nullable=True
    )
    read_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = timestamp()


class NotificationPreference(db.Model):
    """One row per user (made on first change); without a row every kind is on."""

    __tablename__ = "notification_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    introduction_site: Mapped[bool] = mapped_column(Boolean, default=True)
    introduction_email: Mapped[bool] = mapped_column(Boolean, default=True)
    answer_site: Mapped[bool] = mapped_column(Boolean, default=True)
    answer_email: Mapped[bool] = mapped_column(Boolean, default=True)
    message_site: Mapped[bool] = mapped_column(Boolean, default=True)
    message_email: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_email: Mapped[bool] = mapped_column(Boolean, default=True)
    last_digest_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)

    def wants(self, kind: str, channel: str) -> bool:
        return bool(getattr(self, f"{kind}_{channel}", False))
