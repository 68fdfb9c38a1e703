"""Reads of meetings that views, panels, the home page and reports share."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from accounts.models import Role, User
from cases.access import cases_visible_to, ledger_cases_for
from cases.models import Case
from cases.selectors import CASE_NUMBER_TERM, young_people_named
from core.text import search_terms
from meetings.access import listed_invitations, meetings_visible_to, my_actions
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MeetingCaseNote,
    MinutesAmendment,
    MinutesStatus,
    Status,
)


def agenda_cases(user: User, meeting: Meeting) -> QuerySet[Case]:
    """The open cases `user` may put on this meeting's agenda: those whose personal
    data they see on a case review, their ledger's (anonymised) rows otherwise."""
    qs = cases_visible_to(user) if meeting.kind.is_personal else ledger_cases_for(user)
    return (
        qs.exclude(status=Case.Status.CLOSED)
        .select_related("young_person")
        .order_by("fiscal_year", "sequence")
    )


def agenda_case_matches(user: User, meeting: Meeting, query: str, limit: int) -> list[Case]:
    """The agenda's cases matching every typed term: a case number anywhere; a name
    or reading only on a case review (an anonymised meeting is prepared by number,
    so that no name is typed where the agenda shows none)."""
    terms = search_terms(query)
    if not terms:
        return []
    # a case is on an agenda once (meetings.services refuses a second item); the
    # topics' NULL case would make NOT IN exclude every case
    listed = meeting.items.filter(case__isnull=False).values("case_id")
    qs = agenda_cases(user, meeting).exclude(pk__in=listed)
    for term in terms:
        number = CASE_NUMBER_TERM.fullmatch(term)
        if number:
            qs = qs.filter(number__contains=number.group(1))
        elif meeting.kind.is_personal:
            qs = qs.filter(young_person_id__in=young_people_named(term).values("pk"))
        else:
            return []
    return list(qs[:limit])


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def meeting_list(user: User, *, tab: str, now: datetime | None = None) -> QuerySet[Meeting]:
    """upcoming: not yet ended, soonest first; past: newest first; minutes: held, not confirmed."""
    now = now or timezone.now()
    qs = meetings_visible_to(user).select_related("kind", "organiser")
    if tab == "past":
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "pk")
    if tab == "minutes":
        return qs.filter(status=Status.HELD, minutes_status=MinutesStatus.DRAFT).order_by(
            "starts_at", "pk"
        )
    return qs.filter(ends_at__gte=now).exclude(status=Status.CANCELLED).order_by("starts_at", "pk")


def month_meetings(user: User, first: date) -> dict[date, list[Meeting]]:
    """The meetings of a month by local day (one query)."""
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    by_day: dict[date, list[Meeting]] = defaultdict(list)
    for meeting in (
        meetings_visible_to(user)
        .filter(starts_at__gte=_start_of(first), starts_at__lt=_start_of(last))
        .select_related("kind")
        .order_by("starts_at")
    ):
        by_day[meeting.day].append(meeting)
    return by_day


def agenda(meeting: Meeting, *, personal: bool = True) -> list[AgendaItem]:
    """The items with their minutes, amendments and presenter, in a fixed number of
    queries (the minutes page and the printed papers). With `personal`, also the
    young people and the case-meeting notes: left unread where no item shows them
    to the reader (every item of an anonymised meeting)."""
    items = meeting.items.select_related("presenter").prefetch_related(
        Prefetch("amendments", queryset=MinutesAmendment.objects.select_related("by"))
    )
    if personal:
        notes = MeetingCaseNote.objects.select_related("note__author", "note__agency")
        items = items.select_related("case__young_person").prefetch_related(
            Prefetch("case_notes", queryset=notes)
        )
    return list(items.order_by("order", "pk"))


def agenda_outline(meeting: Meeting) -> list[AgendaItem]:
    """The items as the meeting page and the agenda builder list them: heading,
    presenter, case link and prepared text; no minutes, notes or records."""
    return list(
        meeting.items.select_related("presenter", "case__young_person").order_by("order", "pk")
    )


def actions_of(meeting: Meeting) -> list[ActionItem]:
    return list(
        meeting.actions.select_related("agency", "assignee", "item").order_by("due_on", "pk")
    )


def invitations_of(meeting: Meeting) -> list[Invitation]:
    """The invitations as pages list them: read with the meeting by meeting_for,
    here only for a meeting loaded otherwise."""
    prefetch_related_objects([meeting], Prefetch("invitations", queryset=listed_invitations()))
    return list(meeting.invitations.all())


def meetings_of_case(case: Case) -> list[AgendaItem]:
    """The case's items in meetings that were held, newest first, with decisions and actions."""
    # only what the case page's panel shows of each (meetings/_case_panel.html)
    actions = ActionItem.objects.select_related("agency", "assignee").only(
        "item_id",
        "what",
        "due_on",
        "done_on",
        "agency__name",
        "assignee__family_name",
        "assignee__given_name",
    )
    return list(
        AgendaItem.objects.filter(case=case)
        .exclude(meeting__status=Status.CANCELLED)
        .select_related("meeting__kind")
        .only(
            "case_id",
            "decisions",
            "meeting__starts_at",
            "meeting__status",
            "meeting__minutes_status",
            "meeting__kind__name",
        )
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("-meeting__starts_at")[:20]
    )


def coming_of_tier(tier: str, now: datetime, limit: int) -> list[Meeting]:
    """The next scheduled meetings of a tier (e.g. the representatives' meetings a
    need from the register can be put on), soonest first."""
    return list(
        Meeting.objects.filter(kind__tier=tier, status=Status.SCHEDULED, starts_at__gte=now)
        .select_related("kind")
        .order_by("starts_at")[:limit]
    )


def next_meetings(user: User, now: datetime, limit: int) -> tuple[int, list[Meeting]]:
    qs = meeting_list(user, tab="upcoming", now=now)
    return qs.count(), list(qs[:limit])


def open_actions_for(user: User) -> QuerySet[ActionItem]:
    """Open action items of the user, or of their agency when no one is named."""
    return (
        ActionItem.objects.filter(my_actions(user), done_on__isnull=True)
        .exclude(meeting__status=Status.CANCELLED)
        .select_related("meeting__kind")
        .order_by("due_on", "pk")
    )


@dataclass
class Participation:
    invited: int = 0
    attended: int = 0
    by_tier: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def rate(self) -> int | None:
        """Attended share of the meetings held that the agency was invited to (percent)."""
        return round(100 * self.attended / self.invited) if self.invited else None


def participation(
    *, since: date, until: date, agency_id: int | None = None
) -> dict[int, Participation]:
    """Per agency: invitations to meetings held in the period, and how many it attended
    (present or a deputy), overall and per tier (one grouped query)."""
    attended = Q(attendance__presence__in=[Attendance.Presence.PRESENT, Attendance.Presence.DEPUTY])
    qs = Invitation.objects.filter(
        meeting__status=Status.HELD,
        meeting__starts_at__gte=_start_of(since),
        meeting__starts_at__lt=_start_of(until + timedelta(days=1)),
    )
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    rows = (
        qs.values("agency_id", "meeting__kind__tier")
        .annotate(
            invited=Count("meeting", distinct=True),
            came=Count("meeting", filter=attended, distinct=True),
        )
        .order_by()
    )
    result: dict[int, Participation] = defaultdict(Participation)
    for row in rows:
        p = result[row["agency_id"]]
        p.invited += row["invited"]
        p.attended += row["came"]
        p.by_tier[row["meeting__kind__tier"]] = (row["invited"], row["came"])
    return dict(result)


def invitable_people() -> QuerySet[User]:
    """Active people of an agency: who can be invited, present or act on an item."""
    return (
        User.objects.filter(is_active=True, agency__isnull=False)
        .select_related("agency")
        .order_by("family_name_kana", "given_name_kana", "pk")  # namesakes in a fixed order
    )


def people_matching(query: str, limit: int, *, practitioners: bool = False) -> list[User]:
    """Invitable people whose name or reading holds every word of `query`
    (practitioners only, for an action item's assignee)."""
    terms = search_terms(query)
    if not terms:
        return []
    found = invitable_people()
    if practitioners:
        found = found.filter(role=Role.PRACTITIONER)
    for term in terms:
        found = found.filter(
            Q(family_name__icontains=term)
            | Q(given_name__icontains=term)
            | Q(family_name_kana__icontains=term)
            | Q(given_name_kana__icontains=term)
        )
    return list(found[:limit])
