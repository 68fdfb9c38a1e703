"""Keeping reminder rows in step with their sources.

The owning app's services call `reminders_sync(source=row)` after every
change that moves a date or finishes the row: a moved date reschedules the
pending reminder, a finished row drops it. The sweep checks again when it
fires (belt and braces).
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from notifications.models import Reminder
from notifications.registry import ReminderSource, all_sources, sources_for


def fire_at(day: date) -> datetime:
    """The moment on `day` when reminders go out (REMINDER_SEND_TIME, local time)."""
    hour, minute = (int(part) for part in settings.REMINDER_SEND_TIME.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def too_late(due_at: datetime, now: datetime) -> bool:
    return now - due_at > timedelta(hours=settings.REMINDER_MAX_LATENESS_HOURS)


def _wanted(source: ReminderSource, row: object, now: datetime) -> datetime | None:
    if source.not_wanted_because(row):
        return None
    due_at = source.due_at(row)
    if due_at is None or too_late(due_at, now):
        return None
    return due_at


@transaction.atomic
def reminders_sync(*, source: models.Model) -> None:
    """Make the pending reminders of one row match what its sources want now.

    1. Lock the row's reminders (a sweep holding one of them finishes first,
       so a date moved during a sweep is never written onto a sent reminder).
    2. Drop a pending reminder no longer wanted; move one whose time changed.
    3. Create what is wanted and missing, unless a reminder with the same
       basis was already sent: saving a row again never repeats a reminder.
    """
    sources = sources_for(type(source))
    if not sources:
        return
    now = timezone.now()
    reminders = list(
        Reminder.objects.select_for_update()
        .filter(source_id=source.pk, kind__in=[s.kind for s in sources])
        .order_by("pk")
    )
    for reminder_source in sources:
        kind = reminder_source.kind
        mine = [r for r in reminders if r.kind == kind]
        pending = next((r for r in mine if r.sent_at is None), None)
        sent = {r.basis for r in mine if r.sent_at is not None and not r.dropped_reason}
        wanted = _wanted(reminder_source, source, now)
        basis = reminder_source.basis(source) if wanted else ""
        if basis in sent:
            wanted = None
        if pending is not None and wanted is None:
            pending.sent_at = now
            pending.dropped_reason = "source changed"
            pending.save(update_fields=["sent_at", "dropped_reason"])
        elif pending is not None and wanted is not None:
            if (pending.due_at, pending.basis) != (wanted, basis):
                pending.due_at, pending.basis = wanted, basis
                pending.save(update_fields=["due_at", "basis"])
        elif wanted is not None:
            Reminder.objects.create(kind=kind, source_id=source.pk, basis=basis, due_at=wanted)


def reminders_sync_all() -> int:
    """Recompute the pending reminders of every live row of every source."""
    done: set[tuple[type[models.Model], int]] = set()
    for reminder_source in all_sources():
        for row in reminder_source.live().iterator(chunk_size=500):
            key = (type(row), row.pk)
            if key not in done:
                reminders_sync(source=row)
                done.add(key)
    return len(done)
