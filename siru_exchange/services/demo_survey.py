"""Demo survey answers for `seed-demo`: four in five demo organisations have answered this year (a few
only as a draft), half of them also last year. Deterministic: the same organisations and the same
answers on every run (seeded by organisation number and year). Every answer is validated against the
questionnaire like a real one."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Organisation, SurveyResponse
from . import survey

STAGE_WEIGHTS = {"none": 35, "planned": 20, "started": 25, "established": 20}
OTHER_TEXTS = (
    "Vi lånar ut vår lokal till föreningar på kvällarna.",
    "Lärlingsplatser tillsammans med gymnasiet.",
    "We repair our customers' products instead of replacing them.",
    "",
)


def _answers(q: survey.Questionnaire, rng: random.Random) -> dict:
    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    return {
        "activities": {a: rng.choices(stages, weights)[0] for a in q.activity_ids},
        "activities_other": rng.choice(OTHER_TEXTS),
        "support": rng.sample(list(q.support_ids), rng.randint(1, 3)),
        "support_other": "",
        "obstacles": rng.sample(list(q.obstacle_ids), rng.randint(1, 2)),
        "obstacles_other": "",
        "contact_ok": rng.random() < 0.6,
    }


def _moment(year: int, rng: random.Random, now: datetime) -> datetime:
    start = datetime(year, 1, 15, 9, 0, tzinfo=UTC)
    end = min(datetime(year, 12, 15, 9, 0, tzinfo=UTC), now - timedelta(hours=1))
    span = max(int((end - start).total_seconds() // 3600), 1)
    return start + timedelta(hours=rng.randrange(span))


def load(this_year: int | None = None) -> int:
    """Write the demo answers (in the caller's transaction); the number of answers written."""
    year = this_year or survey.this_year()
    now = datetime.now(UTC)
    orgs = list(db.session.scalars(select(Organisation).order_by(Organisation.id)))
    written = 0
    for index, org in enumerate(orgs, start=1):
        plan = []
        if index % 5 != 0:  # four in five this year; every sixth of them still a draft
            plan.append((year, index % 6 != 0))
        if index % 2 == 1:  # half of them last year too
            plan.append((year - 1, True))
        for y, submitted in plan:
            rng = random.Random(f"siru-survey-{org.org_number}-{y}")
            version = survey.current_version(y)
            q = survey.questionnaire(version)
            answers = survey.validate_answers(q, _answers(q, rng), complete=True)
            if not submitted:  # a draft stops part-way: the later steps are not answered yet
                keep = set(q.activity_ids[: len(q.activity_ids) // 2])
                answers["activities"] = {k: v for k, v in answers["activities"].items() if k in keep}
            when = _moment(y, rng, now)
            db.session.add(SurveyResponse(organisation_id=org.id, year=y, questionnaire_version=version,
                                          answers=answers, submitted_at=when if submitted else None,
                                          created_at=when - timedelta(minutes=12), updated_at=when))
            written += 1
    db.session.flush()
    return written
