"""A generated workshop file: many near-identical listings (the same few texts copied across
organisations with small changes), the case that made `flask match-file` slow.

    .venv/bin/python bench/workshop.py ROWS OUT.csv [--seed 1]
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from siru_exchange.matching import load_municipalities, load_taxonomy  # noqa: E402
from siru_exchange.matching.synthetic import generate  # noqa: E402

UNIT = {"ton": "tonne", "l": "litre", "pcs": "piece", "pallets": "pallet", "h": "hour", "places": "person",
        "kg": "kg", "kWh": "kWh", "MWh": "MWh", "m3": "m3", "m2": "m2"}  # synthetic -> file units
COPIES = 10  # each distinct text appears about this many times, at different organisations


def workshop_rows(n: int, seed: int = 1) -> list[dict]:
    """``n`` rows in the match-file CSV layout: n / COPIES distinct synthetic listings, each copied
    COPIES times to other organisations of the same municipality with a changed quantity."""
    rng = random.Random(seed)
    tax, munis = load_taxonomy(), load_municipalities()
    base = generate(max(1, n // COPIES), tax, munis, seed=seed)
    rows = []
    for i in range(n):
        b = base[i % len(base)]
        copy = i // len(base)
        rows.append({
            "id": f"r{i + 1}", "kind": b.kind, "organisation": f"{b.organisation}-{copy}",
            "title": b.title, "description": b.description, "class": b.resource_class or "",
            "municipality": b.municipality or "", "lat": "", "lon": "",
            "quantity": f"{(b.quantity or 1) * rng.uniform(0.8, 1.25):.1f}" if b.quantity else "",
            "unit": UNIT.get(b.unit or "", ""), "frequency": b.frequency or "",
        })
    return rows


def write(rows: list[dict], path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    write(workshop_rows(args.rows, args.seed), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
