"""Turning due reminders into notifications, exactly once.

Delivery guarantees (docs/operations.md):
- In-app notifications: exactly once. A batch of reminders is locked
  (`SELECT ... FOR UPDATE SKIP LOCKED`), turned into notifications and marked
  sent in one transaction. A crash before the commit rolls everything back,
  so the next sweep sends the batch again; a second worker skips the locked
  rows; the unique idempotency key stops any double insert.
- Email: at least once (notifications.email). The notification row is the
  outbox; a claimed email that was never marked sent is claimed again.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy

from accounts.models import User
from cases.models import Case
from notifications.models import Delivery, Kind, Notification, Preference, Reminder
from notifications.recipients import Recipients
from notifications.scheduling import too_late

TITLES: dict[str, StrPromise] = {
    Kind.TASK_DUE: gettext_lazy("A task is due on %(day)s"),
    Kind.TASK_OVERDUE: gettext_lazy("A task was due on %(day)s and is still open"),
    Kind.REVIEW_DUE: gettext_lazy("The case review is due on %(day)s"),
    Kind.REVIEW_PASSED: gettext_lazy("The case review date (%(day)s) has passed"),
}


@dataclass
class SweepResult:
    reminders: int = 0
    notifications: int = 0
    dropped: int = 0
    batches: int = 0
    dropped_reasons: dict[str, int] = field(default_factory=dict)


def _stale_reason(reminder: Reminder, recipients: Recipients, now: datetime) -> str:
    """Why a due reminder should not be sent, or "" when it should."""
    case = recipients.case_of(reminder)
    if case is None or not case.is_open:
        return "case closed"
    if reminder.task_id:
        task = recipients.tasks[reminder.task_id]
        if not task.is_open:
            return "task finished"
        if task.due_on != reminder.source_date:
            return "date moved"
    elif case.next_review_on != reminder.source_date:
        return "date moved"
    if too_late(reminder.due_at, now):
        return "too late"
    return ""


class _Texts:
    """Titles, labels and links of a batch, computed once per case and date."""

    def __init__(self, recipients: Recipients) -> None:
        self.recipients = recipients
        self.urls: dict[int, str] = {}
        self.labels: dict[int, str] = {}
        self.days: dict[date, str] = {}

    def _day(self, day: date) -> str:
        if day not in self.days:
            self.days[day] = date_format(day, "MONTH_DAY_FORMAT")
        return self.days[day]

    def case_parts(self, case: Case) -> tuple[str, str]:
        if case.pk not in self.urls:
            self.urls[case.pk] = case.get_absolute_url()
            self.labels[case.pk] = case.anonymised_label
        return self.urls[case.pk], self.labels[case.pk]

    def for_reminder(self, reminder: Reminder) -> tuple[str, str, str, str]:
        """Title (no personal data: it goes into emails), label, in-app body, link."""
        case = self.recipients.case_of(reminder)
        assert case is not None  # noqa: S101 - stale reminders were dropped before
        url, label = self.case_parts(case)
        if reminder.task_id:
            task = self.recipients.tasks[reminder.task_id]
            title = TITLES[reminder.kind] % {"day": self._day(task.due_on)}
            return title, label, task.description, f"{url}#task-{task.pk}"
        return TITLES[reminder.kind] % {"day": self._day(reminder.source_date)}, label, "", url


def _email_status(delivery: str, has_email: bool) -> str:
    if not has_email or delivery == Delivery.IN_APP:
        return Notification.Email.NONE
    if delivery == Delivery.DIGEST:
        return Notification.Email.DIGEST
    return Notification.Email.PENDING


INSERT_COLUMNS = (
    "recipient_id",
    "kind",
    "title",
    "label",
    "body",
    "url",
    "created_at",
    "reminder_id",
    "idempotency_key",
    "email_status",
    "email_attempts",
    "email_error",
)


def _insert_notifications(rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert the batch's notifications; a key that exists already is skipped.

    One short statement run for every row (psycopg pipelines `executemany`):
    Django's bulk_create costs more Python per row than the rest of the sweep,
    and the unique idempotency key keeps this exactly-once all the same.
    """
    table = Notification._meta.db_table
    columns = ", ".join(INSERT_COLUMNS)
    values = ", ".join(["%s"] * len(INSERT_COLUMNS))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({values}) "  # noqa: S608 - fixed names
        "ON CONFLICT (idempotency_key) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, 0, "") for row in rows])


def _sweep_batch(*, now: datetime, batch: int, result: SweepResult) -> bool:
    """One transaction: lock a batch, create its notifications, mark it sent."""
    with transaction.atomic():
        due = list(
            Reminder.objects.filter(sent_at__isnull=True, due_at__lte=now)
            .select_for_update(skip_locked=True)
            .order_by("due_at", "pk")[:batch]
        )
        if not due:
            return False
        recipients = Recipients(due)
        user_ids = set().union(*(recipients.for_reminder(r) for r in due))
        emails = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "email"))
        preferences = {
            (p.user_id, p.kind): p.delivery for p in Preference.objects.filter(user_id__in=user_ids)
        }
        texts = _Texts(recipients)
        rows, dropped = [], {}
        for reminder in due:
            reason = _stale_reason(reminder, recipients, now)
            if reason:
                dropped[reminder.pk] = reason
                continue
            title, label, body, url = texts.for_reminder(reminder)
            for user_id in recipients.for_reminder(reminder):
                delivery = preferences.get((user_id, reminder.kind), Delivery.IMMEDIATE)
                rows.append(
                    (
                        user_id,
                        reminder.kind,
                        str(title),
                        label,
                        body[:300],
                        url,
                        now,
                        reminder.pk,
                        f"reminder:{reminder.pk}:user:{user_id}",
                        _email_status(delivery, bool(emails.get(user_id))),
                    )
                )
        _insert_notifications(rows)
        sent = [r.pk for r in due if r.pk not in dropped]
        Reminder.objects.filter(pk__in=sent).update(sent_at=now)
        for reason in set(dropped.values()):
            ids = [pk for pk, why in dropped.items() if why == reason]
            Reminder.objects.filter(pk__in=ids).update(sent_at=now, dropped_reason=reason)
            result.dropped_reasons[reason] = result.dropped_reasons.get(reason, 0) + len(ids)
    result.reminders += len(sent)
    result.dropped += len(dropped)
    result.notifications += len(rows)
    result.batches += 1
    return True


def reminders_send_due(*, now: datetime, batch: int = 1000, max_batches: int = 1000) -> SweepResult:
    """Sweep every due reminder, a batch per transaction, until none is left."""
    result = SweepResult()
    with translation.override(settings.LANGUAGE_CODE):
        for _batch in range(max_batches):
            if not _sweep_batch(now=now, batch=batch, result=result):
                break
    return result
