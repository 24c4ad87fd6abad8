"""The brokers' spreadsheets: exports (content, BOM, neutralised cells, both formats read back with
openpyxl, the audit row) and the listing import (a preview with each row's problems by row and column
in Swedish and English, all-or-nothing, no duplicates on a second import or on parallel confirmations,
suggestions recomputed), on SQLite and PostgreSQL."""

import csv
import io
import re
import threading
from datetime import date
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from sqlalchemy.orm import Session

from siru_exchange.models import AuditEvent, Listing, ListingImport, Suggestion
from siru_exchange.services import exchanges, introductions, listing_import
from tests.integration.test_introductions import flashes, html, login

# -- exports ---------------------------------------------------------------------------------------


def _world(factory):
    seller = factory.organisation(name="Sågverket i Vaggeryd AB")
    buyer = factory.organisation(name="Värmeverket AB")
    broker = factory.broker()
    offer = factory.listing(organisation=seller, title="=HYPERLINK(\"http://evil\")", kind="offer",
                            quantity=Decimal("12.5"), unit="tonne", description="Torrt sågspån")
    need = factory.listing(organisation=buyer, kind="need", title="Biobränsle sökes", visibility="anonymous")
    suggestion = factory.suggestion(offer, need)
    introductions.introduce_suggestion(broker, suggestion.id, "")
    exchanges.record_outside(broker, exchanges.ExchangeInput(
        resource_class="sawdust", supplier_id=seller.id, receiver_id=buyer.id, quantity=Decimal("12"),
        unit="tonne", frequency="yearly", started_on=date(2026, 1, 1), description="@SUM(A1)"))
    return broker, seller, buyer, offer, need


def _csv_rows(response) -> list[list[str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV for Swedish Excel starts with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_listing_export_csv_has_public_ids_swedish_headers_neutralised_cells_and_an_audit_row(
        app, db, factory):
    broker, seller, _buyer, offer, need = _world(factory)
    client = login(app, broker)
    response = client.get("/broker/exports/listings?format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv_rows(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Annons-id", "Typ", "Status", "Rubrik"]
    by_id = {r[0]: r for r in body}
    assert set(by_id) == {offer.public_id, need.public_id}
    assert str(offer.id) not in by_id  # never the integer id
    row = by_id[offer.public_id]
    assert row[3] == "'=HYPERLINK(\"http://evil\")"  # a formula is shown, never run
    assert row[5] == "Sågverket i Vaggeryd AB" and row[6] == seller.org_number
    assert row[1] == "Erbjudande" and row[9] == "12.5"
    # A broker knows who is behind an anonymous listing.
    assert by_id[need.public_id][5] == "Värmeverket AB"
    event = db.session.query(AuditEvent).filter_by(action="export.listings").one()
    assert event.actor_id == broker.id and event.detail == {"format": "csv", "rows": 2}


def test_listing_export_xlsx_reads_back_with_english_headers_and_filters(app, db, factory):
    broker, _seller, _buyer, offer, _need = _world(factory)
    broker.language = "en"
    db.session.commit()
    client = login(app, broker)
    response = client.get("/broker/exports/listings?format=xlsx&kind=offer")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _xlsx_rows(response)
    assert rows[0][:4] == ["Listing id", "Kind", "Status", "Title"]
    assert [r[0] for r in rows[1:]] == [offer.public_id]  # the need is filtered out
    assert rows[1][3] == "'=HYPERLINK(\"http://evil\")"
    assert rows[1][9] == 12.5 and rows[1][10] == "tonnes"
    assert db.session.query(AuditEvent).filter_by(action="export.listings").one().detail == {
        "format": "xlsx", "rows": 1}


def test_introduction_and_exchange_exports_in_both_formats(app, db, factory):
    broker, seller, buyer, offer, need = _world(factory)
    client = login(app, broker)
    intro_csv = _csv_rows(client.get("/broker/exports/introductions"))
    assert intro_csv[0][0] == "Kontaktförmedling"
    assert len(intro_csv) == 2
    assert "Sågverket i Vaggeryd AB" in intro_csv[1][3] and "Värmeverket AB" in intro_csv[1][3]
    assert offer.public_id in intro_csv[1][5].split() and need.public_id in intro_csv[1][5].split()
    assert intro_csv[1][2] == "Föreslagen"
    exchange_xlsx = _xlsx_rows(client.get("/broker/exports/exchanges?format=xlsx"))
    assert exchange_xlsx[0][0] == "Utbyte"
    assert exchange_xlsx[1][2:4] == [seller.name, buyer.name]
    assert exchange_xlsx[1][5] == "'@SUM(A1)"
    assert exchange_xlsx[1][6] == 12
    exchange_csv = _csv_rows(client.get("/broker/exports/exchanges?format=csv"))
    assert exchange_csv[1][5] == "'@SUM(A1)"
    actions = sorted(e.action for e in db.session.query(AuditEvent).filter(
        AuditEvent.action.like("export.%")))
    assert actions == ["export.exchanges", "export.exchanges", "export.introductions"]


def test_an_unknown_format_is_a_message_not_a_file_and_members_never_see_exports(app, db, factory):
    broker, seller, *_ = _world(factory)
    client = login(app, broker)
    response = client.get("/broker/exports/listings?format=pdf", follow_redirects=True)
    assert response.status_code == 200
    assert "Välj CSV eller Excel (.xlsx)." in flashes(response)
    assert not db.session.query(AuditEvent).filter(AuditEvent.action.like("export.%")).count()
    member = login(app, factory.user(organisation=seller))
    assert member.get("/broker/exports/listings").status_code == 404
    assert member.get("/broker/spreadsheets").status_code == 404


# -- import ----------------------------------------------------------------------------------------

SV_HEADER = "organisation;typ;titel;beskrivning;mängd;enhet;frekvens;synlighet"
EN_HEADER = "organisation,kind,title,description,quantity,unit,frequency,visibility"


def _csv_file(header: str, *rows: str) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8-sig")


def _upload(client, content: bytes, name: str = "workshop.csv"):
    return client.post("/broker/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def _token(response) -> str:
    assert response.status_code == 302, html(response)[:2000]
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def _problems(page: str) -> list[tuple[str, str]]:
    return re.findall(r'class="import-problem" data-row="(\d+)" data-column="([^"]*)"', page)


def _orgs(factory):
    return (factory.organisation(name="Hjälmarydssågen AB"), factory.organisation(name="Tranås Trädgård AB"))


def test_preview_lists_each_rows_problems_by_row_and_column_in_swedish_and_writes_nothing(
        app, db, factory):
    saw, garden = _orgs(factory)
    client = login(app, factory.broker())
    content = _csv_file(
        SV_HEADER,
        f"{saw.org_number};erbjudande;Torrt sågspån;Ca 2 m³ i veckan;2;m³;varje vecka;offentlig",
        ";;;;;;;",                                                       # an empty row: not counted
        "Tranås Trädgård AB;behov;Värme till växthus;;40;MWh;årligen;medlemmar",
        "Okänd Firma AB;kanske;Ok;;-3;;;hemlig",
    )
    response = client.get(f"/broker/import/{_token(_upload(client, content))}")
    page = html(response)
    assert response.status_code == 200
    assert _problems(page) == [("5", "organisation"), ("5", "typ"), ("5", "synlighet"), ("5", "titel"),
                               ("5", "mängd")]
    assert "Ingen organisation har det här namnet eller numret." in page
    assert "”kanske” är inte något av: Erbjudande, Behov." in page
    assert "2 rader kommer att importeras" in page and "1 rad har fel" in page
    assert 'id="confirm-valid-only"' in page and 'id="confirm-import"' not in page
    assert db.session.query(Listing).count() == 0  # a preview writes no listing
    assert db.session.query(ListingImport).count() == 1


def test_preview_in_english_with_english_headers_and_an_xlsx_file(app, db, factory):
    saw, _garden = _orgs(factory)
    broker = factory.broker(language="en")
    client = login(app, broker)
    book = Workbook()
    ws = book.active
    ws.append(["Organisation", "Kind", "Title", "Description", "Quantity", "Unit", "Available from", "Notes"])
    ws.append([saw.org_number, "offer", "Dry sawdust", "Big bags", 2, "m3", date(2027, 3, 1), "x"])
    ws.append([saw.name, "need", "Pallets wanted", "", "lots", "pallets", "next week", ""])
    out = io.BytesIO()
    book.save(out)
    response = client.get(f"/broker/import/{_token(_upload(client, out.getvalue(), 'sheet.xlsx'))}")
    page = html(response)
    assert _problems(page) == [("3", "Available from"), ("3", "Quantity")]
    assert "Write the date as YYYY-MM-DD, like 2027-03-31." in page
    assert "Enter the quantity as a number" in page  # the listing form's own rule and message
    assert "These columns are not used: Notes." in page
    assert "1 row will be imported" in page


def test_confirm_with_problems_needs_the_explicit_choice_then_writes_only_the_valid_rows(app, db, factory):
    saw, garden = _orgs(factory)
    broker = factory.broker()
    client = login(app, broker)
    token = _token(_upload(client, _csv_file(
        SV_HEADER, f"{saw.org_number};erbjudande;Torrt sågspån;;;;;",
        f"{garden.org_number};behov;x;;;;;")))
    refused = client.post(f"/broker/import/{token}", follow_redirects=True)
    assert "Några rader har fel." in " ".join(flashes(refused))
    assert db.session.query(Listing).count() == 0
    done = client.post(f"/broker/import/{token}", data={"only_valid": "1"}, follow_redirects=True)
    assert "Annonser importerade och matchade: 1." in " ".join(flashes(done, "success"))
    listing = db.session.query(Listing).one()
    assert (listing.organisation_id, listing.kind, listing.title, listing.import_key is not None) == (
        saw.id, "offer", "Torrt sågspån", True)
    assert listing.created_by_id == broker.id and listing.inferred_class == "sawdust"
    event = db.session.query(AuditEvent).filter_by(action="listings.imported").one()
    assert event.detail["rows"] == 1 and event.detail["invalid"] == 1
    assert 'id="import-done"' in html(done)
    again = client.post(f"/broker/import/{token}", data={"only_valid": "1"}, follow_redirects=True)
    assert "Den här filen är redan importerad." in flashes(again)
    assert db.session.query(Listing).count() == 1


def test_the_same_file_imported_twice_creates_no_duplicates(app, db, factory):
    saw, garden = _orgs(factory)
    client = login(app, factory.broker())
    content = _csv_file(SV_HEADER, f"{saw.org_number};erbjudande;Torrt sågspån;Storsäck;;;;",
                        f"{garden.name};behov;Värme till växthus;;;;;",
                        f"{saw.org_number};Erbjudande;  torrt   SÅGSPÅN ;storsäck;;;;")  # the same as row 2
    first = _token(_upload(client, content))
    first_page = html(client.get(f"/broker/import/{first}"))
    assert "Rad 4: samma annons som rad 2." in first_page
    client.post(f"/broker/import/{first}")
    assert db.session.query(Listing).count() == 2
    second = _token(_upload(client, content))
    page = html(client.get(f"/broker/import/{second}"))
    assert "2 rader är redan importerade och hoppas över" in page
    assert 'id="confirm-import"' not in page and "Det finns inget att importera från den här filen." in page
    refused = client.post(f"/broker/import/{second}", follow_redirects=True)
    assert "Det finns inget att importera från den här filen." in flashes(refused)
    assert db.session.query(Listing).count() == 2


def test_all_or_nothing_when_a_row_is_written_elsewhere_between_preview_and_confirm(app, db, factory):
    saw, garden = _orgs(factory)
    client = login(app, factory.broker())
    token = _token(_upload(client, _csv_file(SV_HEADER, f"{saw.org_number};erbjudande;Torrt sågspån;;;;;",
                                             f"{garden.org_number};behov;Värme till växthus;;;;;")))
    # Another upload of a file with the second row confirms while this preview waits; this import's
    # check at confirm time sees it and skips that row. A row written under the same key after that
    # check (the moment of a race) makes the whole transaction fail: nothing of this import is kept.
    key = listing_import.import_key(garden.id, "need", "Värme till växthus", "")
    original, garden_id = listing_import._check, garden.id

    def check_then_race(upload):
        checked = original(upload)
        with Session(db.engine) as other:  # another request's transaction, committed first
            other.add(Listing(organisation_id=garden_id, kind="need", title="Värme till växthus",
                              description="", import_key=key))
            other.commit()
        return checked

    listing_import._check = check_then_race
    try:
        response = client.post(f"/broker/import/{token}", follow_redirects=True)
    finally:
        listing_import._check = original
    assert "Några av de här annonserna importerades av någon annan nyss." in " ".join(flashes(response))
    assert [lst.title for lst in db.session.query(Listing)] == ["Värme till växthus"]  # not the sawdust
    assert db.session.query(ListingImport).one().confirmed_at is None
    assert not db.session.query(AuditEvent).filter_by(action="listings.imported").count()
    # Looked at again, the preview shows the row as imported before, and the rest imports.
    assert "1 rad är redan importerad och hoppas över" in html(client.get(f"/broker/import/{token}"))
    client.post(f"/broker/import/{token}")
    assert sorted(lst.title for lst in db.session.query(Listing)) == ["Torrt sågspån", "Värme till växthus"]


def test_parallel_identical_confirms_create_each_listing_once(app, db, factory):
    saw, garden = _orgs(factory)
    broker = factory.broker()
    first = login(app, broker)
    content = _csv_file(SV_HEADER, f"{saw.org_number};erbjudande;Torrt sågspån;;;;;",
                        f"{garden.org_number};behov;Värme till växthus;;;;;")
    # Two uploads of the same file, each confirmed by several requests at once.
    tokens = [_token(_upload(first, content)), _token(_upload(first, content))]
    cookie = first.get_cookie("session").value
    clients = []
    for _ in range(8):
        c = app.test_client()
        c.set_cookie("session", cookie)
        clients.append(c)
    barrier = threading.Barrier(len(clients))
    codes = [None] * len(clients)

    def run(i, c):
        barrier.wait()
        codes[i] = c.post(f"/broker/import/{tokens[i % 2]}").status_code

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [302] * len(clients)  # each a redirect with a message, never a 500
    db.session.expire_all()
    assert sorted(lst.title for lst in db.session.query(Listing)) == ["Torrt sågspån", "Värme till växthus"]
    assert db.session.query(AuditEvent).filter_by(action="listings.imported").count() == 1


def test_imported_listings_are_recomputed_for_suggestions(app, db, factory):
    saw, garden = _orgs(factory)
    heating = factory.organisation(name="Värmeverket AB")
    need = factory.listing(organisation=heating, kind="need", title="Biobränsle sökes",
                           description="Flis eller sågspån till pannan", resource_class="biomass_fuel")
    client = login(app, factory.broker())
    token = _token(_upload(client, _csv_file(
        SV_HEADER, f"{saw.org_number};erbjudande;Torrt sågspån;Sågspån från hyvleriet;10;ton;varje vecka;")))
    client.post(f"/broker/import/{token}")
    offer = db.session.query(Listing).filter_by(organisation_id=saw.id).one()
    pairs = {(s.offer_id, s.need_id) for s in db.session.query(Suggestion)}
    assert (offer.id, need.id) in pairs


def test_file_type_size_header_and_another_brokers_preview(app, db, factory):
    saw, _garden = _orgs(factory)
    client = login(app, factory.broker())
    wrong_type = _upload(client, b"MZ\x90\x00", "listings.exe")
    assert wrong_type.status_code == 422 and "Använd en .csv- eller .xlsx-fil." in html(wrong_type)
    too_big = _upload(client, _csv_file(SV_HEADER) + b"x" * (listing_import.MAX_BYTES + 10))
    assert too_big.status_code == 422 and "Filen är större än 1024 kB." in html(too_big)
    no_title = _upload(client, _csv_file("organisation;typ", f"{saw.org_number};erbjudande"))
    assert no_title.status_code == 422 and "Rubrikraden saknar kolumnen/kolumnerna: titel." in html(no_title)
    header_only = _upload(client, _csv_file(SV_HEADER))
    assert "Filen har en rubrikrad men inga annonser." in html(header_only)
    not_xlsx = _upload(client, b"PK\x03\x04 not really a zip", "sheet.xlsx")
    assert "Filen kan inte läsas som en Excel-arbetsbok (.xlsx)." in html(not_xlsx)
    nothing = client.post("/broker/import", data={}, content_type="multipart/form-data")
    assert nothing.status_code == 422 and "Välj en fil att ladda upp." in html(nothing)
    token = _token(_upload(client, _csv_file(SV_HEADER, f"{saw.org_number};erbjudande;Torrt sågspån;;;;;")))
    other = login(app, factory.broker())
    assert other.get(f"/broker/import/{token}").status_code == 404
    assert other.post(f"/broker/import/{token}").status_code == 404
    assert db.session.query(Listing).count() == 0


def test_an_expired_preview_is_uploaded_again_and_removed_by_the_next_upload(app, db, factory):
    from datetime import UTC, datetime, timedelta

    saw, _garden = _orgs(factory)
    client = login(app, factory.broker())
    content = _csv_file(SV_HEADER, f"{saw.org_number};erbjudande;Torrt sågspån;;;;;")
    token = _token(_upload(client, content))
    kept = db.session.query(ListingImport).one()
    kept.created_at = datetime.now(UTC) - timedelta(hours=listing_import.PREVIEW_HOURS + 1)
    db.session.commit()
    response = client.get(f"/broker/import/{token}", follow_redirects=True)
    assert "Förhandsgranskningen är äldre än 24 timmar. Ladda upp filen igen." in flashes(response)
    assert client.post(f"/broker/import/{token}").status_code == 302
    assert db.session.query(Listing).count() == 0
    fresh = _token(_upload(client, content))
    db.session.expire_all()
    assert [k.token for k in db.session.query(ListingImport)] == [fresh]
