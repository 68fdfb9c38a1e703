"""Closed-day rules for every reminder kind, around New Year and Golden Week.

Every kind states whether it counts business or calendar days, and nothing
fires on a weekend, a public holiday or the New Year closure (29 Dec-3 Jan):
such a moment moves to the next business day (issue: an overdue reminder
fired on 29 December, a Friday task's on Saturday, a review reminder on New
Year's Day or Constitution Day).
"""

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Model
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, PlanTask
from conftest import reminders_of
from core.business_days import is_business_day
from notifications.models import Notification
from notifications.registry import BUSINESS_DAYS, CALENDAR_DAYS, all_sources, source
from notifications.scheduling import moment
from notifications.services import reminders_send_due
from referrals import services as referral_services
from referrals.models import Referral
from referrals.tests.factories import refer

TOKYO = ZoneInfo("Asia/Tokyo")


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


def _task(due_on: date) -> PlanTask:
    return PlanTask(due_on=due_on)


def _review(on: date) -> Case:
    return Case(next_review_on=on)


def _sent(on: date) -> Referral:
    return Referral(requested_at=_at(on, 16))


def _moved(on: date) -> Referral:
    return Referral(last_activity_at=_at(on, 16))


def _follow_up(on: date) -> Referral:
    return Referral(follow_up_on=on)


# kind, how it counts, the row, where naive counting lands -> where it fires.
# New Year closure 2026-27: Tue 29 Dec - Sun 3 Jan. Golden Week 2027: Thu 29
# Apr (Showa Day), Mon 3 - Wed 5 May.
CASES: list[tuple[str, str, Callable[[date], Model], date, date]] = [
    # 3 business days before Wed 6 Jan: 5 Jan, 4 Jan, then back over the closure
    ("task_due", BUSINESS_DAYS, _task, date(2027, 1, 6), date(2026, 12, 28)),
    ("task_due", BUSINESS_DAYS, _task, date(2027, 5, 7), date(2027, 4, 28)),
    # a business day after Mon 28 Dec is Mon 4 Jan, not 29 Dec
    ("task_overdue", BUSINESS_DAYS, _task, date(2026, 12, 28), date(2027, 1, 4)),
    # ...and after Fri 30 Apr it is Thu 6 May, not Saturday 1 May
    ("task_overdue", BUSINESS_DAYS, _task, date(2027, 4, 30), date(2027, 5, 6)),
    # 5 business days before Fri 8 Jan: 7, 6, 5, 4 Jan, 28 Dec (not New Year's Day)
    ("review_due", BUSINESS_DAYS, _review, date(2027, 1, 8), date(2026, 12, 28)),
    # 5 business days before Tue 11 May: 10, 7, 6 May, 30, 28 Apr (not Constitution Day)
    ("review_due", BUSINESS_DAYS, _review, date(2027, 5, 11), date(2027, 4, 28)),
    ("review_passed", BUSINESS_DAYS, _review, date(2026, 12, 28), date(2027, 1, 4)),
    ("review_passed", BUSINESS_DAYS, _review, date(2027, 4, 30), date(2027, 5, 6)),
    # sent Fri 25 Dec: 2 business days are 28 Dec and 4 Jan
    ("referral_unacknowledged", BUSINESS_DAYS, _sent, date(2026, 12, 25), date(2027, 1, 4)),
    ("referral_unacknowledged", BUSINESS_DAYS, _sent, date(2027, 4, 28), date(2027, 5, 6)),
    ("referral_unacknowledged_late", BUSINESS_DAYS, _sent, date(2026, 12, 25), date(2027, 1, 7)),
    ("referral_unacknowledged_late", BUSINESS_DAYS, _sent, date(2027, 4, 28), date(2027, 5, 11)),
    # 14 calendar days after Thu 17 Dec is New Year's Eve: moved to Mon 4 Jan
    ("referral_no_progress", CALENDAR_DAYS, _moved, date(2026, 12, 17), date(2027, 1, 4)),
    # 14 calendar days after Mon 19 Apr is Constitution Day: moved to Thu 6 May
    ("referral_no_progress", CALENDAR_DAYS, _moved, date(2027, 4, 19), date(2027, 5, 6)),
    ("referral_check_in", CALENDAR_DAYS, _moved, date(2026, 12, 17), date(2027, 1, 4)),
    ("referral_check_in", CALENDAR_DAYS, _moved, date(2027, 4, 19), date(2027, 5, 6)),
    ("referral_follow_up", CALENDAR_DAYS, _follow_up, date(2027, 1, 1), date(2027, 1, 4)),
    ("referral_follow_up", CALENDAR_DAYS, _follow_up, date(2027, 5, 4), date(2027, 5, 6)),
]


@pytest.mark.parametrize(("kind", "counts", "row", "day", "fires_on"), CASES)
def test_every_kind_fires_on_a_business_day(kind, counts, row, day, fires_on):
    reminder_source = source(kind)
    assert reminder_source is not None
    assert reminder_source.counts == counts
    fires = moment(reminder_source, row(day))
    assert fires == _at(fires_on)
    assert is_business_day(timezone.localdate(fires))


def test_the_table_covers_every_kind_of_cases_and_referrals():
    own = {
        s.kind for s in all_sources() if s.model.__module__.split(".")[0] in {"cases", "referrals"}
    }
    assert own == {kind for kind, *_rest in CASES}


def test_every_registered_kind_says_how_it_counts():
    for reminder_source in all_sources():
        assert reminder_source.counts in (BUSINESS_DAYS, CALENDAR_DAYS), reminder_source.kind


def _sweep_at(moment_: datetime) -> None:
    with time_machine.travel(moment_, tick=False):
        reminders_send_due(now=timezone.now())


def test_an_overdue_task_waits_out_the_new_year_closure(personas, case):
    with time_machine.travel(_at(date(2026, 12, 1)), tick=False):
        task = case_services.task_add(
            plan=case.plan,
            description="年末の訪問",
            agency=personas.agency_a,
            due_on=date(2026, 12, 28),
            by=personas.coordinator,
        )
    for closed in (date(2026, 12, 29), date(2027, 1, 1), date(2027, 1, 3)):
        _sweep_at(_at(closed, 9, 5))
    assert not Notification.objects.filter(kind="task_overdue").exists()
    _sweep_at(_at(date(2027, 1, 4), 9, 5))
    overdue = Notification.objects.filter(kind="task_overdue", reminder__source_id=task.pk)
    assert overdue.exists()
    assert not overdue.filter(sent_late=True).exists()


def test_a_stalled_referral_reminder_waits_out_golden_week(personas, case):
    with time_machine.travel(_at(date(2027, 4, 19), 10), tick=False):
        referral = refer(case, personas.agency_b, personas.practitioner_a)
        referral_services.referral_accept(
            referral_id=referral.pk, by=personas.practitioner_b, agreed_role="相談"
        )
    pending = reminders_of(referral).filter(kind="referral_no_progress", sent_at=None).get()
    assert timezone.localdate(pending.due_at) == date(2027, 5, 6)
    _sweep_at(_at(date(2027, 5, 3), 9, 5))  # Constitution Day, 14 days on
    assert not Notification.objects.filter(kind="referral_no_progress").exists()
    _sweep_at(_at(date(2027, 5, 6), 9, 5))
    assert Notification.objects.filter(kind="referral_no_progress").exists()
