"""Accounts in a real browser on a phone (360 px), in Swedish and English: register, confirm the address,
post; a broker approves the organisation and others see the listing; a forgotten password is reset."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, PHONE
from tests.e2e.helpers import (
    LANGUAGES,
    flash,
    listing_id,
    log_in,
    main,
    post_offer,
    register_newcomer,
    t,
    use_language,
)

pytestmark = pytest.mark.e2e

ON_A_PHONE = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
NOT_WIDER = "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_register_confirm_post_and_a_broker_approves_on_a_phone(new_context, seed, steps, lang):
    page = new_context(**ON_A_PHONE).new_page()
    register_newcomer(page, lang, seed, name="Sara Snickare", email=f"sara-{lang}@snickeri.example",
                      org_name="Snickeriet i Huskvarna AB")
    steps.shot(page, "confirmed and logged in")
    expect(main(page).locator(".account-notice")).to_contain_text(
        t(lang, "A broker has not approved %(org)s yet. Until then other organisations do not see its "
                "listings.", org="Snickeriet i Huskvarna AB"))
    assert page.evaluate(NOT_WIDER)
    post_offer(page, lang, title="Kutterspån", description="Torr kutterspån från hyvlingen.",
               quantity="2", unit="m3", frequency="weekly", terms="free")
    listing_path = f"/listings/{listing_id(page)}"

    visitor = new_context(**ON_A_PHONE).new_page()
    assert visitor.goto(listing_path).status == 404              # not approved: nobody else sees it

    broker = seed.user(None, role="broker", name="Britt Mäklare", language=lang)
    broker_page = new_context(**ON_A_PHONE).new_page()
    log_in(broker_page, broker, lang)
    broker_page.goto("/broker/approvals")
    steps.shot(broker_page, "approvals")
    assert broker_page.evaluate(NOT_WIDER)
    card = main(broker_page).locator("article").filter(has_text="Snickeriet i Huskvarna AB")
    expect(card).to_contain_text(t(lang, "address confirmed"))
    card.get_by_label(t(lang, "Note"), exact=True).fill("Kontrollerad.")
    card.get_by_role("button", name=t(lang, "Approve"), exact=True).click()
    expect(flash(broker_page)).to_contain_text(
        t(lang, "The organisation is approved. Its listings are now seen by others."))
    expect(main(broker_page)).to_contain_text(t(lang, "No organisation is waiting for approval."))
    steps.shot(broker_page, "approved")

    assert visitor.goto(listing_path).status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Kutterspån")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_forgotten_password_is_reset_by_email_on_a_phone(new_context, seed, steps, lang):
    firm = seed.organisation(name="Gjuteriet i Tranås AB")
    member = seed.user(firm, name="Bo Berg", language=lang)
    page = new_context(**ON_A_PHONE).new_page()
    page.goto("/auth/login")
    use_language(page, lang)
    main(page).get_by_role("link", name=t(lang, "Forgot your password?")).click()
    main(page).get_by_label(t(lang, "Email"), exact=True).fill(member.email)
    main(page).get_by_role("button", name=t(lang, "Send the link")).click()
    expect(flash(page)).to_contain_text(t(lang, "If the address can be used, we have sent a link to it. "
                                                "Open the link in the email to go on; it may take a few "
                                                "minutes to arrive."))
    reset = seed.link_in_mail(member.email, "/auth/reset/")
    page.goto(reset)
    use_language(page, lang)
    field = main(page).get_by_label(t(lang, "New password"), exact=True)
    field.fill("password123")
    main(page).get_by_role("button", name=t(lang, "Save the new password")).click()
    expect(main(page).locator(".field-error")).to_contain_text(t(
        lang, "This password is one of the most common ones, which are guessed first. Choose another."))
    steps.shot(page, "common password refused")
    assert page.evaluate(NOT_WIDER)
    main(page).get_by_label(t(lang, "New password"), exact=True).fill("gjutjärn och kaffe")
    main(page).get_by_role("button", name=t(lang, "Save the new password")).click()
    expect(flash(page)).to_contain_text(
        t(lang, "Your new password is saved and you are logged in. Other sessions are logged out."))
    page.goto(reset)                                               # the link works once
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "The link cannot be used"))
    expect(main(page)).to_contain_text(
        t(lang, "This link has already been used. Ask for a new one if you still need it."))
    steps.shot(page, "link used")
    other = new_context(**ON_A_PHONE).new_page()
    other.goto("/auth/login")
    main(other).locator("#email").fill(member.email)
    main(other).locator("#password").fill(PASSWORD)
    main(other).locator("button[type=submit]").click()
    expect(main(other).locator(".field-error")).to_be_visible()     # the old password no longer works


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_account_pages_have_no_serious_accessibility_violations(new_context, seed, lang):
    from tests.e2e.test_accessibility import axe_problems

    firm = seed.organisation(name="Väntande Firma AB", approval="pending", approved_at=None)
    member = seed.user(firm, name="Vera Väntare", language=lang)
    seed.listing(firm, title="Pallar att hämta")
    with seed.app.app_context():
        from siru_exchange.extensions import db
        from siru_exchange.models import User
        from siru_exchange.services import tokens

        user = db.session.get(User, member.id)
        reset, verify = tokens.make(user, "reset"), "not-a-token"
    problems = []
    visitor = new_context().new_page()
    visitor.goto("/")
    use_language(visitor, lang)
    for path in ("/auth/forgot", f"/auth/reset/{reset}", f"/auth/verify/{verify}"):
        visitor.goto(path)
        problems += axe_problems(visitor)
    own = new_context().new_page()
    log_in(own, member, lang)
    for path in (f"/organisations/{firm.id}/members", "/listings/mine"):
        own.goto(path)
        problems += axe_problems(own)
    broker = new_context().new_page()
    log_in(broker, seed.user(None, role="broker", language=lang), lang)
    broker.goto("/broker/approvals")
    expect(main(broker)).to_contain_text("Väntande Firma AB")
    problems += axe_problems(broker)
    assert not problems, problems
