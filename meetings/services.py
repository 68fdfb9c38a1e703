"""Writes to meetings. Keyword-only, atomic, audited as the person acting.

Rules that protect the record live here: a meeting ends after it starts,
attendance waits for the meeting to start, a case item only for a case the
organiser may see, confirmed minutes are read-only (corrections are
amendments), a case review record applies to the case only through
cases.services (so the consent rule for adding a team agency holds).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from cases import services as case_services
from cases.access import Disclosure, cases_visible_to, ledger_cases_for
from cases.models import Case, CaseGrant, CaseTeamMember
from core.audit import audited_as
from meetings.models import (
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    Status,
)
from meetings.notices import tell_cancelled, tell_changed, tell_invited
from notifications.scheduling import reminders_sync


class IllegalTransition(ValidationError):
    """A move the meeting's lifecycle does not allow now."""


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("kind").get(pk=meeting.pk)


def _editable(meeting: Meeting) -> None:
    if meeting.status == Status.CANCELLED:
        raise IllegalTransition(_("This meeting was cancelled."))
    if meeting.minutes_confirmed:
        raise IllegalTransition(
            _("The minutes are confirmed and can no longer be edited. Record an amendment.")
        )


@audited_as("by")
@transaction.atomic
def meeting_schedule(
    *,
    by: User,
    kind: MeetingKind,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    agencies: Iterable[Agency] = (),
    people: Iterable[User] = (),
) -> Meeting:
    """Schedule a meeting, invite agencies and people, and tell them at once."""
    _check_times(starts_at, ends_at)
    if not kind.is_active:
        raise ValidationError({"kind": _("This kind of meeting is no longer in use.")})
    meeting = Meeting(
        title=title.strip(),
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        organiser=by,
    )
    meeting.full_clean()
    meeting.save()
    for agency in agencies:
        invitation_add(meeting=meeting, by=by, agency=agency)
    for person in people:
        invitation_add(meeting=meeting, by=by, agency=person.agency, user=person)
    reminders_sync(source=meeting)
    return meeting


@audited_as("by")
@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
) -> Meeting:
    """Change a meeting; a new time or place is a reschedule: invitees are told, the
    pending reminders move and calendar apps replace the event."""
    _check_times(starts_at, ends_at)
    meeting = _locked(meeting)
    _editable(meeting)
    moved = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.online_url) != (
        starts_at,
        ends_at,
        place.strip(),
        online_url.strip(),
    )
    meeting.title = title.strip()
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.online_url = place.strip(), online_url.strip()
    if moved:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save(
        update_fields=[
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "sequence",
            "updated_at",
        ]
    )
    reminders_sync(source=meeting)
    if moved:
        _renew_grants(meeting, by)
        tell_changed(meeting=meeting, by=by)
    return meeting


@audited_as("by")
@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    meeting = _locked(meeting)
    if meeting.status == Status.CANCELLED:
        raise IllegalTransition(_("This meeting was already cancelled."))
    if meeting.status == Status.HELD:
        raise IllegalTransition(_("A meeting that was held cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    meeting.status = Status.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    reminders_sync(source=meeting)
    for action in meeting.actions.filter(done_on__isnull=True):
        reminders_sync(source=action)
    case_services.grants_end(scope=meeting.scope, by=by)
    tell_cancelled(meeting=meeting, by=by)
    return meeting


@audited_as("by")
@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by: User) -> Meeting:
    meeting = _locked(meeting)
    if meeting.status == Status.HELD:
        return meeting
    if meeting.status == Status.CANCELLED:
        raise IllegalTransition(_("This meeting was cancelled."))
    if not meeting.has_started:
        raise IllegalTransition(_("The meeting has not started yet."))
    meeting.status = Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    reminders_sync(source=meeting)
    return meeting


@audited_as("by")
@transaction.atomic
def invitation_add(
    *, meeting: Meeting, by: User, agency: Agency | None, user: User | None = None
) -> Invitation:
    """Invite an agency, or one person of it; they are told at once."""
    if meeting.status == Status.CANCELLED:
        raise IllegalTransition(_("This meeting was cancelled."))
    if user is not None:
        if user.agency_id is None:
            raise ValidationError({"user": _("Only a member of an agency can be invited.")})
        agency = user.agency
    if agency is None:
        raise ValidationError({"agency": _("Choose an agency or a person.")})
    if not agency.is_active:
        raise ValidationError({"agency": _("This agency is no longer active.")})
    exists = Invitation.objects.filter(meeting=meeting, agency=agency, user=user)
    if exists.exists():
        raise ValidationError({"agency": _("Already invited.")})
    invitation = Invitation.objects.create(meeting=meeting, agency=agency, user=user, invited_by=by)
    _open_grants(meeting, by)
    tell_invited(meeting=meeting, invitation=invitation, by=by)
    return invitation


@dataclass(frozen=True)
class Presence:
    invitation_id: int
    presence: str
    deputy_name: str = ""


@audited_as("by")
@transaction.atomic
def attendance_record(*, meeting: Meeting, by: User, entries: Sequence[Presence]) -> int:
    """Record who came; only once the meeting has started. Marks the meeting held."""
    meeting = _locked(meeting)
    if meeting.status == Status.CANCELLED:
        raise IllegalTransition(_("This meeting was cancelled."))
    if not meeting.has_started:
        raise ValidationError(
            _("Attendance can be recorded once the meeting has started, not before.")
        )
    invitations = {i.pk: i for i in meeting.invitations.all()}
    saved = 0
    for entry in entries:
        if entry.invitation_id not in invitations:
            raise ValidationError(_("Record attendance only for this meeting's invitees."))
        if entry.presence not in Attendance.Presence.values:
            continue  # left blank: not recorded yet
        deputy = entry.deputy_name.strip()
        if entry.presence == Attendance.Presence.DEPUTY and not deputy:
            raise ValidationError(
                _("Give the deputy's name for %(who)s.")
                % {
                    "who": invitations[entry.invitation_id].user
                    or invitations[entry.invitation_id].agency
                }
            )
        Attendance.objects.update_or_create(
            invitation_id=entry.invitation_id,
            defaults={
                "presence": entry.presence,
                "deputy_name": deputy if entry.presence == Attendance.Presence.DEPUTY else "",
                "recorded_by": by,
            },
        )
        saved += 1
    if meeting.status == Status.SCHEDULED:
        meeting.status = Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
        reminders_sync(source=meeting)
    return saved


# --- the agenda ---------------------------------------------------------------


def _check_case(meeting: Meeting, case: Case, by: User) -> None:
    """The organiser may put on the agenda only a case they may see at the meeting's
    level: its ledger row for an anonymised meeting, its personal data for a case review."""
    if not meeting.kind.takes_case_items:
        raise ValidationError(
            {"case": _("This kind of meeting does not discuss individual cases.")}
        )
    visible = cases_visible_to(by) if meeting.kind.is_personal else ledger_cases_for(by)
    if not visible.filter(pk=case.pk).exists():
        raise ValidationError({"case": _("You may not put this case on the agenda.")})
    if meeting.items.filter(case=case).exists():
        raise ValidationError({"case": _("This case is already on the agenda.")})


def _next_order(meeting: Meeting) -> int:
    top = meeting.items.aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


@audited_as("by")
@transaction.atomic
def item_add(
    *,
    meeting: Meeting,
    by: User,
    kind: str,
    title: str = "",
    case: Case | None = None,
    presenter: User | None = None,
    planned_minutes: int | None = None,
    prepared_text: str = "",
) -> AgendaItem:
    meeting = _locked(meeting)
    _editable(meeting)
    label = ""
    if kind == AgendaItem.Kind.CASE:
        if case is None:
            raise ValidationError({"case": _("Choose the case.")})
        _check_case(meeting, case, by)
        label = Case.objects.select_related("young_person").get(pk=case.pk).anonymised_label
    else:
        case = None
        if not title.strip():
            raise ValidationError({"title": _("Give the item a title.")})
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting),
        kind=kind,
        title=title.strip(),
        case=case,
        label=label,
        presenter=presenter,
        planned_minutes=planned_minutes,
        prepared_text=prepared_text.strip(),
    )
    item.full_clean()
    item.save()
    if case is not None:
        _open_grants(meeting, by)
    return item


@audited_as("by")
@transaction.atomic
def item_update(
    *,
    item: AgendaItem,
    by: User,
    title: str = "",
    presenter: User | None = None,
    planned_minutes: int | None = None,
    prepared_text: str = "",
) -> AgendaItem:
    _editable(_locked(item.meeting))
    if item.kind != AgendaItem.Kind.CASE:
        if not title.strip():
            raise ValidationError({"title": _("Give the item a title.")})
        item.title = title.strip()
    item.presenter = presenter
    item.planned_minutes = planned_minutes
    item.prepared_text = prepared_text.strip()
    item.full_clean()
    item.save(update_fields=["title", "presenter", "planned_minutes", "prepared_text"])
    return item


@audited_as("by")
@transaction.atomic
def item_move(*, item: AgendaItem, by: User, up: bool) -> list[AgendaItem]:
    """Move an item one place up or down; the orders are renumbered 0, 1, 2..."""
    meeting = _locked(item.meeting)
    _editable(meeting)
    items = list(meeting.items.order_by("order", "pk"))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for order, row in enumerate(items):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order"])
    return items


# --- grants for a case review meeting's invitees ------------------------------


def grant_expiry(meeting: Meeting) -> datetime:
    return meeting.ends_at + timedelta(days=settings.MEETING_GRANT_DAYS_AFTER)


def _open_grants(meeting: Meeting, by: User) -> int:
    """Open each case item of a case review meeting to invited agencies off its team,
    within the meeting's scope only, until the minutes are confirmed or the grant
    expires. Nothing for an anonymised meeting: everyone sees labels there."""
    if not meeting.kind.is_personal or meeting.status == Status.CANCELLED:
        return 0
    if meeting.minutes_confirmed:
        return 0
    case_ids = set(meeting.items.exclude(case=None).values_list("case_id", flat=True))
    agency_ids = set(meeting.invitations.values_list("agency_id", flat=True))
    if not case_ids or not agency_ids:
        return 0
    team = set(
        CaseTeamMember.objects.filter(case_id__in=case_ids, removed_at__isnull=True).values_list(
            "case_id", "agency_id"
        )
    )
    granted = set(
        CaseGrant.objects.filter(scope=meeting.scope, ended_at__isnull=True).values_list(
            "case_id", "agency_id"
        )
    )
    cases = {c.pk: c for c in Case.objects.filter(pk__in=case_ids)}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}
    opened = 0
    for case_id in sorted(case_ids):
        for agency_id in sorted(agency_ids):
            if (case_id, agency_id) in team or (case_id, agency_id) in granted:
                continue
            case_services.grant_open(
                case=cases[case_id],
                scope=meeting.scope,
                level=Disclosure.PERSONAL,
                by=by,
                agency=agencies[agency_id],
                expires_at=grant_expiry(meeting),
            )
            opened += 1
    return opened


def _renew_grants(meeting: Meeting, by: User) -> None:
    """A new date moves the grants' end: end them and open them again (both audited)."""
    if meeting.kind.is_personal:
        case_services.grants_end(scope=meeting.scope, by=by)
        _open_grants(meeting, by)
