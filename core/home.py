"""The home page as a to-do list: each app adds the items it owns.

The home view lives in council (the top floor) but knows none of the items: an
app registers a source, a function of the user and today's date that returns
the items for that user's role (often none). Each item is a count and a short
list linking to the work, so the page stays a fixed number of queries: a
source spends one per item (the first rows with their count: `first_rows`).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from core.pagination import first_rows_counted

# How many rows an item lists before "more" takes over.
HOME_ROWS = 5


@dataclass(frozen=True)
class HomeRow:
    text: str
    url: str
    detail: str = ""  # a second, smaller line (the case a task belongs to)
    when: date | None = None  # a due or review date, shown the Japanese way
    note: str = ""  # a short status beside the text ("期限切れ")
    urgent: bool = False


@dataclass(frozen=True)
class HomeItem:
    key: str
    title: str
    count: int | None  # None: no badge (figures, a next meeting)
    # The count stopped at `count`: there are at least that many (a council-wide
    # count of thousands is shown as "1,000+" instead of being counted each time).
    at_least: bool = False
    rows: Sequence[HomeRow] = ()
    more_url: str = ""
    empty: str = ""  # what an empty item says, so that nothing to do reads as good news
    urgent: bool = False  # something is late: the badge turns red
    order: int = 100
    template: str = ""  # a template of its own, rendered with `item` (figures)
    data: dict[str, Any] = field(default_factory=dict)
    # The records whose personal data the rows show: the page records their read.
    shown: Sequence[Any] = ()


HomeSource = Callable[[Any, date], Iterable[HomeItem]]  # (user, today)
_SOURCES: dict[str, HomeSource] = {}


def register_home_source(key: str, source: HomeSource) -> HomeSource:
    _SOURCES[key] = source
    return source


def first_rows(rows: QuerySet[Any]) -> tuple[list[Any], int]:
    """An item's first rows and how many there are in all, in one statement
    (core.pagination: exact up to 500 rows, above that a count at most a minute
    old, so a prefecture's thousands of reviews are not counted on every visit)."""
    first, count, _at_least = first_rows_counted(rows, HOME_ROWS)
    return first, count


def home_items(user: Any, today: date) -> list[HomeItem]:
    """Every registered item for the user, in order."""
    items = [item for source in _SOURCES.values() for item in source(user, today)]
    return sorted(items, key=lambda item: (item.order, item.key))


def suppress_small(count: int, minimum: int = 3) -> int | None:
    """A figure for anonymised reports: None (shown as 「3未満」) below `minimum`.

    Small cells can identify a young person in a small town (DOMAIN.md);
    zero is suppressed too, so that a blank cell does not tell 0 from 1 or 2.
    """
    return count if count >= minimum else None
