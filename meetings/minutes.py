"""Writes to the minutes: per item discussion and decisions, action items, case-meeting
notes, the case review record, confirmation and amendments.

Confirmed minutes are read-only (corrections are amendments). A case review
record applies to its case only through cases.services, when the minutes are
confirmed, so the rules cases enforces hold (consent for a new team agency).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from cases import services as case_services
from cases.access import Disclosure, disclosure
from cases.models import Case, CaseNote
from core.audit import audited_as
from meetings.access import attended
from meetings.models import (
    ActionItem,
    AgendaItem,
    CaseReviewRecord,
    Meeting,
    MeetingCaseNote,
    MinutesAmendment,
    MinutesStatus,
    RecordRole,
    Status,
)
from meetings.services import IllegalTransition, _editable, _locked
from notifications.scheduling import reminders_sync

# --- minutes ------------------------------------------------------------------


def _minutes_open(meeting: Meeting) -> None:
    _editable(meeting)
    if not meeting.has_started:
        raise IllegalTransition(_("Minutes are written once the meeting has started."))


@audited_as("by")
@transaction.atomic
def minutes_save_item(*, item: AgendaItem, by: User, discussion: str, decisions: str) -> AgendaItem:
    _minutes_open(_locked(item.meeting))
    item.discussion = discussion.strip()
    item.decisions = decisions.strip()
    item.full_clean()
    item.save(update_fields=["discussion", "decisions"])
    return item


@audited_as("by")
@transaction.atomic
def action_add(
    *,
    meeting: Meeting,
    by: User,
    what: str,
    agency: Agency,
    due_on: date,
    assignee: User | None = None,
    item: AgendaItem | None = None,
) -> ActionItem:
    """An action item; linked to the item's case when it comes from a case item."""
    meeting = _locked(meeting)
    _minutes_open(meeting)
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = _("Say what is to be done.")
    if assignee is not None and assignee.agency_id != agency.pk:
        errors["assignee"] = _("The person must belong to the agency.")
    if due_on < meeting.day:
        errors["due_on"] = _("An action cannot be due before the meeting.")
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = _("Choose an item of this meeting.")
    if errors:
        raise ValidationError(errors)
    action = ActionItem.objects.create(
        meeting=meeting,
        item=item,
        what=what.strip(),
        agency=agency,
        assignee=assignee,
        due_on=due_on,
        case_id=item.case_id if item is not None else None,
        created_by=by,
    )
    reminders_sync(source=action)
    return action


@audited_as("by")
@transaction.atomic
def action_set_done(*, action: ActionItem, by: User, done: bool) -> ActionItem:
    action = ActionItem.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    action.done_on = timezone.localdate() if done else None
    action.save(update_fields=["done_on"])
    reminders_sync(source=action)
    return action


@dataclass(frozen=True)
class NewTask:
    description: str
    agency: Agency
    due_on: date
    assignee: User | None = None


@audited_as("by")
@transaction.atomic
def case_note_log(
    *,
    item: AgendaItem,
    by: User,
    text: str,
    next_review_on: date | None = None,
    tasks: Sequence[NewTask] = (),
) -> MeetingCaseNote:
    """A case-meeting note: an attending practitioner on the case's team records the
    outcome as a case note (kind "meeting") through cases.services; the same step may
    set the case's next review and add plan tasks."""
    meeting = _locked(item.meeting)
    _minutes_open(meeting)
    if item.case is None:
        raise ValidationError(_("Case-meeting notes belong to case items."))
    case = Case.objects.select_related("young_person", "plan").get(pk=item.case.pk)
    meeting = Meeting.objects.prefetch_related("invitations__attendance").get(pk=meeting.pk)
    if not (by.is_coordinator or attended(by, meeting)):
        raise ValidationError(_("Only those who attended the meeting log case-meeting notes."))
    if disclosure(by, case) < Disclosure.PERSONAL:
        raise ValidationError(_("Only the case team logs notes on this case."))
    if next_review_on is not None and next_review_on < meeting.day:
        raise ValidationError(
            {"next_review_on": _("The next review cannot be before the meeting.")}
        )
    note: CaseNote = case_services.note_add(
        case=case, author=by, contact_on=meeting.day, kind=CaseNote.Kind.MEETING, text=text
    )
    if next_review_on is not None:
        case_services.case_record_review(
            case=case, next_review_on=next_review_on, by=by, reviewed_on=meeting.day
        )
    for task in tasks:
        case_services.task_add(
            plan=case.plan,
            description=task.description,
            agency=task.agency,
            due_on=task.due_on,
            assignee=task.assignee,
            by=by,
        )
    return MeetingCaseNote.objects.create(item=item, note=note)


@audited_as("by")
@transaction.atomic
def record_save(
    *,
    item: AgendaItem,
    by: User,
    situation: str = "",
    progress: str = "",
    policy: str = "",
    lead_agency: Agency | None = None,
    key_worker: User | None = None,
    plan_text: str = "",
    next_review_on: date | None = None,
    roles: Sequence[tuple[Agency, str]] = (),
) -> CaseReviewRecord:
    """The five parts of a case review record (DOMAIN.md section 9), while a draft."""
    meeting = _locked(item.meeting)
    _minutes_open(meeting)
    if item.case_id is None or not meeting.kind.is_personal:
        raise ValidationError(_("A case review record belongs to a case item of a case review."))
    if key_worker is not None and (lead_agency is None or key_worker.agency_id != lead_agency.pk):
        raise ValidationError(
            {"key_worker": _("The main supporter must belong to the lead agency.")}
        )
    record, _created = CaseReviewRecord.objects.update_or_create(
        item=item,
        defaults={
            "situation": situation.strip(),
            "progress": progress.strip(),
            "policy": policy.strip(),
            "lead_agency": lead_agency,
            "key_worker": key_worker,
            "plan_text": plan_text.strip(),
            "next_review_on": next_review_on,
        },
    )
    wanted = {agency.pk: text.strip() for agency, text in roles if text.strip()}
    for role in record.roles.all():
        if role.agency_id not in wanted:
            role.role_text = ""
            role.save(update_fields=["role_text"])
    for agency_id, text in wanted.items():
        RecordRole.objects.update_or_create(
            record=record, agency_id=agency_id, defaults={"role_text": text}
        )
    return record


def _apply_record(record: CaseReviewRecord, meeting: Meeting, by: User) -> None:
    """Roles, lead agency, main supporter, policy and next review, through cases.services
    (the consent rule for a new team agency holds: its error stops the confirmation)."""
    case = Case.objects.select_related("young_person", "plan").get(pk=record.item.case_id or 0)
    current = {m.agency_id: m for m in case.team.filter(removed_at__isnull=True)}
    for role in record.roles.exclude(role_text="").select_related("agency"):
        member = current.get(role.agency_id)
        if member is None:
            try:
                current[role.agency_id] = case_services.team_member_add(
                    case=case, agency=role.agency, by=by, role_text=role.role_text
                )
            except ValidationError as error:
                raise ValidationError(
                    _("%(label)s: %(agency)s cannot join the team: %(why)s")
                    % {
                        "label": record.item.label,
                        "agency": role.agency,
                        "why": " ".join(error.messages),
                    }
                ) from error
        else:
            case_services.team_member_update(
                member=member,
                by=by,
                role_text=role.role_text,
                practitioners=list(member.practitioners.all()),
            )
    if record.lead_agency_id:
        lead = record.lead_agency
        assert lead is not None  # noqa: S101 - checked above
        if lead.pk not in current:
            try:
                case_services.team_member_add(case=case, agency=lead, by=by)
            except ValidationError as error:
                raise ValidationError(
                    _("%(label)s: %(agency)s cannot join the team: %(why)s")
                    % {"label": record.item.label, "agency": lead, "why": " ".join(error.messages)}
                ) from error
        case_services.case_set_lead(
            case=case, lead_agency=lead, key_worker=record.key_worker, by=by
        )
    if record.policy:
        plan = case.plan
        case_services.plan_update(plan=plan, by=by, policy=record.policy, review_on=plan.review_on)
    if record.next_review_on:
        case_services.case_record_review(
            case=case, next_review_on=record.next_review_on, by=by, reviewed_on=meeting.day
        )
    record.applied_at = timezone.now()
    record.save(update_fields=["applied_at"])


@audited_as("by")
@transaction.atomic
def minutes_confirm(*, meeting: Meeting, by: User) -> Meeting:
    """Confirm the minutes: read-only from now on; case review records apply to their
    cases, and the meeting's grants end."""
    meeting = _locked(meeting)
    if meeting.minutes_confirmed:
        raise IllegalTransition(_("The minutes are already confirmed."))
    if meeting.status != Status.HELD:
        raise IllegalTransition(_("Only the minutes of a meeting that was held can be confirmed."))
    records = CaseReviewRecord.objects.filter(item__meeting=meeting).select_related(
        "item", "lead_agency", "key_worker"
    )
    for record in records:
        _apply_record(record, meeting, by)
    meeting.minutes_status = MinutesStatus.CONFIRMED
    meeting.minutes_confirmed_at = timezone.now()
    meeting.minutes_confirmed_by = by
    meeting.save(
        update_fields=[
            "minutes_status",
            "minutes_confirmed_at",
            "minutes_confirmed_by",
            "updated_at",
        ]
    )
    reminders_sync(source=meeting)
    case_services.grants_end(scope=meeting.scope, by=by)
    return meeting


@audited_as("by")
@transaction.atomic
def minutes_amend(
    *, meeting: Meeting, by: User, text: str, reason: str, item: AgendaItem | None = None
) -> MinutesAmendment:
    """A correction to confirmed minutes, with its reason; the confirmed text stays."""
    meeting = _locked(meeting)
    if not meeting.minutes_confirmed:
        raise IllegalTransition(_("The minutes are still a draft: edit them directly."))
    errors: dict[str, Any] = {}
    if not text.strip():
        errors["text"] = _("Write the correction.")
    if not reason.strip():
        errors["reason"] = _("Say why the minutes are corrected.")
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = _("Choose an item of this meeting.")
    if errors:
        raise ValidationError(errors)
    return MinutesAmendment.objects.create(
        meeting=meeting, item=item, text=text.strip(), reason=reason.strip(), by=by
    )
