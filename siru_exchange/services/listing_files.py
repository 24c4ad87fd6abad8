"""Reading a workshop spreadsheet of listings (CSV or JSON) into the engine's plain data, all rows
validated before anything is used: a bad row is reported by number and field, and nothing else."""
from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

from flask_babel import gettext as _

from .. import matching
from ..matching.vocabulary import FREQUENCIES, UNITS
from ..validators import clean_text
from . import reference

FIELDS = ("id", "kind", "organisation", "title", "description", "class", "municipality", "lat", "lon",
          "quantity", "unit", "frequency")
REQUIRED = ("id", "kind", "organisation", "title")
MAX_ROWS = 200_000


class ListingFileError(Exception):
    """A file that cannot be used. `row` is 1-based (the header of a CSV is row 0); `field` may be None."""

    def __init__(self, message: str, row: int | None = None, field: str | None = None):
        self.row, self.field, self.message = row, field, message
        where = []
        if row is not None:
            where.append(_("row %(n)d", n=row))
        if field:
            where.append(_("field “%(f)s”", f=field))
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


def read_listing_file(path: str | Path) -> list[matching.Listing]:
    """Parse and validate a .csv (UTF-8, header row) or .json (a list of objects) file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ListingFileError(_("Cannot read the file: %(e)s", e=exc.strerror or str(exc))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ListingFileError(_("The file is not UTF-8 text. Save it as “CSV UTF-8”.")) from None
    if path.suffix.lower() == ".json":
        rows = _json_rows(text)
    elif path.suffix.lower() in (".csv", ".txt"):
        rows = _csv_rows(text)
    else:
        raise ListingFileError(_("Use a .csv or a .json file."))
    if not rows:
        raise ListingFileError(_("The file has no listings."))
    if len(rows) > MAX_ROWS:
        raise ListingFileError(_("The file has more than %(n)d rows.", n=MAX_ROWS))
    seen: set = set()
    listings = []
    for number, row in enumerate(rows, start=1):
        listing = _listing(row, number)
        if listing.id in seen:
            raise ListingFileError(_("The id “%(id)s” is used twice.", id=listing.id), number, "id")
        seen.add(listing.id)
        listings.append(listing)
    return listings


def _json_rows(text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ListingFileError(
            _("The JSON is not valid (line %(line)d): %(msg)s", line=exc.lineno, msg=exc.msg)
        ) from None
    if not isinstance(data, list):
        raise ListingFileError(_("The JSON must be a list of objects."))
    for number, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise ListingFileError(_("Each entry must be an object with named fields."), number)
    return data


def _csv_rows(text: str) -> list[dict]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [f for f in REQUIRED if f not in header]
    if missing:
        raise ListingFileError(_("The header row lacks the column(s): %(cols)s.", cols=", ".join(missing)), 0)
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:  # more cells than header columns
            raise ListingFileError(_("This row has more cells than the header."), len(rows) + 1)
        if not any((v or "").strip() for v in row.values()):
            continue  # blank line
        rows.append(row)
    return rows


def _text(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ListingFileError(_("Must be plain text."), None, key)
    return clean_text(value, multiline=key == "description")


def _number(row: dict, key: str, number: int) -> float | None:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ListingFileError(_("Must be a number."), number, key)
    try:
        result = float(value.replace(",", ".").replace(" ", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ListingFileError(_("Must be a number, not “%(v)s”.", v=value), number, key) from None
    if not math.isfinite(result):
        raise ListingFileError(_("Must be a finite number."), number, key)
    return result


def _listing(row: dict, number: int) -> matching.Listing:
    row = {str(k).strip().lower(): v for k, v in row.items()}
    try:
        keys = ("id", "kind", "organisation", "title", "description", "class", "municipality", "unit",
                "frequency")
        values = {key: _text(row, key) for key in keys}
    except ListingFileError as exc:
        raise ListingFileError(exc.message, number, exc.field) from None
    for key in REQUIRED:
        if not values[key]:
            raise ListingFileError(_("This field is required."), number, key)
    kind = values["kind"].lower()
    if kind not in ("offer", "need"):
        raise ListingFileError(_("Must be “offer” or “need”, not “%(v)s”.", v=values["kind"]), number, "kind")
    if len(values["title"]) > 200:
        raise ListingFileError(_("Keep it under %(n)d characters.", n=200), number, "title")
    if len(values["description"]) > 10_000:
        raise ListingFileError(_("Keep it under %(n)d characters.", n=10_000), number, "description")
    resource_class = values["class"] or None
    if resource_class and resource_class not in reference.taxonomy().classes:
        raise ListingFileError(_("Unknown resource class “%(v)s”.", v=resource_class), number, "class")
    municipality = _municipality(values["municipality"], number)
    lat, lon = _number(row, "lat", number), _number(row, "lon", number)
    if lat is not None and not -90 <= lat <= 90:
        raise ListingFileError(_("Latitude must be between -90 and 90."), number, "lat")
    if lon is not None and not -180 <= lon <= 180:
        raise ListingFileError(_("Longitude must be between -180 and 180."), number, "lon")
    if (lat is None) != (lon is None):
        raise ListingFileError(
            _("Give both lat and lon, or neither."), number, "lon" if lon is None else "lat"
        )
    quantity = _number(row, "quantity", number)
    if quantity is not None and quantity <= 0:
        raise ListingFileError(_("The quantity must be more than zero."), number, "quantity")
    unit = values["unit"] or None
    if unit and unit not in UNITS:
        raise ListingFileError(
            _("Unknown unit “%(v)s”; use one of %(units)s.", v=unit, units=", ".join(UNITS)), number, "unit"
        )
    frequency = values["frequency"].lower() or None
    if frequency and frequency not in FREQUENCIES:
        raise ListingFileError(_("Unknown frequency “%(v)s”; use one of %(f)s.", v=values["frequency"],
                                 f=", ".join(FREQUENCIES)), number, "frequency")
    raw_id = row.get("id")
    listing_id = raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else values["id"]
    return matching.Listing(
        id=listing_id, kind=kind, organisation=values["organisation"], title=values["title"],
        description=values["description"], resource_class=resource_class, municipality=municipality,
        lat=lat, lon=lon, quantity=quantity, unit=unit, frequency=frequency,
    )


def _municipality(value: str, number: int) -> str | None:
    """A municipality code ("0680") or name ("Jönköping"), returned as its code."""
    if not value:
        return None
    munis = reference.municipalities()
    if value in munis:
        return value
    for code, muni in munis.items():
        if muni.name.casefold() == value.casefold():
            return code
    raise ListingFileError(
        _("Unknown municipality “%(v)s”; use a code like 0680 or a name of Jönköping county.", v=value),
        number,
        "municipality",
    )


def match_report(listings: list[matching.Listing], top: int = 5) -> dict:
    """The engine's answer for a file: each need's best offers and each offer's best needs (no duplicates),
    the best one-to-one assignment, and circular chains."""
    engine = matching.Engine(reference.taxonomy(), municipalities=reference.municipalities())
    engine.add_many(listings)
    lang = reference.current_language()
    # One search over both sides gives the suggestions and the pairs for the assignment and the
    # chains (it searched three times: once for the suggestions, once for each network view).
    scan = engine.scan(top=top)
    best: dict = {}
    for found in scan.suggestions.values():
        for s in found:
            best[(s.offer_id, s.need_id)] = s
    pairs = sorted(best.values(), key=lambda s: (-s.score, str(s.offer_id), str(s.need_id)))
    return {
        "pairs": [{"offer": s.offer_id, "need": s.need_id, "score": s.score,
                   "reasons": [r.text(lang, reference.taxonomy()) for r in s.reasons]} for s in pairs],
        "assignment": [{"offer": s.offer_id, "need": s.need_id} for s in engine.assignment(pairs=scan.pairs)],
        "cycles": [{"organisations": list(c.organisations), "listings": [list(pair) for pair in c.listings],
                    "score": c.score} for c in engine.cycles(max_length=4, pairs=scan.pairs)],
    }
