from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from cases import services
from cases.tests.factories import open_case
from conftest import reminders_of
from core.business_days import add_business_days

TOKYO = ZoneInfo("Asia/Tokyo")


@time_machine.travel(datetime(2027, 4, 20, 10, 0, tzinfo=TOKYO))
def test_task_reminders_fire_three_business_days_before_and_a_day_after(case, personas):
    task = services.task_add(
        plan=case.plan,
        description="訪問",
        agency=personas.agency_a,
        due_on=date(2027, 5, 7),
        by=personas.coordinator,
    )
    due = {r.kind: r.due_at for r in reminders_of(task).filter(sent_at=None)}
    # three business days before 7 May, over Golden Week (6 May, 30 Apr, 28 Apr)
    assert due["task_due"] == datetime(2027, 4, 28, 9, 0, tzinfo=TOKYO)
    # a business day after Friday 7 May: Monday, not Saturday
    assert due["task_overdue"] == datetime(2027, 5, 10, 9, 0, tzinfo=TOKYO)


def test_moving_the_due_date_reschedules_and_finishing_drops(task, personas):
    services.task_update(
        task=task,
        by=personas.coordinator,
        description=task.description,
        agency=task.agency,
        due_on=task.due_on + timedelta(days=14),
    )
    pending = reminders_of(task).filter(sent_at=None)
    assert pending.count() == 2
    assert {timezone.localdate(r.due_at) for r in pending} == {
        add_business_days(task.due_on, -3),
        add_business_days(task.due_on, 1),
    }
    services.task_set_status(task=task, status="done", by=personas.coordinator)
    assert not reminders_of(task).filter(sent_at=None).exists()
    assert set(reminders_of(task).values_list("dropped_reason", flat=True)) == {"source changed"}


def test_review_reminders_follow_the_next_review_date(personas):
    case = open_case(
        lead_agency=personas.agency_a,
        by=personas.coordinator,
        next_review_on=date.today() + timedelta(days=30),
    )
    kinds = set(reminders_of(case).filter(sent_at=None).values_list("kind", flat=True))
    assert kinds == {"review_due", "review_passed"}
    services.case_close(case=case, reason="moved_away", by=personas.coordinator)
    assert not reminders_of(case).filter(sent_at=None).exists()


def test_no_reminder_for_a_moment_long_past(personas, case):
    task = services.task_add(
        plan=case.plan,
        description="過去の期限",
        agency=personas.agency_a,
        due_on=case.opened_on,
        by=personas.coordinator,
    )
    # due today: the "due soon" moment passed days ago and is not created
    kinds = set(reminders_of(task).filter(sent_at=None).values_list("kind", flat=True))
    assert kinds == {"task_overdue"}


def test_sync_reminders_applies_changed_rules(task, settings):
    from django.core.management import call_command

    rules = {"task_overdue": {"business_days_after": 3}}
    settings.REMINDER_RULES = {**settings.REMINDER_RULES, **rules}
    call_command("sync_reminders")
    after = reminders_of(task).get(kind="task_overdue", sent_at=None).due_at
    assert timezone.localdate(after) == add_business_days(task.due_on, 3)
