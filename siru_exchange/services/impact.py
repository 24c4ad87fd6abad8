"""Impact figures for pages, the dashboard and the CLI: exchanges read from the database, fed to the
pure `impact` package, summed into plain dicts. Nothing computed here is stored.

Which exchanges count: confirmed ones (the other party confirmed the figures, or a broker recorded a
deal made off the platform). A proposal not yet confirmed counts nowhere. An exchange is placed in the
supplier's municipality (where the resource comes from), so a region's sum counts each exchange once.
CO2e figures are in tonnes CO2e (`co2e_t`), with low/central/high. See docs/impact.md for the shapes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from .. import impact
from ..extensions import db
from ..models import Exchange, Organisation
from . import impact_text, reference

SOCIAL_GROUPS = ("social", "competence", "staff_time")
DIMENSIONS = ("municipality", "group", "resource_class", "month", "year")


@cache
def factors() -> impact.FactorSet:
    return impact.load_factors()


def today() -> date:
    return datetime.now(UTC).date()


def group_of(resource_class: str) -> str:
    cls = reference.taxonomy().classes.get(resource_class)
    return cls.group if cls is not None else ""


def is_social(resource_class: str) -> bool:
    return group_of(resource_class) in SOCIAL_GROUPS


def to_input(ex: Exchange) -> impact.ExchangeInput:
    return impact.ExchangeInput(
        id=ex.id,
        resource_class=ex.resource_class,
        quantity=float(ex.quantity),
        unit=ex.unit,
        frequency=ex.frequency,
        started_on=ex.started_on,
        ended_on=ex.ended_on,
        distance_km=float(ex.distance_km) if ex.distance_km is not None else None,
        transport_mode=ex.transport_mode,
        people_reached=ex.people_reached,
        social=is_social(ex.resource_class),
    )


def _window(year: int | None, as_of: date) -> tuple[date, date]:
    """A year, or everything up to `as_of` (from the first exchange's start) when no year is given."""
    if year is not None:
        return impact.year_window(year)
    return date(2000, 1, 1), date(as_of.year + 1, 1, 1)


def counted_exchanges(
    municipality: str | None = None,
    group: str | None = None,
    organisation_id: int | None = None,
    resource_class: str | None = None,
) -> list[Exchange]:
    """Confirmed exchanges, optionally of one municipality (the supplier's), one resource group,
    one class, or with one organisation as supplier or receiver."""
    stmt = (
        select(Exchange)
        .options(joinedload(Exchange.supplier), joinedload(Exchange.receiver))
        .where(Exchange.status == "confirmed")
        .order_by(Exchange.started_on, Exchange.id)
    )
    if municipality:
        stmt = stmt.join(Organisation, Organisation.id == Exchange.supplier_id).where(
            Organisation.municipality == municipality
        )
    if organisation_id is not None:
        stmt = stmt.where(
            or_(Exchange.supplier_id == organisation_id, Exchange.receiver_id == organisation_id)
        )
    if resource_class:
        stmt = stmt.where(Exchange.resource_class == resource_class)
    rows = list(db.session.scalars(stmt).unique())
    if group:
        rows = [ex for ex in rows if group_of(ex.resource_class) == group]
    return rows


def _range_t(r: impact.Range | None) -> dict | None:
    if r is None:
        return None
    return {
        "low": round(r.low / 1000, 3),
        "central": round(r.central / 1000, 3),
        "high": round(r.high / 1000, 3),
    }


def totals_dict(t: impact.Totals) -> dict:
    """The plain shape every total takes (see docs/impact.md)."""
    return {
        "exchanges": t.exchanges,
        "tonnes": round(t.tonnes, 3),
        "mwh": round(t.mwh, 3),
        "co2e_t": _range_t(t.net),
        "co2e_avoided_t": _range_t(t.avoided),
        "transport_co2e_t": _range_t(t.transport),
        "people_reached": t.people_reached,
        "not_estimated": t.not_estimated,
        "flagged": t.flagged,
        "transport_not_estimated": t.transport_not_estimated,
    }


def _impacts(
    rows: list[Exchange], start: date, end: date, as_of: date
) -> list[tuple[Exchange, impact.Impact]]:
    fs = factors()
    out = []
    for ex in rows:
        inp = to_input(ex)
        if not impact.ran_in(inp, start, end, as_of):
            continue
        out.append((ex, impact.impact_of(inp, fs, start, end, as_of)))
    return out


def region_totals(
    year: int | None = None,
    municipality: str | None = None,
    group: str | None = None,
    as_of: date | None = None,
) -> dict:
    """The region's figures: {"year", "as_of", "exchanges", "tonnes", "mwh", "co2e_t": {low, central,
    high}, "co2e_avoided_t", "transport_co2e_t", "people_reached", "not_estimated", "flagged"}.
    Without a year: everything up to `as_of` (default today)."""
    as_of = as_of or today()
    start, end = _window(year, as_of)
    found = _impacts(counted_exchanges(municipality, group), start, end, as_of)
    out = {"year": year, "as_of": as_of.isoformat()}
    out.update(totals_dict(impact.total(i for _, i in found)))
    return out


def _key_label(ex: Exchange, dimension: str) -> tuple[str, str]:
    if dimension == "municipality":
        code = ex.supplier.municipality
        return code, reference.municipality_name(code)
    if dimension == "group":
        gid = group_of(ex.resource_class)
        lang = reference.current_language()
        return gid, reference.taxonomy().groups.get(gid, {}).get(lang, gid)
    return ex.resource_class, reference.class_label(ex.resource_class)


def exchanges_by(
    dimension: str,
    year: int | None = None,
    municipality: str | None = None,
    group: str | None = None,
    as_of: date | None = None,
) -> list[dict]:
    """Aggregated rows, one per municipality / group / resource_class / month / year:
    [{"key", "label", **totals}] (the totals shape of `region_totals`), ordered by key. "month" needs no
    year (default: the current one) and gives twelve rows keyed "YYYY-MM"; "year" gives one per year."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    as_of = as_of or today()
    rows = counted_exchanges(municipality, group)
    if dimension == "month":
        y = year or as_of.year
        out = []
        for month in range(1, 13):
            start, end = impact.month_window(y, month)
            t = impact.total(i for _, i in _impacts(rows, start, end, as_of))
            out.append({"key": f"{y}-{month:02d}", "label": f"{y}-{month:02d}", **totals_dict(t)})
        return out
    if dimension == "year":
        years = sorted({ex.started_on.year for ex in rows} | ({as_of.year} if rows else set()))
        years = [y for y in range(years[0], as_of.year + 1)] if years else []
        out = []
        for y in years:
            start, end = impact.year_window(y)
            t = impact.total(i for _, i in _impacts(rows, start, end, as_of))
            out.append({"key": str(y), "label": str(y), **totals_dict(t)})
        return out
    start, end = _window(year, as_of)
    buckets: dict[str, tuple[str, impact.Totals]] = {}
    for ex, i in _impacts(rows, start, end, as_of):
        key, label = _key_label(ex, dimension)
        buckets.setdefault(key, (label, impact.Totals()))[1].add(i)
    return [{"key": k, "label": label, **totals_dict(t)} for k, (label, t) in sorted(buckets.items())]


def exchange_impact(ex: Exchange, year: int | None = None, as_of: date | None = None) -> dict:
    """One exchange's figures with its working: the totals shape plus "working" (lines), "factor" and
    "transport_factor" ({id, value, low, high, unit, replaces, method, source: {title, publisher, url,
    year}} or None), "flag", "recorded_by", "confirmed_by", "verified" ({by, at, note} or None)."""
    as_of = as_of or today()
    start, end = _window(year, as_of)
    i = impact.impact_of(to_input(ex), factors(), start, end, as_of)
    out = {"id": ex.id, "year": year, **totals_dict(impact.total([i]))}
    out.update(
        working=[impact_text.describe(step) for step in i.working],
        transport_estimated=i.transport_estimated,
        flag=i.flag,
        factor=factor_dict(i.factor),
        transport_factor=factor_dict(i.transport_factor),
        density_or_mass=factor_dict(i.amount.factor),
        recorded_by=_who(ex.proposed_by_user, ex.proposed_by_org, ex.created_at),
        confirmed_by=_who(ex.confirmed_by_user, ex.confirmed_by_org, ex.confirmed_at)
        if ex.is_confirmed
        else None,
        verified=(
            {
                "by": ex.verified_by.name if ex.verified_by else "",
                "at": ex.verified_at.isoformat(),
                "note": ex.verified_note,
            }
            if ex.verified_at is not None
            else None
        ),
    )
    return out


def _who(user, org, when) -> dict:
    return {
        "user": getattr(user, "name", "") or "",
        "organisation": getattr(org, "name", "") or "",
        "at": when.isoformat() if when else None,
    }


def factor_dict(f: impact.Factor | None) -> dict | None:
    if f is None:
        return None
    s = f.source
    sv = reference.current_language() == "sv"
    return {
        "id": f.id,
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "unit": f.unit,
        "replaces": f.replaces_sv if sv and f.replaces_sv else f.replaces,
        "method": f.method,
        "note": f.note_sv if sv and f.note_sv else f.note,
        "source": _source_dict(s),
        "range_source": _source_dict(f.range_source) if f.range_source else None,
    }


def _source_dict(s: impact.Source) -> dict:
    return {"title": s.title, "publisher": s.publisher, "url": s.url, "year": s.year}


def organisation_impact(org: Organisation | int, year: int | None = None, as_of: date | None = None) -> dict:
    """One organisation's figures over the exchanges it supplied or received: the totals shape plus
    "organisation_id", "year", "as_of" and "exchanges_list" ([{"id", "resource_class", "label",
    "role": "supplier"|"receiver", **totals}])."""
    org_id = org if isinstance(org, int) else org.id
    as_of = as_of or today()
    start, end = _window(year, as_of)
    found = _impacts(counted_exchanges(organisation_id=org_id), start, end, as_of)
    return _organisation_figures(org_id, found, year, as_of)


def organisation_impacts(year: int | None = None, as_of: date | None = None) -> dict[int, dict]:
    """organisation id -> `organisation_impact` for every organisation with a counted exchange (of any
    year; zero figures when none ran in `year`), from one query and one pass over the exchanges."""
    as_of = as_of or today()
    start, end = _window(year, as_of)
    rows = counted_exchanges()
    by_org: dict[int, list] = {}
    for ex in rows:
        by_org.setdefault(ex.supplier_id, [])
        by_org.setdefault(ex.receiver_id, [])
    for ex, i in _impacts(rows, start, end, as_of):
        for org_id in {ex.supplier_id, ex.receiver_id}:
            by_org[org_id].append((ex, i))
    return {org_id: _organisation_figures(org_id, found, year, as_of)
            for org_id, found in sorted(by_org.items())}


def _organisation_figures(org_id: int, found: list, year: int | None, as_of: date) -> dict:
    out = {"organisation_id": org_id, "year": year, "as_of": as_of.isoformat()}
    out.update(totals_dict(impact.total(i for _, i in found)))
    out["exchanges_list"] = [
        {
            "id": ex.id,
            "resource_class": ex.resource_class,
            "label": reference.class_label(ex.resource_class),
            "role": "supplier" if ex.supplier_id == org_id else "receiver",
            **totals_dict(impact.total([i])),
        }
        for ex, i in found
    ]
    return out


def exchange_rows(ids: list[int]) -> list[Exchange]:
    """The exchanges with these ids, loaded with their parties and versions (for drill-down pages)."""
    if not ids:
        return []
    stmt = (
        select(Exchange)
        .where(Exchange.id.in_(ids))
        .options(
            joinedload(Exchange.supplier), joinedload(Exchange.receiver), selectinload(Exchange.versions)
        )
    )
    return list(db.session.scalars(stmt).unique())
