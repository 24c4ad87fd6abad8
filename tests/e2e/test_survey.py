"""The survey in a real browser, in Swedish and in English, on a phone (360 px) and a desktop
(1280 px): a member opens it from the header, picks every option of every control (each stage of each
activity, every support need and obstacle, both contact answers), sees each change saved as a draft,
is refused when submitting too early, submits, reads the answers back and downloads them; a broker sees
the organisation as answered."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import LANGUAGES, flash, log_in, main, open_site_menu, t
from tests.e2e.test_accessibility import axe_problems

pytestmark = pytest.mark.e2e


def _questionnaire(seed):
    from siru_exchange.services import survey

    with seed.app.app_context():
        return survey.questionnaire()


WIDER_THAN_THE_SCREEN = """Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"""


def _no_sideways_scroll(page):
    """The page, once laid out, fits the screen: awaited for up to 3 s (a CI run once read the width
    while the summary was still being laid out), and what sticks out is named if it does not."""
    try:
        page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth", timeout=3000)
    except Exception:
        raise AssertionError((page.url, page.evaluate(WIDER_THAN_THE_SCREEN))) from None


def _open_from_header(page, lang):
    open_site_menu(page, lang)
    page.locator("header").get_by_role("link", name=t(lang, "Survey"), exact=True).click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_answer_the_survey(new_context, seed, lang, viewport, steps):
    q = _questionnaire(seed)
    org = seed.organisation(name="Vaggeryds Snickeri AB", municipality="0665")
    member = seed.user(org, name="Siv Snickare", language=lang)
    broker = seed.user(None, role="broker", name="Britt Mäklare", language=lang)
    page = new_context(viewport=viewport).new_page()
    log_in(page, member, lang)
    page.goto("/")
    _open_from_header(page, lang)
    expect(page.locator("#survey-state")).to_have_attribute("data-state", "not_answered")
    main(page).get_by_role("button", name=t(lang, "Start the survey")).click()
    stage_ids = q.stage_ids
    # Submitting too early (jump to the finish) is refused, naming what is missing, nothing lost.
    page.goto("/survey/edit?step=finish")
    main(page).get_by_label(t(lang, "Other activities")).fill("Vi lagar möbler åt skolan")
    main(page).get_by_role("button", name=t(lang, "Submit your answers")).click()
    expect(page.locator("#survey-missing")).to_be_visible()
    expect(main(page).get_by_label(t(lang, "Other activities"))).to_have_value("Vi lagar möbler åt skolan")
    _no_sideways_scroll(page)
    page.goto("/survey/edit")
    n = 0
    for area in q.areas:
        expect(page.locator("h2")).to_have_text(area["label"][lang])
        for act in q.activities_in(area["id"]):
            box = page.locator(f"#fieldset-activity-{act['id']}")
            expect(box.locator("legend")).to_have_text(act["label"][lang])
            # Every stage in turn; the one kept differs from activity to activity.
            order = stage_ids[n % 4 + 1:] + stage_ids[: n % 4 + 1]
            for stage in order:
                box.get_by_label(q.label("stages", stage, lang), exact=True).check()
            expect(box.get_by_label(q.label("stages", order[-1], lang), exact=True)).to_be_checked()
            n += 1
        expect(page.locator("#autosave-status")).to_have_text(t(lang, "Saved."))
        steps.shot(page, f"survey-{area['id']}-{lang}")
        _no_sideways_scroll(page)
        assert axe_problems(page) == []
        main(page).get_by_role("button", name=t(lang, "Save and go on")).click()
    # Support and obstacles: every box ticked, then one of each unticked again.
    for key in ("support", "obstacles"):
        for item in getattr(q, key):
            main(page).locator(f"#{key}-{item['id']}").check()
        main(page).locator(f"#{key}-{getattr(q, key)[0]['id']}").uncheck()
    _no_sideways_scroll(page)
    # (A full-page screenshot scrolls the page back afterwards: taken before the typing, not before a click.)
    steps.shot(page, f"survey-needs-{lang}")
    main(page).get_by_label(t(lang, "Other support")).fill("En mentor")
    main(page).get_by_label(t(lang, "Other obstacles")).fill("Långt till närmaste partner")
    expect(page.locator("#autosave-status")).to_have_text(t(lang, "Saved."))
    main(page).get_by_role("button", name=t(lang, "Save and go on")).click()
    # The finish: the free text, both contact answers, then submit.
    steps.shot(page, f"survey-finish-{lang}")
    main(page).get_by_label(t(lang, "Other activities")).fill("Vi lagar möbler åt skolan")
    main(page).get_by_label(t(lang, "No"), exact=True).check()
    main(page).get_by_label(t(lang, "Yes"), exact=True).check()
    main(page).get_by_role("button", name=t(lang, "Submit your answers")).click()
    expect(flash(page)).to_contain_text(t(lang, "Thank you! Your answers for %(year)d are submitted. You can "
                                              "change them until the end of the year.",
                                        year=int(page.locator("#this-year").inner_text()[-4:])))
    expect(page.locator("#survey-state")).to_have_attribute("data-state", "answered")
    # Read back: every activity has the stage kept; the support list lacks the first need.
    main(page).get_by_role("button", name=t(lang, "See your answers")).click()
    n = 0
    for area in q.areas:
        for act in q.activities_in(area["id"]):
            kept = (stage_ids[n % 4 + 1:] + stage_ids[: n % 4 + 1])[-1]
            shown = page.locator(f'dd[data-activity="{act["id"]}"]')
            expect(shown).to_have_text(q.label("stages", kept, lang))
            n += 1
    expect(page.locator("#answer-support")).not_to_contain_text(q.support[0]["label"][lang])
    expect(page.locator("#answer-support")).to_contain_text(q.support[1]["label"][lang])
    expect(page.locator("#answer-contact")).to_have_text(t(lang, "Yes"))
    _no_sideways_scroll(page)
    with page.expect_download() as download:
        page.locator("#download-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    main(page).get_by_role("button", name=t(lang, "Summary for your sustainability reporting")).click()
    expect(page.locator("#summary-B7")).to_be_visible()
    _no_sideways_scroll(page)
    steps.shot(page, f"survey-summary-{lang}")
    # The broker sees the organisation as answered.
    broker_page = new_context(viewport=viewport).new_page()
    log_in(broker_page, broker, lang)
    broker_page.goto("/survey/status")
    expect(broker_page.locator(f'tr[data-org="{org.id}"]')).to_have_attribute("data-state", "answered")
    _no_sideways_scroll(broker_page)


def test_survey_works_without_javascript(new_context, seed):
    q = _questionnaire(seed)
    org = seed.organisation(name="Gislaved Gummi AB")
    member = seed.user(org, name="Gun Gummi", language="en")
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    log_in(page, member, "en")
    page.goto("/survey/edit")
    for area in q.areas:
        for act in q.activities_in(area["id"]):
            page.locator(f"#activity-{act['id']}-none").check()
        main(page).get_by_role("button", name="Save and go on").click()
    main(page).locator("#support-time").check()
    main(page).get_by_role("button", name="Save and go on").click()
    main(page).get_by_label("No", exact=True).check()
    main(page).get_by_role("button", name="Submit your answers").click()
    expect(page.locator("#survey-state")).to_have_attribute("data-state", "answered")
