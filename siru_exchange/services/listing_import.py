"""Listings for organisations from a workshop spreadsheet, in two steps: upload and preview, then confirm.

1. `upload` reads the file (CSV or XLSX through `spreadsheets`), checks its size and its header row, and
   keeps its rows on the server under a random token (`ListingImport`); nothing else is written.
2. `preview` checks every row the way a listing is checked everywhere, by `listings.validate` (the
   form's and the API's rule), after reading the spreadsheet's words (Swedish or English headers and
   values) into the codes the rule expects; each problem is given by row number and column.
3. `confirm` writes the new valid rows in one transaction, or nothing: with problems left, only when the
   broker chose to import the valid rows alone. A row's `import_key` (its organisation, kind and
   normalised title and description) is unique among listings, so the same file imported twice, or
   two confirmations at once, create each listing once. Then each new listing is matched, as a saved one.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..extensions import db
from ..matching.vocabulary import FREQUENCIES, TERMS, UNITS, VISIBILITIES
from ..models import Listing, ListingImport, Organisation
from ..models.listing import KINDS, fold
from ..templating import FREQUENCY_LABELS, KIND_LABELS, TERMS_LABELS, UNIT_LABELS, VISIBILITY_LABELS
from ..validators import clean_text, normalise_org_number
from . import audit, matching, reference, spreadsheets
from .bulk import bulk
from .errors import NotAllowed, ServiceError, ValidationFailed
from .listings import ListingInput, after_change, validate

MAX_BYTES = 1024 * 1024   # a workshop's file is a few kilobytes; this keeps a stored preview small
MAX_ROWS = 1000
PREVIEW_HOURS = 24        # a preview older than this is uploaded again (its organisations may have changed)
LANGUAGES = ("sv", "en")

# The columns, by the field of ListingInput they fill: the Swedish and English names shown on the page
# and in the templates, then other spellings a workshop's sheet may use. Headers are compared
# case-folded, with spaces collapsed and a trailing "*" or ":" dropped.
COLUMNS: dict[str, dict] = {
    "organisation": {"sv": "organisation", "en": "organisation",
                     "aliases": ("organization", "företag", "organisationsnummer", "org.nr", "orgnr",
                                 "org nr", "organisation number", "organization number", "org number")},
    "kind": {"sv": "typ", "en": "kind",
             "aliases": ("type", "erbjudande/behov", "offer/need", "erbjudande eller behov",
                         "offer or need")},
    "title": {"sv": "titel", "en": "title", "aliases": ("rubrik", "namn", "name")},
    "description": {"sv": "beskrivning", "en": "description", "aliases": ()},
    "resource_class": {"sv": "klass", "en": "class",
                       "aliases": ("resursslag", "resource class", "resource_class")},
    "quantity": {"sv": "mängd", "en": "quantity", "aliases": ("antal", "kvantitet", "amount")},
    "unit": {"sv": "enhet", "en": "unit", "aliases": ()},
    "frequency": {"sv": "frekvens", "en": "frequency", "aliases": ("hur ofta", "how often")},
    "terms": {"sv": "villkor", "en": "terms", "aliases": ()},
    "price": {"sv": "pris", "en": "price", "aliases": ("pris (kr)", "pris (sek)", "price (sek)")},
    "visibility": {"sv": "synlighet", "en": "visibility",
                   "aliases": ("vem får se den", "who may see it")},
    "available_from": {"sv": "tillgänglig från", "en": "available from",
                       "aliases": ("från", "from", "available_from")},
    "available_to": {"sv": "tillgänglig till", "en": "available until",
                     "aliases": ("till", "until", "available to", "available_to")},
}
REQUIRED = ("organisation", "kind", "title")

# Words of the vocabularies besides their codes and their labels in both languages.
_EXTRA_WORDS = {
    "kind": {"erbjuds": "offer", "erbjudanden": "offer", "offers": "offer", "söks": "need",
             "behöver": "need", "needs": "need"},
    "unit": {"ton": "tonne", "t": "tonne", "tonnes": "tonne", "tons": "tonne", "kubikmeter": "m3",
             "m³": "m3", "liter": "litre", "l": "litre", "st": "piece", "styck": "piece", "pcs": "piece",
             "pall": "pallet", "pallar": "pallet", "kvm": "m2", "m²": "m2", "timmar": "hour", "tim": "hour",
             "h": "hour", "dagar": "day", "personer": "person", "resor": "trip"},
    "frequency": {"engång": "once", "en gång": "once", "varje vecka": "weekly", "veckovis": "weekly",
                  "varje månad": "monthly", "månadsvis": "monthly", "varje år": "yearly",
                  "årligen": "yearly", "löpande": "continuous", "kontinuerligt": "continuous"},
    "terms": {"gratis": "free", "förhandlingsbart": "negotiable", "pris": "price", "fast pris": "price"},
    "visibility": {"offentlig": "public", "alla": "public", "medlemmar": "members",
                   "anonym": "anonymous", "anonymous": "anonymous"},
}
_VOCABULARIES = {
    "kind": (KINDS, KIND_LABELS), "unit": (UNITS, UNIT_LABELS), "frequency": (FREQUENCIES, FREQUENCY_LABELS),
    "terms": (TERMS, TERMS_LABELS), "visibility": (VISIBILITIES, VISIBILITY_LABELS),
}


class ImportRefused(ServiceError):
    """The import cannot go on; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RowProblem:
    column: str      # the column's header as the file has it (or its name, when the file lacks it)
    value: str       # what the cell holds
    message: str


@dataclass
class RowResult:
    number: int                          # the row as a spreadsheet program shows it (the header is 1)
    organisation: Organisation | None = None
    values: dict = field(default_factory=dict)   # the listing as it will be created (validate's output)
    problems: list[RowProblem] = field(default_factory=list)
    key: str | None = None
    same_as: int | None = None           # the earlier row of the file with the same listing
    existing: bool = False               # imported before (by this file or another)

    @property
    def status(self) -> str:
        if self.problems:
            return "invalid"
        if self.same_as is not None:
            return "repeated"
        return "existing" if self.existing else "new"


@dataclass
class Preview:
    upload: ListingImport
    rows: list[RowResult]
    ignored_columns: list[str]
    created: list[Listing] = field(default_factory=list)   # after `confirm`

    def of(self, status: str) -> list[RowResult]:
        return [r for r in self.rows if r.status == status]

    @property
    def new(self) -> list[RowResult]:
        return self.of("new")

    @property
    def invalid(self) -> list[RowResult]:
        return self.of("invalid")

    @property
    def problems(self) -> list[tuple[int, RowProblem]]:
        return [(r.number, p) for r in self.rows for p in r.problems]


# -- reading the sheet ---------------------------------------------------------------------------------

def _header_key(text: str) -> str:
    return " ".join(str(text).casefold().split()).rstrip("*:").strip()


def _column_names() -> dict[str, str]:
    """Every accepted header (case-folded) -> the field it fills."""
    names = {}
    for name, spec in COLUMNS.items():
        for header in (spec["sv"], spec["en"], *spec["aliases"]):
            names[_header_key(header)] = name
    return names


def column_name(name: str, lang: str | None = None) -> str:
    """A column's name in the reader's language (the page's help and messages about a missing column)."""
    spec = COLUMNS[name]
    return spec["sv"] if (lang or reference.current_language()) == "sv" else spec["en"]


def _columns(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """{field: the file's header for it} and the headers that are ignored. Raises ImportRefused when a
    required column is missing or two columns fill one field."""
    names = _column_names()
    found: dict[str, str] = {}
    ignored = []
    for text in header:
        name = names.get(_header_key(text))
        if name is None:
            ignored.append(text)
        elif name in found:
            raise ImportRefused(_("The columns “%(a)s” and “%(b)s” say the same thing; keep one of them.",
                                  a=found[name], b=text))
        else:
            found[name] = text
    missing = [column_name(n) for n in REQUIRED if n not in found]
    if missing:
        raise ImportRefused(_("The header row lacks the column(s): %(cols)s.", cols=", ".join(missing)))
    return found, ignored


def _words() -> dict[str, dict[str, str]]:
    """For each vocabulary, every word the sheet may use (code, label in Swedish and in English, and a
    few more spellings), case-folded -> its code."""
    words: dict[str, dict[str, str]] = {}
    for name, (codes, labels) in _VOCABULARIES.items():
        table = {code.casefold(): code for code in codes}
        for lang in LANGUAGES:
            with force_locale(lang):
                table.update({str(labels[code]).casefold(): code for code in codes})
        table.update(_EXTRA_WORDS.get(name, {}))
        words[name] = table
    return words


def _classes() -> dict[str, str]:
    """A resource class by its id or its label in either language, case-folded."""
    tax = reference.taxonomy()
    table = {}
    for cls in tax.classes.values():
        table[cls.id.casefold()] = cls.id
        for lang in LANGUAGES:
            table[cls.labels[lang].casefold()] = cls.id
    return table


class _Organisations:
    """The organisations a row may name, by organisation number or by exact name, loaded once."""

    def __init__(self):
        orgs = list(db.session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))))
        self.by_number = {o.org_number: o for o in orgs}
        self.by_name: dict[str, list[Organisation]] = {}
        for org in orgs:
            self.by_name.setdefault(" ".join(org.name.casefold().split()), []).append(org)

    def find(self, value: str) -> tuple[Organisation | None, str | None]:
        number = normalise_org_number(value)
        if number is not None:
            org = self.by_number.get(number)
            return (org, None) if org else (None, _("No organisation has this organisation number."))
        named = self.by_name.get(" ".join(value.casefold().split()), [])
        if len(named) == 1:
            return named[0], None
        if named:
            return None, _("Several organisations have this name; give the organisation number.")
        return None, _("No organisation has this name or number. Give the exact name or the "
                       "organisation number of a registered organisation.")


def import_key(organisation_id: int, kind: str, title: str, description: str) -> str:
    """The listing's identity across imports: its organisation, kind and case-folded title and
    description (so a re-saved file with other capitals or spaces is still the same listing)."""
    text = "\x1f".join((str(organisation_id), kind, fold(title), fold(description)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _day(text: str) -> date | None:
    return date.fromisoformat(text[:10]) if len(text) in (10, 19) else date.fromisoformat(text)


def _check_row(number: int, cells: dict, columns: dict[str, str], context: dict) -> RowResult:
    result = RowResult(number=number)
    raw = {name: cells.get(header, "") for name, header in columns.items()}

    def problem(name: str, message: str) -> None:
        result.problems.append(RowProblem(columns.get(name, column_name(name)), raw.get(name, ""), message))

    parsed: dict = {}
    if raw.get("organisation"):
        result.organisation, message = context["organisations"].find(raw["organisation"])
        if message:
            problem("organisation", message)
    else:
        problem("organisation", _("Give the organisation's name or organisation number."))
    for name, table in context["words"].items():
        word = raw.get(name, "")
        if word:
            code = table.get(" ".join(word.casefold().split()))
            if code is None:
                problem(name, _("“%(v)s” is not one of: %(words)s.", v=word,
                                words=", ".join(_choices(name))))
            parsed[name] = code
    if raw.get("resource_class"):
        parsed["resource_class"] = context["classes"].get(raw["resource_class"].casefold(),
                                                          raw["resource_class"])
    for name in ("available_from", "available_to"):
        if raw.get(name):
            try:
                parsed[name] = _day(raw[name])
            except ValueError:
                problem(name, _("Write the date as YYYY-MM-DD, like 2027-03-31."))
    terms = parsed.get("terms") or ("price" if raw.get("price") and not raw.get("terms") else "negotiable")
    data = ListingInput(
        kind=parsed.get("kind") or "", title=raw.get("title", ""), description=raw.get("description", ""),
        resource_class=parsed.get("resource_class"), quantity=raw.get("quantity") or None,
        unit=parsed.get("unit"), frequency=parsed.get("frequency") or "once",
        available_from=parsed.get("available_from"), available_to=parsed.get("available_to"),
        terms=terms, price=raw.get("price") or None, visibility=parsed.get("visibility") or "public",
    )
    try:
        result.values = validate(data)
    except ValidationFailed as exc:
        named = {p.column for p in result.problems}
        for name, message in exc.errors.items():
            if columns.get(name, column_name(name)) not in named:  # a word already refused says more
                problem(name, message)
    if not result.problems and result.organisation is not None:
        v = result.values
        result.key = import_key(result.organisation.id, v["kind"], v["title"], v["description"])
    return result


def _choices(name: str) -> list[str]:
    codes, labels = _VOCABULARIES[name]
    return [str(labels[c]) for c in codes]


def _check(upload: ListingImport) -> Preview:
    header = upload.rows["header"]
    columns, ignored = _columns(header)
    context = {"organisations": _Organisations(), "words": _words(), "classes": _classes()}
    rows = [_check_row(number, dict(zip(header, cells, strict=False)), columns, context)
            for number, cells in upload.rows["cells"]]
    keys = [r.key for r in rows if r.key]
    existing = set(db.session.scalars(select(Listing.import_key).where(Listing.import_key.in_(keys)))) \
        if keys else set()
    first: dict[str, int] = {}
    for row in rows:
        if row.key is None:
            continue
        if row.key in first:
            row.same_as = first[row.key]
        else:
            first[row.key] = row.number
            row.existing = row.key in existing
    return Preview(upload=upload, rows=rows, ignored_columns=ignored)


# -- the steps -------------------------------------------------------------------------------------

def upload(user, raw: bytes, filename: str) -> ListingImport:
    """Read and keep an uploaded file; its rows are checked by `preview`. Raises NotAllowed, or
    ImportRefused with a message for a file that cannot be used (type, size, header, nothing in it)."""
    if not policy.can(user, "import_listings"):
        raise NotAllowed()
    filename = clean_text(filename or "")[:200]
    if not filename.lower().endswith((".csv", ".xlsx")):
        raise ImportRefused(_("Use a .csv or an .xlsx file."))
    if len(raw) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than %(n)d kB. Split it into smaller files.",
                              n=MAX_BYTES // 1024))
    try:
        header, numbered = spreadsheets.read_table(raw, filename, max_rows=MAX_ROWS)
    except spreadsheets.SpreadsheetError as exc:
        if exc.code == "too_many_rows":
            raise ImportRefused(_("The file has more than %(n)d listings. Split it into smaller files.",
                                  n=MAX_ROWS)) from None
        raise ImportRefused(exc.message) from None
    _columns(header)  # a missing column is told now, before a preview is kept
    if not numbered:
        raise ImportRefused(_("The file has a header row but no listings."))
    # Previews nobody confirmed in time go (their cells may name people); confirmed ones keep no cells.
    cutoff = datetime.now(UTC) - timedelta(hours=PREVIEW_HOURS)
    bulk(delete(ListingImport).where(ListingImport.confirmed_at.is_(None), ListingImport.created_at < cutoff))
    kept = ListingImport(broker_id=user.id, filename=filename, sha256=hashlib.sha256(raw).hexdigest(),
                         rows={"header": header, "cells": [[n, [cells.get(h, "") for h in header]]
                                                           for n, cells in numbered]})
    db.session.add(kept)
    db.session.commit()
    return kept


def _kept(user, token: str) -> ListingImport | None:
    """This broker's own upload under `token`, or None (another broker's answers as an unknown one)."""
    if not policy.can(user, "import_listings") or not isinstance(token, str) or len(token) > 40:
        return None
    return db.session.scalar(select(ListingImport).where(ListingImport.token == token,
                                                         ListingImport.broker_id == user.id))


def _fresh(upload: ListingImport) -> bool:
    created = upload.created_at if upload.created_at.tzinfo else upload.created_at.replace(tzinfo=UTC)
    return datetime.now(UTC) - created < timedelta(hours=PREVIEW_HOURS)


def preview(user, token: str) -> Preview | None:
    """The upload's rows checked now, or None when there is no such upload of this user (404).
    Raises ImportRefused for an expired preview."""
    kept = _kept(user, token)
    if kept is None:
        return None
    if kept.confirmed_at is None and not _fresh(kept):
        raise ImportRefused(_("This preview is older than %(n)d hours. Upload the file again.",
                              n=PREVIEW_HOURS))
    if kept.confirmed_at is not None:
        return Preview(upload=kept, rows=[], ignored_columns=[])
    return _check(kept)


def confirm(user, token: str, only_valid: bool) -> Preview | None:
    """Write the upload's new valid rows, all in one transaction, and match them; None when there is no
    such upload of this user. Raises ImportRefused when rows have problems and the broker did not
    choose to import only the valid ones, when it was imported already, or when nothing is new."""
    result = preview(user, token)
    if result is None:
        return None
    kept = result.upload
    if kept.confirmed_at is not None:
        raise ImportRefused(_("This file is imported already."))
    if result.invalid and not only_valid:
        raise ImportRefused(_("Some rows have problems. Fix the file and upload it again, or choose to "
                              "import only the valid rows."))
    new = result.new
    if not new:
        raise ImportRefused(_("There is nothing to import from this file."))
    # Claimed once: a second confirmation (a double click, a parallel request) finds it taken.
    claimed = db.session.execute(
        update(ListingImport).where(ListingImport.id == kept.id, ListingImport.confirmed_at.is_(None))
        # The cells are not kept once imported: the listings hold what was needed.
        .values(confirmed_at=datetime.now(UTC), created_count=len(new),
                rows={"header": kept.rows["header"], "cells": []}),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        raise ImportRefused(_("This file is imported already."))
    created = []
    for row in new:
        listing = Listing(organisation_id=row.organisation.id, created_by_id=user.id, status="active",
                          import_key=row.key, **row.values)
        listing.refresh_search_text()
        matching.refresh_inferred_class(listing, row.organisation)
        db.session.add(listing)
        created.append(listing)
    audit.record(user, "listings.imported", ("listing_imports", kept.id), {
        "rows": len(created), "skipped": len(result.rows) - len(created) - len(result.invalid),
        "invalid": len(result.invalid), "file": kept.sha256[:16],
    })
    try:
        db.session.flush()
        db.session.commit()
    except IntegrityError:  # the same listings written at this moment by another upload of the file
        db.session.rollback()
        raise ImportRefused(_("Some of these listings were imported by someone else a moment ago. "
                              "Look at the preview again.")) from None
    after_change(*created)
    result.created = created
    return result
