"""Exchanges in a real browser, in Swedish and in English, at phone width: a firm records the
exchange of an agreed introduction, the other confirms it, changes it (the history shows the change)
and ends it; the working of the figures opens with its sources; a broker verifies the figures."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LANGUAGES, flash, log_in, main, t
from tests.e2e.test_accessibility import axe_problems

pytestmark = pytest.mark.e2e


def agreed_introduction(seed, a, b, broker_id) -> int:
    from siru_exchange.extensions import db
    from siru_exchange.models import Introduction, IntroductionParty

    with seed.app.app_context():
        intro = Introduction(kind="broker", status="agreed", broker_id=broker_id)
        intro.parties = [
            IntroductionParty(organisation_id=a.id, consent="accepted"),
            IntroductionParty(organisation_id=b.id, consent="accepted"),
        ]
        db.session.add(intro)
        db.session.commit()
        return intro.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_record_confirm_change_and_end_an_exchange(new_context, seed, lang, steps):
    mill = seed.organisation(name="Eksjö Såg AB", municipality="0686")
    farm = seed.organisation(name="Tranås Gård AB", municipality="0687")
    broker = seed.user(None, role="broker", name="Britt Mäklare", language=lang)
    seller = seed.user(mill, name="Sven Såg", language=lang)
    buyer = seed.user(farm, name="Greta Gård", language=lang)
    intro_id = agreed_introduction(seed, mill, farm, broker.id)

    phone = {"viewport": {"width": 360, "height": 780}}
    seller_page = new_context(**phone).new_page()
    log_in(seller_page, seller, lang)
    seller_page.goto(f"/introductions/{intro_id}")
    main(seller_page).get_by_role("button", name=t(lang, "Record the exchange")).click()
    form = main(seller_page).locator("#exchange-form")
    form.get_by_label(t(lang, "What moves")).select_option("steel_scrap")
    form.get_by_label(t(lang, "Quantity per period")).fill("")
    form.get_by_role("button", name=t(lang, "Record the exchange")).click()
    # refused with the field named, what was typed kept
    expect(main(seller_page).locator("#quantity-error")).to_have_text(
        t(lang, "Enter how much moves per period.")
    )
    form = main(seller_page).locator("#exchange-form")
    expect(form.get_by_label(t(lang, "What moves"))).to_have_value("steel_scrap")
    form.get_by_label(t(lang, "Quantity per period")).fill("1,5")
    form.get_by_label(t(lang, "Unit")).select_option("tonne")
    form.get_by_label(t(lang, "How often")).select_option("monthly")
    form.get_by_label(t(lang, "From (date)")).fill("2026-04-01")
    form.get_by_label(t(lang, "Transport")).select_option("truck")
    steps.shot(seller_page, f"exchange-form-{lang}")
    problems = axe_problems(seller_page)  # the form, with an error shown
    form.get_by_role("button", name=t(lang, "Record the exchange")).click()
    expect(flash(seller_page)).to_contain_text(
        t(lang, "The exchange is recorded. The other organisation is asked to confirm the figures.")
    )
    exchange = main(seller_page).locator("article#exchange")
    expect(exchange).to_have_attribute("data-status", "proposed")
    expect(main(seller_page).locator("#transport")).to_have_count(0)
    expect(main(seller_page).locator("#exchange-transport")).to_contain_text(
        "41,2" if lang == "sv" else "41.2"
    )
    expect(main(seller_page).get_by_role("button", name=t(lang, "Confirm the figures"))).to_have_count(0)
    expect(main(seller_page).locator("#not-counted")).to_be_visible()
    exchange_url = seller_page.url
    problems += axe_problems(seller_page)

    buyer_page = new_context().new_page()
    log_in(buyer_page, buyer, lang)
    buyer_page.goto(exchange_url)
    main(buyer_page).get_by_role("button", name=t(lang, "Confirm the figures")).click()
    expect(flash(buyer_page)).to_contain_text(
        t(lang, "You confirmed the figures. The exchange now counts in the impact figures.")
    )
    expect(main(buyer_page).locator("article#exchange")).to_have_attribute("data-status", "confirmed")
    working = main(buyer_page).locator("#impact-all_time details.working")
    working.locator("summary").click()
    expect(working).to_contain_text(t(lang, "truck") if lang == "sv" else "truck")
    expect(working.get_by_role("link", name="Steel's recyclability", exact=False)).to_have_count(1)

    # the receiver changes the quantity; the history shows who changed what
    main(buyer_page).get_by_role("button", name=t(lang, "Change")).click()
    form = main(buyer_page).locator("#exchange-form")
    expect(form.get_by_label(t(lang, "Quantity per period"))).to_have_value("1,5" if lang == "sv" else "1.5")
    problems += axe_problems(buyer_page)
    form.get_by_label(t(lang, "Quantity per period")).fill("2")
    form.get_by_role("button", name=t(lang, "Save the changes")).click()
    expect(flash(buyer_page)).to_contain_text(
        t(lang, "The exchange is changed; the history shows what changed.")
    )
    history = main(buyer_page).locator("#exchange-history")
    expect(history.locator("li[data-action=edited]")).to_contain_text("Greta Gård")
    expect(history.locator("li[data-action=edited] .changes")).to_contain_text(
        "1,5 → 2" if lang == "sv" else "1.5 → 2"
    )

    # a broker verifies the figures with a note
    broker_page = new_context().new_page()
    log_in(broker_page, broker, lang)
    broker_page.goto(exchange_url)
    verify = main(broker_page).locator("#verify")
    verify.get_by_label(t(lang, "How did you check the figures?")).fill("Följesedlar april–maj")
    verify.get_by_role("button", name=t(lang, "Mark as verified")).click()
    expect(flash(broker_page)).to_contain_text(t(lang, "You marked the figures as verified."))
    expect(main(broker_page).locator("#verified-note")).to_contain_text("Följesedlar april–maj")
    problems += axe_problems(broker_page)
    broker_page.goto("/exchanges/")
    number = exchange_url.rstrip("/").rsplit("/", 1)[1]
    expect(main(broker_page).locator(f"#exchange-{number}")).to_contain_text("Eksjö Såg AB")
    problems += axe_problems(broker_page)

    # the exchange stops
    buyer_page.goto(exchange_url)
    main(buyer_page).locator("#end-exchange summary").click()
    main(buyer_page).get_by_label(t(lang, "Last day of the exchange")).fill("2026-09-30")
    main(buyer_page).get_by_role("button", name=t(lang, "End the exchange")).click()
    expect(flash(buyer_page)).to_contain_text(
        t(lang, "The exchange is ended. Its figures count up to its last day.")
    )
    expect(main(buyer_page).locator("#exchange-history li[data-action=ended]")).to_have_count(1)
    expect(main(buyer_page).get_by_role("button", name=t(lang, "Change"))).to_have_count(0)
    seller_page.goto(exchange_url)
    steps.shot(seller_page, f"exchange-ended-360-{lang}")
    width = seller_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at a 360 px viewport"
    problems += axe_problems(seller_page)
    assert not problems, problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_broker_records_an_outside_deal_by_typing_the_organisations(new_context, seed, lang, steps):
    """No select of every organisation: part of a name shows the organisations that have it (without
    JavaScript, on the re-shown form), the suggestion chosen or the organisation number names one."""
    mill = seed.organisation(name="Eksjö Såg AB", municipality="0686")
    seed.organisation(name="Eksjö Snickeri AB", municipality="0686")
    farm = seed.organisation(name="Tranås Gård AB", municipality="0687", org_number="556036-0793")
    broker = seed.user(None, role="broker", name="Britt Mäklare", language=lang)
    page = new_context(viewport={"width": 360, "height": 780}).new_page()
    log_in(page, broker, lang)
    page.goto("/exchanges/record")
    form = main(page).locator("#exchange-form")
    expect(form.locator("select#supplier_id, select#receiver_id")).to_have_count(0)
    form.get_by_label(t(lang, "What moves")).select_option("sawdust")
    form.get_by_label(t(lang, "From (supplier)")).fill("Eksjö")
    form.get_by_label(t(lang, "To (receiver)")).fill("556036-0793")
    form.get_by_label(t(lang, "Quantity per period")).fill("3")
    form.get_by_label(t(lang, "Unit")).select_option("m3")
    form.get_by_label(t(lang, "From (date)")).fill("2026-04-01")
    form.get_by_role("button", name=t(lang, "Record the exchange")).click()
    supplier_error = main(page).locator("#supplier-error")
    expect(supplier_error).to_contain_text({  # a plural message, which `t` does not read
        "en": "Supplier: no organisation is called exactly “Eksjö”; 2 have it in their name.",
        "sv": "Leverantör: ingen organisation heter exakt ”Eksjö”; 2 har det i namnet.",
    }[lang])
    form = main(page).locator("#exchange-form")
    supplier = form.get_by_label(t(lang, "From (supplier)"))
    expect(supplier).to_have_value("Eksjö")
    expect(supplier).to_have_attribute("aria-invalid", "true")
    options = form.locator("#supplier-options option")
    expect(options).to_have_count(2)
    steps.shot(page, f"outside-deal-form-{lang}")
    problems = axe_problems(page)
    supplier.fill(form.locator('#supplier-options option[value^="Eksjö Såg AB ("]').get_attribute("value"))
    form.get_by_role("button", name=t(lang, "Record the exchange")).click()
    expect(flash(page)).to_contain_text(t(lang, "The deal is recorded and counts in the figures."))
    expect(main(page).locator("h1")).to_contain_text(mill.name)
    expect(main(page).locator("h1")).to_contain_text(farm.name)
    problems += axe_problems(page)
    assert not problems, problems
