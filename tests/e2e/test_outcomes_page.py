"""The broker's "How suggestions turned out" page in a real browser, on the demo's outcomes: both
languages at 360 px and 1280 px, from the matching page, no horizontal scroll, no axe problems."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LANGUAGES, log_in, main, t
from tests.e2e.test_accessibility import axe_problems

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("SIRU_SHOTS_DIR")  # set to keep the screenshots for a person to look at


def test_a_broker_reads_how_suggestions_turned_out(new_context, seed, steps):
    from siru_exchange.services import demo, matching

    with seed.app.app_context():
        demo.load()
        matching.recompute_all()
    for lang in LANGUAGES:
        broker = seed.user(None, role="broker", name=f"Britt Mäklare {lang}", language=lang)
        for width in (360, 1280):
            page = new_context(viewport={"width": width, "height": 800}).new_page()
            log_in(page, broker, lang)
            page.goto("/broker/matching")
            title = t(lang, "How suggestions turned out")
            main(page).get_by_role("link", name=title).click()
            expect(main(page).get_by_role("heading", level=1)).to_have_text(title)
            table = main(page).get_by_test_id("outcome-groups")
            expect(table).to_be_visible()
            expect(table.get_by_role("columnheader", name=t(lang, "First suggestion good"))).to_be_visible()
            assert table.locator("tbody tr").count() >= 3  # the demo's outcomes span several groups
            expect(table.locator('tr[data-group="energy"] td').nth(3)).to_contain_text("%")
            steps.shot(page, f"outcomes-{lang}-{width}")
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(SHOTS) / f"outcomes-{lang}-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
                f"the page scrolls sideways at {width} px"
            assert axe_problems(page) == []
            page.context.close()
