"""Under the strict Content-Security-Policy (siru_exchange/headers.py) every main page loads without a
single violation in the browser: no inline script or style, no outside resource, and the site's own
script still works (the phone menu, the language switch)."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import broker_with_an_introduction, log_in, use_language
from tests.e2e.test_accessibility import anonymous_pages, member_pages

pytestmark = pytest.mark.e2e


def watch(page) -> list[str]:
    """Collect every CSP violation the page reports: the DOM event and Chromium's console error."""
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"{page.url}: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))
    page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));""")
    return problems


def test_main_pages_load_without_a_csp_violation(new_context, seed, world):
    anonymous = new_context().new_page()
    problems = watch(anonymous)
    anonymous.goto("/")
    assert "frame-ancestors 'none'" in anonymous.request.get("/").headers["content-security-policy"]
    for lang in ("sv", "en"):
        use_language(anonymous, lang)  # the language switch posts a form: form-action 'self'
        for path in anonymous_pages(world):
            anonymous.goto(path)
    broker, broker_paths, member_paths, introduce_form = broker_with_an_introduction(new_context, seed, world,
                                                                                     "sv")
    problems += watch(broker)
    for path in (*broker_paths, introduce_form):
        broker.goto(path)
    member = new_context().new_page()
    problems += watch(member)
    log_in(member, world.member)
    for path in (*member_pages(world), *member_paths):
        member.goto(path)
    phone = new_context(viewport=PHONE).new_page()
    problems += watch(phone)
    phone.goto("/listings/")
    menu = phone.locator(".menu-button")
    expect(menu).to_be_visible()  # shown by site.js, which the policy lets run
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    assert problems == []


def test_a_page_cannot_be_framed_by_another_site(new_context, live_server, tmp_path):
    """The clickjacking of the issue: a page of another origin framing the site is refused."""
    page = new_context().new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text))
    html = tmp_path / "frame.html"
    html.write_text(f'<iframe src="{live_server.url("/auth/login")}"></iframe>')
    page.goto(html.as_uri())
    page.wait_for_timeout(1000)
    assert any("frame-ancestors" in text or "X-Frame-Options" in text for text in problems), problems
