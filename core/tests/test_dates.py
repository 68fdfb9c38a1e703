from datetime import date

import pytest

from core.dates import (
    era_year,
    fiscal_year_label,
    fiscal_year_of,
    fiscal_year_span,
    wareki,
    wareki_with_western,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 28), "令和8年"),
        (date(2019, 5, 1), "令和元年"),
        (date(2019, 4, 30), "平成31年"),
        (date(1989, 1, 8), "平成元年"),
        (date(1989, 1, 7), "昭和64年"),
    ],
)
def test_era_years_change_on_the_first_day_of_the_era(day, expected):
    assert era_year(day) == expected


def test_printed_dates_show_the_era_beside_the_western_year():
    assert wareki(date(2026, 4, 1)) == "令和8年4月1日"
    assert wareki_with_western(date(2026, 11, 28)) == "令和8年11月28日（2026年）"


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2027, 3, 31), 2026)],
)
def test_fiscal_years_run_from_april_to_march(day, year):
    assert fiscal_year_of(day) == year
    start, end = fiscal_year_span(year)
    assert start <= day <= end and (start.month, start.day, end.month, end.day) == (4, 1, 3, 31)


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2018, "平成30年度（2018年度）"),
        (2019, "令和元年度（2019年度）"),  # began under 平成, named for the era at its end
        (2020, "令和2年度（2020年度）"),
        (2026, "令和8年度（2026年度）"),
    ],
)
def test_fiscal_years_are_named_in_the_era_they_end_in(year, label):
    assert fiscal_year_label(year) == label
