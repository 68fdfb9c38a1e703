"""Benchmark of email delivery: N pending emails through real Celery workers to an SMTP sink.

    DATABASE_URL=postgres://.../scratch CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \\
        manage.py bench_email --count 100000 --workers 2

1. Create N notifications whose email waits in the outbox (one agency of
   bench users) and commit them.
2. Start an SMTP sink in this process and a Celery worker (prefork,
   `--workers` processes) in a child, pointed at the sink with EMAIL_URL.
3. Enqueue the beat's `send_pending_emails` once and time until every row is
   marked sent; check that the sink received each Message-ID exactly once.
4. Stop the worker and delete every row the benchmark made.

Use a scratch database and a Redis database of its own (the queue is
purged). docs/performance.md keeps the measured figures.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from typing import Any

from celery import current_app as app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from agencies.models import Agency, Sector
from core.smtp_sink import SmtpSink
from notifications.models import Notification

BENCH_AGENCY = "メール計測機関"
KEY_PREFIX = "bench-email"


class Command(BaseCommand):
    help = "Send N pending emails through real workers to an SMTP sink and time it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100_000, help="emails to send")
        parser.add_argument("--workers", type=int, default=2, help="worker processes (-c)")
        parser.add_argument("--recipients", type=int, default=200, help="distinct addresses")
        parser.add_argument("--timeout", type=int, default=3600, help="give up after seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark measures PostgreSQL: set DATABASE_URL.")
        if not settings.CELERY_BROKER_URL.startswith("redis://"):
            raise CommandError("Point CELERY_BROKER_URL at a Redis database of its own.")
        self._clean_up()
        started = time.perf_counter()
        with transaction.atomic():
            self._setup(options["count"], options["recipients"])
        self.stdout.write(
            f"setup: {options['count']} pending emails in {time.perf_counter() - started:.1f} s"
        )
        try:
            with SmtpSink() as sink:
                self._run(sink, options)
        finally:
            self._clean_up()

    def _run(self, sink: SmtpSink, options: dict[str, Any]) -> None:
        count, workers = options["count"], options["workers"]
        app.control.purge()
        env = {**os.environ, "EMAIL_URL": f"smtp://{sink.host}:{sink.port}", "LOG_LEVEL": "WARNING"}
        worker = subprocess.Popen(  # noqa: S603 - the project's own worker
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "council",
                "worker",
                "--pool=prefork",
                f"--concurrency={workers}",
                "--loglevel=WARNING",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            env=env,
        )
        try:
            time.sleep(3)  # the worker connects to the broker
            pending = Notification.objects.filter(
                idempotency_key__startswith=KEY_PREFIX, email_status=Notification.Email.PENDING
            )
            started = time.perf_counter()
            app.send_task("notifications.tasks.send_pending_emails")
            deadline = started + options["timeout"]
            last_report = started
            while (left := pending.count()) and time.perf_counter() < deadline:
                # the beat would run the dispatcher every minute; a full batch
                # also starts the next one, so this only covers the tail
                if time.perf_counter() - last_report > 60:
                    so_far = time.perf_counter() - started
                    self.stdout.write(f"  {count - left} sent after {so_far:.0f} s")
                    app.send_task("notifications.tasks.send_pending_emails")
                    last_report = time.perf_counter()
                time.sleep(0.5)
            elapsed = time.perf_counter() - started
        finally:
            worker.send_signal(signal.SIGTERM)  # warm shutdown
            worker.wait(timeout=120)
        ids = Counter(sink.message_ids())
        sent = Notification.objects.filter(
            idempotency_key__startswith=KEY_PREFIX, email_status=Notification.Email.SENT
        ).count()
        self.stdout.write(
            "\n".join(
                [
                    f"workers:        {workers} processes (prefork), batch "
                    f"{settings.EMAIL_BATCH_SIZE}, fan-out {settings.EMAIL_FAN_OUT}",
                    f"sent:           {sent} of {count} marked sent; the sink received "
                    f"{sum(ids.values())} ({len(ids)} distinct Message-IDs, "
                    f"{sum(1 for n in ids.values() if n > 1)} received twice)",
                    f"time:           {elapsed:.1f} s ({sent / elapsed:,.0f} emails/s, "
                    f"{sent / elapsed * 60:,.0f} a minute)",
                ]
            )
        )

    def _setup(self, count: int, recipients: int) -> None:
        sector = Sector.objects.get_or_create(name="ベンチマーク")[0]
        agency = Agency.objects.create(name=BENCH_AGENCY, name_kana="メールケイソク", sector=sector)
        users = User.objects.bulk_create(
            User(
                username=f"bench-mail{i}",
                family_name="計測",
                given_name=str(i),
                agency=agency,
                role=Role.PRACTITIONER,
                email=f"bench-mail{i}@example.jp",
            )
            for i in range(recipients)
        )
        now = timezone.now()
        Notification.objects.bulk_create(
            (
                Notification(
                    recipient=users[i % recipients],
                    kind="task_due",
                    title="タスクの期限が近づいています（計測）",
                    label=f"B-{i:06d}",
                    url="/cases/",
                    created_at=now,
                    idempotency_key=f"{KEY_PREFIX}:{i}",
                    email_status=Notification.Email.PENDING,
                )
                for i in range(count)
            ),
            batch_size=5000,
        )

    def _clean_up(self) -> None:
        """Delete the benchmark's rows with plain SQL deletes (scratch data, no audit)."""
        using = connection.alias
        with transaction.atomic():
            for qs in (
                Notification.objects.filter(idempotency_key__startswith=KEY_PREFIX),
                User.objects.filter(agency__name=BENCH_AGENCY),
                Agency.objects.filter(name=BENCH_AGENCY),
            ):
                qs._raw_delete(using)
