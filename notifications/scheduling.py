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

from core.business_days import next_business_day
from notifications.models import Reminder
from notifications.registry import ReminderSource, all_sources, sources_for


def fire_at(day: date) -> datetime:
    """The moment on `day` when reminders go out (REMINDER_SEND_TIME, local time)."""
    hour, minute = (int(part) for part in settings.REMINDER_SEND_TIME.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def moment(source: ReminderSource, row: object) -> datetime | None:
    """When the reminder of `row` fires: the source's moment, moved off closed days.

    A moment on a weekend, a public holiday or the New Year closure moves to
    the next business day at the same local time: nobody is at the office
    to act on it, and Monday's list should hold it.
    """
    due_at = source.due_at(row)
    if due_at is None or source.fires_on_closed_days:
        return due_at
    local = timezone.localtime(due_at)
    day = next_business_day(local.date())
    if day == local.date():
        return due_at
    return timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))


def too_late(due_at: datetime, now: datetime) -> bool:
    """Past the age up to which a late reminder is still sent (then dropped, visibly)."""
    return now - due_at > timedelta(hours=settings.REMINDER_MAX_LATENESS_HOURS)


def is_late(due_at: datetime, now: datetime) -> bool:
    """Sent so long after it was due that it says so ("遅れて送信")."""
    return now - due_at > timedelta(minutes=settings.REMINDER_LATE_AFTER_MINUTES)


def too_old_to_make(due_at: datetime, now: datetime) -> bool:
    """A new (or moved) reminder for a moment this long past is not made at all:
    a task added today that was due last week needs no "due soon" nag."""
    return now - due_at > timedelta(hours=settings.REMINDER_CATCH_UP_HOURS)


def _wanted(source: ReminderSource, row: object) -> datetime | None:
    if source.not_wanted_because(row):
        return None
    return moment(source, row)


@transaction.atomic
def reminders_sync(*, source: models.Model) -> None:
    """Make the pending reminders of one row match what its sources want now.

    1. Lock the row's reminders (a sweep holding one of them finishes
       first, and the lock returns the rows as the sweep left them, so a date
       moved during a sweep is never written onto a sent reminder).
    2. Drop a pending reminder no longer wanted; move one whose time changed
       (only rows still unsent are written, `sent_at IS NULL`).
    3. Create what is wanted and missing, unless a reminder with the same
       basis was already sent: saving a row again never repeats a reminder.
       After a reminder of this kind went out, a new one is made only for a
       moment still ahead; a first one also for a moment at most
       REMINDER_CATCH_UP_HOURS past. A pending reminder whose moment did not
       change is left alone however late it is: the sweep sends it, marked late.
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
        wanted = _wanted(reminder_source, source)
        basis = reminder_source.basis(source) if wanted else ""
        changed = pending is None or (pending.due_at, pending.basis) != (wanted, basis)
        if basis in sent or (
            wanted is not None
            and changed
            and (wanted <= now if sent else too_old_to_make(wanted, now))
        ):
            wanted = None
        unsent = Reminder.objects.filter(sent_at__isnull=True)
        if pending is not None and wanted is None:
            unsent.filter(pk=pending.pk).update(sent_at=now, dropped_reason="source changed")
        elif pending is not None and wanted is not None:
            if changed:
                unsent.filter(pk=pending.pk).update(due_at=wanted, basis=basis)
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
