"""Japanese era dates (和暦) for printed pages: 令和8年11月28日 beside 2026年11月28日."""

from datetime import date

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
