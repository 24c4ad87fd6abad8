"""Pages as people see them: no English left on Swedish pages, numbers in the reader's language, no
sideways scrolling on a phone or a desktop. With SIRU_SCREENSHOTS=1 the main pages are photographed into
docs/screenshots/ (for the README); without it nothing is written."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import LANGUAGES, broker_with_an_introduction, log_in, main, sv_catalogue, use_language
from tests.e2e.test_accessibility import anonymous_pages, member_pages

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sd]")

VISIBLE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  const labelled = '[aria-label], [title], [placeholder], [alt], option, input[type=submit]';
  for (const el of document.querySelectorAll(labelled)) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'value']) {
      const value = el.getAttribute(name);
      if (value && (name !== 'value' || el.type === 'submit')) parts.push(value);
    }
    if (el.tagName === 'OPTION') parts.push(el.textContent);
  }
  return parts.join('\\n');
}"""


CONTROL_TEXTS = """() => [...document.querySelectorAll(
  'a, button, label, legend, summary, option, th, dt, h1, h2, h3, h4, [role=button]')]
  .map(el => el.innerText.trim())"""


def english_only_words() -> set[str]:
    """English msgids of one word whose Swedish differs ("Listings", "Suggestions")."""
    return {m.id for m in sv_catalogue() if isinstance(m.id, str) and m.string and len(m.id.split()) == 1
            and m.id != m.string and not PLACEHOLDER.search(m.id)}


def english_only_phrases() -> list[tuple[str, re.Pattern]]:
    """English msgids of two words or more whose Swedish differs, as patterns; placeholders match anything."""
    phrases = []
    for message in sv_catalogue():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings:
                continue
            literal = PLACEHOLDER.split(msgid.replace("%%", "%"))
            if sum(len(part.split()) for part in literal) < 2:
                continue
            pattern = r".{1,80}?".join(re.escape(" ".join(part.split())) for part in literal)
            phrases.append((msgid, re.compile(rf"(?<!\w){pattern}(?!\w)")))
    return phrases


def test_swedish_pages_show_no_english_interface_text(new_context, seed, world):
    phrases, words = english_only_phrases(), english_only_words()
    assert len(phrases) > 100 and {"Listings", "Suggestions"} <= words
    found = []
    anonymous = new_context().new_page()
    member = new_context().new_page()
    log_in(member, world.member, "sv")
    broker, broker_paths, member_paths, introduce_form = broker_with_an_introduction(
        new_context, seed, world, "sv")
    for page, paths in ((anonymous, anonymous_pages(world)), (member, member_pages(world) + member_paths),
                        (broker, [introduce_form, *broker_paths])):
        for path in paths:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", "sv")
            text = " ".join(page.evaluate(VISIBLE_TEXT).split())
            found += [(path, msgid) for msgid, pattern in phrases if pattern.search(text)]
            # a link, button, label or heading that is just one English word
            found += [(path, word) for word in set(page.evaluate(CONTROL_TEXTS)) & words]
    assert not found, found


@pytest.mark.parametrize(("lang", "shown"), [("sv", r"1[\u00a0\u202f]234,5[\u00a0\u202f]kg"),
                                             ("en", r"1,234\.5[\u00a0\u202f ]kg")])
def test_quantities_are_written_the_way_the_language_writes_numbers(page, world, lang, shown):
    page.goto("/")
    use_language(page, lang)
    page.goto(f"/listings/{world.offer.public_id}")
    facts = main(page).locator("dl.facts")
    expect(facts).to_contain_text(re.compile(shown))
    page.goto("/listings/?q=kutter")
    card = main(page).locator("article.listing-card").filter(has_text="Kutterspån")
    expect(card).to_contain_text(re.compile(shown))
    other = {"sv": "1,234.5", "en": "1 234,5"}[lang]
    assert other not in page.locator("body").inner_text().replace("\u00a0", " ").replace("\u202f", " ")


# name, path, logged in
SHOTS = [("home", "/", False), ("listings", "/listings/", False), ("register", "/auth/register", False),
         ("listing-with-suggestions", "/listings/{offer}", True), ("suggestions", "/suggestions/", True)]

NO_SIDEWAYS_SCROLL = """() => {
  const right = el => Math.round(el.getBoundingClientRect().right);
  const wide = [...document.querySelectorAll('body *')].filter(el => right(el) > innerWidth + 1)
    .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + right(el));
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: innerWidth, wide: wide};
}"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_fit_the_screen_without_sideways_scrolling(new_context, seed, world, size, lang):
    viewport = {"phone": PHONE, "desktop": DESKTOP}[size]
    options = {"viewport": viewport}
    if size == "phone":
        options.update(device_scale_factor=2, is_mobile=True, has_touch=True)
    anonymous, member = new_context(**options).new_page(), new_context(**options).new_page()
    anonymous.goto("/")
    use_language(anonymous, lang)
    log_in(member, world.member, lang)
    broker, broker_paths, member_paths, introduce_form = broker_with_an_introduction(
        new_context, seed, world, lang, **options)
    too_wide = []
    for page, paths in ((anonymous, anonymous_pages(world)), (member, member_pages(world) + member_paths),
                        (broker, [introduce_form, *broker_paths])):
        for path in paths:
            page.goto(path)
            state = page.evaluate(NO_SIDEWAYS_SCROLL)
            if state["scrollWidth"] > state["innerWidth"]:
                too_wide.append((path, state))
    assert not too_wide, too_wide

    if os.environ.get("SIRU_SCREENSHOTS") == "1" and lang == "sv":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name, path, logged_in in SHOTS:
            page = member if logged_in else anonymous
            page.goto(path.format(offer=world.offer.public_id))
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
