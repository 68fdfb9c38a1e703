"""The referrals' item on the home page: new referrals to the agency, urgent first in red."""

from datetime import date

import time_machine

from cases.tests.factories import open_case
from core.home import HOME_ROWS
from referrals.home import referral_home_items
from referrals.models import Urgency
from referrals.tests.factories import refer


def _new_item(user):
    return next(i for i in referral_home_items(user, date.today()) if i.key == "referrals-new")


def _refer_to_b(personas, urgency=Urgency.NORMAL):
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    return refer(case, personas.agency_b, personas.practitioner_a, urgency=urgency)


def test_an_urgent_referral_below_the_first_rows_still_turns_the_item_red(
    personas, django_assert_num_queries
):
    with time_machine.travel("2026-11-02 10:00 +09:00"):
        _refer_to_b(personas, Urgency.URGENT)  # the oldest: not among the rows shown
    for day in range(3, 3 + HOME_ROWS):
        with time_machine.travel(f"2026-11-{day:02d} 10:00 +09:00"):
            _refer_to_b(personas)
    with django_assert_num_queries(1):  # the rows, their count and "any urgent?" at once
        item = _new_item(personas.practitioner_b)
    assert item.count == HOME_ROWS + 1
    assert not any(row.urgent for row in item.rows)
    assert item.urgent


def test_no_urgent_referral_leaves_the_item_calm(personas):
    for _ in range(2):
        _refer_to_b(personas)
    item = _new_item(personas.practitioner_b)
    assert (item.count, item.urgent) == (2, False)
    assert _new_item(personas.practitioner_a).count == 0  # nothing sent to agency A
