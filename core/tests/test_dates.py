from datetime import date

import pytest

from core.dates import era_year, wareki, wareki_with_western


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
