"""At 1280 px the header has two rows: the name and the language button, then the menu's links and
the account's name on one line, for members, brokers, researchers and admins in both languages (the
language button once fell alone on a third row). An admin's own pages (research, the audit log) are
grouped in one "Administration" menu so that an admin's links fit one line too."""
import pytest

from tests.e2e.helpers import LANGUAGES, log_in, use_language

pytestmark = pytest.mark.e2e

# The menu's items by line: a new line starts where an item's top lies below the previous line's middle.
ROWS = """() => {
  const boxes = [...document.querySelectorAll('#site-menu > li')].map(li => li.getBoundingClientRect())
    .filter(b => b.height > 0);
  const lines = [];
  for (const b of boxes) {
    const last = lines[lines.length - 1];
    if (!last || b.top > last.top + last.height / 2) lines.push({top: b.top, height: b.height});
  }
  return lines.map(l => Math.round(l.top));
}"""


@pytest.mark.parametrize("role", ["member", "broker", "researcher", "admin"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_header_is_one_line_at_1280_px(page, seed, role, lang):
    org = seed.organisation(name="Hjälmarydssågen AB") if role == "member" else None
    account = seed.user(organisation=org, role=role, name="Matchmakare Demo")
    log_in(page, account, lang)
    page.goto("/")
    use_language(page, lang)
    rows = page.evaluate(ROWS)
    assert len(rows) == 1, f"{role} ({lang}): the header's items lie on {len(rows)} lines: {rows}"
    # the language button beside the name, on the row above the links (it once fell on a third row)
    brand = page.locator("header .brand").bounding_box()
    language = page.locator("header .lang-switch button").bounding_box()
    middle = {name: box["y"] + box["height"] / 2 for name, box in (("language", language), ("brand", brand))}
    assert abs(middle["language"] - middle["brand"]) < brand["height"], (
        f"{role} ({lang}): the language button is not beside the name: {language} {brand}")
    assert language["y"] + language["height"] <= rows[0] + 2, f"{role} ({lang}): language below the links"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_admin_reaches_research_and_the_audit_log_through_the_administration_menu(
        new_context, seed, steps, viewport, lang):
    from playwright.sync_api import expect

    from tests.e2e.conftest import DESKTOP, PHONE
    from tests.e2e.helpers import t

    page = new_context(viewport=PHONE if viewport == "phone" else DESKTOP).new_page()
    log_in(page, seed.user(role="admin", name="Admin Demo"), lang)
    page.goto("/")
    use_language(page, lang)
    for link, heading in (("Audit log", "Audit log"), ("Research", "Research workspace"),
                          ("Matching knowledge", "Matching knowledge")):
        if viewport == "phone":
            page.locator(".menu-button").click()
        menu = page.locator("#nav-admin")
        menu.locator("summary").click()
        expect(menu.get_by_role("link", name=t(lang, link))).to_be_visible()
        steps.shot(page, f"admin menu open {lang} {viewport}")
        menu.get_by_role("link", name=t(lang, link)).click()
        expect(page.locator("h1")).to_contain_text(t(lang, heading))
