"""Introductions in a real browser, in Swedish and in English: a member asks from a listing page, the
other side accepts and they write to each other; a broker introduces two firms and follows the
introduction until one firm records the exchange and the other confirms it, so it is realised."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LANGUAGES, flash, log_in, main, t

pytestmark = pytest.mark.e2e


def introduction_page(page):
    return page.locator("article#introduction")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_member_asks_for_an_introduction_the_other_side_accepts_and_they_write(
    new_context, seed, world, lang
):
    heat_member = seed.user(world.other_firm, name="Hugo Värme", language=lang)
    firm_member = seed.user(world.firm, name="Stina Snickare", language=lang)
    asker, owner = new_context().new_page(), new_context().new_page()

    log_in(asker, heat_member, lang)
    asker.goto(f"/listings/{world.offer.public_id}")
    request = main(asker).locator("section.request-introduction")
    expect(request.get_by_role("heading", level=2)).to_have_text(t(lang, "Interested?"))
    request.get_by_role("button", name=t(lang, "Request introduction")).click()  # a link styled as a button
    expect(asker.get_by_role("heading", level=1)).to_have_text(t(lang, "Request introduction"))
    main(asker).get_by_role("textbox").fill("Vi kan hämta spånet själva varje fredag.")
    main(asker).get_by_role("button", name=t(lang, "Send request")).click()
    expect(flash(asker)).to_contain_text(
        t(lang, "Your request is sent. The organisation is asked to accept or decline.")
    )
    expect(introduction_page(asker)).to_have_attribute("data-status", "proposed")
    introduction_url = asker.url

    log_in(owner, firm_member, lang)
    owner.locator("header").get_by_role("link", name=re.compile(re.escape(t(lang, "Introductions")))).click()
    number = int(introduction_url.rstrip("/").rsplit("/", 1)[1])
    waiting = main(owner).locator("section.pipeline-status[data-status=proposed]")
    expect(waiting).to_contain_text("Kutterspån")
    waiting.get_by_role("link", name=t(lang, "Introduction %(n)d", n=number)).click()
    expect(owner).to_have_url(introduction_url)
    expect(main(owner)).to_contain_text("Vi kan hämta spånet själva varje fredag.")
    main(owner).get_by_role("button", name=t(lang, "Accept introduction")).click()
    expect(flash(owner)).to_contain_text(
        t(
            lang,
            "Everyone has accepted. The contact details are shown below, and you can write to each other.",
        )
    )
    expect(introduction_page(owner)).to_have_attribute("data-status", "accepted")

    messages = main(owner).locator("section#messages")
    messages.get_by_role("textbox").fill("Välkomna! Fredagar efter klockan 14 passar bra.")
    messages.get_by_role("button", name=t(lang, "Send message")).click()
    expect(flash(owner)).to_contain_text(t(lang, "Your message is sent."))

    asker.goto(introduction_url)
    messages = main(asker).locator("section#messages")
    expect(messages.locator("article.message")).to_contain_text("Fredagar efter klockan 14 passar bra.")
    expect(main(asker).locator("td.contact").first).to_contain_text("@")
    messages.get_by_role("textbox").fill("Toppen, vi kommer på fredag.")
    messages.get_by_role("button", name=t(lang, "Send message")).click()
    expect(main(asker).locator("section#messages article.message")).to_have_count(2)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_broker_introduces_two_firms_one_records_the_exchange_the_other_confirms(
    new_context, seed, world, lang
):
    broker = seed.user(None, role="broker", name="Britt Mäklare", language=lang)
    heat_member = seed.user(world.other_firm, name="Hugo Värme", language=lang)
    broker_page = new_context().new_page()
    log_in(broker_page, broker, lang)
    broker_page.locator("header").get_by_role("link", name=t(lang, "Broker queue")).click()
    expect(broker_page.get_by_role("heading", level=1)).to_have_text(t(lang, "Broker queue"))
    row = (
        main(broker_page)
        .locator("#queue-suggestions tr")
        .filter(has_text="Kutterspån")
        .filter(has_text="Bränsle till pannan")
    )
    row.get_by_role("button", name=t(lang, "Introduce")).click()  # a link styled as a button
    broker_page.locator("#introduce-form").get_by_role("textbox").fill(
        "Ni ligger nära varandra och spånet passar er panna.")
    main(broker_page).get_by_role("button", name=t(lang, "Introduce"), exact=True).click()
    expect(flash(broker_page)).to_contain_text(
        t(lang, "The organisations are introduced. Each is asked to accept or decline.")
    )
    introduction_url = broker_page.url

    parties = {}
    for account in (world.member, heat_member):
        page = parties[account.name] = new_context().new_page()
        log_in(page, account, lang)
        page.goto(introduction_url)
        main(page).get_by_role("button", name=t(lang, "Accept introduction")).click()
        expect(flash(page)).to_be_visible()
    broker_page.reload()
    expect(introduction_page(broker_page)).to_have_attribute("data-status", "accepted")

    for status, label in (("in_dialogue", "Mark as in dialogue"), ("agreed", "Mark as agreed")):
        main(broker_page).get_by_role("button", name=t(lang, label)).click()
        expect(introduction_page(broker_page)).to_have_attribute("data-status", status)
    # realised rests on the exchange: one party records it, the other confirms; the broker cannot
    confirmations = main(broker_page).locator("#realised-confirmations")
    expect(confirmations).to_contain_text(t(lang, "nobody yet"))
    expect(main(broker_page).locator("#record-exchange")).to_have_count(0)
    expect(main(broker_page).locator("#advance")).to_have_count(0)

    firm_page, heat_page = parties[world.member.name], parties[heat_member.name]
    firm_page.reload()
    main(firm_page).get_by_role("button", name=t(lang, "Record the exchange")).click()  # a link as a button
    form = main(firm_page).locator("#exchange-form")
    form.get_by_label(t(lang, "Quantity per period")).fill("2,5")
    form.get_by_label(t(lang, "Unit")).select_option("m3")
    form.get_by_label(t(lang, "How often")).select_option("weekly")
    form.get_by_label(t(lang, "From (date)")).fill("2026-03-02")
    form.get_by_role("button", name=t(lang, "Record the exchange")).click()
    expect(flash(firm_page)).to_contain_text(
        t(lang, "The exchange is recorded. The other organisation is asked to confirm the figures.")
    )
    firm_page.goto(introduction_url)
    expect(introduction_page(firm_page)).to_have_attribute("data-status", "agreed")
    expect(main(firm_page).locator("#realised-confirmations")).to_contain_text("Snickeriet i Huskvarna AB")

    heat_page.reload()
    confirmations = main(heat_page).locator("#realised-confirmations")
    expect(confirmations.locator("p").first).not_to_contain_text("Vaggeryds Värmeverk AB")
    confirmations.locator("#introduction-exchanges a").click()
    main(heat_page).get_by_role("button", name=t(lang, "Confirm the figures")).click()
    expect(flash(heat_page)).to_contain_text(
        t(lang, "You confirmed the figures. The exchange now counts in the impact figures.")
    )
    heat_page.goto(introduction_url)
    expect(introduction_page(heat_page)).to_have_attribute("data-status", "realised")
    broker_page.reload()
    expect(introduction_page(broker_page)).to_have_attribute("data-status", "realised")
    expect(main(broker_page).locator("#advance")).to_have_count(0)  # realised is the last step
