"""Counting a long list without counting it: PostgreSQL's planner estimate for an unfiltered list.

`COUNT(*)` over a million-row scope reads every visible row (about 0.1 s per 100,000 on the development
machine, docs/performance.md); the planner already knows the size from its statistics
(`pg_class.reltuples` and the column histograms, refreshed by autovacuum's ANALYZE). A list shows the
estimate ("sekitar 1.000.000") when it is unfiltered and large. A filtered list is counted, but only up to
`ESTIMATE_FROM` rows: past that it says "more than 50,000" (the planner's estimate of a filter over a
join can be several times off, and a count of 333,000 matching rows took 256 ms at 1M people)."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet

# Below this the exact count is cheap and the user expects it to the person; at 100,000 a COUNT(*) of the
# scope took 128 ms p50 on PostgreSQL (docs/performance.md, issue #17).
ESTIMATE_FROM = 50_000


def planner_rows(qs: QuerySet[Any]) -> int | None:
    """The planner's row estimate of `qs` (PostgreSQL: EXPLAIN, nothing is executed); None elsewhere."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def count_upto(qs: QuerySet[Any], cap: int) -> int:
    """The rows of `qs`, counted no further than `cap` + 1 (one `COUNT(*)` over a `LIMIT` subquery): a
    result above `cap` means "more than `cap`"."""
    return qs.order_by()[: cap + 1].count()


class EstimatedPaginator(Paginator):
    """A Paginator whose count is the planner's estimate when that is at least `ESTIMATE_FROM` rows
    (`estimated` then True). Otherwise the rows are counted up to `ESTIMATE_FROM`: past that `over` is
    True and the count is `ESTIMATE_FROM` (the pages up to it can be opened; the screen says "more than").
    Paging works the same; the last page of an estimate may hold fewer rows than a full page, or none."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, estimate: bool, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._estimate = estimate
        self.estimated = False
        self.over = False

    @cached_property
    def count(self) -> int:
        if self._estimate:
            rows = planner_rows(self.object_list)
            if rows is not None and rows >= ESTIMATE_FROM:
                self.estimated = True
                return rows
        n = count_upto(self.object_list, ESTIMATE_FROM)
        if n > ESTIMATE_FROM:
            self.over = True
            return ESTIMATE_FROM
        return n
