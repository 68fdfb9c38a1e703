from typing import Any

from django.db import transaction

from core.audit import AuditedCommand
from notifications.scheduling import reminders_sync_all


class Command(AuditedCommand):
    help = (
        "Recompute the pending reminders of every live source row (open tasks, case reviews, "
        "and whatever other apps registered), e.g. after changing REMINDER_RULES. Safe to run "
        "at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = reminders_sync_all()
        self.stdout.write(f"Reminders synced for {count} source rows.")
