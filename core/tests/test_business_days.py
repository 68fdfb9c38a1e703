from datetime import date

import pytest
import time_machine
from django.utils import timezone

from core.business_days import add_business_days, is_business_day


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2027, 4, 28), 3, date(2027, 5, 7)),  # Golden Week: 29 Apr, 3-5 May, weekend
        (date(2027, 5, 6), -3, date(2027, 4, 27)),
        (date(2026, 12, 25), 2, date(2027, 1, 4)),  # 28 Dec, then the New Year closure
        (date(2027, 1, 4), -1, date(2026, 12, 28)),
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday to Monday
        (date(2026, 11, 20), 2, date(2026, 11, 25)),  # over 23 Nov (勤労感謝の日)
        (date(2026, 11, 30), 0, date(2026, 11, 30)),
    ],
)
def test_add_business_days_skips_weekends_and_holidays(start, count, expected):
    assert add_business_days(start, count) == expected


def test_holidays_and_year_end_are_not_business_days():
    assert not is_business_day(date(2027, 5, 3))  # 憲法記念日
    assert not is_business_day(date(2026, 12, 30))
    assert not is_business_day(date(2027, 1, 2))
    assert is_business_day(date(2027, 1, 4))


@time_machine.travel(date(2027, 4, 30))
def test_acknowledge_within_two_business_days_over_golden_week():
    today = timezone.localdate()
    assert today == date(2027, 4, 30)
    assert add_business_days(today, 2) == date(2027, 5, 7)
