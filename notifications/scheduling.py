"""Keeping reminder rows in step with their sources (tasks, case reviews).

The cases services call these after every change that moves a date or
closes a source: a moved date reschedules the pending reminder, a closed
source drops it. The sweep checks again when it fires (belt and braces).
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from cases.models import Case, PlanTask
from core.business_days import add_business_days
from notifications.models import Kind, Reminder


def fire_at(day: date) -> datetime:
    """The moment on `day` when reminders go out (REMINDER_SEND_TIME, local time)."""
    hour, minute = (int(part) for part in settings.REMINDER_SEND_TIME.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def too_late(due_at: datetime, now: datetime) -> bool:
    return now - due_at > timedelta(hours=settings.REMINDER_MAX_LATENESS_HOURS)


def task_reminder_days(due_on: date) -> dict[str, date]:
    rules = settings.REMINDER_RULES
    return {
        Kind.TASK_DUE: add_business_days(due_on, -rules["task_due"]["business_days_before"]),
        Kind.TASK_OVERDUE: due_on + timedelta(days=rules["task_overdue"]["days_after"]),
    }


def review_reminder_days(review_on: date) -> dict[str, date]:
    rules = settings.REMINDER_RULES
    return {
        Kind.REVIEW_DUE: review_on - timedelta(days=rules["review_due"]["days_before"]),
        Kind.REVIEW_PASSED: review_on + timedelta(days=rules["review_passed"]["days_after"]),
    }


def _sync(
    reminders: list[Reminder],
    wanted: dict[str, datetime],
    source_date: date | None,
    create: dict[str, object],
) -> None:
    """Make the pending reminders of one source match `wanted` (kind -> when).

    A reminder already sent for the same date is never made again, so
    re-saving a task or a case (or running sync_reminders) cannot repeat it.
    """
    now = timezone.now()
    pending = {r.kind: r for r in reminders if r.sent_at is None}
    sent = {(r.kind, r.source_date) for r in reminders if r.sent_at and not r.dropped_reason}
    wanted = {kind: when for kind, when in wanted.items() if (kind, source_date) not in sent}
    for kind, reminder in pending.items():
        if kind not in wanted:
            reminder.sent_at = now
            reminder.dropped_reason = "source changed"
            reminder.save(update_fields=["sent_at", "dropped_reason"])
    for kind, due_at in wanted.items():
        assert source_date is not None  # noqa: S101 - wanted is empty without a date
        current = pending.get(kind)
        if current is None:
            Reminder.objects.create(kind=kind, due_at=due_at, source_date=source_date, **create)
        elif current.due_at != due_at or current.source_date != source_date:
            current.due_at, current.source_date = due_at, source_date
            current.save(update_fields=["due_at", "source_date"])


def reminders_sync_task(*, task: PlanTask) -> None:
    """Reminders for an open task's due date; none once it is done or cancelled."""
    now = timezone.now()
    wanted: dict[str, datetime] = {}
    if task.is_open:
        for kind, day in task_reminder_days(task.due_on).items():
            if not too_late(fire_at(day), now):
                wanted[kind] = fire_at(day)
    reminders = list(Reminder.objects.filter(task=task))
    _sync(reminders, wanted, task.due_on, {"task": task, "case_id": task.plan.case_id})


def reminders_sync_case_review(*, case: Case) -> None:
    """Reminders for an open case's next review date; none once it is closed."""
    now = timezone.now()
    wanted: dict[str, datetime] = {}
    if case.is_open and case.next_review_on:
        for kind, day in review_reminder_days(case.next_review_on).items():
            if not too_late(fire_at(day), now):
                wanted[kind] = fire_at(day)
    reminders = list(Reminder.objects.filter(case=case, task=None))
    _sync(reminders, wanted, case.next_review_on, {"case": case})
