"""Distances and municipality centroids."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    lat: float
    lon: float


def load_municipalities(path: str | Path | None = None) -> dict[str, Municipality]:
    """Read municipalities (default ``siru_exchange/data/municipalities.json``) as code -> Municipality."""
    path = Path(path) if path is not None else DATA_DIR / "municipalities.json"
    with open(path, encoding="utf-8") as fh:
        rows = json.load(fh)
    out: dict[str, Municipality] = {}
    for row in rows:
        m = Municipality(str(row["code"]), str(row["name"]), float(row["lat"]), float(row["lon"]))
        out[m.code] = m
    return out


def load_place_names(path: str | Path | None = None) -> list[str]:
    """Names of the towns and villages of the county (default ``siru_exchange/data/places.json``),
    so that the text reader can tell a place from a resource."""
    path = Path(path) if path is not None else DATA_DIR / "places.json"
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return sorted({str(name) for names in data["places"].values() for name in names})


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class Locator:
    """Resolves a listing's position: its own lat/lon, else its municipality's centroid."""

    def __init__(self, municipalities: dict | None = None) -> None:
        self._by_key: dict[str, tuple[float, float]] = {}
        for code, m in (municipalities or {}).items():
            self._by_key[str(code).strip().lower()] = (m.lat, m.lon)
            self._by_key[m.name.strip().lower()] = (m.lat, m.lon)

    def position(self, lat, lon, municipality) -> tuple[float, float] | None:
        if lat is not None and lon is not None:
            return (float(lat), float(lon))
        if municipality is not None:
            return self._by_key.get(str(municipality).strip().lower())
        return None


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that holds every point within `km` of (lat, lon),
    for a first cut in SQL before the exact distance; a little larger than the circle, never smaller."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * cos_lat))
    return (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
