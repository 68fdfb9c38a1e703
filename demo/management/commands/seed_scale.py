"""A prefecture-sized data set for the benchmark (issue 12): demo/scale.py.

    createdb tsunagu_scale
    DATABASE_URL=postgres://.../tsunagu_scale manage.py migrate
    DATABASE_URL=postgres://.../tsunagu_scale manage.py seed_scale --cases 100000

Use a database of its own: the command refuses one that already holds cases.
"""

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from cases.models import Case
from core.audit import AuditedCommand
from demo.scale import seed_scale


class Command(AuditedCommand):
    help = "Fill an empty database with N cases and a prefecture's agencies, users and history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=1000, help="young people and cases")
        parser.add_argument("--seed", type=int, default=12, help="the random generator's seed")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale loads PostgreSQL with COPY: set DATABASE_URL.")
        if Case.objects.exists():
            raise CommandError(
                "This database already holds cases: seed_scale needs one of its own "
                "(createdb, then migrate)."
            )
        started = time.perf_counter()

        def log(message: str) -> None:
            self.stdout.write(f"{time.perf_counter() - started:7.1f} s  {message}")

        with transaction.atomic():
            built = seed_scale(
                cases=options["cases"], seed=options["seed"], today=timezone.localdate(), log=log
            )
        # Fresh statistics and visibility maps: the planner then sees the
        # data as a long-running installation's, and index-only scans work.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        log("vacuumed and analysed")
        summary = ", ".join(f"{n:,} {table}" for table, n in built.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Scale data ready: {summary}."))
