from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import timestamp

ROLES = ("member", "broker", "admin", "researcher")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A person with an account. Members belong to one organisation; brokers and admins may not."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="sv")
    role: Mapped[str] = mapped_column(String(16), default="member")
    # Part of the login id: rotating it ends every session of this user on the server.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    created_at: Mapped[datetime] = timestamp()
    # Set at each login; an account not used for RETENTION_INACTIVE_ACCOUNT_DAYS is purged.
    last_login_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    # When the user proved control of the email address (a verification or invitation link); None until
    # then, and such an account may not post listings or be introduced (policy.is_verified).
    email_verified_at: Mapped[datetime | None] = timestamp(nullable=True, default=None)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")  # noqa: F821

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_broker(self) -> bool:
        return self.role in ("broker", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"
