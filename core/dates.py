"""Japanese era dates (和暦) for printed pages: 令和8年11月28日 beside 2026年11月28日,
and fiscal years (年度), which run from 1 April to 31 March."""

from datetime import date
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language

# (first day, era name); newest first. The first year of an era is 元年.
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1868, 1, 25), "明治"),
)


def era_year(day: date) -> str:
    """ "令和8年" for a day in 2026; "令和元年" for 2019 from 1 May."""
    for start, name in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年"
    return f"{day.year}年"


def wareki(day: date) -> str:
    """ "令和8年11月28日"."""
    return f"{era_year(day)}{day.month}月{day.day}日"


def wareki_with_western(day: date) -> str:
    """ "令和8年11月28日（2026年）": the era date with the Western year beside it."""
    return f"{wareki(day)}（{day.year}年）"


def fiscal_year_of(day: date) -> int:
    """Japanese fiscal years start on 1 April: 2027-03-31 is in FY2026."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_span(year: int) -> tuple[date, date]:
    """The first and last day of fiscal year `year` (1 April to 31 March)."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def fiscal_year_label(year: int) -> str:
    """ "令和8年度（2026年度）".

    A fiscal year takes the era in force at its end: the year from April 2019,
    when 平成 still ran, is 令和元年度, as the government writes it.
    """
    last_day = date(year + 1, 3, 31)
    for start, name in ERAS:
        if last_day >= start:
            number = year - start.year + 1
            return f"{name}{'元' if number == 1 else number}年度（{year}年度）"
    return f"{year}年度"


def day_label(day: date | None, empty: str = "—") -> str:
    """A day as the active language writes it (2026年11月28日), or `empty`.

    For long lists: Django's date_format parses the format on every call,
    and a ledger page formats a hundred days.
    """
    return _day_label(day, get_language()) if day else empty


@lru_cache(maxsize=4096)
def _day_label(day: date, language: str | None) -> str:
    return date_format(day, "DATE_FORMAT")
