"""The survey: drafts saved as the organisation goes, submission, validation against the versioned
questionnaire, the once-a-year rule, reminders, the broker's status page and the downloads."""
import json

import pytest

from siru_exchange.models import SurveyResponse
from siru_exchange.services import survey
from siru_exchange.services.errors import NotAllowed, ValidationFailed


def _complete(q, stage="started"):
    return {"activities": {a: stage for a in q.activity_ids}, "support": ["advice", "time"],
            "obstacles": ["lack_time"], "contact_ok": True}


def test_questionnaire_file_is_valid_and_current():
    q = survey.questionnaire()
    assert q.version == survey.current_version()
    assert "work_training" in q.activity_ids and "local_sourcing" in q.activity_ids
    assert q.stage_ids == ("none", "planned", "started", "established")
    assert set(q.support_ids) == {"advice", "finance", "partners", "training", "networks", "time"}
    for item in q.activities + q.support + q.obstacles:
        assert item["source"].strip()


def test_draft_then_submit(app, factory):
    user = factory.user()
    org = user.organisation
    year = survey.this_year()
    q = survey.questionnaire()
    first = q.activity_ids[0]
    r = survey.save(org, user, year, {"activities": {first: "planned"}}, submit=False)
    assert r.submitted_at is None and r.answers["activities"] == {first: "planned"}
    assert org.id not in survey.answered_organisations(year)
    with pytest.raises(ValidationFailed) as e:
        survey.save(org, user, year, {}, submit=True)
    assert f"activities.{q.activity_ids[1]}" in e.value.errors
    r = survey.save(org, user, year, _complete(q), submit=True)
    assert r.submitted_at is not None and r.questionnaire_version == q.version
    assert org.id in survey.answered_organisations(year)
    assert SurveyResponse.query.count() == 1


def test_unknown_ids_refused_and_nothing_written(app, factory, db):
    user = factory.user()
    org = user.organisation
    year = survey.this_year()
    for bad in ({"activities": {"made_up": "started"}}, {"activities": {"work_training": "finished"}},
                {"support": ["money_tree"]}, {"obstacles": ["nope"]}, {"contact_ok": "perhaps"},
                {"surprise": 1}):
        with pytest.raises(ValidationFailed):
            survey.save(org, user, year, bad, submit=False)
    assert SurveyResponse.query.count() == 0


def test_outsider_may_not_answer(app, factory):
    org = factory.organisation()
    other = factory.user()
    with pytest.raises(NotAllowed):
        survey.save(org, other, survey.this_year(), {}, submit=False)


def test_version_kept_when_new_version_appears(app, factory, tmp_path):
    user = factory.user()
    org = user.organisation
    year = survey.this_year()
    q = survey.questionnaire()
    survey.save(org, user, year, _complete(q), submit=True)
    data = json.loads(json.dumps(q.data))
    data["version"] = f"{year}-2"
    data["year_from"] = year
    data["activities"] = [a for a in data["activities"] if a["id"] != "local_sourcing"]
    (tmp_path / f"{year}-2.json").write_text(json.dumps(data), encoding="utf-8")
    app.config["SURVEY_DIR"] = str(tmp_path)
    assert survey.current_version() == f"{year}-2"
    # The old answer keeps its version and still validates against it (local_sourcing included).
    r = survey.save(org, user, year, {"activities": {"local_sourcing": "established"}}, submit=True)
    assert r.questionnaire_version == q.version
    assert r.answers["activities"]["local_sourcing"] == "established"
    # A new organisation starts in the new version, where local_sourcing is unknown.
    u2 = factory.user()
    with pytest.raises(ValidationFailed):
        survey.save(u2.organisation, u2, year, {"activities": {"local_sourcing": "started"}})
    r2 = survey.save(u2.organisation, u2, year, {"activities": {"work_training": "started"}})
    assert r2.questionnaire_version == f"{year}-2"
