"""A broker's outside deal names its two organisations by typing them (name or organisation number),
not by a select of every organisation: the page stays small at national size, what was typed is
resolved in the service, and what names no single organisation re-shows the form, in both languages."""

import re

import pytest
from sqlalchemy import insert

from siru_exchange.models import Exchange, Organisation
from siru_exchange.models._types import utcnow
from tests.factories import valid_org_number
from tests.integration.test_exchanges import agreed, outside_data, token_of  # noqa: F401
from tests.integration.test_introductions import html, login


def record(client, world, **kw):
    token = token_of(html(client.get("/exchanges/record")))
    return client.post("/exchanges/record", data={"submission": token, **outside_data(world, **kw)})


def field_error(page: str, field: str) -> str:
    found = re.search(rf'<small id="{field}-error" class="field-error">([^<]*)</small>', page)
    return found.group(1) if found else ""


def many_organisations(db, n: int) -> None:
    now = utcnow()
    db.session.execute(insert(Organisation), [
        {"name": f"Massföretag {i:05d} Aktiebolag i Jönköpings län",
         "org_number": valid_org_number(5_000_000 + i),
         "municipality": "0680", "sector": "Tillverkning", "size": "small", "description": "",
         "contact_name": "", "contact_email": "", "contact_phone": "", "approval": "approved",
         "approved_at": now, "created_at": now, "show_contact": False, "approval_note": ""}
        for i in range(n)
    ])
    db.session.commit()


def test_the_record_page_stays_small_with_ten_thousand_organisations(app, db, agreed):  # noqa: F811
    many_organisations(db, 10_000)
    broker = login(app, agreed["broker"])
    response = broker.get("/exchanges/record")
    page = html(response)
    assert response.status_code == 200
    assert len(response.data) < 100_000, len(response.data)
    assert page.count("Massföretag") <= 2 * 50  # two short lists of suggestions, not every organisation
    assert 'list="supplier-options"' in page and '<datalist id="receiver-options">' in page
    # a part of a name typed: the re-shown form suggests the organisations that contain it, still small
    response = record(broker, agreed, supplier="Massföretag 0999")
    page = html(response)
    assert response.status_code == 400 and len(response.data) < 100_000
    assert "Massföretag 09990 Aktiebolag" in page and "Massföretag 10000" not in page
    assert "Supplier: no organisation is called exactly “Massföretag 0999”; 10 have it in their name." in (
        field_error(page, "supplier")) or "har det i namnet" in field_error(page, "supplier")


def test_a_broker_records_by_name_and_by_organisation_number(app, db, agreed):  # noqa: F811
    broker = login(app, agreed["broker"])
    sawmill, greenhouse = agreed["sawmill"], agreed["greenhouse"]
    assert record(broker, agreed, supplier="  eksjö SÅG ab ".replace("SÅG", "Såg")).status_code == 302
    number = greenhouse.org_number.replace("-", "")
    assert record(broker, agreed, supplier=sawmill.org_number, receiver=number,
                  description="Andra").status_code == 302
    # the suggestion's own label ("Name (number)") names it too
    assert record(broker, agreed, supplier=f"{sawmill.name} ({sawmill.org_number})",
                  receiver=f"{greenhouse.name} ({greenhouse.org_number})",
                  description="Tredje").status_code == 302
    db.session.expire_all()
    made = db.session.query(Exchange).order_by(Exchange.id).all()
    assert [(e.supplier_id, e.receiver_id) for e in made] == [(sawmill.id, greenhouse.id)] * 3
    assert all(e.by_broker and e.status == "confirmed" for e in made)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_unknown_or_ambiguous_party_reshows_the_form_with_a_message_naming_the_field(
        app, db, agreed, factory, language):  # noqa: F811
    factory.organisation(name="Tranås Växthus AB")  # a second of that name
    broker_user = agreed["broker"]
    broker_user.language = language
    db.session.commit()
    broker = login(app, broker_user)
    unknown = {"sv": "Leverantör: ingen organisation heter", "en": "Supplier: no organisation is called"}
    several = {"sv": "Mottagare: 2 organisationer heter", "en": "Receiver: 2 organisations are called"}
    response = record(broker, agreed, supplier="Ingen Sådan AB", quantity="7,5")
    page = html(response)
    assert response.status_code == 400
    assert unknown[language] in field_error(page, "supplier"), field_error(page, "supplier")
    assert several[language] in field_error(page, "receiver"), field_error(page, "receiver")
    assert 'value="Ingen Sådan AB"' in page and 'value="Tranås Växthus AB"' in page and 'value="7,5"' in page
    assert 'aria-invalid="true"' in page
    # the two of that name are suggested with their numbers, so that one can be chosen
    assert page.count("Tranås Växthus AB (") == 2
    # part of one name: named in the singular, and not taken for it
    response = record(broker, agreed, supplier="Eksjö")
    one = {"sv": "Leverantör: ingen organisation heter exakt ”Eksjö”; 1 har det i namnet. Välj den i listan.",
           "en": "Supplier: no organisation is called exactly “Eksjö”; 1 has it in its name. Choose it from "
                 "the list."}
    assert response.status_code == 400 and field_error(html(response), "supplier") == one[language]
    assert html(response).count("Eksjö Såg AB (") == 1
    # the same organisation twice, and nothing typed
    response = record(broker, agreed, receiver=agreed["sawmill"].name)
    assert response.status_code == 400 and field_error(html(response), "receiver")
    response = record(broker, agreed, supplier="", receiver=" ")
    assert response.status_code == 400
    assert field_error(html(response), "supplier") and field_error(html(response), "receiver")
    # an organisation number that is well formed but no one's
    response = record(broker, agreed, supplier="556677-8899")
    assert response.status_code == 400 and field_error(html(response), "supplier")
    assert db.session.query(Exchange).count() == 0


def test_hostile_party_texts_are_refused_on_the_form(app, db, agreed):  # noqa: F811
    broker = login(app, agreed["broker"])
    for value in ("%", "_", "\\", "x" * 5000, "'; drop table organisations; --", "(556677-8899)", "\x00",
                  "2147483648", "-1"):
        response = record(broker, agreed, supplier=value)
        assert response.status_code == 400, value
    assert db.session.query(Exchange).count() == 0


def test_the_introductions_exchange_is_still_prefilled_with_its_two_parties(app, db, agreed):  # noqa: F811
    seller = login(app, agreed["seller"])
    page = html(seller.get(f"/exchanges/new?introduction={agreed['intro'].id}"))
    supplier = re.search(r'<select id="supplier_id".*?</select>', page, re.S).group(0)
    receiver = re.search(r'<select id="receiver_id".*?</select>', page, re.S).group(0)
    assert re.search(rf'<option selected value="{agreed["sawmill"].id}">', supplier)
    assert re.search(rf'<option selected value="{agreed["greenhouse"].id}">', receiver)
    assert supplier.count("<option") == 3  # the two parties and "–"
