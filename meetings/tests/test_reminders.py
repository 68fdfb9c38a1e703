"""Meetings' reminders fire once at the right times, follow a reschedule and a
cancellation; invitations and changes are told at once; action items remind."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from conftest import reminders_of
from meetings import minutes, services
from meetings.models import Attendance
from meetings.tests.factories import at, schedule
from notifications.models import Notification
from notifications.services import reminders_send_due

TOKYO = ZoneInfo("Asia/Tokyo")
BEFORE = datetime(2026, 11, 20, 10, 0, tzinfo=TOKYO)  # Friday; meeting Thursday 3 December


def _pending(meeting, kind):
    return reminders_of(meeting).get(kind=kind, sent_at=None)


def _sweep(moment):
    with time_machine.travel(moment, tick=False):
        return reminders_send_due(now=moment)


def test_invitees_are_told_at_once_and_reminded_a_week_and_a_day_before(personas):
    with time_machine.travel(BEFORE, tick=False):
        meeting = schedule(by=personas.coordinator, agencies=(personas.agency_a,))
    invited = Notification.objects.filter(kind="meeting_invited")
    assert set(invited.values_list("recipient_id", flat=True)) == {personas.practitioner_a.pk}
    assert "定例会議" not in invited.get().title  # the typed title never leaves the app
    week = _pending(meeting, "meeting_week_before")
    day = _pending(meeting, "meeting_day_before")
    assert week.due_at == datetime(2026, 11, 26, 9, 0, tzinfo=TOKYO)
    assert day.due_at == datetime(2026, 12, 2, 9, 0, tzinfo=TOKYO)
    _sweep(week.due_at + timedelta(minutes=1))
    _sweep(week.due_at + timedelta(minutes=2))  # a second sweep sends nothing more
    sent = Notification.objects.filter(kind="meeting_week_before")
    assert list(sent.values_list("recipient_id", flat=True)) == [personas.practitioner_a.pk]


def test_a_reschedule_moves_the_reminders_and_tells_the_invitees(personas):
    with time_machine.travel(BEFORE, tick=False):
        meeting = schedule(by=personas.coordinator, agencies=(personas.agency_a,))
        services.meeting_update(
            meeting=meeting,
            by=personas.coordinator,
            title=meeting.title,
            starts_at=at(2026, 12, 10, 14),
            ends_at=at(2026, 12, 10, 16),
            place=meeting.place,
        )
    assert _pending(meeting, "meeting_day_before").due_at == datetime(
        2026, 12, 9, 9, 0, tzinfo=TOKYO
    )
    assert Notification.objects.filter(kind="meeting_changed").count() == 1
    # the old date passes: nothing fires for it
    _sweep(datetime(2026, 12, 2, 9, 1, tzinfo=TOKYO))
    assert not Notification.objects.filter(kind="meeting_day_before").exists()
    _sweep(datetime(2026, 12, 9, 9, 1, tzinfo=TOKYO))
    assert Notification.objects.filter(kind="meeting_day_before").count() == 1


def test_a_cancellation_drops_the_reminders_and_tells_the_invitees(personas):
    with time_machine.travel(BEFORE, tick=False):
        meeting = schedule(by=personas.coordinator, agencies=(personas.agency_a,))
        services.meeting_cancel(meeting=meeting, by=personas.coordinator, reason="延期")
    assert not reminders_of(meeting).filter(sent_at=None).exists()
    assert Notification.objects.filter(kind="meeting_cancelled").count() == 1
    _sweep(datetime(2026, 12, 2, 9, 1, tzinfo=TOKYO))
    assert not Notification.objects.filter(kind="meeting_day_before").exists()


def test_the_organiser_is_reminded_of_unconfirmed_minutes_3_and_7_days_after(personas):
    with time_machine.travel(BEFORE, tick=False):
        meeting = schedule(by=personas.coordinator, agencies=(personas.agency_a,))
    invitation = meeting.invitations.get()
    with time_machine.travel(at(2026, 12, 3, 17), tick=False):
        services.attendance_record(
            meeting=meeting,
            by=personas.coordinator,
            entries=[services.Presence(invitation.pk, Attendance.Presence.PRESENT)],
        )
    first = _pending(meeting, "meeting_minutes_waiting")
    second = _pending(meeting, "meeting_minutes_still_waiting")
    # 6 December is a Sunday: the first reminder waits for Monday
    assert timezone.localdate(first.due_at) == date(2026, 12, 7)
    assert timezone.localdate(second.due_at) == date(2026, 12, 10)
    _sweep(first.due_at + timedelta(minutes=1))
    assert list(
        Notification.objects.filter(kind="meeting_minutes_waiting").values_list(
            "recipient_id", flat=True
        )
    ) == [personas.coordinator.pk]
    with time_machine.travel(at(2026, 12, 8, 10), tick=False):
        minutes.minutes_confirm(meeting=meeting, by=personas.coordinator)
    _sweep(second.due_at + timedelta(minutes=1))
    assert not Notification.objects.filter(kind="meeting_minutes_still_waiting").exists()


def test_action_items_remind_3_business_days_before_and_when_overdue(personas):
    with time_machine.travel(BEFORE, tick=False):
        meeting = schedule(by=personas.coordinator, agencies=(personas.agency_a,))
    with time_machine.travel(at(2026, 12, 3, 17), tick=False):
        action = minutes.action_add(
            meeting=meeting,
            by=personas.coordinator,
            what="本人の高校と連絡を取る",
            agency=personas.agency_a,
            assignee=personas.practitioner_a,
            due_on=date(2026, 12, 14),  # a Monday
        )
    due = reminders_of(action).get(kind="meeting_action_due")
    overdue = reminders_of(action).get(kind="meeting_action_overdue")
    assert timezone.localdate(due.due_at) == date(
        2026, 12, 9
    )  # Wednesday: three business days before
    assert timezone.localdate(overdue.due_at) == date(2026, 12, 15)
    _sweep(due.due_at + timedelta(minutes=1))
    note = Notification.objects.get(kind="meeting_action_due")
    assert note.recipient == personas.practitioner_a and "高校" not in note.title
    with time_machine.travel(at(2026, 12, 14, 10), tick=False):
        minutes.action_set_done(action=action, by=personas.practitioner_a, done=True)
    _sweep(overdue.due_at + timedelta(minutes=1))
    assert not Notification.objects.filter(kind="meeting_action_overdue").exists()


def test_a_reminder_before_a_meeting_moves_back_off_a_closed_day(personas):
    """A Monday meeting's day-before reminder comes on Friday; a meeting on Monday 4
    January, after the New Year closure, is reminded on 28 December, not on the day itself."""
    with time_machine.travel(BEFORE, tick=False):
        monday = schedule(
            by=personas.coordinator, agencies=(personas.agency_a,), starts_at=at(2026, 12, 7)
        )
        january = schedule(
            by=personas.coordinator, agencies=(personas.agency_a,), starts_at=at(2027, 1, 4)
        )
    assert _pending(monday, "meeting_day_before").due_at == datetime(
        2026, 12, 4, 9, 0, tzinfo=TOKYO
    )
    assert _pending(january, "meeting_day_before").due_at == datetime(
        2026, 12, 28, 9, 0, tzinfo=TOKYO
    )
    assert _pending(january, "meeting_week_before").due_at == datetime(
        2026, 12, 28, 9, 0, tzinfo=TOKYO
    )
