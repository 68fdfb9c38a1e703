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

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import Delivery, Kind, Notification, Preference, Reminder
from notifications.recipients import Recipients
from notifications.scheduling import too_late


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


def _texts(reminder: Reminder, recipients: Recipients) -> tuple[str, str, str]:
    """Title (no personal data: it goes into emails), in-app body, and link."""
    case = recipients.case_of(reminder)
    assert case is not None  # noqa: S101 - stale reminders were dropped before
    if reminder.task_id:
        task = recipients.tasks[reminder.task_id]
        day = date_format(task.due_on, "MONTH_DAY_FORMAT")
        title = (
            _("A task is due on %(day)s")
            if reminder.kind == Kind.TASK_DUE
            else _("A task was due on %(day)s and is still open")
        ) % {"day": day}
        return title, task.description, f"{case.get_absolute_url()}#task-{task.pk}"
    day = date_format(reminder.source_date, "MONTH_DAY_FORMAT")
    title = (
        _("The case review is due on %(day)s")
        if reminder.kind == Kind.REVIEW_DUE
        else _("The case review date (%(day)s) has passed")
    ) % {"day": day}
    return title, "", case.get_absolute_url()


def _email_status(delivery: str, has_email: bool) -> str:
    if not has_email or delivery == Delivery.IN_APP:
        return Notification.Email.NONE
    if delivery == Delivery.DIGEST:
        return Notification.Email.DIGEST
    return Notification.Email.PENDING


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
        notifications, dropped = [], {}
        for reminder in due:
            reason = _stale_reason(reminder, recipients, now)
            if reason:
                dropped[reminder.pk] = reason
                continue
            title, body, url = _texts(reminder, recipients)
            label = recipients.case_of(reminder).anonymised_label  # type: ignore[union-attr]
            for user_id in recipients.for_reminder(reminder):
                delivery = preferences.get((user_id, reminder.kind), Delivery.IMMEDIATE)
                notifications.append(
                    Notification(
                        recipient_id=user_id,
                        kind=reminder.kind,
                        title=title,
                        label=label,
                        body=body[:300],
                        url=url,
                        reminder=reminder,
                        idempotency_key=f"reminder:{reminder.pk}:user:{user_id}",
                        email_status=_email_status(delivery, bool(emails.get(user_id))),
                    )
                )
        Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=1000)
        sent = [r.pk for r in due if r.pk not in dropped]
        Reminder.objects.filter(pk__in=sent).update(sent_at=now)
        for reason in set(dropped.values()):
            ids = [pk for pk, why in dropped.items() if why == reason]
            Reminder.objects.filter(pk__in=ids).update(sent_at=now, dropped_reason=reason)
            result.dropped_reasons[reason] = result.dropped_reasons.get(reason, 0) + len(ids)
    result.reminders += len(sent)
    result.dropped += len(dropped)
    result.notifications += len(notifications)
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
