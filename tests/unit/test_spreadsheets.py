"""Spreadsheets in and out: Swedish Excel reads the CSV (BOM), no cell runs as a formula, both formats
read back what was written."""
import pytest

from siru_exchange.services import spreadsheets


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+46 36 10 00", "-1+2", "@SUM(A1)", "\tx",
                                  "\rx"])
def test_formula_like_text_is_neutralised(text):
    assert spreadsheets.neutralise(text) == "'" + text


def test_numbers_and_plain_text_are_kept():
    assert spreadsheets.neutralise(-3) == -3
    assert spreadsheets.neutralise(2.5) == 2.5
    assert spreadsheets.neutralise("Sågspån från Gnosjö") == "Sågspån från Gnosjö"
    assert spreadsheets.neutralise(None) == ""


def test_csv_has_a_bom_and_reads_back():
    raw = spreadsheets.write_csv(["namn", "mängd"], [["Åsa's såg", 3], ["=cmd|' /C calc'!A0", None]])
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = spreadsheets.read_rows(raw, "export.csv")
    assert rows == [{"namn": "Åsa's såg", "mängd": "3"}, {"namn": "'=cmd|' /C calc'!A0", "mängd": ""}]


def test_xlsx_reads_back_and_keeps_numbers():
    raw = spreadsheets.write_xlsx(["a", "b"], [["@x", 1.5], ["ö", -2]])
    assert raw[:2] == b"PK"
    assert spreadsheets.read_rows(raw, "export.xlsx") == [{"a": "'@x", "b": "1.5"}, {"a": "ö", "b": "-2"}]


def test_semicolon_csv_from_swedish_excel():
    raw = "titel;kvantitet\r\nSpån;12\r\n;\r\n".encode("utf-8-sig")
    assert spreadsheets.read_rows(raw, "lista.CSV") == [{"titel": "Spån", "kvantitet": "12"}]


@pytest.mark.parametrize("raw,name,code", [
    (b"x", "file.pdf", "unsupported"), (b"", "empty.csv", "empty"), (b"\xff\xfe\x00", "bad.csv", "not_utf8"),
    (b"not a zip", "bad.xlsx", "not_xlsx"),
])
def test_unreadable_files_say_why(raw, name, code):
    with pytest.raises(spreadsheets.SpreadsheetError) as err:
        spreadsheets.read_rows(raw, name)
    assert err.value.code == code
