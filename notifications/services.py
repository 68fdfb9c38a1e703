"""Notifications, exactly once: events now (`notify`), reminders when due (the sweep).

Delivery guarantees (docs/operations.md):
- In-app notifications: exactly once per idempotency key. `notify()` inserts
  in the caller's transaction; the sweep locks a batch of reminders
  (`SELECT ... FOR UPDATE SKIP LOCKED`), turns it into notifications and marks
  it sent in one transaction. A crash before the commit rolls everything
  back, so the next sweep sends the batch again; a second worker skips the
  locked rows; the unique idempotency key stops any double insert.
- Email: at least once (notifications.email). The notification row is the
  outbox; a claimed email that was never marked sent is claimed again.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from accounts.models import User
from notifications.models import Delivery, Notification, Preference, Reminder
from notifications.registry import Message, ReminderSource, source
from notifications.scheduling import is_late, too_late

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    reminders: int = 0
    notifications: int = 0
    dropped: int = 0
    batches: int = 0
    dropped_reasons: dict[str, int] = field(default_factory=dict)


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
    "url",
    "created_at",
    "reminder_id",
    "idempotency_key",
    "email_status",
    "sent_late",
    "email_attempts",
    "email_error",
)


def _insert_notifications(rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert notifications; a key that exists already is skipped. Returns the inserted count.

    One short statement run for every row (psycopg pipelines `executemany`):
    Django's bulk_create costs more Python per row than the rest of the sweep,
    and the unique idempotency key keeps this exactly-once all the same.
    """
    if not rows:
        return 0
    table = Notification._meta.db_table
    columns = ", ".join(INSERT_COLUMNS)
    values = ", ".join(["%s"] * len(INSERT_COLUMNS))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({values}) "  # noqa: S608 - fixed names
        "ON CONFLICT (idempotency_key) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, 0, "") for row in rows])
        return max(cursor.rowcount, 0)


class _Delivery:
    """Email addresses and preferences of a set of recipients (two queries)."""

    def __init__(self, user_ids: Iterable[int]) -> None:
        ids = set(user_ids)
        self.emails = dict(User.objects.filter(pk__in=ids).values_list("pk", "email"))
        self.preferences = {
            (p.user_id, p.kind): p.delivery for p in Preference.objects.filter(user_id__in=ids)
        }

    def email_status(self, user_id: int, kind: str) -> str:
        delivery = self.preferences.get((user_id, kind), Delivery.IMMEDIATE)
        return _email_status(delivery, bool(self.emails.get(user_id)))


def _kick_email_sender() -> None:
    from notifications.tasks import kick_email_senders  # tasks import this module

    kick_email_senders()


def notify(
    *,
    recipients: Iterable[int | User],
    kind: str,
    message: Message | Callable[[], Message],
    idempotency_key: str,
    exclude: User | None = None,
) -> int:
    """Tell people about an event now: in the app at once, by email per their preferences.

    Exactly once per (idempotency_key, recipient): calling it again with the
    same key adds nothing. Runs in the caller's transaction, so a rolled-back
    change tells no one. `exclude` is the person who did it (no need to tell
    them). Callers pass recipients the disclosure policy allows, and a message
    without free text about a person; pass a function that builds it to have
    it built in the site's language (the title goes into emails as it is
    stored). Returns the number of new notifications.
    """
    user_ids = {r.pk if isinstance(r, User) else r for r in recipients}
    if exclude is not None:
        user_ids.discard(exclude.pk)
    active = set(User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True))
    if not active:
        return 0
    delivery = _Delivery(active)
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        message = message() if callable(message) else message
        title = str(message.title)[:120]
    rows = [
        (
            user_id,
            kind,
            title,
            message.label[:80],
            message.url,
            now,
            None,
            f"{idempotency_key}:user:{user_id}"[:80],
            delivery.email_status(user_id, kind),
            False,
        )
        for user_id in sorted(active)
    ]
    created = _insert_notifications(rows)
    if any(row[8] == Notification.Email.PENDING for row in rows):
        transaction.on_commit(_kick_email_sender)
    return created


def _stale_reason(
    reminder_source: ReminderSource | None, row: object, reminder: Reminder, now: datetime
) -> str:
    """Why a due reminder should not be sent, or "" when it should."""
    if reminder_source is None:
        return "unknown kind"
    if row is None:
        return "source gone"
    reason = reminder_source.not_wanted_because(row)
    if reason:
        return reason
    if reminder_source.basis(row) != reminder.basis:
        return "date moved"
    if too_late(reminder.due_at, now):
        return "too late"
    return ""


def _sweep_batch(*, now: datetime, batch: int, result: SweepResult) -> bool:
    """One transaction: lock a batch, create its notifications, mark it sent.

    1. Lock up to `batch` due, unsent reminders, skipping rows another worker holds.
    2. Per kind, load the source rows once and drop reminders whose source has
       moved on (finished, date moved, gone) or that are too late.
    3. Resolve the recipients per kind through the source (and so through the
       disclosure policy), insert the notifications, mark every row sent.
    """
    with transaction.atomic():
        due = list(
            Reminder.objects.filter(sent_at__isnull=True, due_at__lte=now)
            .select_for_update(skip_locked=True)
            .order_by("due_at", "pk")[:batch]
        )
        if not due:
            return False
        by_kind: dict[str, list[Reminder]] = defaultdict(list)
        for reminder in due:
            by_kind[reminder.kind].append(reminder)
        dropped: dict[int, str] = {}
        live: list[tuple[Reminder, Message, list[int]]] = []
        for kind, reminders in by_kind.items():
            reminder_source = source(kind)
            rows = reminder_source.load({r.source_id for r in reminders}) if reminder_source else {}
            fresh = []
            for reminder in reminders:
                row = rows.get(reminder.source_id)
                reason = _stale_reason(reminder_source, row, reminder, now)
                if reason:
                    dropped[reminder.pk] = reason
                else:
                    fresh.append(reminder)
            if not fresh or reminder_source is None:
                continue
            wanted = {r.source_id: rows[r.source_id] for r in fresh}
            recipients = reminder_source.recipients(wanted)
            messages = {pk: reminder_source.message(row) for pk, row in wanted.items()}
            live += [(r, messages[r.source_id], recipients.get(r.source_id, [])) for r in fresh]
        delivery = _Delivery({u for _r, _m, users in live for u in users})
        inserts = [
            (
                user_id,
                reminder.kind,
                str(message.title)[:120],
                message.label[:80],
                message.url,
                now,
                reminder.pk,
                f"reminder:{reminder.pk}:user:{user_id}",
                delivery.email_status(user_id, reminder.kind),
                is_late(reminder.due_at, now),
            )
            for reminder, message, users in live
            for user_id in dict.fromkeys(users)
        ]
        _insert_notifications(inserts)
        Reminder.objects.filter(pk__in=[r.pk for r, _m, _u in live]).update(sent_at=now)
        for reason in set(dropped.values()):
            ids = [pk for pk, why in dropped.items() if why == reason]
            Reminder.objects.filter(pk__in=ids).update(sent_at=now, dropped_reason=reason)
            result.dropped_reasons[reason] = result.dropped_reasons.get(reason, 0) + len(ids)
    result.reminders += len(live)
    result.dropped += len(dropped)
    result.notifications += len(inserts)
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
