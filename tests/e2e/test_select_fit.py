"""No select of the listing form or of a filter cuts its text (issue 11: the type select was cut at
1280 px): at 360 and 1280 px, in Swedish and English, every option, were it the chosen one, shows
whole in the closed select.

A select's scrollWidth does not grow with its text (the browser clips the chosen option inside the
box), so the text of each option is measured with the select's own font and compared with the width
inside its padding (where Pico draws the arrow)."""
import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import log_in, use_language

pytestmark = pytest.mark.e2e

CLIPPED = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const clipped = [];
  for (const select of document.querySelectorAll('main select')) {
    const style = getComputedStyle(select);
    ctx.font = style.font;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const option of select.options) {
      const text = option.textContent.trim();
      const width = ctx.measureText(text).width;
      if (width > room + 0.5)
        clipped.push(`${select.id}: "${text}" needs ${Math.ceil(width)} px of ${Math.floor(room)}`);
    }
  }
  return clipped;
}"""


def test_no_select_of_the_listing_form_or_the_filters_cuts_its_text(new_context, seed, steps):
    firm = seed.organisation(name="Snickeriet AB")
    member = seed.user(firm, name="Sara Snickare", language="sv")
    broker = seed.user(None, role="broker", name="Britt Mäklare", language="sv")
    pages = ((member, ("/listings/new", "/listings/")), (broker, ("/broker/",)))
    found = []
    context = new_context()
    page = context.new_page()
    for account, paths in pages:
        context.clear_cookies()
        log_in(page, account, "sv")
        for lang in ("sv", "en"):
            use_language(page, lang)
            for size in (PHONE, DESKTOP):
                page.set_viewport_size(size)
                for path in paths:
                    page.goto(path)
                    assert page.locator("main select").count() >= 3, path
                    found += [f"{path} {lang} {size['width']} px: {c}" for c in page.evaluate(CLIPPED)]
                    steps.shot(page, f"{path} {lang} {size['width']}")
    assert found == [], "\n".join(found)
