"""The researcher's workspace and the anonymised exports, on SQLite and PostgreSQL: a population with
small groups, and no export row, table bucket, cell or chart bar below k = 3; no name from the database in
any free text; every export logged; researchers and admins only."""
import csv
import io
import re
from collections import Counter

import pytest
from openpyxl import load_workbook

from siru_exchange.models import AuditEvent, SurveyResponse
from siru_exchange.models._types import utcnow
from siru_exchange.research import K
from siru_exchange.services import research, survey

# (municipality, sector, size, how many organisations): groups of 4 and 3 survive as they are; the
# small ones must be merged or suppressed.
POPULATION = [
    ("0680", "16.10 Sågning och hyvling av trä", "small", 4),
    ("0680", "25.62 Metallbearbetning", "micro", 3),
    ("0680", "16.23 Snickerier", "small", 1),       # merges into section C with other manufacturing
    ("0680", "23.19 Glasvaror", "small", 2),
    ("0604", "01.13 Odling av grönsaker", "medium", 1),  # alone in Aneby: merged or suppressed
    ("0604", "43.22 Vvs-arbeten", "large", 1),
    ("0617", "47.79 Begagnade varor", "micro", 2),
    ("other", "62.01 Dataprogrammering", "small", 1),
]


def _answers(q, i, org, contact, person):
    activities = {a: ("established" if j == 0 or (i + j) % 3 == 0 else "none")
                  for j, a in enumerate(q.activity_ids)}
    return {
        "activities": activities,
        "activities_other": f"Vi samarbetar med {org} och {contact} i Huskvarna, ring 070-123 45 67.",
        "support": ["advice"] + (["finance"] if i % 2 else []),
        "support_other": f"Fråga {person} på {person.split()[0].lower()}@firma.se eller org.nr 556677-8899",
        "obstacles": ["lack_time"],
        "obstacles_other": f"{org.upper()} har inte tid; Storgatan 4 i Bankeryd",
        "contact_ok": True,
    }


@pytest.fixture
def population(db, factory):
    q = survey.questionnaire()
    year = survey.this_year()
    names = []
    i = 0
    for municipality, sector, size, count in POPULATION:
        for _ in range(count):
            i += 1
            org = factory.organisation(name=f"Ekbergs Trä och Plåt {i} AB", municipality=municipality,
                                       sector=sector, size=size, contact_name=f"Kerstin Holmqvist{i}")
            user = factory.user(organisation=org, name=f"Sven Dahlgren{i}")
            for _ in range(i % 3):
                factory.listing(organisation=org)
            db.session.add(SurveyResponse(organisation_id=org.id, year=year, questionnaire_version=q.version,
                                          answers=_answers(q, i, org.name, org.contact_name, user.name),
                                          submitted_at=utcnow()))
            names += [org.name, org.contact_name, user.name]
    # a draft is never part of the research data
    draft_org = factory.organisation(name="Utkastet AB", sector="16.10 Sågning", size="small")
    db.session.add(SurveyResponse(organisation_id=draft_org.id, year=year, questionnaire_version=q.version,
                                  answers={"activities": {}}, submitted_at=None))
    db.session.commit()
    return {"names": names, "total": i, "year": year}


def _classes(rows):
    return Counter((r["year"], r["municipality"], r["sector"], r["size"]) for r in rows)


def _assert_no_names(texts, names):
    for text in texts:
        lowered = text.casefold()
        for name in names:
            assert name.casefold() not in lowered, (name, text)
            for part in ("Ekbergs", "Holmqvist", "Dahlgren", "Huskvarna", "Bankeryd", "Storgatan", "@"):
                assert part.casefold() not in lowered, (part, text)
            # no piece of the phone or org. number as a number of its own (a random respondent id,
            # "R-f84e7070", may hold the digits inside it)
            for digits in ("070", "556677"):
                assert not re.search(rf"(?<![0-9a-z]){digits}(?![0-9a-z])", lowered), (digits, text)


def test_csv_export_has_no_row_below_k_and_no_name(app, population):
    data, filename, summary = research.export("csv")
    assert filename.endswith(".csv") and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and summary["rows"] == len(rows)
    assert len(rows) + summary["suppressed"] == population["total"]  # the draft is not counted
    assert summary["suppressed"] > 0 or summary["generalised"] > 0  # the small groups were handled
    for size in _classes(rows).values():
        assert size >= K
    assert {"respondent", "municipality", "sector", "size", "listings"} <= set(rows[0])
    assert not {"name", "organisation_id", "org_number", "email", "contact_name"} & set(rows[0])
    assert len({r["respondent"] for r in rows}) == len(rows)
    _assert_no_names([v for r in rows for k, v in r.items() if k in survey.TEXT_FIELDS], population["names"])
    assert any("[name]" in r["activities_other"] for r in rows)  # the text is there, scrubbed
    # every cell of the file, not only the free text, is free of names
    _assert_no_names([data.decode("utf-8-sig")], population["names"])


def test_respondent_codes_differ_between_exports(app, population):
    first = {r[0] for r in research.export_rows(research.release())[1]}
    second = {r[0] for r in research.export_rows(research.release())[1]}
    assert not first & second


def test_xlsx_export_says_what_was_merged_and_suppressed(app, population):
    data, filename, summary = research.export("xlsx")
    book = load_workbook(io.BytesIO(data), read_only=True)
    answers = list(book["answers"].iter_rows(values_only=True))
    header, rows = answers[0], [dict(zip(answers[0], r, strict=True)) for r in answers[1:]]
    assert "respondent" in header and len(rows) == summary["rows"]
    for size in _classes(rows).values():
        assert size >= K
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["k"] == K and about["suppressed"] == summary["suppressed"]
    assert about["generalised"] == summary["generalised"]
    _assert_no_names([str(v) for r in rows for v in r.values() if v is not None], population["names"])


def test_every_export_is_logged(app, db, population, factory):
    researcher = factory.user(organisation=None, role="researcher")
    research.export("csv", actor=researcher)
    research.export("xlsx")
    events = db.session.query(AuditEvent).filter_by(action="research.exported").order_by(AuditEvent.id).all()
    assert [(e.actor_id, e.detail["format"]) for e in events] == [(researcher.id, "csv"), (None, "xlsx")]
    assert events[0].detail["rows"] > 0 and "suppressed" in events[0].detail
    assert events[0].detail["what"] == "survey_answers"


@pytest.mark.parametrize("by", ["municipality", "sector", "size", "year"])
def test_no_table_bucket_cell_or_bar_below_k(app, population, by):
    with app.test_request_context():
        view = research.workspace(research.Filters(by=by))
        assert view["activity_table"] and view["support_table"]
        for table in (view["activity_table"], view["support_table"]):
            for bucket in table:
                assert bucket["answers"] >= K
                for n in bucket["cells"].values():
                    assert n is None or n == 0 or n >= K
        for bar in view["activity_chart"] + view["support_chart"] + view["answers_chart"]:
            assert bar["value"] >= K


def test_filters_select_released_values_only(app, population):
    with app.test_request_context():
        # Aneby's lone organisations were merged away: filtering by Aneby finds nothing, not one firm.
        view = research.workspace(research.Filters(municipality="0604"))
        assert view["activity_table"] == []
        view = research.workspace(research.Filters(municipality="0680", by="sector"))
        assert {b["value"] for b in view["activity_table"]} <= {"16", "25", "C"}


def test_an_empty_database_gives_an_empty_workspace(app, db):
    with app.test_request_context():
        view = research.workspace(research.Filters())
    assert view["activity_table"] == [] and view["summary"]["rows"] == 0


def test_workspace_page_for_researcher_and_admin_only(app, client, auth, factory, population):
    researcher = factory.user(organisation=None, role="researcher")
    auth.login(researcher.email)
    page = client.get("/research/?by=municipality")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for part in ('id="activity-table"', 'id="activity-chart"', 'id="answers-chart"', 'id="support-table"'):
        assert part in html
    for name in population["names"]:
        assert name not in html
    response = client.post("/research/export", data={"format": "xlsx"})
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    bad = client.post("/research/export", data={"format": "pdf"})
    assert bad.status_code == 303
    auth.logout()
    for role in ("member", "broker"):
        user = factory.user(role=role) if role == "member" else factory.broker()
        auth.login(user.email)
        assert client.get("/research/").status_code == 404
        assert client.post("/research/export", data={"format": "csv"}).status_code == 404
        auth.logout()


@pytest.mark.parametrize("query", ["?year=abc&by=nothing", "?year=1999&municipality=%3Cscript%3E",
                                   "?sector=" + "9" * 500, "?by=year&size=huge"])
def test_odd_filters_are_ignored_not_errors(app, client, auth, factory, population, query):
    researcher = factory.user(organisation=None, role="researcher")
    auth.login(researcher.email)
    page = client.get("/research/" + query)
    assert page.status_code == 200 and "<script>" not in page.get_data(as_text=True)


def test_cli_export(app, runner, population, tmp_path, db):
    path = tmp_path / "out.xlsx"
    result = runner.invoke(args=["research", "export", "--format", "xlsx", str(path)])
    assert result.exit_code == 0, result.output
    assert "suppressed" in result.output and path.stat().st_size > 0
    load_workbook(path, read_only=True)
    event = db.session.query(AuditEvent).filter_by(action="research.exported").one()
    assert event.actor_id is None and event.detail["format"] == "xlsx"


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf", "out.pdf"], "format"),
    (["--format", "csv", "out.xlsx"], "must end in .csv"),
    (["--format", "csv", "/no/such/folder/out.csv"], "no such folder"),
])
def test_cli_export_refuses_bad_arguments(app, runner, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args=["research", "export", *args])
    assert result.exit_code == 2 and message in result.output


def test_cli_export_does_not_overwrite(app, runner, tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("keep")
    result = runner.invoke(args=["research", "export", "--format", "csv", str(path)])
    assert result.exit_code == 2 and "exists" in result.output and path.read_text() == "keep"
