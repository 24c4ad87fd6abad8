"""A page of rows without an exact count over the whole table: the rows of the page and one more
(does a next page exist?), and a count capped at COUNT_CAP (exact below it, "more than" above), so
that a page costs the same at 200 listings and at a million."""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from . import cache

COUNT_CAP = 1000


@dataclass
class Page:
    """What the pagination macro and the API read (the names of Flask-SQLAlchemy's Pagination)."""

    items: list
    page: int
    per_page: int
    total: int           # exact when not `total_capped`, else COUNT_CAP (a lower bound)
    total_capped: bool
    has_next: bool

    @property
    def pages(self) -> int:
        known = max(1, math.ceil(self.total / self.per_page)) if self.total else 1
        return max(known, self.page + (1 if self.has_next else 0))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def capped_count(stmt, cap: int = COUNT_CAP, kept: bool = False) -> tuple[int, bool]:
    """How many rows `stmt` selects, counting at most cap + 1 of them: (count, whether capped). With
    `kept`, the count is kept for CACHE_SECONDS under the statement's SQL and parameters (so every
    user, filter and term has its own), shared by the workers through Redis when it is set."""
    limited = stmt.with_only_columns(stmt.selected_columns[0]).order_by(None).limit(cap + 1).subquery()
    query = select(func.count()).select_from(limited)
    if kept:
        n = cache.cached(f"count:{_statement_key(query)}", lambda: db.session.scalar(query) or 0)
    else:
        n = db.session.scalar(query) or 0
    return (cap, True) if n > cap else (n, False)


def _statement_key(stmt) -> str:
    """A digest of the statement as the database receives it: its SQL and its parameters (0.9 ms)."""
    compiled = stmt.compile(dialect=db.engine.dialect)
    text = str(compiled) + json.dumps(compiled.params, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def head(stmt, n: int, *options) -> tuple[list, tuple[int, bool]]:
    """The first ``n`` rows of ``stmt`` (ordered; loaded with ``options``) and how many it selects in
    all as ``capped_count`` gives it: the oldest of a work queue (requests waiting for a broker,
    organisations waiting for approval) with the size of the queue. Two queries whatever the data."""
    shown = list(db.session.scalars(stmt.options(*options).limit(n)).unique())
    return shown, capped_count(stmt)


def paginate(stmt, page: int, per_page: int, scalars: bool = True, cap: int = COUNT_CAP,
             kept_count: bool = False) -> Page:
    """The `page` (from 1) of `stmt` (ordered), per_page rows; past the last page, the last page. With
    `kept_count` the count is kept a short while (`capped_count`): for lists whose count may lag a
    new row by CACHE_SECONDS (what visitors search), never for a work queue. A last page is counted
    exactly from its rows either way."""
    page = max(int(page), 1)

    def fetch(number):
        query = stmt.limit(per_page + 1).offset((number - 1) * per_page)
        result = db.session.scalars(query).unique() if scalars else db.session.execute(query)
        return list(result)

    rows = fetch(page)
    if rows and len(rows) <= per_page:
        # the last page: every row is in sight, so the count is known without counting
        return Page(items=rows, page=page, per_page=per_page, total=(page - 1) * per_page + len(rows),
                    total_capped=False, has_next=False)
    total, capped = capped_count(stmt, cap, kept=kept_count)
    if rows:  # a kept count may lag: never fewer than the rows in sight and one more
        seen = (page - 1) * per_page + len(rows)
        if not capped and total < seen:
            total, capped = (cap, True) if seen > cap else (seen, False)
    if not rows and page > 1 and total:
        page = max(1, math.ceil(total / per_page))
        rows = fetch(page)
    return Page(items=rows[:per_page], page=page, per_page=per_page, total=total, total_capped=capped,
                has_next=len(rows) > per_page)
