from django.db import transaction
from django.utils import timezone

from core.audit import AuditedCommand
from demo.agencies import seed_agencies
from demo.cases import seed_cases
from demo.users import password, seed_users
from notifications.models import Notification


class Command(AuditedCommand):
    help = "Load the fictional みどり市 council's demo data. Safe to run again."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        started = timezone.now()
        agencies = seed_agencies()
        users = seed_users(agencies)
        cases = seed_cases(agencies, users)
        # The stories span years: their "you joined a team" and "a task was
        # assigned" events are old news, read, and not mailed at start-up.
        Notification.objects.filter(created_at__gte=started, reminder__isnull=True).update(
            read_at=started, email_status=Notification.Email.NONE
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(agencies)} agencies, {len(users)} users, {cases} cases "
                f"(password: {password()})."
            )
        )
