"""Meetings' reminder sources (notifications.registry), offsets in MEETING_RULES:

- invitees, a week and a day before a scheduled meeting (two sources, so that
  each fires once; both follow a reschedule through the meeting's start as
  their basis, and a cancellation drops them);
- the organiser, 3 and 7 days after a held meeting whose minutes are not
  confirmed;
- an action item's person (or its agency's practitioners), N business days
  before it is due and once when it is overdue.

Messages name the meeting's kind and time and never its title, an agenda
item or an action's text (those may name a young person).
"""

from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.access import practitioners_of
from core.business_days import add_business_days, previous_business_day
from meetings.models import ActionItem, Meeting, Status
from meetings.notices import invitees_of, when
from notifications.registry import (
    BUSINESS_DAYS,
    CALENDAR_DAYS,
    Message,
    ReminderSource,
    reminder_source,
)
from notifications.scheduling import fire_at


def _rules() -> dict[str, int]:
    return settings.MEETING_RULES


def _stamp(moment: datetime) -> str:
    """A moment as a basis: in UTC, so that a row just saved (in the time zone it was
    given) and the same row loaded again (in UTC) agree."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


class _MeetingSource(ReminderSource):
    model = Meeting
    title: Promise

    def load(self, ids: Collection[int]) -> dict[int, Meeting]:
        return {m.pk: m for m in Meeting.objects.filter(pk__in=ids).select_related("kind")}

    def message(self, row: Meeting) -> Message:
        return Message(
            title=str(self.title) % {"kind": row.kind.name, "when": when(row)},
            url=row.get_absolute_url(),
        )


class _Upcoming(_MeetingSource):
    days_key: str
    counts = CALENDAR_DAYS
    # A reminder of what lies ahead may not move later, onto the meeting itself:
    # a moment on a closed day moves back to the last business day before it
    # (the Friday before a Monday meeting, 28 December before one on 4 January).
    fires_on_closed_days = True

    def live(self) -> QuerySet[Meeting]:
        return Meeting.objects.filter(status=Status.SCHEDULED).select_related("kind")

    def basis(self, row: Meeting) -> str:
        return _stamp(row.starts_at)

    def not_wanted_because(self, row: Meeting) -> str:
        return "" if row.status == Status.SCHEDULED else "meeting held or cancelled"

    def due_at(self, row: Meeting) -> datetime:
        return fire_at(previous_business_day(row.day - timedelta(days=_rules()[self.days_key])))

    def recipients(self, rows: Mapping[int, Meeting]) -> dict[int, list[int]]:
        return invitees_of(rows.values())


@reminder_source
class MeetingNextWeek(_Upcoming):
    kind = "meeting_week_before"
    label = _("A meeting you are invited to is a week away")
    title = _("Reminder: %(kind)s on %(when)s")
    days_key = "invitee_week_days_before"


@reminder_source
class MeetingTomorrow(_Upcoming):
    kind = "meeting_day_before"
    label = _("A meeting you are invited to is tomorrow")
    title = _("Coming up: %(kind)s on %(when)s")  # "tomorrow" is wrong on a Friday
    days_key = "invitee_day_days_before"


class _MinutesWaiting(_MeetingSource):
    days_key: str
    counts = CALENDAR_DAYS
    title = _("The minutes of %(kind)s on %(when)s are not confirmed yet")

    def live(self) -> QuerySet[Meeting]:
        return Meeting.objects.filter(status=Status.HELD, minutes_confirmed_at__isnull=True)

    def basis(self, row: Meeting) -> str:
        return _stamp(row.ends_at)

    def not_wanted_because(self, row: Meeting) -> str:
        if row.status != Status.HELD:
            return "meeting not held"
        return "minutes confirmed" if row.minutes_confirmed else ""

    def due_at(self, row: Meeting) -> datetime:
        return fire_at(row.day + timedelta(days=_rules()[self.days_key]))

    def recipients(self, rows: Mapping[int, Meeting]) -> dict[int, list[int]]:
        return {pk: [m.organiser_id] for pk, m in rows.items()}


@reminder_source
class MinutesFirst(_MinutesWaiting):
    kind = "meeting_minutes_waiting"
    label = _("The minutes of a meeting you organised wait for confirmation")
    days_key = "minutes_first_days_after"


@reminder_source
class MinutesSecond(_MinutesWaiting):
    kind = "meeting_minutes_still_waiting"
    label = _("The minutes of a meeting you organised still wait for confirmation")
    days_key = "minutes_second_days_after"


class _ActionSource(ReminderSource):
    model = ActionItem
    title: Promise

    def load(self, ids: Collection[int]) -> dict[int, ActionItem]:
        rows = ActionItem.objects.filter(pk__in=ids).select_related("meeting__kind")
        return {a.pk: a for a in rows}

    def live(self) -> QuerySet[ActionItem]:
        return ActionItem.objects.filter(done_on__isnull=True).select_related("meeting")

    def basis(self, row: ActionItem) -> str:
        return row.due_on.isoformat()

    def not_wanted_because(self, row: ActionItem) -> str:
        if not row.is_open:
            return "action done"
        return "meeting cancelled" if row.meeting.status == Status.CANCELLED else ""

    def recipients(self, rows: Mapping[int, ActionItem]) -> dict[int, list[int]]:
        staff = practitioners_of(a.agency_id for a in rows.values() if not a.assignee_id)
        return {
            pk: [a.assignee_id] if a.assignee_id else staff.get(a.agency_id, [])
            for pk, a in rows.items()
        }

    def message(self, row: ActionItem) -> Message:
        return Message(
            title=str(self.title)
            % {
                "day": date_format(row.due_on, "MONTH_DAY_FORMAT"),
                "kind": row.meeting.kind.name,
            },
            url=f"{row.meeting.get_absolute_url()}#action-{row.pk}",
        )


@reminder_source
class ActionDue(_ActionSource):
    counts = BUSINESS_DAYS
    kind = "meeting_action_due"
    label = _("An action from a meeting is due soon")
    title = _("An action agreed at the %(kind)s is due on %(day)s")

    def due_at(self, row: ActionItem) -> datetime:
        before = _rules()["action_due_business_days_before"]
        return fire_at(add_business_days(row.due_on, -before))


@reminder_source
class ActionOverdue(_ActionSource):
    counts = CALENDAR_DAYS
    kind = "meeting_action_overdue"
    label = _("An action from a meeting is overdue")
    title = _("An action agreed at the %(kind)s was due on %(day)s and is still open")

    def due_at(self, row: ActionItem) -> datetime:
        return fire_at(row.due_on + timedelta(days=_rules()["action_overdue_days_after"]))
