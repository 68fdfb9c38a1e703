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
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL

EXACT_UP_TO = 500
COUNT_SECONDS = 60


def _counting(rows: QuerySet[Any], kind: str) -> tuple[str, list[Any], str] | None:
    """The rows' ids as SQL, compiled once for both the cache key and the counts
    (compiling a query costs as much as a small query runs); None: no rows can match."""
    try:
        sql, params = rows.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter on an empty list
        return None
    digest = hashlib.sha256(f"{rows.db}\x00{kind}\x00{sql}\x00{params!r}".encode()).hexdigest()
    return sql, list(params), f"row-count:{digest}"


def _count(rows: QuerySet[Any], sql: str, params: list[Any], limit: int | None = None) -> int:
    # Django's own SQL, every value a parameter; the LIMIT is our integer.
    bounded = f"SELECT COUNT(*) FROM ({sql}{f' LIMIT {int(limit)}' if limit else ''}) AS rows"  # noqa: S608
    with connections[rows.db].cursor() as cursor:
        cursor.execute(bounded, params)
        return int(cursor.fetchone()[0])


def count_rows(rows: QuerySet[Any], *, exact_up_to: int = EXACT_UP_TO) -> int:
    """How many rows: exact up to `exact_up_to`, above it a count at most a minute old."""
    counting = _counting(rows, "all")
    if counting is None:
        return 0
    sql, params, key = counting
    total = cache.get(key)
    if total is not None:  # a long list counted less than COUNT_SECONDS ago
        return int(total)
    near = _count(rows, sql, params, exact_up_to + 1)
    if near <= exact_up_to:
        return near
    total = _count(rows, sql, params)
    cache.set(key, total, COUNT_SECONDS)
    return total


def first_rows_counted(
    rows: QuerySet[Any], n: int, *, cap: int | None = None
) -> tuple[list[Any], int, bool]:
    """A short list's first `n` rows and how many there are, in one statement.

    The count rides on the rows' query as a scalar subquery over the list's
    ids, cut at EXACT_UP_TO (or `cap`) + 1 rows: PostgreSQL runs it once
    beside the rows. A longer list is counted as `count_rows` (or
    up to `cap`) counts it, and that count is kept a minute, during
    which the rows are read alone. So a home item costs one statement at
    any size (issue 12). With `cap`, a list is counted up to the cap only,
    never in full: a prefecture's tens of thousands of overdue tasks read
    "1,000+".
    Returns (rows, count, whether the count stopped at `cap`).
    """
    counting = _counting(rows, "all" if cap is None else f"cap{cap}")
    if counting is None:
        return [], 0, False
    sql, params, key = counting
    known = cache.get(key)
    if known is not None:  # a long list counted less than COUNT_SECONDS ago
        first = list(rows[:n])
        return (first, int(known), False) if cap is None else (first, *known)
    bound = (EXACT_UP_TO if cap is None else cap) + 1
    # Django's own SQL, every value a parameter; the LIMIT is our integer.
    within = RawSQL(  # noqa: S611
        f"SELECT COUNT(*) FROM ({sql} LIMIT {int(bound)}) AS counted",  # noqa: S608
        params,
        output_field=IntegerField(),
    )
    first = list(rows.annotate(counted_up_to=within)[:n])
    near = first[0].counted_up_to if first else 0
    if cap is not None:
        counted = (min(near, cap), near > cap)
        if near > EXACT_UP_TO:
            cache.set(key, counted, COUNT_SECONDS)
        return first, *counted
    if near <= EXACT_UP_TO:
        return first, near, False
    total = _count(rows, sql, params)
    cache.set(key, total, COUNT_SECONDS)
    return first, total, False


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
