"""Spreadsheet cells that stay text: no exported value is ever run as a formula.

Excel, LibreOffice and Numbers treat a cell that starts with "=", "+", "-" or
"@" (and some that start with a tab or a carriage return) as a formula, even
in a CSV file. A name or an agency typed as "=HYPERLINK(...)" would run on
the office computer that opens the export. Every CSV and Excel export passes
its values through `safe_cell` (OWASP "CSV injection").
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would run prefixed by an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: list[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def csv_cell(value: Any) -> str:
    """A CSV cell: dates the Japanese office way (2026/11/28), None empty, text safe."""
    if isinstance(value, datetime):
        return value.strftime("%Y/%m/%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y/%m/%d")
    if value is None:
        return ""
    return str(safe_cell(value))


def audited_stream(chunks: Iterable[T], *, audit: Callable[[], object]) -> Iterator[T]:
    """A streamed export's body: the first chunk (the header row), then `audit`,
    then the rest, all inside one transaction.

    1. The header leaves at once, so the first byte does not wait for the
       audit of tens of thousands of rows.
    2. `audit` runs before any row leaves: no personal data goes out unaudited,
       and if it fails the body stops there.
    3. One transaction: a server-side cursor opened outside one is declared
       WITH HOLD, and PostgreSQL then computes the whole result before the
       first row; inside one it yields rows as they are found.
    """
    with transaction.atomic():
        for n, chunk in enumerate(chunks):
            yield chunk
            if n == 0:
                audit()
