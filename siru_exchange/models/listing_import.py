"""A broker's upload of a workshop spreadsheet, kept between its preview and its confirmation."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import timestamp


def new_import_token() -> str:
    return secrets.token_urlsafe(24)


class ListingImport(db.Model):
    """The rows of an uploaded file as read (plain text cells, the file's own headers), stored on the
    server so that the confirmation imports exactly what the preview showed, whatever the browser sends.

    `confirmed_at` is set, in the transaction that writes the listings, by an update that only succeeds
    once: two parallel confirmations of one preview write its listings once."""

    __tablename__ = "listing_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True, index=True, default=new_import_token)
    broker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = timestamp()
    confirmed_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    created_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
