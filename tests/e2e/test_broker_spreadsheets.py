"""A broker's spreadsheets in a real browser, in Swedish and English, on a phone and a desktop: the
import of a workshop file whose preview shows each row's problems by row and column, the explicit
choice to import only the valid rows, and an export downloaded and read back."""

import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.helpers import LANGUAGES, flash, log_in, main, t
from tests.e2e.test_accessibility import axe_problems

pytestmark = pytest.mark.e2e
WIDTHS = [360, 1280]
SHOTS = os.environ.get("SIRU_SHOTS_DIR")  # set to keep the screenshots for a person to look at


def _shot(page, steps, name: str) -> None:
    steps.shot(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_broker_imports_a_workshop_file_with_errors_and_downloads_an_export(new_context, seed, steps, lang,
                                                                             width):
    mill = seed.organisation(name="Eksjö Såg AB", municipality="0686")
    seed.organisation(name="Tranås Gård AB", municipality="0687")
    broker = seed.user(None, role="broker", name="Britt Mäklare", language=lang)
    header = "organisation;typ;titel;beskrivning;mängd;enhet;frekvens" if lang == "sv" else \
        "organisation;kind;title;description;quantity;unit;frequency"
    content = "\r\n".join([
        header,
        "Eksjö Såg AB;erbjudande;Torrt sågspån i storsäck;Från hyvleriet;2;m³;varje vecka",
        "Tranås Gård AB;need;Halm till djuren;;40;ton;yearly",
        "Okänd Firma AB;kanske;Pallar;;många;;",
    ]).encode("utf-8-sig")

    page = new_context(viewport={"width": width, "height": 800}).new_page()
    log_in(page, broker, lang)
    page.goto("/broker/")
    main(page).get_by_role("link", name=t(lang, "Spreadsheets: export, and import listings")).click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text(t(lang, "Spreadsheets"))
    main(page).get_by_role("button", name=t(lang, "Import listings")).click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text(t(lang, "Import listings"))
    # Nothing chosen: the form says so.
    main(page).get_by_role("button", name=t(lang, "Upload and check")).click()
    expect(main(page).locator("#file-error")).to_have_text(t(lang, "Choose a file to upload."))
    main(page).get_by_label(t(lang, "Spreadsheet (.csv or .xlsx)")).set_input_files(
        files=[{"name": "workshop.csv", "mimeType": "text/csv", "buffer": content}])
    main(page).get_by_role("button", name=t(lang, "Upload and check")).click()

    expect(main(page).get_by_role("heading", level=1)).to_have_text(t(lang, "Check the import"))
    problems = main(page).locator("#import-problems tbody tr")
    expect(problems).to_have_count(3)  # row 4: organisation, kind and quantity (not a number)
    columns = [(r.get_attribute("data-row"), r.get_attribute("data-column")) for r in problems.all()]
    kind_column, quantity_column = ("typ", "mängd") if lang == "sv" else ("kind", "quantity")
    assert ("4", "organisation") in columns and ("4", kind_column) in columns
    assert ("4", quantity_column) in columns
    expect(main(page).locator("#import-problems")).to_contain_text(
        t(lang, "No organisation has this name or number. Give the exact name or the organisation number "
                "of a registered organisation."))
    expect(main(page).locator("#import-new tbody tr")).to_have_count(2)
    _shot(page, steps, f"import-preview-{lang}-{width}")
    assert axe_problems(page) == []
    # The page has no horizontal scroll on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    choice = main(page).locator("#confirm-valid-only")
    expect(choice).to_have_text("Importera bara de 2 giltiga raderna" if lang == "sv"
                                else "Import only the 2 valid rows")
    choice.click()
    expect(flash(page)).to_contain_text(
        t(lang, "Listings imported and matched: %(n)d. Rows not imported: %(skipped)d.", n=2, skipped=1))
    expect(main(page).locator("#import-done")).to_be_visible()
    _shot(page, steps, f"import-done-{lang}-{width}")

    page.goto("/broker/spreadsheets")
    _shot(page, steps, f"spreadsheets-{lang}-{width}")
    assert axe_problems(page) == []
    with page.expect_download() as download:
        main(page).locator("#export-listings-xlsx").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][:4] == [t(lang, "Listing id"), t(lang, "Kind"), t(lang, "Status"), t(lang, "Title")]
    titles = {r[3]: r[5] for r in rows[1:]}
    assert titles == {"Torrt sågspån i storsäck": mill.name, "Halm till djuren": "Tranås Gård AB"}
