"""The researcher's workspace in a real browser, in Swedish and English at 360 px and 1280 px: the
tables and the chart, no name of an organisation or a person on the page, axe clean, no sideways
scrolling; both exports downloaded, the XLSX opened with openpyxl, no group below k = 3 in it."""
import csv
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import LANGUAGES, log_in, main, open_site_menu, t
from tests.e2e.test_accessibility import axe_problems

pytestmark = pytest.mark.e2e
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def answered(seed):
    """Nine organisations with submitted answers: six small sawmills in Jönköping (kept as they are),
    three lone firms elsewhere (merged or left out); names written into their free text."""
    from siru_exchange.extensions import db
    from siru_exchange.models import SurveyResponse
    from siru_exchange.models._types import utcnow
    from siru_exchange.services import survey

    people = []
    plan = [("0680", "16.10 Sågning", "small")] * 6 + [("0604", "01.13 Odling", "large"),
                                                       ("0617", "47.79 Begagnat", "micro"),
                                                       ("0665", "43.22 Vvs", "medium")]
    with seed.app.app_context():
        q = survey.questionnaire()
        for i, (municipality, sector, size) in enumerate(plan):
            org = seed.organisation(name=f"Granbergs Såg {i} AB", municipality=municipality, sector=sector,
                                    size=size, contact_name=f"Märta Lindqvist{i}")
            people += [org.name, f"Märta Lindqvist{i}"]
            db.session.add(SurveyResponse(
                organisation_id=org.id, year=survey.this_year(), questionnaire_version=q.version,
                answers={"activities": {a: "established" for a in q.activity_ids[:3]},
                         "activities_other": f"Tillsammans med {org.name}, fråga Märta Lindqvist{i}.",
                         "support": ["advice", "finance"], "obstacles": ["lack_time"], "contact_ok": True},
                submitted_at=utcnow()))
        db.session.commit()
    return people


def _no_group_below_k(rows):
    groups = Counter((r["year"], r["municipality"], r["sector"], r["size"]) for r in rows)
    assert groups and min(groups.values()) >= 3


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_workspace_and_both_exports(new_context, seed, answered, lang, size, steps):
    researcher = seed.user(role="researcher", organisation=None)
    page = new_context(viewport=SIZES[size], accept_downloads=True).new_page()
    log_in(page, researcher, lang)
    open_site_menu(page, lang)
    page.locator("header").get_by_role("link", name=t(lang, "Research")).click()
    expect(page.locator("h1")).to_have_text(t(lang, "Research workspace"))
    expect(page.locator("#activity-table")).to_be_visible()
    expect(page.locator("#answers-chart svg")).to_be_visible()
    steps.shot(page, f"workspace-{lang}-{size}")
    text = main(page).inner_text()
    for name in answered:
        assert name not in text
    for cell in page.locator("#activity-table td[data-answers]").all():
        assert int(cell.get_attribute("data-answers")) >= 3
    assert axe_problems(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    with page.expect_download() as download:
        main(page).get_by_role("button", name=t(lang, "Download CSV")).click()
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    _no_group_below_k(rows)

    with page.expect_download() as download:
        main(page).get_by_role("button", name=t(lang, "Download XLSX")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as fh:  # the saved file has no .xlsx suffix
        book = load_workbook(io.BytesIO(fh.read()), read_only=True)
    table = list(book["answers"].iter_rows(values_only=True))
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    _no_group_below_k(rows)
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["suppressed"] + len(rows) == len(answered) // 2
    cells = " ".join(str(v) for r in rows for v in r.values() if v is not None)
    for name in answered:
        assert name not in cells


@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_workspace_and_filters(new_context, seed, lang):
    researcher = seed.user(role="researcher", organisation=None)
    page = new_context(viewport=PHONE).new_page()
    log_in(page, researcher, lang)
    page.goto("/research/")
    expect(page.locator("#research-empty")).to_be_visible()
    assert axe_problems(page) == []
    page.goto("/research/?municipality=0604")
    expect(page.locator("#research-empty")).to_be_visible()


def test_a_member_does_not_find_the_workspace(new_context, seed):
    member = seed.user()
    page = new_context().new_page()
    log_in(page, member, "en")
    expect(page.locator("#nav-research")).to_have_count(0)
    response = page.goto("/research/")
    assert response.status == 404
