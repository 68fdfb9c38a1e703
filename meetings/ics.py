"""iCalendar files (RFC 5545) written with icalendar: one meeting, or a user's feed.

A calendar event carries the meeting's kind, time, place and a link, and
nothing of the agenda: calendars are synced to phones and shared with
assistants, so a young person must never appear in one. The summary is the
kind of meeting, not its typed title, for the same reason. Times are
Asia/Tokyo with the time zone named (TZID); SEQUENCE grows with every
reschedule so that calendar apps replace the event, and a cancelled meeting
is sent as STATUS:CANCELLED.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting, Status

TOKYO = ZoneInfo(settings.TIME_ZONE)
PRODID = "-//Tsunagu//Council meetings//JA"


def _event(meeting: Meeting) -> Event:
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":")[0] or "tsunagu"
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(TOKYO))
    event.add("dtend", meeting.ends_at.astimezone(TOKYO))
    event.add("summary", meeting.kind.name)
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    link = f"{settings.SITE_URL.rstrip('/')}{meeting.get_absolute_url()}"
    event.add("url", link)
    event.add("description", link)
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.status == Status.CANCELLED else "CONFIRMED")
    return event


def calendar_of(meetings: Iterable[Meeting], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()
