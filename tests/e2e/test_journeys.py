"""Journeys through the site in a real browser, each in Swedish and in English."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LANGUAGES,
    fill_listing,
    flash,
    log_in,
    main,
    post_offer,
    register_newcomer,
    t,
    use_language,
)

pytestmark = pytest.mark.e2e


def seed_boiler_need(seed):
    """Another firm, in Vaggeryd, that needs fuel for its boiler."""
    heating = seed.organisation(name="Vaggeryds Värmeverk AB", municipality="0665")
    seed.user(heating)
    return seed.listing(heating, kind="need", title="Bränsle till pannan",
                        description="Vår panna värmer verkstaden; vi behöver mer bränsle varje vecka.",
                        frequency="weekly", terms="negotiable")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_newcomer_registers_posts_an_offer_and_marks_a_suggested_partner(page, seed, steps, lang):
    need = seed_boiler_need(seed)

    register_newcomer(page, lang, seed, name="Sara Snickare", email=f"sara-{lang}@snickeri.example",
                      org_name="Snickeriet i Huskvarna AB")
    steps.shot(page, "registered")
    expect(page).to_have_url(re.compile(r"/listings/mine$"))
    expect(page.locator("html")).to_have_attribute("lang", lang)

    post_offer(page, lang, title="Kutterspån",
               description="Torr kutterspån från hyvlingen, ungefär två kubikmeter i veckan.",
               quantity="2", unit="m3", frequency="weekly", terms="free")
    steps.shot(page, "offer posted")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kutterspån")

    suggestions = page.locator("section.suggestions")
    expect(suggestions.get_by_role("heading", level=2)).to_have_text(t(lang, "Suggested partners"))
    partner = suggestions.locator("article.suggestion").filter(has_text=need.name)
    expect(partner).to_have_count(1)
    expect(partner.get_by_role("link", name=need.name)).to_have_attribute(
        "href", f"/listings/{need.public_id}"
    )
    expect(partner).to_contain_text("Vaggeryds Värmeverk AB")
    reasons = partner.get_by_role("list", name=t(lang, "Why we suggest this")).get_by_role("listitem")
    expect(reasons.first).to_be_visible()
    assert reasons.count() >= 2, reasons.all_inner_texts()

    partner.get_by_role("button", name=t(lang, "Interested"), exact=True).click()
    steps.shot(page, "marked interested")
    expect(flash(page)).to_contain_text(
        t(lang, "Marked as interesting. You can ask for an introduction when you are ready."))
    partner = page.locator("section.suggestions article.suggestion").filter(has_text=need.name)
    expect(partner).to_contain_text(t(lang, "You are interested"))

    page.locator("header").get_by_role("link", name=t(lang, "Suggestions"), exact=True).click()
    main(page).get_by_role("link", name=t(lang, "Interested"), exact=True).click()
    expect(main(page).locator("article.suggestion")).to_have_count(1)
    expect(main(page).locator("article.suggestion")).to_contain_text(need.name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_members_edit_the_same_listing_and_the_second_sees_the_conflict(new_context, seed, steps, lang):
    firm = seed.organisation(name="Gjuteriet i Tranås AB", municipality="0687")
    anna = seed.user(firm, name="Anna Andersson", language=lang)
    bo = seed.user(firm, name="Bo Berg", language=lang)
    listing = seed.listing(firm, kind="offer", title="Spillvärme från ugnarna",
                           description="Ca 300 MWh per år.",
                           quantity=300, unit="MWh", frequency="yearly")
    anna_page, bo_page = new_context().new_page(), new_context().new_page()
    log_in(anna_page, anna, lang)
    log_in(bo_page, bo, lang)
    for p in (anna_page, bo_page):
        p.goto(f"/listings/{listing.public_id}/edit")
        expect(p.get_by_role("heading", level=1)).to_contain_text("Spillvärme från ugnarna")

    fill_listing(anna_page, lang, title="Spillvärme från ugnarna, 60 grader")
    main(anna_page).get_by_role("button", name=t(lang, "Save changes")).click()
    expect(flash(anna_page)).to_contain_text(t(lang, "Your changes are saved."))
    steps.shot(anna_page, "anna saved")

    bo_text = "Vattenburen värme, 300 MWh per år, från oktober till april."
    fill_listing(bo_page, lang, description=bo_text)
    main(bo_page).get_by_role("button", name=t(lang, "Save changes")).click()
    steps.shot(bo_page, "bo sees the conflict")
    expect(bo_page.get_by_role("alert")).to_contain_text(
        t(lang, "Someone else saved this listing while you were editing it. Your text is kept below; "
                "compare it with the saved version and save again."))
    conflict = bo_page.locator("section.conflict")
    expect(conflict.get_by_role("heading", level=2)).to_have_text(
        t(lang, "The saved version, changed by someone else"))
    expect(conflict).to_contain_text("Spillvärme från ugnarna, 60 grader")
    expect(main(bo_page).get_by_label(t(lang, "Description"), exact=True)).to_have_value(bo_text)

    main(bo_page).get_by_role("button", name=t(lang, "Save changes")).click()
    expect(flash(bo_page)).to_contain_text(t(lang, "Your changes are saved."))
    expect(main(bo_page).locator(".description")).to_have_text(bo_text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_input_on_the_listing_form_is_shown_next_to_the_field_with_the_text_kept(page, seed, steps, lang):
    firm = seed.organisation()
    member = seed.user(firm, language=lang)
    log_in(page, member, lang)
    page.goto("/listings/new?kind=need")
    fill_listing(page, lang, title="Ek", description="Plankor till en bokhylla.", quantity="tolv")
    main(page).get_by_role("button", name=t(lang, "Publish")).click()
    steps.shot(page, "errors shown")

    title = main(page).get_by_label(t(lang, "Title"), exact=True)
    quantity = main(page).get_by_label(t(lang, "Quantity"), exact=True)
    expect(title).to_have_value("Ek")
    expect(quantity).to_have_value("tolv")
    description = main(page).get_by_label(t(lang, "Description"), exact=True)
    expect(description).to_have_value("Plankor till en bokhylla.")
    expect(main(page).get_by_label(t(lang, "Kind"), exact=True)).to_have_value("need")
    for field, message in ((title, t(lang, "The title needs at least %(n)d characters.", n=3)),
                           (quantity, t(lang, "Enter the quantity as a number, like %(example)s.",
                                        example={"sv": "12,5", "en": "12.5"}[lang]))):
        expect(field).to_have_attribute("aria-invalid", "true")
        error = page.locator(f"#{field.get_attribute('id')}-error")
        expect(error).to_have_text(message)
        assert f"{field.get_attribute('id')}-error" in field.get_attribute("aria-describedby").split()
        # next to the field: in the same block, directly under it
        field_box, error_box = field.bounding_box(), error.bounding_box()
        assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 60, (field_box, error_box)
        assert abs(error_box["x"] - field_box["x"]) < 20, (field_box, error_box)
    assert "/listings/new" in page.url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_404_page_in_both_languages(page, live_server, lang):
    response = page.goto("/listings/999999")
    assert response.status == 404
    use_language(page, lang)
    expect(page).to_have_url(live_server.url("/listings/999999"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "We could not find that page"))
    expect(page).to_have_title(re.compile(re.escape(t(lang, "Page not found"))))
    main(page).get_by_role("link", name=t(lang, "Browse listings")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Offers and needs in the region"))
