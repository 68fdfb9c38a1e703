"""What meetings tell people at once (`notify()`): invited, changed, cancelled.

A meeting's messages name its kind and its time, never its title or an
agenda item: a title is typed by a person and could name a young person, and
notification titles go into emails as they are (DOMAIN.md section 5).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from meetings.ics import calendar_of
from meetings.models import Invitation, Meeting, Tier
from notifications.registry import Attachment, Message, register_attachments, register_kind
from notifications.services import notify

INVITED = register_kind("meeting_invited", _("You or your agency were invited to a meeting"))
CHANGED = register_kind("meeting_changed", _("A meeting you are invited to was changed"))
CANCELLED = register_kind("meeting_cancelled", _("A meeting you are invited to was cancelled"))


def when(meeting: Meeting) -> str:
    """ "12月3日 14:00" in local time."""
    start = timezone.localtime(meeting.starts_at)
    return f"{date_format(start, 'MONTH_DAY_FORMAT')} {start:%H:%M}"


def _roles_for(meeting: Meeting) -> list[str]:
    """Who of an invited agency hears of it: its representatives for the representatives'
    meeting, its practitioners (and the office's coordinators) for the others."""
    if meeting.kind.tier == Tier.REPRESENTATIVES:
        return [Role.REPRESENTATIVE]
    return [Role.PRACTITIONER, Role.COORDINATOR]


def invitees_of(meetings: Iterable[Meeting]) -> dict[int, list[int]]:
    """Active user ids invited to each meeting, by name or through their agency (two queries)."""
    rows = list(meetings)
    if not rows:
        return {}
    by_meeting: dict[int, set[int]] = defaultdict(set)
    agencies: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    kinds = {m.pk: _roles_for(m) for m in rows}
    for invitation in Invitation.objects.filter(meeting_id__in=kinds).only(
        "meeting_id", "agency_id", "user_id"
    ):
        if invitation.user_id:
            by_meeting[invitation.meeting_id].add(invitation.user_id)
        else:
            agencies[invitation.agency_id].append(
                (invitation.meeting_id, kinds[invitation.meeting_id])
            )
    if agencies:
        users = User.objects.filter(
            agency_id__in=agencies, agency__is_active=True, is_active=True
        ).values_list("pk", "agency_id", "role")
        for user_id, agency_id, role in users:
            for meeting_id, roles in agencies[agency_id]:
                if role in roles:
                    by_meeting[meeting_id].add(user_id)
    return {m.pk: sorted(by_meeting[m.pk]) for m in rows}


def _message(meeting: Meeting, title: str) -> Message:
    return Message(
        title=title % {"kind": meeting.kind.name, "when": when(meeting)},
        url=meeting.get_absolute_url(),
    )


def tell_invited(*, meeting: Meeting, invitation: Invitation, by: User) -> int:
    users = (
        [invitation.user_id] if invitation.user_id else invitees_of([meeting]).get(meeting.pk, [])
    )
    if not invitation.user_id:
        agency_users = set(
            User.objects.filter(agency_id=invitation.agency_id).values_list("pk", flat=True)
        )
        users = [u for u in users if u in agency_users]
    return notify(
        recipients=users,
        kind=INVITED,
        message=lambda: _message(meeting, gettext("Invitation: %(kind)s on %(when)s")),
        # per meeting: someone invited by name and through their agency hears once
        idempotency_key=f"meeting_invited:{meeting.pk}",
        exclude=by,
    )


def tell_changed(*, meeting: Meeting, by: User) -> int:
    return notify(
        recipients=invitees_of([meeting]).get(meeting.pk, []),
        kind=CHANGED,
        message=lambda: _message(
            meeting, gettext("Changed: %(kind)s, now on %(when)s (see the new time and place)")
        ),
        idempotency_key=f"meeting_changed:{meeting.pk}:{meeting.sequence}",
        exclude=by,
    )


def tell_cancelled(*, meeting: Meeting, by: User) -> int:
    return notify(
        recipients=invitees_of([meeting]).get(meeting.pk, []),
        kind=CANCELLED,
        message=lambda: _message(meeting, gettext("Cancelled: %(kind)s on %(when)s")),
        idempotency_key=f"meeting_cancelled:{meeting.pk}",
        exclude=by,
    )


def _ics_of(url: str) -> list[Attachment]:
    """The meeting's .ics as it is when the email goes out (kind, time, place, link:
    nothing of the agenda), so a calendar app adds, moves or cancels the event."""
    try:
        match = resolve(url)
    except Resolver404:
        return []
    if match.view_name != "meetings:detail":
        return []
    meeting = Meeting.objects.select_related("kind").filter(pk=match.kwargs["pk"]).first()
    if meeting is None:
        return []
    return [Attachment("meeting.ics", calendar_of([meeting], name=meeting.kind.name), ICS_TYPE)]


ICS_TYPE = "text/calendar; charset=utf-8"
for _kind in (INVITED, CHANGED, CANCELLED):
    register_attachments(_kind, _ics_of)
