from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.audit import AuditedCommand
from demo.agencies import seed_agencies
from demo.cases import seed_cases
from demo.meetings import seed_meetings
from demo.needs import seed_needs
from demo.referrals import seed_referrals
from demo.users import password, seed_users
from notifications.models import Notification


class Command(AuditedCommand):
    help = "Load the fictional みどり市 council's demo data. Safe to run again."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        started = timezone.now()
        before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        agencies = seed_agencies()
        users = seed_users(agencies)
        cases = seed_cases(agencies, users)
        referrals = seed_referrals(agencies, users)
        meetings = seed_meetings(agencies)
        seed_needs()  # after the meetings: one need goes onto the representatives' agenda
        # The stories span years: their events are not mailed at start-up, and
        # those not dated back into the last week (demo.referrals) are read.
        told = Notification.objects.filter(pk__gt=before, reminder__isnull=True)
        told.update(email_status=Notification.Email.NONE)
        told.filter(created_at__gte=started).update(read_at=started)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(agencies)} agencies, {len(users)} users, {cases} cases, "
                f"{referrals} referrals, {meetings} meetings "
                f"(password: {password()})."
            )
        )
