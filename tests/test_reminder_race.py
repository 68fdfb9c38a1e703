"""The sweep and a change of the source race on two database connections.

Defect 4: a user moved a task's due date while the sweep held that
reminder's batch; the update rewrote the just-sent reminder to the new date
with `sent_at` still set, and no reminder existed for the new date.
"""

import threading
import time
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from cases import services
from conftest import make_due, reminders_of
from core.business_days import add_business_days
from notifications import services as notification_services
from notifications.models import Notification
from notifications.scheduling import fire_at

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def test_a_due_date_moved_during_the_sweep_gets_a_new_reminder(task, personas, monkeypatch):
    old_due = task.due_on
    make_due(reminders_of(task).filter(kind="task_due"))
    held, release = threading.Event(), threading.Event()
    real_insert = notification_services._insert_notifications

    def insert_then_hold(rows):
        count = real_insert(rows)
        held.set()  # the batch is locked, its notifications made, not yet committed
        assert release.wait(20)
        return count

    monkeypatch.setattr(notification_services, "_insert_notifications", insert_then_hold)
    errors: list[BaseException] = []

    def in_thread(work):
        def run() -> None:
            try:
                work()
            except BaseException as error:  # reported by the test thread
                errors.append(error)
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    new_due = old_due + timedelta(days=14)
    sweep = in_thread(lambda: notification_services.reminders_send_due(now=timezone.now()))
    assert held.wait(20)
    update = in_thread(
        lambda: services.task_update(
            task=task,
            by=personas.coordinator,
            description=task.description,
            agency=task.agency,
            due_on=new_due,
        )
    )
    deadline = time.monotonic() + 10
    while not _waiting_for_a_lock():  # the update waits for the sweep's row lock
        assert time.monotonic() < deadline
        time.sleep(0.05)
    release.set()
    sweep.join(20)
    update.join(20)
    assert not errors

    due_soon = reminders_of(task).filter(kind="task_due")
    sent = due_soon.get(sent_at__isnull=False)
    assert sent.basis == old_due.isoformat()  # what went out stays as it went out
    assert sent.dropped_reason == ""
    pending = due_soon.get(sent_at=None)
    assert pending.basis == new_due.isoformat()
    assert pending.due_at == fire_at(add_business_days(new_due, -3))
    assert Notification.objects.filter(reminder=sent).count() == 1


def test_a_date_moved_into_the_past_after_sending_makes_no_new_reminder(task, personas):
    make_due(reminders_of(task).filter(kind="task_due"))
    notification_services.reminders_send_due(now=timezone.now())
    services.task_update(
        task=task,
        by=personas.coordinator,
        description=task.description,
        agency=task.agency,
        due_on=date.today() + timedelta(days=1),  # its "due soon" moment has passed
    )
    assert not reminders_of(task).filter(kind="task_due", sent_at=None).exists()
