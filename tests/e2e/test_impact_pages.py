"""The impact dashboard and the maps in a real browser: both languages at 360 px and 1280 px, axe
clean, keyboard reachable, the map drawn offline from the bundled outlines (no request leaves the
site), the same numbers without JavaScript, the listings map with the distance filter, the broker
view and the organisation's badge."""
import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.dashboard_data import exchange
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import LANGUAGES, log_in, main, t, use_language
from tests.e2e.test_accessibility import axe_problems

pytestmark = pytest.mark.e2e
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def exchanges(seed, world):
    """Two confirmed exchanges between the world's firms: steel from Vaggeryd, a traineeship."""
    from siru_exchange.extensions import db
    from siru_exchange.models import Organisation

    with seed.app.app_context():
        firm = db.session.get(Organisation, world.firm.id)
        heat = db.session.get(Organisation, world.other_firm.id)
        exchange(db, heat, firm, quantity=Decimal("6"), unit="tonne")
        exchange(db, firm, heat, resource_class="traineeship", quantity=Decimal("1"), unit="person",
                 people_reached=2, people_kind="traineeship", started_on=date(date.today().year, 3, 1))
    return world


def watch_requests(page, base_url: str) -> list[str]:
    """Every request the page makes that is not to the site itself."""
    outside = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((base_url, "data:", "blob:")) else None)
    return outside


def expect_map_drawn(page, selector: str) -> None:
    figure = page.locator(selector)
    expect(figure).to_be_visible()
    expect(figure).to_have_class(re.compile(r"\bmap-ready\b"))
    # 13 municipality outlines plus a circle for each municipality with something to count
    assert page.locator(f"{selector} path").count() >= 14


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_dashboard_and_its_map_in_both_languages(new_context, live_server, exchanges, lang, size):
    page = new_context(viewport=SIZES[size]).new_page()
    outside = watch_requests(page, live_server.base_url)
    page.goto("/impact/")
    use_language(page, lang)
    expect(page.locator("h1")).to_have_text(t(lang, "Impact in the region"))
    expect_map_drawn(page, "#impact-map")
    figures = main(page).locator(".figures")
    expect(figures.locator(".figure").nth(3)).to_contain_text("2")  # realised exchanges
    expect(figures.locator(".figure").nth(4)).to_contain_text("6")  # tonnes
    # the charts are images with their numbers in a table beside them
    chart = page.locator("#chart-municipality")
    expect(chart.locator("svg[role=img]")).to_have_count(1)
    expect(chart.locator("table tbody tr")).to_have_count(13)
    for name in ("Snickeriet i Huskvarna", "Vaggeryds Värmeverk", "Gjuteriet i Tranås"):
        expect(main(page)).not_to_contain_text(name)
    no_sideways_scroll(page)
    assert axe_problems(page) == []
    # choose another period with the form
    page.get_by_label(t(lang, "Period"), exact=True).select_option("all")
    page.get_by_role("button", name=t(lang, "Show")).click()
    expect(page.locator("#headline-heading")).to_contain_text(t(lang, "all years"))
    expect_map_drawn(page, "#impact-map")
    assert outside == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_dashboard_is_keyboard_reachable(page, exchanges, lang):
    page.goto("/impact/")
    use_language(page, lang)
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("(e => e.id || e.textContent.trim())(document.activeElement)"))
    assert "year" in reached
    assert t(lang, "Show") in reached
    assert t(lang, "how this is counted") in reached
    # the map is a picture of its table: nothing in it takes the focus
    assert page.locator("#impact-map [tabindex]:not([tabindex='-1'])").count() == 0


def test_the_dashboard_says_everything_without_javascript(new_context, exchanges):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/impact/")
    expect(page.locator("#impact-map")).to_be_hidden()
    row = page.locator(".map-table tbody tr", has_text="Vaggeryd")
    expect(row.locator("td")).to_have_text(["1", "1"])
    expect(page.locator("#chart-tonnes-municipality table")).to_contain_text("6")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_listings_map_and_the_distance_filter(new_context, live_server, seed, world, lang, size):
    page = new_context(viewport=SIZES[size]).new_page()
    outside = watch_requests(page, live_server.base_url)
    log_in(page, world.member, lang)
    page.goto("/listings/")
    page.get_by_label(t(lang, "Distance")).select_option("30")
    page.get_by_role("button", name=t(lang, "Filter")).click()
    expect(page.get_by_label(t(lang, "Distance"))).to_have_value("30")
    found = main(page).locator(".listing-grid article")
    titles = set(found.locator("h2").all_inner_texts())
    assert "Kutterspån" in titles and "Spillvärme från ugnarna" not in titles  # Tranås is about 50 km away
    page.get_by_role("link", name=t(lang, "Map"), exact=True).click()
    expect_map_drawn(page, "#listings-map")
    no_sideways_scroll(page)
    assert axe_problems(page) == []
    # the table's municipality links back to the list, filtered
    page.locator(".map-table").get_by_role("link", name="Jönköping").click()
    expect(page.get_by_label(t(lang, "Municipality"))).to_have_value("0680")
    assert outside == []


def test_a_distance_not_on_the_list_is_refused_on_the_page(new_context, world):
    page = new_context().new_page()
    log_in(page, world.member, "en")
    response = page.goto("/listings/?within=7")
    assert response.status == 422
    expect(main(page)).to_contain_text("Choose a distance from the list.")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_broker_view_and_the_report(new_context, seed, exchanges, lang):
    broker = seed.user(role="broker", language=lang)
    page = new_context(viewport=PHONE).new_page()
    log_in(page, broker, lang)
    page.goto("/impact/")
    page.get_by_role("button", name=t(lang, "Broker view with organisations")).click()
    expect(page.locator(".organisation-impact")).to_contain_text("Snickeriet i Huskvarna AB")
    assert axe_problems(page) == []
    page.locator(".exchange-impact tbody tr").first.get_by_role("link").click()
    page.wait_for_url("**/exchanges/*")
    page.goto(f"/impact/report/{date.today().year}")
    expect(page.locator("h1")).to_contain_text(str(date.today().year))
    no_sideways_scroll(page)
    assert axe_problems(page) == []
    # printed: the figures and their sources without the site's header and forms
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".no-print")).to_be_hidden()
    expect(page.locator("#method")).to_be_visible()


def test_an_organisation_shares_its_badge(new_context, exchanges):
    page = new_context().new_page()
    log_in(page, exchanges.member, "sv")
    page.goto(f"/organisations/{exchanges.firm.id}")
    box = page.locator("#impact")
    expect(box).to_contain_text("Era utbyten räddade 6 t från avfall och nådde 2 personer")
    box.get_by_role("button", name=t("sv", "Share an impact badge")).click()
    badge = page.locator("#impact img.badge-preview")
    expect(badge).to_be_visible()
    page.wait_for_function("document.querySelector('#impact img.badge-preview').naturalWidth === 320")
    assert axe_problems(page) == []
    address = page.get_by_label(t("sv", "Badge address (put it on your website)")).input_value()
    visitor = new_context().new_page()
    assert visitor.goto(address).status == 200
    page.get_by_role("button", name=t("sv", "Stop sharing the badge")).click()
    assert visitor.goto(address).status == 404
