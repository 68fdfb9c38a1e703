"""The sweep over the cases' reminder sources: due reminders become notifications once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases import services
from cases.models import PlanTask
from conftest import make_due, reminders_of
from notifications.models import Notification, Reminder
from notifications.services import reminders_send_due


def reminded():
    """Notifications made by the sweep (events such as "task assigned" are told at once)."""
    return Notification.objects.filter(reminder__isnull=False)


def test_due_task_reminder_notifies_the_assigned_agency(due_reminder, personas):
    result = reminders_send_due(now=timezone.now())
    assert result.reminders == 1
    [notification] = reminded().all()
    assert notification.recipient == personas.practitioner_a  # named on agency A's team slot
    assert notification.kind == "task_due"
    task = PlanTask.objects.get(pk=due_reminder.source_id)
    assert notification.label == task.plan.case.anonymised_label
    assert notification.url.endswith(f"#task-{task.pk}")
    assert "期限" in notification.title
    due_reminder.refresh_from_db()
    assert due_reminder.sent_at is not None


def test_overdue_reminder_also_tells_the_key_worker(task, personas, case):
    other = UserFactory.create(agency=personas.agency_a)
    services.case_set_lead(
        case=case, lead_agency=personas.agency_a, key_worker=other, by=personas.coordinator
    )
    make_due(reminders_of(task).filter(kind="task_overdue"))
    reminders_send_due(now=timezone.now())
    recipients = set(reminded().values_list("recipient", flat=True))
    assert recipients == {personas.practitioner_a.pk, other.pk}


def test_review_reminders_go_to_key_worker_and_coordinators(personas, case):
    services.case_record_review(
        case=case, next_review_on=timezone.localdate() + timedelta(days=20), by=personas.coordinator
    )
    make_due(reminders_of(case).filter(kind="review_due"))
    reminders_send_due(now=timezone.now())
    assert set(reminded().values_list("recipient", flat=True)) == {
        personas.practitioner_a.pk,
        personas.coordinator.pk,
    }


def test_a_second_sweep_sends_nothing_more(due_reminder):
    reminders_send_due(now=timezone.now())
    again = reminders_send_due(now=timezone.now())
    assert again.reminders == 0
    assert reminded().count() == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda t: PlanTask.objects.filter(pk=t.pk).update(status="done"), "task finished"),
        (
            lambda t: PlanTask.objects.filter(pk=t.pk).update(due_on=t.due_on + timedelta(days=7)),
            "date moved",
        ),
        (
            lambda t: t.plan.case.__class__.objects.filter(pk=t.plan.case_id).update(
                status="closed", closure_reason="moved_away"
            ),
            "case closed",
        ),
    ],
)
def test_stale_reminders_are_dropped_not_sent(due_reminder, change, reason):
    # the source changes behind the scheduler's back (no service call)
    change(PlanTask.objects.get(pk=due_reminder.source_id))
    result = reminders_send_due(now=timezone.now())
    assert result.dropped == 1
    assert not reminded().exists()
    due_reminder.refresh_from_db()
    assert due_reminder.dropped_reason == reason


def test_reminders_found_days_late_are_sent_marked_late(due_reminder, settings):
    """Defect 7: workers down over a long weekend silently lost the reminders."""
    Reminder.objects.filter(pk=due_reminder.pk).update(due_at=timezone.now() - timedelta(days=4))
    assert reminders_send_due(now=timezone.now()).reminders == 1
    [notification] = reminded()
    assert notification.sent_late
    assert notification.subject == f"【遅れて送信】{notification.title}"


def test_reminders_older_than_the_limit_are_dropped_visibly(due_reminder, settings):
    age = timedelta(hours=settings.REMINDER_MAX_LATENESS_HOURS, minutes=1)
    Reminder.objects.filter(pk=due_reminder.pk).update(due_at=timezone.now() - age)
    assert reminders_send_due(now=timezone.now()).dropped_reasons == {"too late": 1}
    assert not reminded().exists()


def test_a_reminder_on_time_is_not_marked_late(due_reminder):
    reminders_send_due(now=timezone.now())
    assert not reminded().get().sent_late


def test_a_crash_before_commit_leaves_the_reminder_for_the_next_sweep(due_reminder, monkeypatch):
    """Fault injection: the sweep dies after creating notifications, before marking sent."""
    from django.db.models import QuerySet

    real_update = QuerySet.update

    def dying_update(self, **kwargs):
        if self.model is Reminder:
            raise RuntimeError("worker killed")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", dying_update)
    with pytest.raises(RuntimeError):
        reminders_send_due(now=timezone.now())
    monkeypatch.undo()
    assert not reminded().exists()  # rolled back with the batch
    due_reminder.refresh_from_db()
    assert due_reminder.sent_at is None
    assert reminders_send_due(now=timezone.now()).notifications == 1
    assert reminded().count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(personas, case):
    for i in range(30):
        services.task_add(
            plan=case.plan,
            description=f"タスク{i}",
            agency=personas.agency_a,
            due_on=timezone.localdate() + timedelta(days=10),
            by=personas.coordinator,
        )
    make_due(Reminder.objects.filter(kind="task_due"))
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(reminders_send_due(now=timezone.now(), batch=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.reminders for r in results) == 30
    assert reminded().count() == 30
    assert reminded().values("reminder").distinct().count() == 30


def test_saving_the_source_again_never_repeats_a_sent_reminder(personas, case):
    """Regression: re-syncing after a reminder went out must not create it anew."""
    from django.core.management import call_command

    review_on = timezone.localdate() - timedelta(days=1)
    services.case_record_review(case=case, next_review_on=review_on, by=personas.coordinator)
    make_due(reminders_of(case).filter(kind="review_passed"))
    assert reminders_send_due(now=timezone.now()).reminders == 1
    services.case_update(case=case, by=personas.coordinator, risk_level="high")
    call_command("sync_reminders")
    make_due(reminders_of(case).filter(sent_at=None))
    reminders_send_due(now=timezone.now())
    assert reminded().filter(kind="review_passed").count() == 1  # the coordinator, once
    # a new date is a new reminder
    services.case_record_review(
        case=case, next_review_on=timezone.localdate() + timedelta(days=30), by=personas.coordinator
    )
    assert reminders_of(case).filter(sent_at=None).count() == 2
