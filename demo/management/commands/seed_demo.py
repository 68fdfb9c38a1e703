from django.core.management.base import BaseCommand
from django.db import transaction

from demo.agencies import seed_agencies
from demo.cases import seed_cases
from demo.users import password, seed_users


class Command(BaseCommand):
    help = "Load the fictional みどり市 council's demo data. Safe to run again."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        agencies = seed_agencies()
        users = seed_users(agencies)
        cases = seed_cases(agencies, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(agencies)} agencies, {len(users)} users, {cases} cases "
                f"(password: {password()})."
            )
        )
