from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import PlanTask
from notifications.models import Kind, Reminder


def make_due(reminders) -> None:
    """Bring reminders' firing time to a minute ago (nothing else changes)."""
    reminders.update(due_at=timezone.now() - timedelta(minutes=1))


@pytest.fixture
def task(case, personas) -> PlanTask:
    """A task of agency A on the case, due in ten days (so reminders are pending)."""
    return services.task_add(
        plan=case.plan,
        description="本人宅を訪問し、外出の誘いをする",
        agency=personas.agency_a,
        due_on=date.today() + timedelta(days=10),
        by=personas.coordinator,
    )


@pytest.fixture
def due_reminder(task) -> Reminder:
    reminder = Reminder.objects.get(task=task, kind=Kind.TASK_DUE, sent_at=None)
    make_due(Reminder.objects.filter(pk=reminder.pk))
    reminder.refresh_from_db()
    return reminder
