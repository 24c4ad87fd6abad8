"""On a phone (360 px): tables and headings fit, the menu button opens the navigation; and switching
language keeps a half-filled listing form (issue 11)."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import LANGUAGES, broker_with_an_introduction, log_in, main, t, use_language

pytestmark = pytest.mark.e2e

# Tables and headings wider than the page, and words of a heading that run over two lines.
FIT = """() => {
  const page = document.scrollingElement;
  // a stacked table's header row is only for screen readers (1 px, clipped): its cells are not shown
  const shown = el => !(el.closest('thead') && el.closest('thead').getBoundingClientRect().width <= 1);
  const wide = [...document.querySelectorAll('main table, main h1, main h2, main h3, main td, main th')]
    .filter(shown)
    .filter(el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > innerWidth + 1)
    .map(el => el.tagName + ' ' + (el.id || el.textContent.trim().slice(0, 40)));
  const broken = [];
  for (const h of document.querySelectorAll('main h1, main h2, main h3')) {
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g; let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return {scrollWidth: page.scrollWidth, clientWidth: page.clientWidth, wide, broken};
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_and_headings_fit_a_phone_and_the_menu_button_opens_the_navigation(
        new_context, seed, world, lang):
    options = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    broker, broker_paths, _member, _form = broker_with_an_introduction(
        new_context, seed, world, lang, **options)
    introduction = broker_paths[1]
    problems = []
    for path in (introduction, "/introductions/", "/broker/"):
        broker.goto(path)
        state = broker.evaluate(FIT)
        if state["scrollWidth"] > state["clientWidth"] or state["wide"] or state["broken"]:
            problems.append((path, state))
    assert not problems, problems

    # every column of the introduction's table is on the screen: consent and contact included
    broker.goto(introduction)
    for column in ("Consent", "Contact"):
        cell = broker.locator(f"table.parties td[data-label='{t(lang, column)}']").first
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (column, box)

    # the links hide behind the menu button, which opens and closes them, by touch and by keyboard
    menu = broker.locator("header").get_by_role("button", name=t(lang, "Menu"))
    queue_link = broker.locator("header").get_by_role("link", name=t(lang, "Broker queue"))
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(queue_link).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(queue_link).to_be_visible()
    queue_link.focus()
    broker.keyboard.press("Escape")
    expect(queue_link).to_be_hidden()
    expect(menu).to_be_focused()
    broker.keyboard.press("Enter")
    expect(queue_link).to_be_visible()
    queue_link.click()
    assert broker.url.endswith("/broker/")


def test_the_navigation_needs_no_menu_button_on_a_desktop(page, world):
    page.goto("/")
    expect(page.locator("header .menu-button")).to_be_hidden()
    expect(page.locator("header").get_by_role("link", name=t("sv", "Listings"))).to_be_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switching_language_keeps_a_half_filled_listing_form(page, seed, lang):
    member = seed.user(seed.organisation(), language=lang)
    log_in(page, member, lang)
    page.goto("/listings/new?kind=offer")
    form = main(page)
    form.get_by_label(t(lang, "Title"), exact=True).fill("Ekspill från golvläggning")
    form.get_by_label(t(lang, "Description"), exact=True).fill("Kapbitar av ek, torra.")
    form.get_by_label(t(lang, "Quantity"), exact=True).fill("3,5")
    form.get_by_label(t(lang, "Unit"), exact=True).select_option("m3")
    form.get_by_label(t(lang, "How often"), exact=True).select_option("monthly")

    other = {"sv": "en", "en": "sv"}[lang]
    use_language(page, other)
    form = main(page)
    assert page.url.endswith("/listings/new?kind=offer")
    expect(form.get_by_label(t(other, "Title"), exact=True)).to_have_value("Ekspill från golvläggning")
    expect(form.get_by_label(t(other, "Description"), exact=True)).to_have_value("Kapbitar av ek, torra.")
    expect(form.get_by_label(t(other, "Quantity"), exact=True)).to_have_value("3,5")
    expect(form.get_by_label(t(other, "Unit"), exact=True)).to_have_value("m3")
    expect(form.get_by_label(t(other, "How often"), exact=True)).to_have_value("monthly")

    # kept once: coming back to the form later starts it empty
    page.goto("/listings/new?kind=offer")
    expect(main(page).get_by_label(t(other, "Title"), exact=True)).to_have_value("")


def test_an_organisation_profile_with_long_contact_details_fits_a_phone(new_context, seed):
    """The facts list put each name beside its value: a long email address ran off a phone's edge."""
    org = seed.organisation(name="Hjälmarydssågen AB", contact_name="Per-Olof Hjälmarsson Lindqvist",
                            contact_email="hjalmarydssagen.kontakt@hjalmarydssagen-exempel.se")
    member = seed.user(org, name="Per Hjälmarsson", language="sv")
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, member, "sv")
    page.goto(f"/organisations/{org.id}")
    expect(page.get_by_text("hjalmarydssagen.kontakt@hjalmarydssagen-exempel.se")).to_be_visible()
    state = page.evaluate(FIT)
    assert state["scrollWidth"] <= state["clientWidth"] and not state["wide"], state


def test_switching_language_on_registration_keeps_what_was_typed_but_not_the_old_language(page, seed):
    """The switch keeps only what the reader changed: the registration form's language follows the
    language switched to (it was put back to Swedish, and the account was saved as Swedish)."""
    page.goto("/auth/register")
    form = main(page)
    form.get_by_label(t("sv", "Your name"), exact=True).fill("Amira Haddad")
    expect(form.get_by_label(t("sv", "Language"), exact=True)).to_have_value("sv")
    use_language(page, "en")
    form = main(page)
    expect(form.get_by_label(t("en", "Your name"), exact=True)).to_have_value("Amira Haddad")
    expect(form.get_by_label(t("en", "Language"), exact=True)).to_have_value("en")
