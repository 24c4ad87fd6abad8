"""The regional dashboard's figures: listings, suggestions and introductions counted in SQL, and the
impact of exchanges from `services.impact`. Aggregates only: nothing here returns an organisation's
name, so the public page cannot show one (the broker view adds names in `broker_rows`).

Listings and introductions of a year are the ones created in it (months in UTC); suggestions are the
ones the engine proposes now. Anonymous listings are counted like any other and never named.
"""
from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import extract, false, func, or_, select

from ..extensions import db
from ..models import Introduction, IntroductionParty, Listing, Organisation, Suggestion
from ..models.introduction import STATUSES as INTRODUCTION_STATUSES
from . import cache, paging, reference
from . import impact as impact_service
from .impact_text import MODE_WORDS

UNCLASSED = ""


def today() -> date:
    return datetime.now(UTC).date()


def current_year() -> int:
    return today().year


def first_year() -> int:
    """The year of the first listing (or this year), for the year choices."""
    first = db.session.scalar(select(func.min(Listing.created_at)))
    return first.year if first is not None else current_year()


def year_choices() -> list[int]:
    return list(range(current_year(), first_year() - 1, -1))


def _in_year(column, year: int | None):
    return [] if year is None else [extract("year", column) == year]


def _counted(name: str, year: int | None, stmt) -> list[list]:
    """The rows of an aggregate over every listing or suggestion, kept for CACHE_SECONDS
    (services/cache.py; in Redis when it is set): at 100,000 listings each takes 50-100 ms and the
    dashboard runs six of them. Plain values only (labels are put on after), so any language reads
    the same rows."""
    return cache.cached(f"dashboard:{name}:{year}",
                        lambda: [[int(v) if isinstance(v, Decimal) else v for v in row]
                                 for row in db.session.execute(stmt).all()])


def listing_counts(year: int | None = None) -> dict:
    """Listings created in the year (every status): offers, needs, of which anonymous; and active now."""
    rows = _counted("listings", year, select(Listing.kind, Listing.visibility, Listing.status,
                                             func.count(Listing.id))
                    .where(*_in_year(Listing.created_at, year))
                    .group_by(Listing.kind, Listing.visibility, Listing.status))
    out = {"total": 0, "offers": 0, "needs": 0, "anonymous": 0, "active": 0}
    for kind, visibility, status, n in rows:
        out["total"] += n
        out["offers" if kind == "offer" else "needs"] += n
        out["anonymous"] += n if visibility == "anonymous" else 0
        out["active"] += n if status == "active" else 0
    return out


def suggestion_count() -> int:
    """Offer-need pairs the engine proposes now."""
    current = select(func.count(Suggestion.id)).where(Suggestion.current.is_(True))
    [[n]] = _counted("suggestions", None, current)
    return n or 0


def introductions_by_status(year: int | None = None) -> list[dict]:
    """Introductions made in the year, by their status now, in the pipeline's order."""
    counted = dict(_counted("introductions", year, select(Introduction.status, func.count(Introduction.id))
                            .where(*_in_year(Introduction.created_at, year)).group_by(Introduction.status)))
    return [{"key": status, "count": counted.get(status, 0)} for status in INTRODUCTION_STATUSES]


def listings_by_municipality(year: int | None = None) -> list[dict]:
    """Every municipality of the county (and "other" when it has listings), with its offers and
    needs; a listing is placed in its organisation's municipality. Anonymous listings are left out (they
    count in the totals only): a count by municipality would tell where their organisation is."""
    rows = _counted("municipalities", year,
                    select(Organisation.municipality, Listing.kind, func.count(Listing.id))
                    .select_from(Listing).join(Listing.organisation)
                    .where(*_in_year(Listing.created_at, year), Listing.visibility != "anonymous")
                    .group_by(Organisation.municipality, Listing.kind))
    counts: dict[str, Counter] = {}
    for code, kind, n in rows:
        counts.setdefault(code, Counter())[kind] += n
    codes = list(reference.municipalities())
    if reference.OTHER_MUNICIPALITY in counts:
        codes.append(reference.OTHER_MUNICIPALITY)
    return [_kinds_row(code, reference.municipality_name(code), counts.get(code, Counter()))
            for code in codes]


def _kinds_row(key: str, label: str, counter: Counter) -> dict:
    return {"key": key, "label": label, "offers": counter["offer"], "needs": counter["need"],
            "listings": counter["offer"] + counter["need"]}


def group_of_class(class_id: str | None) -> str:
    cls = reference.taxonomy().classes.get(class_id or "")
    return cls.group if cls is not None else UNCLASSED


def group_label(group_id: str, lang: str | None = None) -> str:
    from flask_babel import gettext as _

    if group_id == UNCLASSED:
        return _("Not classified")
    labels = reference.taxonomy().groups.get(group_id, {})
    return labels.get(lang or reference.current_language(), group_id)


def listings_by_group(year: int | None = None) -> list[dict]:
    """Offers and needs per resource group (the class given, else the one read from the text), in the
    taxonomy's order; groups without listings are left out, unclassified listings come last."""
    effective = func.coalesce(Listing.resource_class, Listing.inferred_class)
    rows = _counted("groups", year, select(effective, Listing.kind, func.count(Listing.id))
                    .where(*_in_year(Listing.created_at, year)).group_by(effective, Listing.kind))
    counts: dict[str, Counter] = {}
    for class_id, kind, n in rows:
        counts.setdefault(group_of_class(class_id), Counter())[kind] += n
    order = [*reference.taxonomy().groups, UNCLASSED]
    return [_kinds_row(g, group_label(g), counts[g]) for g in order if g in counts]


def listings_by_month(year: int) -> list[dict]:
    """Listings created in each month of the year (UTC), January to December."""
    month = extract("month", Listing.created_at)
    counted = {int(m): n for m, n in _counted(
        "months", year, select(month, func.count(Listing.id)).where(*_in_year(Listing.created_at, year))
        .group_by(month))}
    return [{"key": f"{year}-{m:02d}", "month": m, "listings": counted.get(m, 0)} for m in range(1, 13)]


def impact_totals(year: int | None = None) -> dict | None:
    """The region's exchange figures (see services.impact.region_totals)."""
    return impact_service.region_totals(year=year)


def impact_by(dimension: str, year: int | None = None) -> list[dict]:
    return impact_service.exchanges_by(dimension, year=year)


def method() -> dict:
    """How the impact figures are computed, for the method section: the method in the reader's
    language and every factor with what it applies to and its source."""
    lang = reference.current_language()
    fs = impact_service.factors()
    applies: dict[str, list[str]] = {}
    for table in (fs.avoided, fs.density, fs.piece_mass):
        for class_id, factor in table.items():
            applies.setdefault(factor.id, []).append(reference.class_label(class_id, lang))
    for mode, factor in fs.transport.items():
        applies.setdefault(factor.id, []).append(str(MODE_WORDS.get(mode, mode)))
    factors = [{**impact_service.factor_dict(f), "label": ", ".join(sorted(set(applies.get(f.id, [f.id]))))}
               for f in fs.all_factors()]
    return {"text": fs.method.get(lang, ""), "factors": factors}


def organisation_impact(organisation, year: int | None = None) -> dict | None:
    """One organisation's figures (see services.impact.organisation_impact)."""
    return impact_service.organisation_impact(organisation, year=year)


def impact_by_organisation(year: int | None = None) -> dict[int, dict]:
    """organisation id -> services.impact.organisation_impact, for each organisation with a counted
    exchange (one query, whatever the number of organisations)."""
    return impact_service.organisation_impacts(year=year)


def municipality_points(**counts: dict[str, int]) -> list[dict]:
    """One point per municipality of the county at its centre, with each named count by municipality
    code (0 where it has none): municipality_points(listings={"0680": 3}) -> [{"code", "name", "lat",
    "lon", "listings"}, ...]. What the maps show: counts at a municipality's centre, never a site."""
    return [{"code": code, "name": m.name, "lat": m.lat, "lon": m.lon,
             **{key: values.get(code, 0) for key, values in counts.items()}}
            for code, m in reference.municipalities().items()]


def map_points(year: int | None = None, listing_rows: list[dict] | None = None,
               exchange_rows: list[dict] | None = None) -> list[dict]:
    """Per municipality: its listings (offers, needs) and realised exchanges. The rows of
    `listings_by_municipality` and `impact_by("municipality")` may be passed in when the caller has
    them already."""
    if listing_rows is None:
        listing_rows = listings_by_municipality(year)
    if exchange_rows is None:
        exchange_rows = impact_by("municipality", year)
    return municipality_points(
        offers={r["key"]: r["offers"] for r in listing_rows},
        needs={r["key"]: r["needs"] for r in listing_rows},
        listings={r["key"]: r["listings"] for r in listing_rows},
        exchanges={r["key"]: r["exchanges"] for r in exchange_rows},
    )


def exchange_rows(year: int | None = None) -> list[dict]:
    """Every counted exchange that ran in the year, with its parties and figures, for the brokers'
    drill-down (each links to its page with the full working)."""
    rows = []
    for ex in impact_service.counted_exchanges():
        if year is not None and (ex.started_on > date(year, 12, 31)
                                 or (ex.ended_on is not None and ex.ended_on < date(year, 1, 1))):
            continue
        figures = impact_service.exchange_impact(ex, year=year)
        rows.append({"exchange": ex, "label": reference.class_label(ex.resource_class), **figures})
    return rows


BROKER_ROWS_PAGE = 50  # organisations per page of the brokers' impact view


def broker_rows(year: int | None = None, page: int = 1) -> paging.Page:
    """A page of the organisations with any listing, introduction or exchange in the year, by name:
    its listings, its introductions and its impact. For brokers only (it names organisations). The
    organisations are chosen and paged in the database and the counts read for the page's only: at
    national size every one of 10,000 organisations was on one 2.9 MB page (1.6 s)."""
    listed = select(Listing.organisation_id).where(*_in_year(Listing.created_at, year))
    introduced = (select(IntroductionParty.organisation_id).join(IntroductionParty.introduction)
                  .where(*_in_year(Introduction.created_at, year)))
    impacts = impact_by_organisation(year=year)  # organisations with a counted exchange: few
    active = or_(Organisation.id.in_(listed), Organisation.id.in_(introduced),
                 Organisation.id.in_(sorted(impacts)) if impacts else false())
    found = paging.paginate(select(Organisation).where(active).order_by(Organisation.name, Organisation.id),
                            page, BROKER_ROWS_PAGE)
    ids = [org.id for org in found.items]
    listings = dict(db.session.execute(
        select(Listing.organisation_id, func.count(Listing.id))
        .where(Listing.organisation_id.in_(ids), *_in_year(Listing.created_at, year))
        .group_by(Listing.organisation_id)).all()) if ids else {}
    introductions = dict(db.session.execute(
        select(IntroductionParty.organisation_id, func.count(IntroductionParty.id))
        .join(IntroductionParty.introduction)
        .where(IntroductionParty.organisation_id.in_(ids), *_in_year(Introduction.created_at, year))
        .group_by(IntroductionParty.organisation_id)).all()) if ids else {}
    found.items = [{"organisation": org, "listings": listings.get(org.id, 0),
                    "introductions": introductions.get(org.id, 0), "impact": impacts.get(org.id)}
                   for org in found.items]
    return found
