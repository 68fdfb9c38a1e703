"""Who hears about a case follows the team as it is now, and hears no free text.

The three defects seen in the demo: a removed agency kept its reminders, a
task text naming the family reached that agency's notification page, and a
practitioner moved to another agency kept her old cases' reminders.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory
from cases import services
from conftest import make_due, reminders_of
from notifications.models import Notification
from notifications.services import reminders_send_due

FAMILY_TEXT = "母親の鈴木花子さんに兄の件で電話する"


@pytest.fixture
def health_centre(personas, case):
    """The health centre on the team, with a practitioner and a task of its own."""
    agency = AgencyFactory.create(name="みどり保健所")
    worker = UserFactory.create(agency=agency)
    member = services.team_member_add(
        case=case, agency=agency, by=personas.coordinator, practitioners=[worker]
    )
    task = services.task_add(
        plan=case.plan,
        description=FAMILY_TEXT,
        agency=agency,
        due_on=date.today() + timedelta(days=10),
        by=personas.coordinator,
    )
    services.case_record_review(
        case=case, next_review_on=date.today() + timedelta(days=20), by=personas.coordinator
    )
    return agency, worker, member, task


def _sweep_everything(case, task) -> None:
    make_due(reminders_of(task))
    make_due(reminders_of(case))
    reminders_send_due(now=timezone.now())


def test_a_team_member_hears_of_its_task(health_centre, case):
    _agency, worker, _member, task = health_centre
    _sweep_everything(case, task)
    kinds = set(Notification.objects.filter(recipient=worker).values_list("kind", flat=True))
    assert {"task_assigned", "task_due", "task_overdue"} <= kinds


def test_a_removed_agency_hears_nothing_more(health_centre, case, personas):
    _agency, worker, member, task = health_centre
    before = Notification.objects.filter(recipient=worker).count()
    services.team_member_remove(member=member, by=personas.coordinator)
    _sweep_everything(case, task)
    assert Notification.objects.filter(recipient=worker).count() == before
    assert Notification.objects.filter(recipient=personas.coordinator, kind="review_due").exists()


def test_a_practitioner_moved_to_another_agency_hears_nothing_more(health_centre, case):
    _agency, worker, _member, task = health_centre
    worker.agency = AgencyFactory.create()
    worker.save(update_fields=["agency"])
    _sweep_everything(case, task)
    assert not Notification.objects.filter(recipient=worker, reminder__isnull=False).exists()


def test_no_notification_or_email_carries_the_tasks_text_or_a_name(
    health_centre, case, client, personas, mailoutbox
):
    from notifications.email import emails_send_pending

    _agency, worker, member, task = health_centre
    _sweep_everything(case, task)
    emails_send_pending()
    services.team_member_remove(member=member, by=personas.coordinator)
    client.force_login(worker)
    page = client.get(reverse("notifications:index")).text
    assert Notification.objects.filter(recipient=worker).count() >= 3
    texts = [page, *(m.body + m.subject for m in mailoutbox)]
    for title, label, url in Notification.objects.values_list("title", "label", "url"):
        texts.append(f"{title} {label} {url}")
    for text in texts:
        assert FAMILY_TEXT not in text
        assert case.young_person.family_name not in text
        assert case.young_person.given_name not in text
