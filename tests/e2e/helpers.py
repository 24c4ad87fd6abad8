"""What people do on the site, written once for both languages.

Text on the page is looked up in the Swedish catalogue (`t("sv", "Log in")` is "Logga in"), so a test
names the English msgid and works in either language.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
SV_PO = ROOT / "siru_exchange/translations/sv/LC_MESSAGES/messages.po"
LANGUAGES = ["sv", "en"]
SWITCH_LABEL = {"en": "English", "sv": "Svenska"}


@functools.cache
def sv_catalogue():
    with SV_PO.open("rb") as fh:
        return read_po(fh, locale="sv")


def t(lang: str, msgid: str, **variables) -> str:
    """The text the site shows for `msgid` in `lang` (as Flask-Babel's gettext does)."""
    text = msgid
    if lang == "sv":
        message = sv_catalogue().get(msgid)
        assert message is not None and message.string, f"no Swedish for {msgid!r}"
        text = message.string
    return text % variables if variables else text


def use_language(page: Page, lang: str) -> None:
    """Switch with the header's language button when the page is in the other language."""
    if page.locator("html").get_attribute("lang") != lang:
        page.locator("header").get_by_role("button", name=SWITCH_LABEL[lang]).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def main(page: Page):
    return page.locator("main")


def flash(page: Page):
    return page.locator(".flashes")


NARROW = 768  # px: the header's links hide behind the menu button up to 48rem (static/css/site.css)


def open_site_menu(page: Page, lang: str) -> None:
    """On a narrow screen open the header's menu. The button is shown by the deferred site.js, so it is
    awaited, not probed: probing it before the script ran once left the links closed on a phone."""
    if page.viewport_size["width"] <= NARROW:
        menu = page.locator("header").get_by_role("button", name=t(lang, "Menu"))
        expect(menu).to_be_visible()
        if menu.get_attribute("aria-expanded") != "true":
            menu.click()


def log_in(page: Page, account, lang: str = "sv") -> None:
    """Log in through the form. Logging in brings the account's own language; then switch to `lang`."""
    page.goto("/auth/login")
    use_language(page, lang)
    form = main(page)
    form.get_by_label(t(lang, "Email"), exact=True).fill(account.email)
    form.get_by_label(t(lang, "Password"), exact=True).fill(account.password)
    form.get_by_role("button", name=t(lang, "Log in")).click()
    expect(flash(page)).to_contain_text(t(account.language, "You are logged in."))
    expect(page.locator("html")).to_have_attribute("lang", account.language)
    use_language(page, lang)


PASSWORD_OF_NEWCOMERS = "ett långt lösenord"


def register_newcomer(page: Page, lang: str, seed, *, name: str, email: str, org_name: str,
                      org_number: str = "556036-0793", municipality: str = "0680") -> None:
    """From the home page: the header's Register link, the form filled in, sent; then the link of the
    confirmation email opened, its button pressed, and the login form that follows filled in."""
    page.goto("/")
    use_language(page, lang)
    open_site_menu(page, lang)
    page.locator("header").get_by_role("button", name=t(lang, "Register"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Register your organisation"))
    form = main(page)
    form.get_by_label(t(lang, "Your name"), exact=True).fill(name)
    form.get_by_label(t(lang, "Email"), exact=True).fill(email)
    form.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD_OF_NEWCOMERS)
    expect(form.get_by_label(t(lang, "Language"), exact=True)).to_have_value(lang)
    form.get_by_label(t(lang, "Organisation name"), exact=True).fill(org_name)
    form.get_by_label(t(lang, "Organisation number"), exact=True).fill(org_number)
    form.get_by_label(t(lang, "Municipality"), exact=True).select_option(municipality)
    form.get_by_label(t(lang, "Sector"), exact=True).fill("Snickeri")
    form.get_by_label(t(lang, "Contact person"), exact=True).fill(name)
    form.get_by_label(t(lang, "Contact email"), exact=True).fill(email)
    form.get_by_role("button", name=t(lang, "Register"), exact=True).click()
    expect(flash(page)).to_contain_text(t(lang, "If the address can be used, we have sent a link to it. "
                                                "Open the link in the email to go on; it may take a few "
                                                "minutes to arrive."))
    page.goto(seed.link_in_mail(email, "/auth/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Confirm your email address"))
    main(page).get_by_role("button", name=t(lang, "Confirm my address")).click()
    expect(flash(page)).to_contain_text(t(lang, "Thank you, your email address is confirmed."))
    form = main(page)
    form.get_by_label(t(lang, "Email"), exact=True).fill(email)
    form.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD_OF_NEWCOMERS)
    form.get_by_role("button", name=t(lang, "Log in")).click()
    expect(flash(page)).to_contain_text(t(lang, "You are logged in."))


def fill_listing(page: Page, lang: str, *, title: str | None = None, description: str | None = None,
                 quantity: str | None = None, unit: str | None = None, frequency: str | None = None,
                 terms: str | None = None) -> None:
    form = main(page)
    if title is not None:
        form.get_by_label(t(lang, "Title"), exact=True).fill(title)
    if description is not None:
        form.get_by_label(t(lang, "Description"), exact=True).fill(description)
    if quantity is not None:
        form.get_by_label(t(lang, "Quantity"), exact=True).fill(quantity)
    if unit is not None:
        form.get_by_label(t(lang, "Unit"), exact=True).select_option(unit)
    if frequency is not None:
        form.get_by_label(t(lang, "How often"), exact=True).select_option(frequency)
    if terms is not None:
        form.get_by_label(t(lang, "Terms"), exact=True).select_option(terms)


def post_offer(page: Page, lang: str, **fields) -> None:
    """From "My listings": the Post an offer button, the form, Publish."""
    main(page).get_by_role("button", name=t(lang, "Post an offer")).first.click()  # a link styled as a button
    expect(main(page).get_by_label(t(lang, "Kind"), exact=True)).to_have_value("offer")
    fill_listing(page, lang, **fields)
    main(page).get_by_role("button", name=t(lang, "Publish")).click()
    expect(flash(page)).to_contain_text(t(lang, "Your listing is published."))


def listing_id(page: Page) -> str:
    found = re.search(r"/listings/([\w-]+)", page.url)
    assert found, page.url
    return found.group(1)


def broker_with_an_introduction(new_context, seed, world, lang: str, **context_options):
    """A broker, logged in, who has introduced the strongest pair of the queue through the site.
    Returns the broker's page, the broker's pages to visit and the member's."""
    broker = seed.user(None, role="broker", name="Britt Mäklare", language=lang)
    page = new_context(**context_options).new_page()
    log_in(page, broker, lang)
    page.goto("/broker/")
    # by the page's ids, so that this set-up works in either language
    page.locator("#queue-suggestions a[href$='/introduce']").first.click()
    introduce_form = urlsplit(page.url).path
    page.locator("#introduce-form").get_by_role("textbox").fill("Ni ligger nära varandra.")
    page.locator("#introduce-form button[type=submit]").click()
    expect(page.locator("article#introduction")).to_be_visible()
    introduction = urlsplit(page.url).path
    broker_paths = ["/broker/", introduction, "/introductions/", "/notifications/"]
    member_paths = [introduction, "/introductions/", "/notifications/",
                    f"/introductions/request?listing={world.need.public_id}"]
    return page, broker_paths, member_paths, introduce_form
