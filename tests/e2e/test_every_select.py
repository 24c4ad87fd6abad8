"""Every option of every select on every form and filter of the site, picked in a real browser once,
and its result checked (issue 11: the resource-class select offered printed Python lists)."""
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import flash, log_in, main, t

pytestmark = pytest.mark.e2e
LANG = "sv"


def options(page, select_id: str) -> list[tuple[str, str, str | None]]:
    """(value, label, optgroup label) of each option of the select."""
    return page.eval_on_selector_all(
        f"select#{select_id} option",
        "els => els.map(e => [e.value, e.textContent.trim(),"
        " e.parentElement.tagName === 'OPTGROUP' ? e.parentElement.label : null])")


def assert_real_options(found, select_id):
    assert found, select_id
    for _value, label, _group in found:
        assert label and not label.startswith(("[", "(")), (select_id, label)
    assert len({v for v, _l, _g in found}) == len(found), select_id


def fact(page, term: str):
    """The <dd> after the <dt> of a listing page's facts."""
    return main(page).locator(f"dl.facts dt:text-is('{term}') + dd")


def pick_and_filter(page, select_id: str, value: str) -> None:
    form = main(page).locator("form.filters")
    form.locator(f"select#{select_id}").select_option(value)
    form.locator("button[type=submit]").click()
    expect(form.locator(f"select#{select_id}")).to_have_value(value)


def test_every_option_of_every_select_is_picked_and_works(new_context, seed, steps):
    firm = seed.organisation(name="Snickeriet i Huskvarna AB", municipality="0680")
    member = seed.user(firm, name="Sara Snickare", language=LANG)
    broker = seed.user(None, role="broker", name="Britt Mäklare", language=LANG)
    from siru_exchange.services import reference

    with seed.app.app_context():
        tax = reference.taxonomy()
        class_ids = sorted(tax.classes)
        municipality_codes = list(reference.municipalities())
    places = {}
    for code in municipality_codes:
        places[code] = seed.organisation(name=f"Företaget i kommun {code} AB", municipality=code)
    for n, class_id in enumerate(class_ids):
        seed.listing(places[municipality_codes[n % len(municipality_codes)]], recompute=False,
                     kind=("offer", "need")[n % 2], title=f"Annons om {class_id}", resource_class=class_id)

    page = new_context().new_page()
    log_in(page, member, LANG)

    # -- the listing form: every kind, unit, frequency, terms and visibility saved and shown back ----------
    page.goto("/listings/new")
    selects = {
        s: options(page, s) for s in ("kind", "resource_class", "unit", "frequency", "terms", "visibility")
    }
    for s, found in selects.items():
        assert_real_options(found, s)
    classes = [o for o in selects["resource_class"] if o[0]]
    assert {v for v, _l, _g in classes} == set(class_ids)
    assert all(group for _v, _l, group in classes)               # every class sits in its taxonomy group
    rounds = max(len(found) for s, found in selects.items() if s != "resource_class")
    for i in range(rounds):
        pick = {s: found[i % len(found)] for s, found in selects.items() if s != "resource_class"}
        klass = classes[i * 5 % len(classes)]
        page.goto("/listings/new")
        form = main(page).locator("form")
        form.locator("#title").fill(f"Provannons {i}")
        for s, (value, _label, _g) in pick.items():
            form.locator(f"select#{s}").select_option(value)
        form.locator("select#resource_class").select_option(klass[0])
        form.locator("#quantity").fill("3" if pick["unit"][0] else "")
        form.locator("#price").fill("100" if pick["terms"][0] == "price" else "")
        form.locator("button[type=submit]").click()
        expect(flash(page)).to_contain_text(t(LANG, "Your listing is published."))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Provannons {i}")
        expect(fact(page, t(LANG, "Resource class"))).to_have_text(klass[1])
        expect(fact(page, t(LANG, "How often"))).to_have_text(pick["frequency"][1])
        expect(fact(page, t(LANG, "Terms"))).to_contain_text(pick["terms"][1])
        expect(fact(page, t(LANG, "Who may see it"))).to_have_text(pick["visibility"][1])
        if pick["unit"][0]:
            expect(fact(page, t(LANG, "Quantity"))).to_have_text(f"3\u00a0{pick['unit'][1]}")
        expect(main(page).locator(".badge").first).to_have_text(pick["kind"][1])
    steps.shot(page, "listings posted")

    # every class option of the edit form is picked, and saving keeps the one picked last
    page.goto(page.url + "/edit")
    edit = main(page).locator("form")
    expect(edit.locator("select#resource_class")).to_have_value(klass[0])   # the saved class is selected
    for value, _label, _group in selects["resource_class"]:
        edit.locator("select#resource_class").select_option(value)
        expect(edit.locator("select#resource_class")).to_have_value(value)
    edit.locator("button[type=submit]").click()
    expect(flash(page)).to_contain_text(t(LANG, "Your changes are saved."))
    expect(fact(page, t(LANG, "Resource class"))).to_have_text(classes[-1][1])

    # -- the listings filter: every kind, class and municipality ------------------------------------------
    page.goto("/listings/")
    for s in ("kind", "resource_class", "municipality"):
        assert_real_options(options(page, s), s)
    for value, label, _g in options(page, "resource_class"):
        pick_and_filter(page, "resource_class", value)
        if value:
            cards = main(page).locator("article.listing-card")
            expect(cards.filter(has_text=f"Annons om {value}")).to_have_count(1)
            badges = cards.locator("header .badge:not(.badge-offer):not(.badge-need)")
            assert set(badges.all_inner_texts()) == {label}, (value, badges.all_inner_texts())
    pick_and_filter(page, "resource_class", "")
    for value, label, _g in options(page, "kind"):
        pick_and_filter(page, "kind", value)
        if value:
            kinds = set(main(page).locator("article.listing-card header .badge-offer, "
                                           "article.listing-card header .badge-need").all_inner_texts())
            assert kinds == {label}, (value, kinds)
    pick_and_filter(page, "kind", "")
    for value, label, _g in options(page, "municipality"):
        pick_and_filter(page, "municipality", value)
        if value and value in places:
            metas = main(page).locator("article.listing-card p.meta").all_inner_texts()
            assert metas and all(label in m for m in metas), (value, metas)
    steps.shot(page, "listings filtered")

    # -- the organisation profile: every municipality and size saved and shown back -----------------------
    page.goto(f"/organisations/{firm.id}/edit")
    munis = [o for o in options(page, "municipality") if o[0]]
    sizes = options(page, "size")
    assert_real_options(munis, "municipality")
    assert_real_options(sizes, "size")
    for i, (value, label, _g) in enumerate(munis):
        page.goto(f"/organisations/{firm.id}/edit")
        form = main(page).locator("form")
        form.locator("select#municipality").select_option(value)
        size = sizes[i % len(sizes)]
        form.locator("select#size").select_option(size[0])
        form.locator("button[type=submit]").click()
        expect(main(page).locator("p.meta").first).to_contain_text(label)
        expect(main(page).locator("p.meta").first).to_contain_text(size[1])

    # -- the profile's language: both, each shown back ------------------------------------------------------
    for value in ("en", "sv"):
        page.goto("/auth/profile")
        main(page).locator("select#language").select_option(value)
        main(page).locator("select#language").locator("xpath=ancestor::form").locator(
            "button[type=submit]").click()
        expect(page.locator("html")).to_have_attribute("lang", value)

    # -- the broker queue filter: every municipality, class and kind of collaboration ----------------------
    broker_page = new_context().new_page()
    log_in(broker_page, broker, LANG)
    broker_page.goto("/broker/")
    for s in ("municipality", "resource_class", "focus"):
        found = options(broker_page, s)
        assert_real_options(found, s)
        for value, _label, _g in found:
            pick_and_filter(broker_page, s, value)
        pick_and_filter(broker_page, s, "")

    # -- registration: every option picked; the last picked are registered and shown back ------------------
    visitor = new_context().new_page()
    visitor.goto("/auth/register")
    form = main(visitor).locator("form")
    picked = {}
    for s in ("language", "municipality", "size"):
        found = options(visitor, s)
        assert_real_options(found, s)
        for value, _label, _g in found:
            form.locator(f"select#{s}").select_option(value)
            expect(form.locator(f"select#{s}")).to_have_value(value)
        picked[s] = found[-1]
    form.locator("select#language").select_option("sv")
    form.locator("#name").fill("Nils Nykomling")
    form.locator("#email").fill("nils@nykomling.example")
    form.locator("#password").fill("ett långt lösenord")
    form.locator("#org_name").fill("Nykomlingen AB")
    form.locator("#org_number").fill("556036-0793")
    form.locator("#contact_phone").fill("036-12 34 56")
    form.locator("button[type=submit]").click()
    expect(flash(visitor)).to_contain_text(t(LANG, "If the address can be used, we have sent a link to it. "
                                                   "Open the link in the email to go on; it may take a few "
                                                   "minutes to arrive."))
    from siru_exchange.extensions import db
    from siru_exchange.models import Organisation

    with seed.app.app_context():  # a broker's approval makes the profile public
        org = db.session.query(Organisation).filter_by(name="Nykomlingen AB").one()
        org.approval = "approved"
        db.session.commit()
        org_id = org.id
    visitor.goto(f"/organisations/{org_id}")
    expect(main(visitor).locator("p.meta").first).to_contain_text(picked["municipality"][1])
    expect(main(visitor).locator("p.meta").first).to_contain_text(picked["size"][1])
