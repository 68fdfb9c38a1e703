from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from cases.retention import young_people_anonymise_expired
from core.audit import AuditedCommand


class Command(AuditedCommand):
    help = (
        "Anonymise young people whose every case closed more than RETENTION_YEARS ago. "
        "Safe to run again (daily from cron or beat)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            type=int,
            default=settings.RETENTION_YEARS,
            help="Retention period in years (default: the RETENTION_YEARS setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = young_people_anonymise_expired(years=options["years"], dry_run=options["dry_run"])
        verb = "Would anonymise" if options["dry_run"] else "Anonymised"
        self.stdout.write(
            f"{verb} {len(result.people)} young people "
            f"({result.cases} cases, {result.notes} notes) closed more than "
            f"{options['years']} years ago."
        )
        if options["dry_run"]:
            for pk in result.people:
                self.stdout.write(f"  young person #{pk}")
