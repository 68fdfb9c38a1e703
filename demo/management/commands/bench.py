"""The page benchmark against gunicorn and PostgreSQL (issue 12): demo/bench.py.

    DATABASE_URL=postgres://.../tsunagu_scale manage.py bench --runs 50

Run it on a database filled by seed_scale; docs/performance.md keeps the figures.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from accounts.models import User
from demo.bench import run


class Command(BaseCommand):
    help = "Time every main page as each persona, against gunicorn, with a floor view."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=50, help="timed requests per page")
        parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--only", default="", help="only pages whose title holds this")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark measures PostgreSQL: set DATABASE_URL.")
        if not User.objects.filter(username="scale-coordinator").exists():
            raise CommandError("No seed_scale data here: run manage.py seed_scale first.")
        run(
            runs=options["runs"],
            warmup=options["warmup"],
            workers=options["workers"],
            port=options["port"],
            only=options["only"],
            out=self.stdout,
        )
