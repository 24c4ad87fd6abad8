"""k-anonymity for the survey answers, over the quasi-identifiers municipality x sector x size x year.

Input: plain dicts, one per survey answer, with
  "entity"        the organisation (any hashable; counted, never released),
  "municipality"  a municipality code of the county ("0680") or "other",
  "sector"        the organisation's sector text, beginning with its NACE code ("16.10 Sågning ..."),
  "size"          micro | small | medium | large,
  "year"          the survey year,
and any other keys, which are carried through unchanged.

Method (local recoding along one fixed order, then suppression):
  step 0  municipality, NACE division (2 digits), size class, year            as given
  step 1  sector -> its NACE section (letter)
  step 2  size -> merged (micro+small, medium+large)
  step 3  municipality -> the county (or "other" outside it)
  step 4  sector -> every sector
  step 5  size -> every size
  step 6  municipality -> everywhere
Every answer is released at the first step at which its group (the answers with the same generalised
values, counted by distinct organisations) has at least k organisations; what is still below k at the
last step is suppressed (left out). The year is never generalised: answers are compared by year.

Every released group has >= k distinct organisations, and so has every union of released groups: any
table that breaks the release down by some of the quasi-identifiers (`breakdown`) has no bucket below k.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

K = 3
QUASI_IDENTIFIERS = ("municipality", "sector", "size", "year")
ALL = "*"
COUNTY = "county"
OTHER = "other"
UNKNOWN = "unknown"

# (municipality level, sector level, size level) per step, and what each step generalised.
GENERALISATION_STEPS: tuple[tuple[int, int, int], ...] = (
    (0, 0, 0), (0, 1, 0), (0, 1, 1), (1, 1, 1), (1, 2, 1), (1, 2, 2), (2, 2, 2),
)
STEP_NAMES = ("exact", "sector_section", "size_merged", "municipality_county", "sector_all", "size_all",
              "municipality_all")

# NACE Rev. 2 (SNI 2007) sections by division.
_SECTIONS = (
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43), ("G", 45, 47),
    ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68), ("M", 69, 75),
    ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93), ("S", 94, 96),
    ("T", 97, 98), ("U", 99, 99),
)
_DIVISION = re.compile(r"^\s*(\d{2})(?:[.\s]|$)")
_MERGED_SIZE = {"micro": "micro-small", "small": "micro-small", "medium": "medium-large",
                "large": "medium-large"}


def nace_division(sector: str) -> str:
    """The two-digit NACE division a sector text begins with ("16.10 Sågning" -> "16"), or "unknown"."""
    match = _DIVISION.match(sector or "")
    if not match or nace_section(match.group(1)) == UNKNOWN:
        return UNKNOWN
    return match.group(1)


def nace_section(division: str) -> str:
    """The NACE section letter of a two-digit division ("16" -> "C"), or "unknown"."""
    if not division.isdigit():
        return UNKNOWN
    number = int(division)
    for letter, low, high in _SECTIONS:
        if low <= number <= high:
            return letter
    return UNKNOWN


def _municipality(value: str, level: int) -> str:
    if level == 0:
        return value or OTHER
    if level == 1:
        return OTHER if (value or OTHER) == OTHER else COUNTY
    return ALL


def _sector(division: str, level: int) -> str:
    if level == 0:
        return division
    if level == 1:
        return nace_section(division)
    return ALL


def _size(value: str, level: int) -> str:
    if level == 0:
        return value if value in _MERGED_SIZE else UNKNOWN
    if level == 1:
        return _MERGED_SIZE.get(value, UNKNOWN)
    return ALL


def generalise(row: dict, step: int) -> tuple:
    """The quasi-identifiers of `row` at a step of GENERALISATION_STEPS: (municipality, sector, size,
    year)."""
    m, s, z = GENERALISATION_STEPS[step]
    return (_municipality(row["municipality"], m), _sector(nace_division(row["sector"]), s),
            _size(row["size"], z), int(row["year"]))


@dataclass
class Release:
    """What may be shown: the released rows (quasi-identifiers generalised, "entity" removed, "step"
    added), how many answers each step released, and how many were suppressed."""

    k: int
    rows: list[dict] = field(default_factory=list)
    released_at: dict[str, int] = field(default_factory=dict)
    suppressed: int = 0

    @property
    def generalised(self) -> int:
        """Answers released only after some generalisation."""
        return sum(n for name, n in self.released_at.items() if name != "exact")

    def summary(self) -> dict:
        return {"k": self.k, "rows": len(self.rows), "suppressed": self.suppressed,
                "generalised": self.generalised, "released_at": dict(self.released_at)}


def _entities(rows: Iterable[dict]) -> int:
    return len({row["entity"] for row in rows})


def anonymise(rows: Sequence[dict], k: int = K) -> Release:
    """Generalise, step by step, the answers whose group is below k organisations; suppress the rest.
    See the module docstring. The input rows are not changed."""
    if k < 2:
        raise ValueError("k must be at least 2")
    remaining = list(rows)
    released: dict[tuple, list[tuple[int, dict]]] = defaultdict(list)
    for step in range(len(GENERALISATION_STEPS)):
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for row in remaining:
            groups[generalise(row, step)].append(row)
        remaining = []
        for key, members in groups.items():
            # A group that meets a released one of the same values joins it (it only grows).
            if _entities(members) >= k or key in released:
                released[key].extend((step, row) for row in members)
            else:
                remaining.extend(members)
    out: list[dict] = []
    counts: Counter = Counter()
    for key, members in released.items():
        assert _entities(row for _, row in members) >= k  # the guarantee, checked at the source
        for step, row in members:
            item = {name: value for name, value in row.items() if name != "entity"}
            item.update(dict(zip(QUASI_IDENTIFIERS, key, strict=True)))
            item["step"] = STEP_NAMES[step]
            out.append(item)
            counts[STEP_NAMES[step]] += 1
    out.sort(key=lambda r: (r["year"], str(r["municipality"]), str(r["sector"]), str(r["size"])))
    return Release(k=k, rows=out, released_at={name: counts[name] for name in STEP_NAMES if counts[name]},
                   suppressed=len(remaining))


def band(count: int) -> str:
    """A count of listings, introductions or exchanges as a band, so that an exact count (which anyone
    can read off an organisation's public listings) does not single it out."""
    if count <= 0:
        return "0"
    if count <= 2:
        return "1-2"
    if count <= 5:
        return "3-5"
    return "6+"


def breakdown(rows: Sequence[dict], by: str, items: Sequence[str], hits, k: int = K) -> list[dict]:
    """A table of a release: one bucket per value of the quasi-identifier `by`, each with its number of
    answers ("answers") and, for every item, how many answers in the bucket count it (`hits(row, item)`
    is true). A count between 1 and k-1 is None: a cell never describes fewer than k organisations.

    Buckets come from released rows only, so each is a union of released groups (>= k organisations);
    a bucket below k (which a caller's filter could make only by filtering on something else than the
    quasi-identifiers) is dropped all the same."""
    if by not in QUASI_IDENTIFIERS:
        raise ValueError(f"unknown breakdown {by!r}")
    buckets: dict = defaultdict(list)
    for row in rows:
        buckets[row[by]].append(row)
    table = []
    for value in sorted(buckets, key=str):
        members = buckets[value]
        if len(members) < k:
            continue
        cells = {}
        for item in items:
            n = sum(1 for row in members if hits(row, item))
            cells[item] = n if n == 0 or n >= k else None
        table.append({"value": value, "answers": len(members), "cells": cells})
    return table
