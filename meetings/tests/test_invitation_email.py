"""Invitations, changes and cancellations carry the meeting's .ics, as it is when sent."""

from datetime import timedelta

import time_machine
import vobject
from django.core import mail

from meetings import services
from meetings.tests.factories import at, schedule
from notifications.email import emails_send_pending
from notifications.models import Notification

NAME = "古川"


def _ics_of(message):
    [(filename, content, mimetype)] = message.attachments
    assert filename == "meeting.ics" and mimetype.startswith("text/calendar")
    return vobject.readOne(content if isinstance(content, str) else content.decode())


def test_the_invitation_email_carries_the_ics_with_the_meeting_time(personas):
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        schedule(by=personas.coordinator, agencies=(personas.agency_a,), title=f"{NAME}さんの件")
        assert emails_send_pending().sent >= 1
    [message] = [m for m in mail.outbox if m.to == [personas.practitioner_a.email]]
    event = _ics_of(message).vevent
    assert event.dtstart.value == at(2026, 12, 3, 14)
    assert event.status.value == "CONFIRMED"
    assert NAME not in message.body and NAME not in str(message.attachments[0][1])


def test_a_move_and_a_cancellation_send_the_event_again_for_calendars_to_follow(personas):
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        meeting = schedule(by=personas.coordinator, agencies=(personas.agency_a,))
        emails_send_pending()
        mail.outbox.clear()
        start = at(2026, 12, 10, 10)
        services.meeting_update(
            meeting=meeting,
            by=personas.coordinator,
            title=meeting.title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place=meeting.place,
        )
        emails_send_pending()
        [moved] = [m for m in mail.outbox if m.to == [personas.practitioner_a.email]]
        event = _ics_of(moved).vevent
        assert event.dtstart.value == start and int(event.sequence.value) >= 1
        mail.outbox.clear()
        services.meeting_cancel(meeting=meeting, by=personas.coordinator, reason="台風のため")
        emails_send_pending()
    [cancelled] = [m for m in mail.outbox if m.to == [personas.practitioner_a.email]]
    assert _ics_of(cancelled).vevent.status.value == "CANCELLED"


def test_someone_invited_by_name_and_through_the_agency_is_told_once(personas):
    meeting = schedule(by=personas.coordinator, agencies=(personas.agency_a,))
    services.invitation_add(
        meeting=meeting, by=personas.coordinator, agency=None, user=personas.practitioner_a
    )
    told = Notification.objects.filter(
        recipient=personas.practitioner_a, kind="meeting_invited", url=meeting.get_absolute_url()
    )
    assert told.count() == 1
