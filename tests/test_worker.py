"""The sweep through a real Celery worker and a real Redis broker.

The worker runs in a thread of this process (celery.contrib.testing), so it
shares the locmem mail outbox; the database is the real PostgreSQL test
database, committed (transactional tests), as a separate worker would see it.
"""

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from cases.services import task_add
from cases.tests.test_intake import intake_data
from conftest import make_due, reminders_of
from core.smtp_sink import Behaviour, SmtpSink
from council.celery import app as council_app
from notifications.models import Notification, Reminder

pytestmark = pytest.mark.django_db(transaction=True)


def reminder_emails() -> list:
    """Emails of reminders (events such as "task assigned" send their own)."""
    return [m for m in mail.outbox if m.extra_headers["Message-ID"].startswith("<reminder:")]


def reminded():
    """Notifications made by the sweep (events such as "task assigned" are told at once)."""
    return Notification.objects.filter(reminder__isnull=False)


class TaskCounter:
    """Counts finished tasks (and closes the worker thread's DB connection)."""

    def __init__(self) -> None:
        self.done = 0
        self.lock = threading.Lock()

    def __call__(self, **kwargs: object) -> None:
        connections.close_all()  # runs in the worker thread
        with self.lock:
            self.done += 1

    def wait_for(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while self.done < count:
            assert time.monotonic() < deadline, f"only {self.done} of {count} tasks finished"
            time.sleep(0.05)


@contextmanager
def running_worker(app: Celery) -> Iterator[TaskCounter]:
    counter = TaskCounter()
    task_postrun.connect(counter, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield counter
    finally:
        task_postrun.disconnect(counter)


def _until(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_due_reminder_becomes_one_notification_and_one_email(due_reminder):
    council_app.control.purge()
    emailed = reminded().filter(email_status=Notification.Email.SENT)
    with running_worker(council_app) as finished:
        # the sweep, then the email dispatcher it kicks, then one sending batch
        council_app.send_task("notifications.tasks.sweep_reminders")
        _until(emailed.exists)
        # beat keeps firing: more sweeps and email runs send nothing more
        council_app.send_task("notifications.tasks.sweep_reminders")
        council_app.send_task("notifications.tasks.send_pending_emails")
        finished.wait_for(5)
    [notification] = reminded().all()
    assert notification.email_status == Notification.Email.SENT
    [email] = reminder_emails()
    assert email.to == [notification.recipient.email]


def test_a_stalled_mail_server_does_not_stop_in_app_notifications(case, task, personas, settings):
    """Defect 1: an SMTP server that accepts and never answers blocked every sweep."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 1
    council_app.control.purge()
    other = task_add(
        plan=case.plan,
        description="学校と面談する",
        agency=personas.agency_a,
        due_on=date.today() + timedelta(days=12),
        by=personas.coordinator,
    )
    first = reminders_of(task).filter(kind="task_due")
    second = reminders_of(other).filter(kind="task_due")
    with SmtpSink(behaviour=Behaviour(stall=True)) as sink, running_worker(council_app):
        settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
        make_due(first)
        council_app.send_task("notifications.tasks.sweep_reminders")
        _until(reminded().filter(reminder__source_id=task.pk).exists)
        # the mail server swallows the email; meanwhile the next reminder falls due
        council_app.send_task("notifications.tasks.send_pending_emails")
        council_app.send_task("notifications.tasks.send_pending_emails")
        make_due(second)
        council_app.send_task("notifications.tasks.sweep_reminders")
        _until(reminded().filter(reminder__source_id=other.pk).exists, timeout=15)
        assert sink.received == []
    waiting = reminded().filter(email_status=Notification.Email.PENDING)
    assert waiting.exists()  # the email waits for the server, with a retry time
    assert not waiting.filter(email_next_attempt_at=None).exclude(email_attempts=0).exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server(port: int) -> Iterator[None]:
    """A private Redis on `port` (so stopping it cannot disturb anything else)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed for this test"
    process = subprocess.Popen(  # noqa: S603 - a fixed local binary
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: _listening(port))
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_redis_down_the_web_app_works_and_reminders_go_out_once_it_is_back(
    client, personas, case, settings
):
    port = _free_port()
    app = Celery("outage")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=f"redis://127.0.0.1:{port}/0")
    with redis_server(port):
        pass  # it ran, and now it is stopped
    assert not _listening(port)

    # The web app never talks to the broker: case work goes on while Redis is down
    # (the app's own broker setting points at the stopped server too).
    settings.CELERY_BROKER_URL = app.conf.broker_url
    client.force_login(personas.coordinator)
    response = client.post(reverse("cases:intake"), intake_data(personas))
    assert response.status_code == 302
    response = client.post(
        reverse("cases:task-add", args=[case.pk]),
        {
            "description": "家族教室の案内を渡す",
            "agency": personas.agency_a.pk,
            "due_on": (date.today() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("cases:ledger-review", args=[case.pk]),
        {"next_review_on": (date.today() + timedelta(days=20)).isoformat()},
    )
    assert response.status_code == 302
    task = case.plan.tasks.get()
    ids = [r.pk for r in [*reminders_of(case), *reminders_of(task)]]
    pending = Reminder.objects.filter(sent_at=None, pk__in=ids)
    assert pending.count() == 4
    # an hour of outage later, two of them are due
    pending.filter(kind__in=["task_due", "review_due"]).update(
        due_at=timezone.now() - timedelta(hours=1)
    )

    with redis_server(port), running_worker(app):
        app.send_task("notifications.tasks.sweep_reminders")
        app.send_task("notifications.tasks.sweep_reminders")
        _until(lambda: len(reminder_emails()) == 3)
    assert pending.count() == 2  # the later two wait
    task_notes = reminded().filter(kind="task_due")
    review_notes = reminded().filter(kind="review_due")
    assert task_notes.count() == 1  # practitioner A, once
    assert review_notes.count() == 2  # key worker and coordinator, once each
    assert len(reminder_emails()) == 3
