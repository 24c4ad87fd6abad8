"""Matching knowledge taught by brokers: "X can serve as Y" and new synonyms, proposed from a
suggestion or an introduction, decided by an admin. Accepted rows are the knowledge the engine adds
to the shipped taxonomy (services/knowledge.py); each accept gets the next knowledge version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..matching.taxonomy import KnowledgeItem
from ._types import timestamp

PROPOSAL_STATUSES = ("proposed", "accepted", "rejected")


class KnowledgeProposal(db.Model):
    """One proposal. ``kind`` is ``serves_as`` (``class_id`` can serve as ``target``, a class id or
    ``use:<name>``) or ``synonym`` (``phrase`` in ``language``, sv or en, names ``class_id``).

    ``key`` is what makes two proposals the same (kind, class, target or the folded phrase and its
    language): unique among the proposals not rejected, so a duplicate is refused even when two
    brokers send it at once. The source suggestion or introduction is kept while it exists (a
    recompute may delete a suggestion nobody reacted to)."""

    __tablename__ = "knowledge_proposals"
    __table_args__ = (
        Index("uq_knowledge_proposals_open_key", "key", unique=True,
              sqlite_where=text("status != 'rejected'"), postgresql_where=text("status != 'rejected'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    class_id: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(80), nullable=True)
    language: Mapped[str | None] = mapped_column(String(2), nullable=True)
    phrase: Mapped[str | None] = mapped_column(String(120), nullable=True)
    key: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                       nullable=True)
    suggestion_id: Mapped[int | None] = mapped_column(ForeignKey("suggestions.id", ondelete="SET NULL"),
                                                      nullable=True)
    introduction_id: Mapped[int | None] = mapped_column(ForeignKey("introductions.id", ondelete="SET NULL"),
                                                        nullable=True)
    created_at: Mapped[datetime] = timestamp()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                      nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    knowledge_version: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)

    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    def item(self) -> KnowledgeItem:
        """The proposal as the engine's plain data."""
        return KnowledgeItem(kind=self.kind, class_id=self.class_id, target=self.target,
                             language=self.language, phrase=self.phrase)
