"""Survey answers: one organisation's answers to one version of the questionnaire, for one year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import timestamp, utcnow


class SurveyResponse(db.Model):
    """The survey answer of an organisation for a year.

    `answers` has the shape {"activities": {activity_id: stage_id}, "activities_other": str,
    "support": [support_id], "support_other": str, "obstacles": [obstacle_id], "obstacles_other": str,
    "contact_ok": bool}; every id is one of `questionnaire_version`'s (services/survey validates).
    `submitted_at` is None while the answer is a draft saved as the organisation goes.
    """

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("organisation_id", "year", name="uq_survey_responses_org_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    questionnaire_version: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = timestamp()
    updated_at: Mapped[datetime] = timestamp(onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()  # noqa: F821

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
