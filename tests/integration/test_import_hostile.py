"""Property-based tests (hypothesis) of the brokers' listing import: random bytes under a spreadsheet's
name, and sheets of hostile text, numbers and dates. Whatever comes in: a clear answer (the form again
with a message, or a preview), never a 500; a confirmation writes whole rows or none, and what is
stored has no control, invisible or direction-changing characters in its titles."""
import csv
import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from siru_exchange.models import Listing
from tests.integration.test_hostile_properties import choice, dates, invisible, numbers, texts
from tests.integration.test_introductions import login


def _upload(client, content: bytes, name: str):
    return client.post("/broker/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def _not_a_zip_but_named_so():
    """A zip whose parts are random: what a broken or hostile .xlsx looks like to openpyxl."""
    def build(parts):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for name, data in parts:
                z.writestr(name, data)
        return out.getvalue()
    names = st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                             "_rels/.rels", "xl/sharedStrings.xml"])
    parts = st.lists(st.tuples(names, st.binary(max_size=200)), max_size=4, unique_by=lambda p: p[0])
    return parts.map(build)


@given(content=st.one_of(st.binary(max_size=2000), _not_a_zip_but_named_so()),
       name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a.CSV", "a.xls", "a"]))
def test_random_bytes_get_a_message_or_a_preview_never_a_server_error(app, db, factory, content, name):
    client = login(app, factory.broker())
    response = _upload(client, content, name)
    assert response.status_code in (302, 422), response.status_code
    if response.status_code == 302:
        assert client.get(response.headers["Location"]).status_code == 200
    assert db.session.scalar(select(func.count(Listing.id))) == 0


@given(rows=st.lists(st.tuples(texts(), choice("erbjudande", "behov", "offer", "need"), texts(), texts(120),
                               numbers(), choice("kg", "ton", "m³", "st"), choice("varje vecka", "yearly"),
                               dates(), choice("offentlig", "members")), min_size=1, max_size=4),
       delimiter=st.sampled_from([",", ";"]))
def test_hostile_sheets_preview_and_import_cleanly(app, db, factory, rows, delimiter):
    org = factory.organisation()
    client = login(app, factory.broker())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["organisation", "typ", "titel", "beskrivning", "mängd", "enhet", "frekvens",
                     "tillgänglig från", "synlighet"])
    for organisation, *rest in rows:
        writer.writerow([organisation or org.org_number, *rest])
    before = db.session.scalar(select(func.count(Listing.id)))
    response = _upload(client, buffer.getvalue().encode("utf-8-sig"), "hostile.csv")
    assert response.status_code in (302, 422)
    if response.status_code != 302:
        return
    token = response.headers["Location"].rsplit("/", 1)[-1]
    assert client.get(f"/broker/import/{token}").status_code == 200
    confirmed = client.post(f"/broker/import/{token}", data={"only_valid": "1"})
    assert confirmed.status_code == 302
    db.session.expire_all()
    for listing in db.session.scalars(select(Listing)):
        assert not invisible(listing.title) and listing.title == listing.title.strip()
    assert db.session.scalar(select(func.count(Listing.id))) - before <= len(rows)
