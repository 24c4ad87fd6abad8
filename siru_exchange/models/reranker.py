"""Re-rankers learned from outcomes (`flask match learn`): versioned, each with its evaluation."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import timestamp


class RerankerModel(db.Model):
    """One learned re-ranker: its coefficients as plain data (``matching.Reranker.as_dict``), the
    evaluation it was judged on, and whether the engine uses it. At most one is in use: the newest
    that beat the hand weights on the time split and did not lose on the evaluation sets."""

    __tablename__ = "reranker_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    model: Mapped[dict] = mapped_column(JSON)
    evaluation: Mapped[dict] = mapped_column(JSON)
    outcomes: Mapped[int] = mapped_column(Integer, default=0)  # labelled pairs it was trained on
    in_use: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = timestamp()
