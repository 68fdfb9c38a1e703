"""A real prefork worker stuck on a silent mail server still stops on a warm shutdown.

Defect 1: with no EMAIL_TIMEOUT and no task time limit, a send to a server
that accepts and never answers held the pool process for ever, and a warm
shutdown (SIGTERM, `docker compose stop`) could not stop the worker.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from core.smtp_sink import Behaviour, SmtpSink
from council.celery import app as council_app
from notifications.models import Notification
from notifications.registry import Message
from notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    return f"postgres://{params['USER']}{password}@{host}:{port}/{params['NAME']}"


def test_a_worker_stuck_on_a_silent_mail_server_gives_the_email_back_and_stops(personas):
    notify(
        recipients=[personas.practitioner_a],
        kind="task_due",
        message=Message(title="期限が近づいています", url="/cases/"),
        idempotency_key="shutdown-test",
    )
    council_app.control.purge()
    with SmtpSink(behaviour=Behaviour(stall=True)) as sink:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "EMAIL_URL": f"smtp://{sink.host}:{sink.port}",
            "EMAIL_TIMEOUT": "3",
        }
        worker = subprocess.Popen(  # noqa: S603 - the project's own worker
            [
                *(sys.executable, "-m", "celery", "-A", "council", "worker"),
                *("--pool=prefork", "--concurrency=1", "--loglevel=WARNING"),
                *("--without-heartbeat", "--without-mingle", "--without-gossip"),
            ],
            env=env,
        )
        try:
            council_app.send_task("notifications.tasks.send_email_batch")
            deadline = time.monotonic() + 30
            while not sink.connections:  # the send is under way, and stuck
                assert time.monotonic() < deadline, "the worker never connected"
                time.sleep(0.1)
            stopped_at = time.monotonic()
            worker.send_signal(signal.SIGTERM)  # warm shutdown
            worker.wait(timeout=30)
            assert time.monotonic() - stopped_at < 15
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    email = Notification.objects.get()
    assert email.email_status == Notification.Email.PENDING
    assert email.email_claim is None  # given back, to be retried
    assert email.email_next_attempt_at is not None
