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
from collections.abc import Iterable
from functools import cached_property
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import FlatValuesListIterable

T = TypeVar("T")

EXACT_UP_TO = 500
COUNT_SECONDS = 60
# A page number beyond any list's end: such a request is counted before it is read.
FAR_PAGE = 1_000_000


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
    return near if near <= exact_up_to else _counted_in_full(rows, sql, params, key)


def _counted_in_full(rows: QuerySet[Any], sql: str, params: list[Any], key: str) -> int:
    """A long list's full count, kept COUNT_SECONDS under `key`."""
    total = _count(rows, sql, params)
    cache.set(key, total, COUNT_SECONDS)
    return total


def _with_count(rows: QuerySet[Any], sql: str, params: list[Any], bound: int) -> QuerySet[Any]:
    """`rows` each carrying `counted_up_to`: how many rows the list holds, read up
    to `bound`, as a scalar subquery that PostgreSQL runs once beside the rows."""
    # Django's own SQL, every value a parameter; the LIMIT is our integer.
    within = RawSQL(  # noqa: S611
        f"SELECT COUNT(*) FROM ({sql} LIMIT {int(bound)}) AS counted",  # noqa: S608
        params,
        output_field=IntegerField(),
    )
    return rows.annotate(counted_up_to=within)


def _slice_counted(
    rows: QuerySet[Any], start: int, stop: int, counting: tuple[str, list[Any], str], bound: int
) -> tuple[list[Any], int | None]:
    """rows[start:stop] and the bounded count (None: the slice came back empty
    past the first row, so the count is unknown)."""
    sql, params, _key = counting
    annotated = _with_count(rows, sql, params, bound)
    fields = rows.query.values_select
    if fields and rows._iterable_class is FlatValuesListIterable:  # a page of ids
        pairs = list(annotated.values_list(*fields, "counted_up_to")[start:stop])
        return [pk for pk, _n in pairs], (pairs[0][1] if pairs else None)
    sliced = list(annotated[start:stop])
    return sliced, (sliced[0].counted_up_to if sliced else None)


def rows_counted(
    rows: QuerySet[Any],
    start: int,
    stop: int,
    *,
    exact_up_to: int | None = None,
    cap: int | None = None,
) -> tuple[list[Any], int | None, bool]:
    """rows[start:stop] and how many rows the list holds, in one statement.

    The count rides on the rows' query, cut at `exact_up_to` (or `cap`) + 1
    rows. A longer list is counted in full (or stops at `cap`) and that count
    is kept a minute, during which the rows are read alone. So a list costs one
    statement at any size (issue 12). Returns (rows, count, whether the count
    stopped at `cap`); the count is None when a slice past the first row came
    back empty (the list is shorter than `start`).
    """
    exact = EXACT_UP_TO if exact_up_to is None else exact_up_to
    counting = _counting(rows, "all" if cap is None else f"cap{cap}")
    if counting is None:
        return [], 0, False
    sql, params, key = counting
    known = cache.get(key)
    if known is not None:  # a long list counted less than COUNT_SECONDS ago
        sliced = list(rows[start:stop])
        return (sliced, int(known), False) if cap is None else (sliced, *known)
    sliced, near = _slice_counted(rows, start, stop, counting, (exact if cap is None else cap) + 1)
    if near is None:
        if start:
            return sliced, None, False
        near = 0
    if cap is not None:
        counted = (min(near, cap), near > cap)
        if near > exact:
            cache.set(key, counted, COUNT_SECONDS)
        return sliced, *counted
    if near <= exact:
        return sliced, near, False
    return sliced, _counted_in_full(rows, sql, params, key), False


def first_rows_counted(
    rows: QuerySet[Any], n: int, *, cap: int | None = None
) -> tuple[list[Any], int, bool]:
    """A list's first `n` rows and how many there are, in one statement (a home
    item). With `cap`, the count stops at the cap: a prefecture's tens of
    thousands of overdue tasks read "1,000+". Returns (rows, count, at least)."""
    first, count, at_least = rows_counted(rows, 0, n, cap=cap)
    return first, count or 0, at_least


class LargeListPaginator(Paginator):
    exact_up_to = EXACT_UP_TO

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().count
        return count_rows(rows, exact_up_to=self.exact_up_to)

    def get_page(self, number: Any) -> Page:
        """As Paginator.get_page (a bad number: the first page; past the end: the
        last), but a page of a list not yet counted brings the list's count in
        its own statement: one statement at any size, not a count and then rows."""
        rows = self.object_list
        if "count" in self.__dict__ or not isinstance(rows, QuerySet):
            return super().get_page(number)
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        if wanted > FAR_PAGE:  # ?page=10**20: counted first (no OFFSET beyond bigint)
            return super().get_page(wanted)
        bottom = (wanted - 1) * self.per_page
        listed, count, _at_least = rows_counted(
            rows, bottom, bottom + self.per_page, exact_up_to=self.exact_up_to
        )
        if count is None:  # past the end: count, and show the last page
            return super().get_page(wanted)
        self.__dict__["count"] = count  # the cached_property's value
        if listed or wanted == 1:
            return Page(listed, wanted, self)
        return self.page(self.num_pages)  # past the end of a count a minute old

    def page(self, number: int | str) -> Page:  # type: ignore[override]
        """A page of live rows: the last one is not cut at a count that may be old."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.object_list[bottom : bottom + self.per_page], number, self)


def in_order_of(ids: Iterable[int], rows: Iterable[T]) -> list[T]:
    """`rows` (read by key, in any order) in the order of `ids`, the page cut from
    a list of ids; an id whose row did not come back is left out."""
    by_id = {row.pk: row for row in rows}  # type: ignore[attr-defined]
    return [by_id[pk] for pk in ids if pk in by_id]
