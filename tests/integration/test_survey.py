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


# -- the pages -------------------------------------------------------------------------------------

from tests.integration.test_introductions import html, login, outbox  # noqa: E402


def _fresh(org):
    """The organisation's answer as the database has it now (the pages wrote it in their own sessions)."""
    from siru_exchange.extensions import db

    db.session.expire_all()
    return survey.response_for(org)


def _set_lang(client, lang):
    client.post("/language", data={"lang": lang})


def _area_form(q, area, stage="started"):
    return {f"activity-{a['id']}": stage for a in q.activities_in(area)}


def test_steps_save_drafts_and_submit_through_the_pages(app, factory):
    user = factory.user()
    client = login(app, user)
    q = survey.questionnaire()
    areas = [a["id"] for a in q.areas]
    r = client.get("/survey/")
    assert r.status_code == 200 and 'data-state="not_answered"' in html(r)
    # The first step: half answered, then "save and continue later": a draft.
    first = q.activities_in(areas[0])
    r = client.post(f"/survey/edit?step={areas[0]}", data={f"activity-{first[0]['id']}": "planned",
                                                           "go": "later"})
    assert r.status_code == 302
    assert 'data-state="draft"' in html(client.get("/survey/"))
    # A step re-shown shows what was saved.
    page = html(client.get(f"/survey/edit?step={areas[0]}"))
    name = f'activity-{first[0]["id"]}'
    assert f'id="{name}-planned" name="{name}" value="planned" checked' in page
    for i, area in enumerate(areas):
        r = client.post(f"/survey/edit?step={area}", data={**_area_form(q, area), "go": "next"})
        assert r.status_code == 302
        assert r.headers["Location"].endswith(f"step={(areas + ['needs'])[i + 1]}")
    r = client.post("/survey/edit?step=needs", data={"support": ["finance", "networks"],
                                                     "obstacles": "regulation", "support_other": "Mentor",
                                                     "go": "next"})
    assert r.status_code == 302 and r.headers["Location"].endswith("step=finish")
    r = client.post("/survey/edit?step=finish", data={"contact_ok": "yes", "activities_other": "Läxhjälp",
                                                      "go": "submit"})
    assert r.status_code == 302
    resp = _fresh(user.organisation)
    assert resp.is_submitted
    assert resp.answers["support"] == ["finance", "networks"] and resp.answers["obstacles"] == ["regulation"]
    assert resp.answers["contact_ok"] is True and resp.answers["activities_other"] == "Läxhjälp"
    assert 'data-state="answered"' in html(client.get("/survey/"))
    # Unticking every support need on its own step empties the list (a step owns its keys).
    client.post("/survey/edit?step=needs", data={"go": "next"})
    assert _fresh(user.organisation).answers["support"] == []


@pytest.mark.parametrize("lang,message", [("sv", "svara hur långt ni har kommit"),
                                          ("en", "answer how far you have come")])
def test_submit_with_missing_answers_reshows_input_with_messages(app, factory, lang, message):
    user = factory.user()
    client = login(app, user)
    _set_lang(client, lang)
    r = client.post("/survey/edit?step=finish", data={"contact_ok": "no", "activities_other": "Vår egen text",
                                                      "go": "submit"})
    assert r.status_code == 422
    page = html(r)
    assert message in page and "Vår egen text" in page
    assert 'id="contact_ok-no" name="contact_ok" value="no" checked' in page
    # The draft part was not written either: all or nothing.
    assert survey.response_for(user.organisation) is None


@pytest.mark.parametrize("lang,message", [("sv", "Okänt val"), ("en", "Unknown choice")])
def test_unknown_ids_from_the_form_are_refused(app, factory, lang, message):
    user = factory.user()
    client = login(app, user)
    _set_lang(client, lang)
    r = client.post("/survey/edit?step=needs", data={"support": ["advice", "bribes"], "support_other": "kvar",
                                                     "go": "next"})
    assert r.status_code == 422 and message in html(r) and "kvar" in html(r)
    assert 'value="advice" checked' in html(r)
    r = client.post("/survey/edit?step=environment", data={"activity-made_up": "started", "go": "next"})
    assert r.status_code == 422
    r = client.post("/survey/edit?step=environment", data={"activity-energy_efficiency": "done",
                                                           "go": "next"})
    assert r.status_code == 422
    r = client.post("/survey/edit?step=finish", data={"contact_ok": "maybe", "go": "next"})
    assert r.status_code == 422
    assert client.get("/survey/edit?step=nowhere").status_code == 404
    assert SurveyResponse.query.count() == 0


def test_autosave_answers_json(app, factory):
    user = factory.user()
    client = login(app, user)
    headers = {"X-Survey-Autosave": "1"}
    r = client.post("/survey/edit?step=environment", data={"activity-waste_reduction": "established"},
                    headers=headers)
    assert r.status_code == 200 and r.get_json() == {"saved": True, "submitted": False}
    assert _fresh(user.organisation).answers["activities"] == {"waste_reduction": "established"}
    r = client.post("/survey/edit?step=needs", data={"obstacles": ["nope"]}, headers=headers)
    assert r.status_code == 422 and "obstacles" in r.get_json()["errors"]


def test_once_a_year_earlier_answers_are_kept_and_read_only(app, factory, monkeypatch, db):
    user = factory.user()
    org = user.organisation
    q = survey.questionnaire()
    monkeypatch.setattr(survey, "this_year", lambda: 2026)
    survey.save(org, user, 2026, _complete(q, "planned"), submit=True)
    # Edited again the same year: the same row, still submitted.
    survey.save(org, user, 2026, {"activities": {"waste_reduction": "established"}})
    assert SurveyResponse.query.count() == 1
    # Next year a new answer starts; last year's stays as it was and can no longer be changed.
    monkeypatch.setattr(survey, "this_year", lambda: 2027)
    assert survey.response_for(org, 2027) is None
    with pytest.raises(ValidationFailed) as e:
        survey.save(org, user, 2026, {"activities": {"waste_reduction": "none"}})
    assert "year" in e.value.errors
    survey.save(org, user, 2027, {"activities": {"waste_reduction": "started"}})
    rows = {r.year: r for r in SurveyResponse.query.all()}
    assert set(rows) == {2026, 2027}
    assert rows[2026].answers["activities"]["waste_reduction"] == "established" and rows[2026].is_submitted
    assert rows[2027].submitted_at is None
    client = login(app, user)
    page = html(client.get("/survey/"))
    assert "/survey/answers?year=2026" in page


def test_reminders_once_a_year_to_those_who_have_not_submitted(app, factory, runner, db):
    from siru_exchange.models import Notification

    done = factory.user()
    survey.save(done.organisation, done, survey.this_year(), _complete(survey.questionnaire()), submit=True)
    draft = factory.user(language="en")
    survey.save(draft.organisation, draft, survey.this_year(), {"activities": {"waste_reduction": "none"}})
    silent = factory.user()
    colleague = factory.user(organisation=silent.organisation)
    unconfirmed = factory.user(organisation=silent.organisation, email_verified_at=None)
    pending_org = factory.organisation(approval="pending")
    factory.user(organisation=pending_org)
    result = runner.invoke(args=["survey", "remind"])
    assert result.exit_code == 0, result.output
    told = {n.user_id for n in Notification.query.filter_by(kind="survey")}
    assert told == {draft.id, silent.id, colleague.id}
    mails = outbox(app)
    assert sorted(m["to"] for m in mails) == sorted([draft.email, silent.email, colleague.email])
    english = next(m for m in mails if m["to"] == draft.email)
    assert "survey" in english["subject"] and "/survey/" in english["body"]
    swedish = next(m for m in mails if m["to"] == silent.email)
    assert "enkät" in swedish["subject"]
    # Again the same year: nobody is told twice.
    result = runner.invoke(args=["survey", "remind"])
    assert result.exit_code == 0 and "reminded 0 members now, 3 were" in result.output
    assert Notification.query.filter_by(kind="survey").count() == 3 and len(outbox(app)) == 3
    assert unconfirmed.id not in told
    # The reminder shows in the notifications and opens the survey.
    client = login(app, silent)
    page = html(client.get("/notifications/"))
    assert "enkät" in page
    n = Notification.query.filter_by(kind="survey", user_id=silent.id).one()
    r = client.post(f"/notifications/{n.id}/read", data={"open": "1"})
    assert r.headers["Location"].endswith("/survey/")
    assert runner.invoke(args=["survey", "remind", "--year", "1999"]).exit_code == 2


def test_broker_status_page(app, factory):
    done = factory.user()
    survey.save(done.organisation, done, survey.this_year(), _complete(survey.questionnaire()), submit=True)
    draft = factory.user()
    survey.save(draft.organisation, draft, survey.this_year(), {"activities": {"waste_reduction": "none"}})
    nothing = factory.organisation(name="Tyst Företag AB")
    broker = factory.broker()
    page = html(login(app, broker).get("/survey/status"))
    assert f'data-state="answered" data-org="{done.organisation_id}"' in page
    assert f'data-state="draft" data-org="{draft.organisation_id}"' in page
    assert f'data-state="not_answered" data-org="{nothing.id}"' in page
    assert "Svarat: 1 · Påbörjat: 1 · Inte svarat: 1" in page
    assert login(app, done).get("/survey/status").status_code == 404


def test_broker_status_comes_in_pages_by_name_and_filters_by_state(app, factory, db):
    """At national size the overview listed all 10,000 organisations (3 MB): pages of STATUS_PAGE by
    name, the counts of every state above them whatever the page, and a filter by state."""
    from siru_exchange.models import Organisation
    from tests.factories import valid_org_number

    done = factory.user(organisation=factory.organisation(name="Aaa Svarat AB"))
    survey.save(done.organisation, done, survey.this_year(), _complete(survey.questionnaire()), submit=True)
    db.session.add_all(Organisation(name=f"Tyst {i:03d} AB", org_number=valid_org_number(90_000 + i),
                                    municipality="0680", approval="approved")
                       for i in range(survey.STATUS_PAGE + 5))
    db.session.commit()
    client = login(app, factory.broker())
    first = html(client.get("/survey/status"))
    assert first.count('data-state="') == survey.STATUS_PAGE
    assert first.index("Aaa Svarat AB") < first.index("Tyst 000 AB")  # by name
    assert "Svarat: 1 · Påbörjat: 0 · Inte svarat:" in first and 'rel="next"' in first
    second = html(client.get("/survey/status?page=2"))
    assert "Tyst 054 AB" in second and "Svarat: 1 · Påbörjat: 0" in second
    answered = html(client.get("/survey/status?state=answered"))
    assert answered.count('data-state="answered"') == 1 and 'data-state="not_answered"' not in answered
    assert 'rel="next"' not in answered
    assert client.get("/survey/status?state=nonsense&page=x").status_code == 200


def test_download_own_answers_json_and_csv(app, factory):
    user = factory.user()
    q = survey.questionnaire()
    answers = _complete(q)
    answers["activities_other"] = "=HYPERLINK(\"http://x\")"
    survey.save(user.organisation, user, survey.this_year(), answers, submit=True)
    client = login(app, user)
    year = survey.this_year()
    r = client.get(f"/survey/answers.json?year={year}")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    data = r.get_json()
    assert data["questionnaire_version"] == q.version and data["answers"]["support"] == ["advice", "time"]
    r = client.get(f"/survey/answers.csv?year={year}")
    raw = r.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Arbetsträning eller praktik" in text and "Har börjat" in text
    assert "'=HYPERLINK" in text  # neutralised
    page = html(client.get(f"/survey/answers?year={year}"))
    assert "Rådgivning, Tid" in page
    # Another organisation's member gets only their own (none): 404 for the files.
    other = factory.user()
    assert login(app, other).get(f"/survey/answers.json?year={year}").status_code == 404


def test_summary_uses_answers_and_exchange_impact(app, factory, monkeypatch):
    from siru_exchange.services import survey_report

    user = factory.user()
    q = survey.questionnaire()
    answers = {"activities": {a: "none" for a in q.activity_ids}}
    answers["activities"].update({"waste_reduction": "established", "energy_efficiency": "planned",
                                  "work_training": "started"})
    survey.save(user.organisation, user, survey.this_year(), answers, submit=True)
    calls = []

    def fake_impact(org, year=None, as_of=None):
        calls.append((org.id, year))
        return {"exchanges": 2, "people_reached": 4, "co2e_avoided_t": {"central": 1.5},
                "exchanges_list": [{"role": "supplier", "tonnes": 12.0, "mwh": 0.0},
                                   {"role": "receiver", "tonnes": 3.0, "mwh": 7.0}]}

    monkeypatch.setattr(survey_report.impact, "organisation_impact", fake_impact)
    client = login(app, user)
    _set_lang(client, "en")
    page = html(client.get("/survey/summary"))
    assert calls == [(user.organisation_id, survey.this_year())]
    b7 = page.split('id="summary-B7"')[1].split("</section>")[0]
    assert "Less waste and better sorting" in b7 and "12 t" in b7 and "3 t" in b7
    b3 = page.split('id="summary-B3"')[1].split("</section>")[0]
    assert "Energy efficiency" in b3 and "Planned" in b3 and "7 MWh" in b3 and "1.5 t" in b3
    b8 = page.split('id="summary-B8"')[1].split("</section>")[0]
    assert "Work training" in b8 and "4" in b8


def test_demo_seed_gives_most_organisations_answers(app, runner, db):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    from siru_exchange.models import Organisation

    year = survey.this_year()
    n = Organisation.query.count()
    this = SurveyResponse.query.filter_by(year=year).count()
    assert this >= 0.75 * n
    assert 0 < SurveyResponse.query.filter_by(year=year - 1).count() < n
    assert len(survey.answered_organisations(year)) > 0.6 * n
    first = sorted((r.organisation_id, r.answers["activities"].get("waste_reduction"))
                   for r in SurveyResponse.query.filter_by(year=year))
    assert first  # deterministic content is checked below
    for r in SurveyResponse.query.all():
        survey.validate_answers(survey.questionnaire(r.questionnaire_version), r.answers,
                                complete=r.is_submitted)


def test_data_export_has_the_answers_and_removal_erases_free_text(app, factory, db):
    from siru_exchange.services import privacy

    user = factory.user()
    q = survey.questionnaire()
    answers = {**_complete(q), "activities_other": "Anna Andersson leder arbetet"}
    survey.save(user.organisation, user, survey.this_year(), answers, submit=True)
    data = privacy.export_data(user)
    assert data["survey_answers"][0]["answers"]["activities_other"] == "Anna Andersson leder arbetet"
    org_id = user.organisation_id
    privacy.remove_organisation(user.organisation, actor=None)
    db.session.commit()
    db.session.expire_all()
    kept = survey.response_for(org_id)
    assert kept.answers["activities_other"] == "" and kept.answers["contact_ok"] is False
    assert kept.answers["activities"] == {a: "started" for a in q.activity_ids}
