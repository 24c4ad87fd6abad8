"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA) on every main page in both languages,
the keyboard path through the header, and the main flow with JavaScript turned off."""
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LANGUAGES,
    broker_with_an_introduction,
    flash,
    log_in,
    main,
    post_offer,
    register_newcomer,
    t,
    use_language,
)

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# Best practices we hold too, at any impact: a page structure screen-reader users can navigate by.
STRUCTURE_RULES = {"heading-order", "landmark-one-main", "page-has-heading-one", "region", "landmark-unique",
                   "bypass", "skip-link"}
_axe = Axe()


def axe_problems(page) -> list[dict]:
    """Serious and critical WCAG 2.1 A/AA violations on the page (and broken page structure), with the
    offending elements."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]},
                                      "resultTypes": ["violations"]})
    return [
        {"page": page.url, "rule": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [{"target": n["target"], "html": n["html"][:200], "summary": n.get("failureSummary", "")}
                   for n in v["nodes"][:5]]}
        for v in results.response["violations"]
        if (v["impact"] in BLOCKING and set(v["tags"]) & set(WCAG_TAGS)) or v["id"] in STRUCTURE_RULES
    ]


def anonymous_pages(world):
    return [
        "/",
        "/listings/",
        f"/listings/{world.need.public_id}",
        f"/organisations/{world.firm.id}",
        "/auth/login",
        "/auth/register",
        "/privacy/",
        "/no-such-page",
    ]


def member_pages(world):
    return ["/", "/listings/?q=sp%C3%A5n", f"/listings/{world.offer.public_id}", "/listings/new?kind=offer",
            f"/listings/{world.offer.public_id}/edit", "/listings/mine", "/suggestions/", "/auth/profile",
            f"/organisations/{world.firm.id}", f"/organisations/{world.firm.id}/edit",
            f"/listings/{world.offer.public_id}/status?status=closed",
            "/privacy/your-data", "/privacy/delete"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_main_pages_have_no_serious_accessibility_violations(new_context, seed, world, lang):
    problems = []
    anonymous = new_context().new_page()
    anonymous.goto("/")
    use_language(anonymous, lang)
    for path in anonymous_pages(world):
        anonymous.goto(path)
        problems += axe_problems(anonymous)

    member = new_context().new_page()
    log_in(member, world.member, lang)
    for path in member_pages(world):
        member.goto(path)
        problems += axe_problems(member)
    # a form with errors
    member.goto("/listings/new")
    main(member).get_by_label(t(lang, "Quantity"), exact=True).fill("många")
    main(member).get_by_role("button", name=t(lang, "Publish")).click()
    expect(member.locator(".field-error").first).to_be_visible()
    problems += axe_problems(member)

    # introductions: a broker's queue, the introduce form, the introduction; the member's side
    broker, broker_paths, member_paths, introduce_form = broker_with_an_introduction(
        new_context, seed, world, lang)
    for path in [introduce_form, *broker_paths]:
        broker.goto(path)
        problems += axe_problems(broker)
    for path in member_paths:
        member.goto(path)
        problems += axe_problems(member)
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)


def test_every_page_names_its_language(new_context, world):
    page = new_context().new_page()
    for lang in LANGUAGES:
        page.goto("/")
        use_language(page, lang)
        for path in anonymous_pages(world):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(page).to_have_title(re.compile(r"SIRU Exchange$"))


FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName, text: (el.innerText || el.value || '').trim(), href: el.getAttribute('href'),
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          inHeader: !!el.closest('header'), visible: box.width > 0 && box.height > 0 &&
          box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight};
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_reaches_the_skip_link_and_the_main_nav_with_a_visible_focus(page, world, lang):
    page.goto("/")
    use_language(page, lang)
    page.goto("/listings/")
    page.locator("body").focus()

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STATE)
    assert first["text"] == t(lang, "Skip to content") and first["href"] == "#main", first
    assert first["visible"] and first["outline"] != "none" and first["outlineWidth"] >= 2, first

    seen = []
    for _ in range(8):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if not state["inHeader"]:
            break
        assert state["visible"] and state["outline"] != "none" and state["outlineWidth"] >= 2, state
        seen.append(state["text"])
    for label in ("SIRU Exchange", t(lang, "Listings"), t(lang, "Log in"), t(lang, "Register")):
        assert label in seen, seen

    # the skip link takes keyboard users past the header
    page.goto("/listings/")
    page.locator("body").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_register_and_post_an_offer_work_without_javascript(new_context, seed, lang):
    page = new_context(java_script_enabled=False).new_page()
    register_newcomer(page, lang, seed, name="Nils Nollskript", email=f"nils-{lang}@example.se",
                      org_name="Utan Skript AB", org_number="556036-0793")
    post_offer(page, lang, title="Ekspill från golvläggning", description="Kapbitar av ek, torra.",
               quantity="3", unit="m3", frequency="monthly")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekspill från golvläggning")
    page.locator("header").get_by_role("button", name=t(lang, "Log out")).click()
    expect(flash(page)).to_contain_text(t(lang, "You are logged out."))
