"""The researcher's workspace and the anonymised exports.

Everything a researcher sees or downloads is computed from one `Release` of the pure anonymiser
(`siru_exchange.research`): the submitted survey answers, each joined with its organisation's
municipality, sector and size class and its activity on the platform (listings, introductions and
exchanges, as bands), k-anonymised over municipality x sector x size x year, free text scrubbed of every
name in the database and of places, email addresses, phone and organisation numbers. No name, number,
contact detail or organisation id leaves this module; each export has its own random respondent codes.
"""
from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union_all

from ..extensions import db
from ..models import Exchange, IntroductionParty, Listing, Organisation, SurveyResponse, User
from ..research import QUASI_IDENTIFIERS, K, Release, Scrubber, anonymise, band, breakdown
from ..research.anonymise import ALL, COUNTY, OTHER, UNKNOWN, nace_section
from ..templating import SIZE_LABELS
from . import audit, reference, spreadsheets, survey

DATA = Path(__file__).resolve().parent.parent / "data"
ACTIVE_STAGES = ("started", "established")
TEXT_FIELDS = survey.TEXT_FIELDS
DIMENSIONS = QUASI_IDENTIFIERS
DIMENSION_LABELS = {"municipality": _l("Municipality"), "sector": _l("Sector"), "size": _l("Size"),
                    "year": _l("Year")}
MERGED_LABELS = {COUNTY: _l("Jönköping county (merged)"), OTHER: _l("Outside Jönköping county"),
                 ALL: _l("All (merged)"), UNKNOWN: _l("Unknown"),
                 "micro-small": _l("Micro or small (merged)"), "medium-large": _l("Medium or large (merged)")}
STEP_LABELS = {
    "exact": _l("As given"), "sector_section": _l("Sector generalised to its NACE section"),
    "size_merged": _l("Size classes merged"),
    "municipality_county": _l("Municipality generalised to the county"),
    "sector_all": _l("Every sector together"), "size_all": _l("Every size together"),
    "municipality_all": _l("Every municipality together"),
}


class ResearchError(ValueError):
    """A bad export request (an unknown format): `field` and `message` for the form or the CLI."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


# -- the plain rows ----------------------------------------------------------------------------------

def _counts(column, *, where=None) -> dict[int, int]:
    query = select(column, func.count()).group_by(column)
    if where is not None:
        query = query.where(where)
    return dict(db.session.execute(query).all())


def _platform_counts() -> dict[str, dict[int, int]]:
    """Per organisation: its listings, the introductions it is a party to, its confirmed exchanges."""
    sides = union_all(
        select(Exchange.supplier_id.label("org")).where(Exchange.status == "confirmed"),
        select(Exchange.receiver_id.label("org")).where(Exchange.status == "confirmed"),
    ).subquery()
    return {
        "listings": _counts(Listing.organisation_id),
        "introductions": _counts(IntroductionParty.organisation_id),
        "exchanges": _counts(sides.c.org),
    }


def scrubber() -> Scrubber:
    """The scrubber for one export: every organisation's name, every account's and contact person's
    name; the localities of the county except the municipalities' own names (allowed context)."""
    names = [n for (n,) in db.session.execute(select(Organisation.name))]
    names += [n for (n,) in db.session.execute(select(Organisation.contact_name))]
    names += [n for (n,) in db.session.execute(select(User.name))]
    municipality_names = [m.name for m in reference.municipalities().values()]
    return Scrubber(names=names, places=_localities(), keep=municipality_names)


@cache
def _localities() -> tuple[str, ...]:
    with open(DATA / "places.json", encoding="utf-8") as fh:
        places = json.load(fh)["places"]
    return tuple(p for names in places.values() for p in names)


def plain_rows(scrub: Scrubber | None = None) -> list[dict]:
    """One plain dict per submitted survey answer of an organisation that still exists: the
    anonymiser's input (the organisation id as "entity", which the anonymiser never releases)."""
    scrub = scrub or scrubber()
    counts = _platform_counts()
    query = (select(SurveyResponse, Organisation)
             .join(Organisation, Organisation.id == SurveyResponse.organisation_id)
             .where(SurveyResponse.submitted_at.is_not(None), Organisation.deleted_at.is_(None))
             .order_by(SurveyResponse.id))
    rows = []
    for response, org in db.session.execute(query).all():
        answers = response.answers or {}
        rows.append({
            "entity": org.id,
            "municipality": org.municipality or OTHER,
            "sector": org.sector or "",
            "size": org.size or "",
            "year": response.year,
            "version": response.questionnaire_version,
            "activities": dict(answers.get("activities") or {}),
            "support": list(answers.get("support") or []),
            "obstacles": list(answers.get("obstacles") or []),
            **{name: scrub.scrub(answers.get(name) or "") for name in TEXT_FIELDS},
            **{kind: band(counts[kind].get(org.id, 0)) for kind in counts},
        })
    return rows


def release(k: int = K) -> Release:
    """The one anonymised release every page and export of the research side is computed from."""
    return anonymise(plain_rows(), k=k)


# -- labels ------------------------------------------------------------------------------------------

@cache
def _sections() -> dict:
    with open(DATA / "nace_sections.json", encoding="utf-8") as fh:
        return json.load(fh)["sections"]


def value_label(dimension: str, value) -> str:
    """A released value of a quasi-identifier in the reader's language, saying where it was merged."""
    if value in MERGED_LABELS:
        return str(MERGED_LABELS[value])
    if dimension == "municipality":
        return reference.municipality_name(value)
    if dimension == "size":
        return str(SIZE_LABELS.get(value, value))
    if dimension == "sector":
        lang = reference.current_language()
        if len(str(value)) == 1 and value in _sections():
            return f"{value} {_sections()[value][lang]}"
        section = nace_section(str(value))
        name = _sections().get(section, {}).get(lang, "")
        return f"{value} ({section} {name})" if name else str(value)
    return str(value)


def _questionnaires(rows) -> list:
    """The questionnaire versions the rows were answered in, newest first (the current one if none)."""
    versions = {r["version"] for r in rows}
    found = [q for q in reversed(survey.versions()) if q.version in versions]
    return found or [survey.questionnaire()]


def _items(questionnaires, kind: str) -> list[tuple[str, str]]:
    """(id, label) of every activity/support/obstacle in these versions, newest version's order first."""
    lang = reference.current_language()
    seen: dict[str, str] = {}
    for q in questionnaires:
        for item in q.data[kind]:
            seen.setdefault(item["id"], item["label"].get(lang) or item["label"]["sv"])
    return list(seen.items())


# -- the workspace -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What the researcher chose: a year (for the breakdowns by place, sector and size), released
    values of the quasi-identifiers ("" for all), and the dimension to break down by."""

    year: int | None = None
    municipality: str = ""
    sector: str = ""
    size: str = ""
    by: str = "municipality"


def parse_filters(args) -> Filters:
    """The workspace's query string, read leniently: an unknown value is ignored (all), never an error."""
    by = args.get("by", "municipality")
    try:
        year = int(args.get("year", ""))
    except ValueError:
        year = None
    return Filters(year=year, municipality=args.get("municipality", "")[:16],
                   sector=args.get("sector", "")[:8], size=args.get("size", "")[:16],
                   by=by if by in DIMENSIONS else "municipality")


def _choices(rows, dimension) -> list[tuple[str, str]]:
    values = sorted({r[dimension] for r in rows}, key=str)
    return [(str(v), value_label(dimension, v)) for v in values]


def workspace(filters: Filters, rel: Release | None = None) -> dict:
    """The workspace's tables and charts for these filters, from one release. A breakdown by
    municipality, sector or size is of one year (so that a bucket counts each organisation once); the
    breakdown by year is of every year."""
    rel = rel or release()
    rows = rel.rows
    years = sorted({r["year"] for r in rows}, reverse=True)
    year = filters.year if filters.year in years else (years[0] if years else None)
    chosen = [r for r in rows if all(not getattr(filters, d) or str(r[d]) == getattr(filters, d)
                                     for d in ("municipality", "sector", "size"))]
    if filters.by != "year":
        chosen = [r for r in chosen if r["year"] == year]
    qs = _questionnaires(rows)
    activities = _items(qs, "activities")
    support = _items(qs, "support")
    activity_table = breakdown(chosen, filters.by, [a for a, _ in activities],
                               lambda row, item: row["activities"].get(item) in ACTIVE_STAGES, k=rel.k)
    support_table = breakdown(chosen, filters.by, [s for s, _ in support],
                              lambda row, item: item in row["support"], k=rel.k)
    for table in (activity_table, support_table):
        for bucket in table:
            bucket["label"] = value_label(filters.by, bucket["value"])
    shown = sum(b["answers"] for b in activity_table)
    return {
        "filters": filters, "year": year, "years": years, "k": rel.k, "summary": rel.summary(),
        "steps": {name: (STEP_LABELS[name], n) for name, n in rel.released_at.items()},
        "answers": shown, "activities": activities, "support": support,
        "activity_table": activity_table, "support_table": support_table,
        "answers_chart": [{"label": b["label"], "value": b["answers"]} for b in activity_table],
        "activity_chart": _chart(activity_table, activities),
        "support_chart": _chart(support_table, support),
        "choices": {d: _choices(rows, d) for d in ("municipality", "sector", "size")},
        "dimension_label": str(DIMENSION_LABELS[filters.by]),
    }


def _chart(table: list[dict], items) -> list[dict]:
    """Totals over the buckets of a table, per item, for a bar chart. An item with a hidden cell (1 or 2)
    in any bucket is left out, since its total less the cells shown would tell the hidden one; so is an
    item whose total is below k: no bar describes fewer than k organisations."""
    out = []
    for item, label in items:
        cells = [b["cells"][item] for b in table]
        if any(c is None for c in cells):
            continue
        total = sum(cells)
        if total >= K:
            out.append({"label": label, "value": total})
    return sorted(out, key=lambda r: -r["value"])


# -- exports -----------------------------------------------------------------------------------------

def export_header(rel: Release) -> tuple[list[str], list, list, list]:
    qs = _questionnaires(rel.rows)
    activities = [a for a, _ in _items(qs, "activities")]
    support = [s for s, _ in _items(qs, "support")]
    obstacles = [o for o, _ in _items(qs, "obstacles")]
    header = (["respondent", "year", "questionnaire_version", "municipality", "sector", "size", "generalised",
               "listings", "introductions", "exchanges"]
              + [f"activity:{a}" for a in activities] + [f"support:{s}" for s in support]
              + [f"obstacle:{o}" for o in obstacles] + list(TEXT_FIELDS))
    return header, activities, support, obstacles


def export_rows(rel: Release) -> tuple[list[str], list[list]]:
    """The release as a table: one row per answer, a random respondent code of this export only, in an
    order that says nothing about the organisations (shuffled within each group)."""
    header, activities, support, obstacles = export_header(rel)
    rows = list(rel.rows)
    random.SystemRandom().shuffle(rows)
    rows.sort(key=lambda r: (r["year"], str(r["municipality"]), str(r["sector"]), str(r["size"])))
    codes: set[str] = set()
    out = []
    for row in rows:
        code = "R-" + secrets.token_hex(4)
        while code in codes:
            code = "R-" + secrets.token_hex(4)
        codes.add(code)
        out.append([code, row["year"], row["version"], _municipality_cell(row["municipality"]),
                    row["sector"], row["size"], row["step"], row["listings"], row["introductions"],
                    row["exchanges"]]
                   + [row["activities"].get(a, "") for a in activities]
                   + [1 if s in row["support"] else 0 for s in support]
                   + [1 if o in row["obstacles"] else 0 for o in obstacles]
                   + [row[name] for name in TEXT_FIELDS])
    return header, out


def _municipality_cell(value: str) -> str:
    """A municipality in an export: its name, or the merged value as it is ("county", "other", "*")."""
    return value if value in MERGED_LABELS else reference.municipality_name(value)


def about_rows(rel: Release) -> list[list]:
    """What an export says about itself: k, the quasi-identifiers, what was merged and suppressed."""
    rows = [["k", rel.k], ["quasi_identifiers", " x ".join(QUASI_IDENTIFIERS)],
            ["rows", len(rel.rows)], ["suppressed", rel.suppressed], ["generalised", rel.generalised]]
    rows += [[f"released_at:{name}", n] for name, n in rel.released_at.items()]
    rows += [["municipality", "name | county = merged to Jönköping county | other = outside it "
                              "| * = all"],
             ["sector", "NACE division (2 digits) | section letter = merged | * = all"],
             ["size", "micro | small | medium | large | micro-small, medium-large = merged | * = all"],
             ["listings/introductions/exchanges", "bands: 0, 1-2, 3-5, 6+"],
             ["free text", "names, places smaller than a municipality, emails, links, phone and other "
                           "numbers replaced by [name], [place], [email], [link], [number]"]]
    return rows


def export(fmt: str, actor=None) -> tuple[bytes, str, dict]:
    """An anonymised export as (file bytes, file name, summary), logged in the audit log and committed.
    Raises ResearchError on an unknown format."""
    if fmt not in spreadsheets.FORMATS:
        raise ResearchError("format", str(_l("Choose CSV or XLSX.")))
    rel = release()
    header, rows = export_rows(rel)
    if fmt == "xlsx":
        data = spreadsheets.write_xlsx_sheets([("answers", header, rows),
                                               ("about", ["key", "value"], about_rows(rel))])
    else:
        data = spreadsheets.write("csv", header, rows)
    summary = rel.summary()
    audit.record(actor, "research.exported", None,
                 {"format": fmt, "rows": len(rows), "what": "survey_answers", "suppressed": rel.suppressed})
    db.session.commit()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return data, f"siru-survey-anonymised-{stamp}.{fmt}", summary
