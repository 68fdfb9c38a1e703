"""Business days in Japan: no weekends, no public holidays (jpholiday).

Municipal offices also close from 29 December to 3 January (年末年始), which
is not a public holiday but matters for "within two business days".
"""

from datetime import date, timedelta

import jpholiday


def is_business_day(day: date) -> bool:
    if day.weekday() >= 5 or jpholiday.is_holiday(day):
        return False
    return not ((day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3))


def add_business_days(day: date, count: int) -> date:
    """The day `count` business days after `day` (before it when `count` is negative).

    `day` itself is not counted, so add_business_days(friday, 1) is the next
    Monday when that Monday is a business day.
    """
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_business_day(day):
            remaining -= 1
    return day


def next_business_day(day: date) -> date:
    """`day` itself when the offices are open, else the first business day after it."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def previous_business_day(day: date) -> date:
    """`day` itself when the offices are open, else the last business day before it
    (for what must arrive before something: a reminder of a meeting)."""
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day
