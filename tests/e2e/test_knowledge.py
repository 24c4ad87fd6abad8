"""Brokers teach the matching in a real browser, in Swedish and English, on a phone (360 px) and a
desktop (1280 px): on an introduction's page and on a suggestion's page a broker proposes a new
synonym and "… can serve as …" (every option of every select of the form picked once), a wrong
entry comes back with its message in the page's language, and an admin accepts one proposal and
rejects another after a confirmation page, the knowledge version going from 0 to 1."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import LANGUAGES, broker_with_an_introduction, flash, log_in, main, t
from tests.e2e.test_accessibility import axe_problems

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "knowledge"


def shot(page, steps, name: str) -> None:
    """A screenshot kept for a person to look at (test-artifacts/knowledge/), and a step of the test."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    steps.shot(page, name)


def pick_every_option(select) -> list[str]:
    """Choose each option of a select in turn, as a person would; each must stick and have a label."""
    options = select.evaluate("s => [...s.options].map(o => [o.value, o.textContent.trim()])")
    for value, label in options:
        select.select_option(value)
        assert select.input_value() == value
        assert label and "[" not in label and "(" not in label[:1], f"option {value!r} reads {label!r}"
    return [value for value, _label in options]


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def teach(page, lang, *, kind, class_id, target=None, phrase=None, language=None, every_option=False):
    form = page.locator("section#teach")
    labels = {"kind": "What to teach", "class_id": "Resource class", "target": "Can serve as",
              "language": "Language of the word"}
    if every_option:
        chosen = {name: pick_every_option(form.get_by_label(t(lang, label), exact=True))
                  for name, label in labels.items()}
        assert chosen["kind"] == ["serves_as", "synonym"] and chosen["language"] == ["sv", "en"]
        assert "sawdust" in chosen["class_id"] and "use:heating" in chosen["target"]
        assert chosen["class_id"][0] == "" and chosen["target"][0] == ""
    form.get_by_label(t(lang, "What to teach"), exact=True).select_option(kind)
    form.get_by_label(t(lang, "Resource class"), exact=True).select_option(class_id)
    if target is not None:
        form.get_by_label(t(lang, "Can serve as"), exact=True).select_option(target)
    if phrase is not None:
        form.get_by_label(t(lang, "Word or phrase"), exact=True).fill(phrase)
    if language is not None:
        form.get_by_label(t(lang, "Language of the word"), exact=True).select_option(language)
    form.get_by_role("button", name=t(lang, "Propose")).click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_broker_teaches_and_an_admin_accepts_and_rejects(new_context, seed, world, steps, lang, viewport):
    width = viewport["width"]
    page, _paths, _member_paths, introduce_form = broker_with_an_introduction(
        new_context, seed, world, lang, viewport=viewport)
    introduction = page.url
    teach_section = page.locator("section#teach")
    expect(teach_section.get_by_role("heading", level=2)).to_have_text(t(lang, "Teach the matching"))
    shot(page, steps, f"{lang}-{width}-1-introduction")
    teach(page, lang, kind="synonym", class_id="sawdust", phrase=f"fnaskull {lang} {width}", language="sv",
          every_option=True)
    expect(flash(page)).to_contain_text(t(lang, "Thank you. Your proposal is sent to an admin, who decides "
                                                "whether the matching learns it."))
    assert page.url.split("#")[0] == introduction.split("#")[0]

    # On the suggestion's page: a wrong entry first (no word), shown again with its message.
    page.goto(introduce_form)
    teach(page, lang, kind="synonym", class_id="sawdust", phrase="  ", language="en")
    expect(main(page).locator("#teach-phrase-error")).to_have_text(t(lang, "Write the word or phrase."))
    expect(main(page).get_by_label(t(lang, "Word or phrase"), exact=True)).to_have_attribute(
        "aria-invalid", "true")
    fits(page, width)
    assert axe_problems(page) == []
    shot(page, steps, f"{lang}-{width}-2-refused")
    teach(page, lang, kind="synonym", class_id="sawdust", phrase="sawdust mush", language="en")
    expect(flash(page)).to_contain_text(t(lang, "Thank you. Your proposal is sent to an admin, who decides "
                                                "whether the matching learns it."))
    page.goto(introduce_form)
    teach(page, lang, kind="serves_as", class_id="glass", target="foundry_sand", every_option=True)
    expect(flash(page)).to_contain_text(t(lang, "Thank you. Your proposal is sent to an admin, who decides "
                                                "whether the matching learns it."))
    fits(page, width)
    shot(page, steps, f"{lang}-{width}-3-suggestion")

    admin = seed.user(None, role="admin", name="Ada Admin", language=lang)
    admin_page = new_context(viewport=viewport).new_page()
    log_in(admin_page, admin, lang)
    admin_page.goto("/admin/audit")
    main(admin_page).get_by_role("link", name=t(lang, "Matching knowledge: what brokers proposed")).click()
    expect(admin_page.locator("#knowledge-version")).to_contain_text(t(lang, "Knowledge version %(n)d", n=0))
    expect(admin_page.locator("#open-proposals tbody tr")).to_have_count(3)
    fits(admin_page, width)
    assert axe_problems(admin_page) == []
    shot(admin_page, steps, f"{lang}-{width}-4-admin")
    rows = admin_page.locator("#open-proposals tbody tr")
    rows.first.get_by_role("button", name=t(lang, "Accept…")).click()
    expect(admin_page.get_by_role("heading", level=1)).to_have_text(t(lang, "Accept the proposal"))
    assert axe_problems(admin_page) == []
    shot(admin_page, steps, f"{lang}-{width}-5-confirm")
    admin_page.get_by_role("button", name=t(lang, "Yes, accept")).click()
    sawdust = {"sv": "Sågspån", "en": "Sawdust"}[lang]
    synonym = "“%(phrase)s” %(language)s is a synonym of %(x)s"
    accepted = t(lang, synonym, phrase=f"fnaskull {lang} {width}", language=t(lang, "in Swedish"), x=sawdust)
    expect(flash(admin_page)).to_contain_text(t(
        lang, "Accepted: %(what)s. The matching uses it from now on (knowledge version %(n)d).",
        what=accepted, n=1))
    expect(admin_page.locator("#knowledge-version")).to_contain_text(t(lang, "Knowledge version %(n)d", n=1))
    rows.first.get_by_role("button", name=t(lang, "Reject…")).click()
    admin_page.get_by_role("button", name=t(lang, "Yes, reject")).click()
    rejected = t(lang, synonym, phrase="sawdust mush", language=t(lang, "in English"), x=sawdust)
    expect(flash(admin_page)).to_contain_text(t(
        lang, "Rejected: %(what)s. The matching does not learn it.", what=rejected))
    expect(admin_page.locator("#decided-proposals tbody tr")).to_have_count(2)
    expect(admin_page.locator("#open-proposals tbody tr")).to_have_count(1)
    fits(admin_page, width)
    shot(admin_page, steps, f"{lang}-{width}-6-decided")
