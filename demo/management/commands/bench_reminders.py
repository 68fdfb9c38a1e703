"""Benchmark of the reminder sweep: throughput, SQL per batch, memory.

    DATABASE_URL=postgres://.../scratch manage.py bench_reminders --count 100000

1. Create N due reminders (with their cases and tasks) and commit them.
2. Sweep them in a child process, as a worker would (a batch per
   transaction), and print its figures: time, reminders per second, SQL
   statements per batch, the child's peak memory.
3. Delete every row the benchmark made.

Use a scratch database. docs/performance.md keeps the measured figures.
"""

import argparse
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from agencies.models import Agency, Sector
from cases.models import Case, CaseTeamMember, PlanTask, SupportPlan, YoungPerson
from notifications.models import Notification, Reminder
from notifications.services import reminders_send_due

BENCH_AGENCY = "ベンチ機関"
KINDS = ("task_due", "task_overdue")  # the cases app's task reminder sources


def _peak_mb() -> float:
    """The peak resident memory of this process (VmHWM), in MB.

    Not `ru_maxrss`: a child started with subprocess inherits its parent's
    figure on Linux, and the parent is the process that built 100,000 rows.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Create N due reminders and time the sweep (rolled back afterwards)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100_000, help="due reminders to create")
        parser.add_argument("--batch", type=int, default=1000, help="reminders per transaction")
        parser.add_argument("--cases", type=int, default=500, help="cases to spread them over")
        parser.add_argument("--sweep-only", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark measures PostgreSQL: set DATABASE_URL.")
        if options["sweep_only"]:
            self._sweep(options["batch"])
            return
        if Agency.objects.filter(name=BENCH_AGENCY).exists():
            self.stdout.write("Rows of an interrupted benchmark found: deleting them first.")
            self._clean_up()
        started = time.perf_counter()
        with transaction.atomic():
            self._setup(options["count"], options["cases"])
        self.stdout.write(
            f"setup: {options['count']} due reminders in {time.perf_counter() - started:.1f} s"
        )
        try:
            subprocess.run(  # noqa: S603 - this same command, in a fresh process
                [
                    sys.executable,
                    "manage.py",
                    "bench_reminders",
                    "--sweep-only",
                    "--batch",
                    str(options["batch"]),
                ],
                check=True,
            )
        finally:
            self._clean_up()

    def _sweep(self, batch: int) -> None:
        baseline_mb = _peak_mb()
        per_batch = QueryCounter()
        with connection.execute_wrapper(per_batch):
            reminders_send_due(now=timezone.now(), batch=batch, max_batches=1)
        started = time.perf_counter()
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            result = reminders_send_due(now=timezone.now(), batch=batch)
        elapsed = time.perf_counter() - started
        swept = result.reminders + batch  # the first batch measured the queries
        rss_mb = _peak_mb()
        tasks = PlanTask.objects.filter(agency__name=BENCH_AGENCY).values("pk")
        notifications = Notification.objects.filter(
            reminder__kind__in=KINDS, reminder__source_id__in=tasks
        ).count()
        self.stdout.write(
            "\n".join(
                [
                    f"swept:          {swept} reminders, {notifications} notifications",
                    f"time:           {elapsed:.1f} s for {result.reminders} reminders "
                    f"({result.reminders / elapsed:,.0f} reminders/s)",
                    f"batches:        {result.batches} of {batch}",
                    f"SQL per batch:  {per_batch.count} (first batch); "
                    f"{counter.count / max(result.batches, 1):.1f} on average",
                    f"SQL/reminder:   {counter.count / max(result.reminders, 1):.4f}",
                    f"peak memory:    {rss_mb:.0f} MB (VmHWM of the sweeping process; "
                    f"{baseline_mb:.0f} MB before the sweep)",
                ]
            )
        )

    def _clean_up(self) -> None:
        """Delete the benchmark's rows with plain SQL deletes, child rows first.

        `QuerySet.delete()` would load every row and write an audit entry for
        each: this is scratch data, so `_raw_delete` goes straight to SQL.
        """
        using = connection.alias
        tasks = PlanTask.objects.filter(agency__name=BENCH_AGENCY)
        cases = Case.objects.filter(lead_agency__name=BENCH_AGENCY)
        people = YoungPerson.objects.filter(pk__in=cases.values("young_person_id"))
        through = CaseTeamMember.practitioners.through
        with transaction.atomic():
            people_ids = list(people.values_list("pk", flat=True))
            for qs in (
                Notification.objects.filter(
                    reminder__kind__in=KINDS, reminder__source_id__in=tasks.values("pk")
                ),
                Reminder.objects.filter(kind__in=KINDS, source_id__in=tasks.values("pk")),
                tasks,
                SupportPlan.objects.filter(case__in=cases),
                through.objects.filter(caseteammember__case__in=cases),
                CaseTeamMember.objects.filter(case__in=cases),
                cases,
                YoungPerson.objects.filter(pk__in=people_ids),
                User.objects.filter(agency__name=BENCH_AGENCY),
                Agency.objects.filter(name=BENCH_AGENCY),
            ):
                qs._raw_delete(using)
        self.stdout.write("Cleaned up: the benchmark's rows are gone.")

    def _setup(self, count: int, n_cases: int) -> None:
        sector = Sector.objects.get_or_create(name="ベンチマーク")[0]
        agency = Agency.objects.create(name=BENCH_AGENCY, name_kana="ベンチ", sector=sector)
        staff = User.objects.bulk_create(
            User(
                username=f"bench{i}",
                family_name="検証",
                given_name=str(i),
                agency=agency,
                role=Role.PRACTITIONER,
                email=f"bench{i}@example.jp",
            )
            for i in range(3)
        )
        people = YoungPerson.objects.bulk_create(
            YoungPerson(
                family_name="検証",
                given_name=str(i),
                family_name_kana="ケンショウ",
                given_name_kana="イチ",
                date_of_birth=timezone.localdate() - timedelta(days=6000),
            )
            for i in range(n_cases)
        )
        today = timezone.localdate()
        cases = Case.objects.bulk_create(
            Case(
                young_person=p,
                fiscal_year=1999,
                sequence=i,
                number=f"B-{i:06d}",
                opened_on=today,
                lead_agency=agency,
                key_worker=staff[0],
                referral_source=Case.ReferralSource.FAMILY,
                created_by=staff[0],
            )
            for i, p in enumerate(people)
        )
        members = CaseTeamMember.objects.bulk_create(
            CaseTeamMember(case=c, agency=agency, added_by=staff[0]) for c in cases
        )
        through = CaseTeamMember.practitioners.through
        through.objects.bulk_create(
            through(caseteammember_id=m.pk, user_id=u.pk) for m in members for u in staff[:2]
        )
        plans = SupportPlan.objects.bulk_create(SupportPlan(case=c) for c in cases)
        n_tasks = count // 2
        tasks = PlanTask.objects.bulk_create(
            (
                PlanTask(
                    plan=plans[i % n_cases], description=f"タスク{i}", agency=agency, due_on=today
                )
                for i in range(n_tasks)
            ),
            batch_size=5000,
        )
        due_at = timezone.now() - timedelta(minutes=5)
        Reminder.objects.bulk_create(
            (
                Reminder(kind=kind, due_at=due_at, source_id=t.pk, basis=today.isoformat())
                for t in tasks
                for kind in KINDS
            ),
            batch_size=5000,
        )
