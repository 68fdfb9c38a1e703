"""Counts for lists of tens of thousands of rows: the long lists' paginator and
the home page's items (issue 12).

Counting 61,000 open cases, or the 1,540 open cases of everyone named 佐藤,
costs more than showing a page of them. Up to EXACT_UP_TO rows the count is
exact (a count over a LIMIT reads no more than that); above it the count is
kept for COUNT_SECONDS per query, so a list costs one full count a minute
rather than one per view. The rows themselves are always read live; only
"61,054 cases, page 3 of 1,222" may lag a minute.
"""

import hashlib
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

EXACT_UP_TO = 500
COUNT_SECONDS = 60


def _key(rows: QuerySet[Any], kind: str) -> str:
    sql, params = rows.query.sql_with_params()
    digest = hashlib.sha256(f"{rows.db}\x00{kind}\x00{sql}\x00{params!r}".encode()).hexdigest()
    return f"row-count:{digest}"


def count_rows(rows: QuerySet[Any], *, exact_up_to: int = EXACT_UP_TO) -> int:
    """How many rows: exact up to `exact_up_to`, above it a count at most a minute old."""
    key = _key(rows, "all")
    total = cache.get(key)
    if total is not None:  # a long list counted less than COUNT_SECONDS ago
        return int(total)
    near = rows.order_by()[: exact_up_to + 1].count()  # which rows: no matter
    if near <= exact_up_to:
        return near
    total = rows.count()
    cache.set(key, total, COUNT_SECONDS)
    return int(total)


def count_rows_up_to(rows: QuerySet[Any], cap: int) -> tuple[int, bool]:
    """(count, at least): never reads more than `cap` + 1 rows, for lists that may
    hold tens of thousands (a prefecture's overdue tasks); a minute-old count above."""
    key = _key(rows, f"cap{cap}")
    counted = cache.get(key)
    if counted is not None:
        return counted
    near = rows.order_by()[: cap + 1].count()
    counted = (min(near, cap), near > cap)
    if near > EXACT_UP_TO:
        cache.set(key, counted, COUNT_SECONDS)
    return counted


class LargeListPaginator(Paginator):
    exact_up_to = EXACT_UP_TO

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().count
        return count_rows(rows, exact_up_to=self.exact_up_to)

    def page(self, number: int | str) -> Page:  # type: ignore[override]
        """A page of live rows: the last one is not cut at a count that may be old."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.object_list[bottom : bottom + self.per_page], number, self)
