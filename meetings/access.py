"""Who may see and run a meeting, and what its case items show to whom.

- A meeting is known to the coordinating office, its organiser, the people
  invited by name and the users of an invited agency (an inactive agency's
  users lose it, as they lose cases). Everyone else gets 404.
- Coordinators and the organiser manage it: time, invitations, agenda,
  attendance, minutes.
- Case items of an anonymised meeting show the stored label and the prepared
  text to everyone, even to users who could open the case elsewhere. In a
  case review meeting (personal privacy) each reader sees the personal data
  of the cases the disclosure policy opens to them within the meeting's scope
  (the team, and the meeting's grants): cases.access decides, never this module.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from cases.access import Disclosure, audience, cases_visible_to
from core.http import int_param
from meetings.models import ActionItem, AgendaItem, Attendance, Invitation, Meeting


def _invited(user: User) -> Q:
    by_name = Invitation.objects.filter(meeting=OuterRef("pk"), user_id=user.pk)
    q = Q(Exists(by_name))
    if user.agency_id and user.agency and user.agency.is_active:
        by_agency = Invitation.objects.filter(
            meeting=OuterRef("pk"), agency_id=user.agency_id, user__isnull=True
        )
        q |= Q(Exists(by_agency))
    return q


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    if not user.is_active or not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_coordinator:
        return Meeting.objects.all()
    return Meeting.objects.filter(Q(organiser_id=user.pk) | _invited(user))


def manages(user: User, meeting: Meeting) -> bool:
    return bool(user.is_active and (user.is_coordinator or meeting.organiser_id == user.pk))


def can_organise(user: User) -> bool:
    """Coordinators schedule the council's meetings."""
    return bool(user.is_active and user.is_coordinator)


def _my_invitations(user: User, meeting: Meeting) -> list[Invitation]:
    return [
        i
        for i in meeting.invitations.all()
        if i.user_id == user.pk or (i.user_id is None and i.agency_id == user.agency_id)
    ]


def attended(user: User, meeting: Meeting) -> bool:
    """Present, or the agency sent someone (the invitations as meeting_for read them)."""
    for invitation in _my_invitations(user, meeting):
        try:
            if invitation.attendance.attended:
                return True
        except Attendance.DoesNotExist:
            continue
    return False


def my_actions(user: User) -> Q:
    """Action items that are the user's: named to them, or to their agency with no
    one named."""
    q = Q(assignee_id=user.pk)
    if user.agency_id:
        q |= Q(assignee__isnull=True, agency_id=user.agency_id)
    return q


def may_settle_action(user: User, view: "MeetingView", action: ActionItem) -> bool:
    """Marking an action done or reopening it: the meeting's managers and whoever it is for."""
    return view.manage or ActionItem.objects.filter(my_actions(user), pk=action.pk).exists()


@dataclass
class MeetingView:
    """A meeting as one user sees it."""

    meeting: Meeting
    manage: bool
    attended: bool
    personal_case_ids: set[int] = field(default_factory=set)
    # the cases of the agenda whose team the user is on: they log case-meeting notes
    team_case_ids: set[int] = field(default_factory=set)

    def shows_personal(self, item: AgendaItem) -> bool:
        return item.case_id is not None and item.case_id in self.personal_case_ids

    def mark(self, items: list[AgendaItem]) -> list[AgendaItem]:
        """Leave on each item whether this reader sees its personal data (templates)."""
        for item in items:
            item.show_personal = self.shows_personal(item)  # type: ignore[attr-defined]
            item.on_team = item.case_id in self.team_case_ids  # type: ignore[attr-defined]
        return items


def personal_case_ids(user: User, meeting: Meeting, case_ids: set[int]) -> set[int]:
    """Which of the meeting's cases show personal data to `user` (none in an anonymised
    meeting; in a case review meeting, the policy within the meeting's scope)."""
    if not meeting.kind.is_personal or not case_ids:
        return set()
    pairs = {(user.pk, case_id, meeting.scope) for case_id in case_ids}
    return {pair[1] for pair in audience(pairs, need=Disclosure.PERSONAL)}


def listed_invitations() -> QuerySet[Invitation]:
    """Invitations with their agency, person and attendance, by the agency's reading:
    what the meeting's pages list, read once with the meeting (meeting_for)."""
    return Invitation.objects.select_related("agency", "user", "attendance").order_by(
        "agency__name_kana", "pk"
    )


def meeting_for(user: User, pk: object, *, manage: bool = False) -> MeetingView:
    """Load and authorise in one call: 404 if the user may not know the meeting,
    403 if `manage` is asked and the user only takes part."""
    number = int_param(pk)
    if number is None:
        raise Http404
    meeting = (
        meetings_visible_to(user)
        .select_related("kind", "organiser", "organiser__agency", "minutes_confirmed_by")
        .prefetch_related(Prefetch("invitations", queryset=listed_invitations()))
        .filter(pk=number)
        .first()
    )
    if meeting is None:
        raise Http404
    may_manage = manages(user, meeting)
    if manage and not may_manage:
        raise PermissionDenied
    case_ids = set(
        AgendaItem.objects.filter(meeting=meeting, case__isnull=False).values_list(
            "case_id", flat=True
        )
    )
    return MeetingView(
        meeting=meeting,
        manage=may_manage,
        attended=attended(user, meeting),
        personal_case_ids=personal_case_ids(user, meeting, case_ids),
        team_case_ids=set(
            cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True)
        )
        if case_ids
        else set(),
    )
