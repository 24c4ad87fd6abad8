"""Spreadsheets in and out, in one place: CSV (UTF-8 with a BOM, so that Swedish Excel reads å, ä and ö)
and XLSX (openpyxl). Every cell written is neutralised: a text that begins with = + - @ (or a tab or a
carriage return) is prefixed with an apostrophe so that no spreadsheet program runs it as a formula.

Research exports, the brokers' exports and the listing import all read and write through here.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook

FORMATS = ("csv", "xlsx")
MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32_767  # Excel's limit of characters in a cell


class SpreadsheetError(ValueError):
    """A file that cannot be read as a spreadsheet: `code` for tests, `message` for the user."""

    MESSAGES = {
        "unsupported": _l("Use a .csv or an .xlsx file."),
        "empty": _l("The file is empty."),
        "not_utf8": _l("The file is not UTF-8 text. Save it as “CSV UTF-8” or as .xlsx."),
        "not_xlsx": _l("The file cannot be read as an Excel workbook (.xlsx)."),
        "not_csv": _l("The file cannot be read as CSV. Save it again as “CSV UTF-8” or as .xlsx."),
        "too_many_rows": _l("The file has too many rows."),
    }

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code])


def neutralise(value):
    """A cell value safe to open in a spreadsheet program: formula-like text gets a leading apostrophe.

    Numbers stay numbers (a negative number is not a formula); None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    text = str(value)[:MAX_CELL]
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def write(fmt: str, header: Sequence[str], rows: Iterable[Sequence], sheet: str = "data") -> bytes:
    """The rows as a file in `fmt` ("csv" or "xlsx"), header first, every cell neutralised."""
    if fmt == "csv":
        return write_csv(header, rows)
    if fmt == "xlsx":
        return write_xlsx(header, rows, sheet=sheet)
    raise ValueError(f"unknown format {fmt!r}")


def write_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence], sheet: str = "data") -> bytes:
    return write_xlsx_sheets([(sheet, header, rows)])


def write_xlsx_sheets(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """A workbook of several sheets, each (name, header, rows), every cell neutralised."""
    book = Workbook(write_only=True)
    for sheet, header, rows in sheets:
        ws = book.create_sheet(title=sheet[:31] or "data")
        ws.append([neutralise(h) for h in header])
        for row in rows:
            ws.append([neutralise(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_rows(raw: bytes, filename: str, max_rows: int = 10_000) -> list[dict[str, str]]:
    """A CSV (UTF-8, with or without BOM; comma or semicolon) or XLSX file as a list of {header: text}.

    Headers are stripped; empty rows are skipped; every value is a string ("" for an empty cell).
    Raises SpreadsheetError with a message for the user."""
    return [cells for _number, cells in read_table(raw, filename, max_rows=max_rows)[1]]


def read_table(raw: bytes, filename: str, max_rows: int = 10_000,
               max_columns: int = 200) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (its non-empty cells) and, as in `read_rows`, the rows, each with its number as a
    spreadsheet program shows it (the header is row 1), so that a message about a row points at the
    row the user sees. Columns past `max_columns` are ignored (a workbook may claim 16,384)."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        table = _xlsx_table(raw)
    elif name.endswith((".csv", ".txt")):
        table = _csv_table(raw)
    else:
        raise SpreadsheetError("unsupported")
    if not table:
        raise SpreadsheetError("empty")
    header = [_cell(h) for h in table[0][:max_columns]]
    out = []
    for number, values in enumerate(table[1:], start=2):
        cells = [_cell(v) for v in values[:max_columns]]
        if not any(cells):
            continue
        out.append((number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}))
        if len(out) > max_rows:
            raise SpreadsheetError("too_many_rows")
    return [h for h in header if h], out


def _cell(value) -> str:
    """A read cell as stripped text, without NUL characters (which no database text column takes) and
    no longer than a cell may be."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()  # a date cell of a workbook
    return str(value).replace("\x00", "")[:MAX_CELL].strip()


def _csv_table(raw: bytes) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError("not_utf8") from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text.replace("\x00", "")), delimiter=delimiter)]
    except csv.Error:  # a field larger than the csv module's limit, a stray quote at the end ...
        raise SpreadsheetError("not_csv") from None


def _xlsx_table(raw: bytes) -> list[list]:
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zipfile, KeyError, InvalidFileException)
        raise SpreadsheetError("not_xlsx") from None
    try:
        ws = book.worksheets[0]
        return [list(row) for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
