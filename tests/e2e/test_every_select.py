"""Every option of every select on every form and filter of the site, picked in a real browser once,
and its result checked (issue 11: the resource-class select offered printed Python lists).

Each option is picked in the page's own select; what the form then sends is read from the form
itself (FormData) and its answer is fetched and read in the same page (fetch + DOMParser), so that a
filter's every option costs one request instead of a navigation. One real click per form and filter
shows that the submit button sends the same thing. One browser context serves every role in turn.
"""
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import flash, log_in, main, t

pytestmark = pytest.mark.e2e
LANG = "sv"

# The page a form's current values lead to (GET filters) or its answer (POST forms, redirects
# followed), read without navigating: status, the filter's selected value, rows, and a description.
FETCH = """async ([formSelector, method, rowSelector, cellSelector, selectId]) => {
  const form = document.querySelector(formSelector);
  return await window.siruRead(form, new FormData(form), method, rowSelector, cellSelector, selectId);
}"""
# Defined once per page: fetch what a form sends and describe the answer (see FETCH).
READER = """() => { window.siruRead = async (form, data, method, rowSelector, cellSelector, selectId) => {
  const url = new URL(form.getAttribute('action') || location.pathname, location.href);
  let response;
  if (method === 'GET') {
    url.search = new URLSearchParams(data).toString();
    response = await fetch(url, {credentials: 'same-origin'});
  } else {
    response = await fetch(url, {method: 'POST', body: data, credentials: 'same-origin'});
  }
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const text = e => e ? e.textContent.replace(/[ \\t\\n\\r]+/g, ' ').trim() : null;
  const select = selectId ? doc.querySelector('main select#' + selectId) : null;
  const facts = {};
  for (const dt of doc.querySelectorAll('main dl.facts dt')) facts[text(dt)] = text(dt.nextElementSibling);
  return {
    status: response.status, path: new URL(response.url).pathname,
    selected: select ? select.value : null,
    rows: rowSelector ? [...doc.querySelectorAll(rowSelector)].map(
      row => [text(row), cellSelector ? [...row.querySelectorAll(cellSelector)].map(text) : []]) : [],
    empty: !!doc.querySelector('main .empty-state'),
    h1: text(doc.querySelector('main h1')), flash: text(doc.querySelector('.flashes')),
    meta: text(doc.querySelector('main p.meta')), badge: text(doc.querySelector('main .badge')),
    facts,
  };
}; }"""
# Pick each option of a filter's select in turn (as a person would: the select's value, then its
# input and change events), read what the form would send then, and fetch those answers four at a time.
EVERY_OPTION = """async ([rowSelector, cellSelector, selectId]) => {
  const form = document.querySelector('main form.filters');
  const select = form.querySelector('select#' + selectId);
  const picks = [];
  for (const option of select.options) {
    select.value = option.value;
    select.dispatchEvent(new Event('input', {bubbles: true}));
    select.dispatchEvent(new Event('change', {bubbles: true}));
    picks.push([option.value, option.textContent.trim(), select.value, new FormData(form)]);
  }
  select.value = '';
  const results = new Array(picks.length);
  let next = 0;
  const worker = async () => {
    while (next < picks.length) {
      const i = next++;
      const [value, label, picked, data] = picks[i];
      const read = await window.siruRead(form, data, 'GET', rowSelector, cellSelector, selectId);
      results[i] = [value, label, picked, read];
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return results;
}"""
NEW_TOKEN = """() => { const b = new Uint8Array(24); crypto.getRandomValues(b);
  document.querySelector('main form input[name=submission]').value =
    [...b].map(x => x.toString(16).padStart(2, '0')).join(''); }"""


def options(page, select_id: str) -> list[tuple[str, str, str | None]]:
    """(value, label, optgroup label) of each option of the select."""
    return page.eval_on_selector_all(
        f"main select#{select_id} option",
        "els => els.map(e => [e.value, e.textContent.trim(),"
        " e.parentElement.tagName === 'OPTGROUP' ? e.parentElement.label : null])")


def assert_real_options(found, select_id):
    assert found, select_id
    for _value, label, _group in found:
        assert label and not label.startswith(("[", "(")), (select_id, label)
    assert len({v for v, _l, _g in found}) == len(found), select_id


def each_filter_result(page, select_id: str, rows: str, cells: str | None = None):
    """Pick every option of the filter's select in the page; yield (value, label, the page it leads to)."""
    page.evaluate(READER)
    results = page.evaluate(EVERY_OPTION, [rows, cells, select_id])
    assert [r[0] for r in results] == [o[0] for o in options(page, select_id)], select_id
    for value, label, picked, result in results:
        assert picked == value, (select_id, value, picked)
        assert result["status"] == 200 and result["selected"] == value, (select_id, value, result)
        assert result["rows"] or result["empty"], (select_id, value, "neither rows nor an empty state")
        yield value, label, result


def click_filter(page, select_id: str, value: str) -> None:
    """The real submit button sends the picked option, and the page keeps it selected."""
    form = main(page).locator("form.filters")
    form.locator(f"select#{select_id}").select_option(value)
    form.locator("button[type=submit]").click()
    expect(form.locator(f"select#{select_id}")).to_have_value(value)


def submit(page, form: str = "main form"):
    """Post the form as the browser filled it, and describe the page it leads to."""
    page.evaluate(READER)
    return page.evaluate(FETCH, [form, "POST", None, None, None])


def log_out(page) -> None:
    page.locator("header form[action$='/auth/logout'] button[type=submit]").click()
    expect(flash(page)).to_be_visible()


def test_every_option_of_every_select_is_picked_and_works(new_context, seed, steps):
    firm = seed.organisation(name="Snickeriet i Huskvarna AB", municipality="0680")
    member = seed.user(firm, name="Sara Snickare", language=LANG)
    broker = seed.user(None, role="broker", name="Britt Mäklare", language=LANG)
    from siru_exchange.extensions import db
    from siru_exchange.models import Suggestion
    from siru_exchange.services import reference
    from siru_exchange.services.introductions import social_classes

    with seed.app.app_context():
        tax = reference.taxonomy()
        class_ids = sorted(tax.classes)
        municipality_codes = list(reference.municipalities())
        social_labels = {tax.label(c, LANG) for c in social_classes()}
    places = {}
    for code in municipality_codes:
        places[code] = seed.organisation(name=f"Företaget i kommun {code} AB", municipality=code)
    seeded = []
    for n, class_id in enumerate(class_ids):
        seeded.append(seed.listing(places[municipality_codes[n % len(municipality_codes)]], recompute=False,
                                   kind=("offer", "need")[n % 2], title=f"Annons om {class_id}",
                                   resource_class=class_id))
    with seed.app.app_context():  # one queued suggestion per neighbouring (offer, need): every class
        for offer, need in zip(seeded[0::2], seeded[1::2], strict=False):  # and municipality is in one
            db.session.add(Suggestion(offer_id=offer.id, need_id=need.id, score=0.5, reasons=[],
                                      current=True))
        db.session.commit()

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
    form = main(page).locator("form")
    for i in range(rounds):
        pick = {s: found[i % len(found)] for s, found in selects.items() if s != "resource_class"}
        klass = classes[i * 5 % len(classes)]
        page.evaluate(NEW_TOKEN)  # each round is a new form, as a fresh /listings/new would be
        form.locator("#title").fill(f"Provannons {i}")
        for s, (value, _label, _g) in pick.items():
            form.locator(f"select#{s}").select_option(value)
        form.locator("select#resource_class").select_option(klass[0])
        form.locator("#quantity").fill("3" if pick["unit"][0] else "")
        form.locator("#price").fill("100" if pick["terms"][0] == "price" else "")
        shown = submit(page)
        assert shown["status"] == 200 and shown["path"].startswith("/listings/"), (i, shown)
        assert t(LANG, "Your listing is published.") in shown["flash"], (i, shown["flash"])
        facts = shown["facts"]
        assert shown["h1"] == f"Provannons {i}"
        assert facts[t(LANG, "Resource class")] == klass[1]
        assert facts[t(LANG, "How often")] == pick["frequency"][1]
        assert pick["terms"][1] in facts[t(LANG, "Terms")]
        assert facts[t(LANG, "Who may see it")] == pick["visibility"][1]
        if pick["unit"][0]:
            assert facts[t(LANG, "Quantity")] == f"3\u00a0{pick['unit'][1]}", facts
        assert shown["badge"] == pick["kind"][1]
    # and once through the real button
    page.evaluate(NEW_TOKEN)
    form.locator("#title").fill("Provannons med knappen")
    form.locator("#quantity").fill("")
    form.locator("select#terms").select_option("free")
    form.locator("#price").fill("")
    form.locator("button[type=submit]").click()
    expect(flash(page)).to_contain_text(t(LANG, "Your listing is published."))
    expect(page.get_by_role("heading", level=1)).to_have_text("Provannons med knappen")
    steps.shot(page, "listing posted")

    # every class option of the edit form is picked, and saving keeps the one picked last
    page.goto(page.url + "/edit")
    edit = main(page).locator("form")
    expect(edit.locator("select#resource_class")).to_have_value(klass[0])   # the saved class is selected
    picked = page.eval_on_selector("main form select#resource_class", """select => [...select.options].map(
        o => { select.value = o.value; select.dispatchEvent(new Event('change', {bubbles: true}));
               return select.value; })""")
    assert picked == [value for value, _label, _group in selects["resource_class"]]
    edit.locator("select#resource_class").select_option(classes[-1][0])
    edit.locator("button[type=submit]").click()
    expect(flash(page)).to_contain_text(t(LANG, "Your changes are saved."))
    expect(main(page).locator(f"dl.facts dt:text-is('{t(LANG, 'Resource class')}') + dd")).to_have_text(
        classes[-1][1])

    # -- the listings filter: every kind, class and municipality, each answer read ---------------------
    page.goto("/listings/")
    for s in ("kind", "resource_class", "municipality"):
        assert_real_options(options(page, s), s)
    card, class_badge = "main article.listing-card", "header .badge:not(.badge-offer):not(.badge-need)"
    for value, label, found in each_filter_result(page, "resource_class", card, class_badge):
        if value:
            assert sum(f"Annons om {value}" in text for text, _b in found["rows"]) == 1, value
            assert all(badges == [label] for _text, badges in found["rows"]), (value, found["rows"])
    kind_badges = "header .badge-offer, header .badge-need"
    for value, label, found in each_filter_result(page, "kind", card, kind_badges):
        if value:
            assert found["rows"] and all(badges == [label] for _t, badges in found["rows"]), (value, found)
    for value, label, found in each_filter_result(page, "municipality", card, "p.meta"):
        if value in places:
            assert found["rows"] and all(label in meta[0] for _t, meta in found["rows"]), (value, found)
        elif value:  # outside the county: nobody is there
            assert found["empty"] and not found["rows"], value
    for s, value in (("resource_class", classes[0][0]), ("kind", "need"), ("municipality", "0680")):
        click_filter(page, s, value)
        page.goto("/listings/")
    steps.shot(page, "listings filtered")

    # -- the organisation profile: every municipality and size saved and shown back -----------------------
    page.goto(f"/organisations/{firm.id}/edit")
    munis = [o for o in options(page, "municipality") if o[0]]
    sizes = options(page, "size")
    assert_real_options(munis, "municipality")
    assert_real_options(sizes, "size")
    form = main(page).locator("form")
    for i, (value, label, _g) in enumerate(munis):
        form.locator("select#municipality").select_option(value)
        size = sizes[i % len(sizes)]
        form.locator("select#size").select_option(size[0])
        shown = submit(page)
        assert shown["path"] == f"/organisations/{firm.id}", shown
        assert label in shown["meta"] and size[1] in shown["meta"], (value, size, shown["meta"])
    form.locator("select#municipality").select_option("0680")
    form.locator("button[type=submit]").click()
    expect(main(page).locator("p.meta").first).to_contain_text("Jönköping")

    # -- the profile's language: both, each shown back ------------------------------------------------------
    for value in ("en", "sv"):
        page.goto("/auth/profile")
        main(page).locator("select#language").select_option(value)
        main(page).locator("select#language").locator("xpath=ancestor::form").locator(
            "button[type=submit]").click()
        expect(page.locator("html")).to_have_attribute("lang", value)

    # -- the broker queue filter: each option's queue holds only matching rows, or says it is empty ------
    log_out(page)
    log_in(page, broker, LANG)
    page.goto("/broker/")
    queue_rows, class_cells = "#queue-suggestions tbody tr", ".queue-class"
    for s in ("municipality", "resource_class", "focus"):
        assert_real_options(options(page, s), s)
    for value, label, found in each_filter_result(page, "municipality", queue_rows, "small"):
        if value in places:
            assert found["rows"], value  # every municipality has a queued suggestion
            assert all(any(label in side for side in sides) for _t, sides in found["rows"]), (value, found)
        elif value:
            assert found["empty"] and not found["rows"], value
    for value, label, found in each_filter_result(page, "resource_class", queue_rows, class_cells):
        if value:
            assert found["rows"], value  # every class has a queued suggestion
            assert all(label in labels for _t, labels in found["rows"]), (value, found["rows"])
    for value, _label, found in each_filter_result(page, "focus", queue_rows, class_cells):
        assert found["rows"], value
        social_rows = [bool(social_labels & set(labels)) for _t, labels in found["rows"]]
        if value == "social":
            assert all(social_rows), found["rows"]
        elif value == "circular":
            assert not any(social_rows), found["rows"]
    for s, value in (("municipality", "0685"), ("resource_class", classes[-1][0]), ("focus", "social")):
        click_filter(page, s, value)
    steps.shot(page, "queue filtered")

    # -- registration: every option picked; the last picked are registered and shown back ------------------
    log_out(page)
    page.goto("/auth/register")
    form = main(page).locator("form")
    picked = {}
    for s in ("language", "municipality", "size"):
        found = options(page, s)
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
    expect(flash(page)).to_contain_text(t(LANG, "If the address can be used, we have sent a link to it. "
                                                "Open the link in the email to go on; it may take a few "
                                                "minutes to arrive."))
    from siru_exchange.models import Organisation

    with seed.app.app_context():  # a broker's approval makes the profile public
        org = db.session.query(Organisation).filter_by(name="Nykomlingen AB").one()
        org.approval = "approved"
        db.session.commit()
        org_id = org.id
    page.goto(f"/organisations/{org_id}")
    expect(main(page).locator("p.meta").first).to_contain_text(picked["municipality"][1])
    expect(main(page).locator("p.meta").first).to_contain_text(picked["size"][1])
