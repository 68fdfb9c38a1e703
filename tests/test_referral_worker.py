"""A referral's follow-up through a real Celery worker and Redis: told once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import reminders_of
from council.celery import app as council_app
from notifications.models import Notification
from referrals.tests.factories import refer
from tests.test_worker import running_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unacknowledged_referral_reminds_the_receiving_agency_once(personas, case):
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    reminders_of(referral).filter(kind="referral_unacknowledged").update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    council_app.control.purge()
    with running_worker(council_app) as finished:
        council_app.send_task("notifications.tasks.sweep_reminders")
        council_app.send_task("notifications.tasks.sweep_reminders")
        finished.wait_for(2)
    reminded = Notification.objects.filter(kind="referral_unacknowledged")
    assert list(reminded.values_list("recipient", flat=True)) == [personas.practitioner_b.pk]
    assert reminders_of(referral).get(kind="referral_unacknowledged").sent_at is not None
