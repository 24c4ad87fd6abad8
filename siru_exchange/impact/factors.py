"""Emission factors, densities and masses per piece, each with its source (pure: no Flask, no database).

The numbers live in `siru_exchange/data/impact_factors.json`; this module only reads and checks them.
A figure without a source is refused when the file is read, so an invented number cannot slip in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FACTORS_FILE = DATA_DIR / "impact_factors.json"


@dataclass(frozen=True)
class Source:
    """Where a number comes from: a public document anyone can open."""

    title: str
    publisher: str
    url: str
    year: int


@dataclass(frozen=True)
class Factor:
    """A number with its range and source.

    `unit` says what it multiplies: "kg CO2e/t" (avoided per tonne), "kg CO2e/MWh" (avoided per MWh),
    "kg CO2e/piece" (avoided per reused piece), "kg CO2e/tkm" (transport per tonne-km), "kg/m3"
    (density), "kg/piece" (mass per piece).
    `replaces` names the alternative the resource is assumed to displace (for avoided-CO2e factors).
    """

    id: str
    value: float
    low: float
    high: float
    unit: str
    source: Source
    replaces: str = ""
    method: str = ""
    note: str = ""
    replaces_sv: str = ""  # the same in Swedish, for the page
    note_sv: str = ""
    range_source: Source | None = None  # where the low/high bounds come from, when not the same source


@dataclass(frozen=True)
class FactorSet:
    """Everything the impact arithmetic reads, keyed the way it looks things up."""

    avoided: dict[str, Factor] = field(default_factory=dict)  # resource class -> avoided CO2e factor
    transport: dict[str, Factor] = field(default_factory=dict)  # transport mode -> kg CO2e per tonne-km
    density: dict[str, Factor] = field(default_factory=dict)  # resource class -> kg per m3
    piece_mass: dict[str, Factor] = field(default_factory=dict)  # resource class -> kg per piece
    method: dict[str, str] = field(default_factory=dict)  # "en"/"sv" -> the method, stated for the page

    def all_factors(self) -> list[Factor]:
        seen: dict[str, Factor] = {}
        for table in (self.avoided, self.transport, self.density, self.piece_mass):
            for factor in table.values():
                seen.setdefault(factor.id, factor)
        return list(seen.values())


# What an avoided-CO2e factor multiplies: tonnes, MWh of heat, or pieces (a reused product).
AVOIDED_UNITS = ("kg CO2e/t", "kg CO2e/MWh", "kg CO2e/piece")


class FactorError(ValueError):
    """The factor file breaks a rule (a figure without a source, a range that excludes its value)."""


def _source(raw: dict, where: str) -> Source:
    try:
        source = Source(str(raw["title"]), str(raw["publisher"]), str(raw["url"]), int(raw["year"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise FactorError(f"{where}: a source needs title, publisher, url and year") from exc
    if not source.url.startswith(("https://", "http://")) or not source.title:
        raise FactorError(f"{where}: the source needs a title and a URL")
    return source


def _factor(raw: dict, sources: dict[str, Source], unit: str | None = None) -> Factor:
    fid = str(raw.get("id", "?"))
    if raw.get("source") not in sources:
        raise FactorError(f"{fid}: unknown source {raw.get('source')!r}")
    if raw.get("range_source") is not None and raw["range_source"] not in sources:
        raise FactorError(f"{fid}: unknown range source {raw['range_source']!r}")
    value = float(raw["value"])
    low, high = float(raw.get("low", value)), float(raw.get("high", value))
    if not low <= value <= high:
        raise FactorError(f"{fid}: the range {low}..{high} must include the value {value}")
    if unit is not None and raw.get("unit") != unit:
        raise FactorError(f"{fid}: expected unit {unit!r}, got {raw.get('unit')!r}")
    return Factor(
        id=fid,
        value=value,
        low=low,
        high=high,
        unit=str(raw["unit"]),
        source=sources[raw["source"]],
        replaces=str(raw.get("replaces", "")),
        method=str(raw.get("method", "")),
        note=str(raw.get("note", "")),
        range_source=sources.get(raw.get("range_source")),
        replaces_sv=str(raw.get("replaces_sv", "")),
        note_sv=str(raw.get("note_sv", "")),
    )


def parse_factors(data: dict) -> FactorSet:
    """A FactorSet from the file's JSON shape (see docs/impact.md); raises FactorError on a broken rule."""
    sources = {key: _source(raw, key) for key, raw in data.get("sources", {}).items()}
    avoided: dict[str, Factor] = {}
    for raw in data.get("avoided", []):
        factor = _factor(raw, sources)
        if factor.unit not in AVOIDED_UNITS:
            raise FactorError(f"{factor.id}: an avoided factor is per tonne, per MWh or per piece")
        for resource_class in raw["classes"]:
            if resource_class in avoided:
                raise FactorError(f"{factor.id}: {resource_class} already has {avoided[resource_class].id}")
            avoided[resource_class] = factor
    transport = {raw["mode"]: _factor(raw, sources, "kg CO2e/tkm") for raw in data.get("transport", [])}
    density: dict[str, Factor] = {}
    for raw in data.get("density", []):
        factor = _factor(raw, sources, "kg/m3")
        density.update({c: factor for c in raw["classes"]})
    piece_mass: dict[str, Factor] = {}
    for raw in data.get("piece_mass", []):
        factor = _factor(raw, sources, "kg/piece")
        piece_mass.update({c: factor for c in raw["classes"]})
    method = {str(k): str(v) for k, v in data.get("method", {}).items()}
    return FactorSet(
        avoided=avoided, transport=transport, density=density, piece_mass=piece_mass, method=method
    )


def load_factors(path: str | Path | None = None) -> FactorSet:
    """Read the factor file (default `siru_exchange/data/impact_factors.json`)."""
    with open(Path(path) if path is not None else FACTORS_FILE, encoding="utf-8") as fh:
        return parse_factors(json.load(fh))
