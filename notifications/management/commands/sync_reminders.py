from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cases.models import Case, PlanTask
from notifications.scheduling import reminders_sync_case_review, reminders_sync_task


class Command(BaseCommand):
    help = (
        "Recompute the pending reminders of every open task and case review, e.g. after "
        "changing REMINDER_RULES. Safe to run at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        tasks = PlanTask.objects.filter(status__in=PlanTask.OPEN_STATUSES).select_related("plan")
        cases = Case.objects.exclude(status=Case.Status.CLOSED)
        with transaction.atomic():
            for task in tasks.iterator(chunk_size=500):
                reminders_sync_task(task=task)
            for case in cases.iterator(chunk_size=500):
                reminders_sync_case_review(case=case)
        self.stdout.write(f"Reminders synced for {tasks.count()} tasks and {cases.count()} cases.")
