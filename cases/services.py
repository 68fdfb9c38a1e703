"""Writes to cases. Every function is keyword-only and atomic.

Rules that protect the record live here (not only in forms), so that no
caller can break them: a closed case has a reason, the lead agency is on
the team, a task is not due before its case opened, notes are never edited.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from cases.models import (
    Case,
    CaseGrant,
    CaseNote,
    CaseNumber,
    CaseTeamMember,
    Disclosure,
    PlanGoal,
    PlanTask,
    PresentingIssue,
    SupportPlan,
    YoungPerson,
)
from cases.reminders import announce_task_assigned, announce_team_joined
from core.audit import audited_as
from core.dates import fiscal_year_of
from notifications.scheduling import reminders_sync


class IllegalTransition(ValidationError):
    """A status change the lifecycle does not allow from the current status."""


# Where each status may go next (closing is allowed from every open status).
TRANSITIONS: dict[str, set[str]] = {
    Case.Status.INTAKE: {Case.Status.ASSESSMENT, Case.Status.ACTIVE},
    Case.Status.ASSESSMENT: {Case.Status.ACTIVE, Case.Status.MONITORING},
    Case.Status.ACTIVE: {Case.Status.MONITORING},
    Case.Status.MONITORING: {Case.Status.ACTIVE},
    Case.Status.CLOSED: set(),
}


@audited_as("by")
@transaction.atomic
def young_person_create(*, by: User, **fields: Any) -> YoungPerson:
    person = YoungPerson(**fields)
    if person.consent_to_share and person.consent_recorded_by_id is None:
        person.consent_recorded_by = by
    person.full_clean()
    person.save()
    return person


@audited_as("by")
@transaction.atomic
def young_person_update(*, person: YoungPerson, by: User, **fields: Any) -> YoungPerson:
    consent_changed = (
        "consent_to_share" in fields and fields["consent_to_share"] != person.consent_to_share
    )
    for name, value in fields.items():
        setattr(person, name, value)
    if consent_changed:
        person.consent_recorded_by = by
    person.full_clean()
    person.save(update_fields=[*fields, "consent_recorded_by", "updated_at"])
    return person


@transaction.atomic
@audited_as("by")
def young_person_merge(*, keep: YoungPerson, merged: YoungPerson, by: User) -> YoungPerson:
    """Merge a duplicate record into `keep`: its cases move over, and the merged
    record stays (pointing at `keep`) so that its history is never lost."""
    if keep.pk == merged.pk:
        raise ValidationError(_("Choose two different records to merge."))
    locked = {
        p.pk: p for p in YoungPerson.objects.select_for_update().filter(pk__in=[keep.pk, merged.pk])
    }
    keep, merged = locked[keep.pk], locked[merged.pk]
    if merged.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("One of these records was already merged."))
    for case in Case.objects.select_for_update().filter(young_person=merged):
        case.young_person = keep
        case.save(update_fields=["young_person", "updated_at"])
    merged.merged_into = keep
    merged.save(update_fields=["merged_into", "updated_at"])
    return keep


def _next_case_number(fiscal_year: int) -> int:
    """Take the next number of the fiscal year under a row lock (see CaseNumber)."""
    CaseNumber.objects.bulk_create([CaseNumber(fiscal_year=fiscal_year)], ignore_conflicts=True)
    counter = CaseNumber.objects.select_for_update().get(fiscal_year=fiscal_year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@audited_as("by")
@transaction.atomic
def case_open(
    *,
    young_person: YoungPerson,
    lead_agency: Agency,
    by: User,
    referral_source: str,
    key_worker: User | None = None,
    opened_on: date | None = None,
    presenting_issues: Iterable[PresentingIssue] = (),
    lead_role_text: str = "",
    **fields: Any,
) -> Case:
    """Open a case with its number, its lead agency on the team and an empty plan."""
    opened_on = opened_on or timezone.localdate()
    if key_worker is not None and key_worker.agency_id != lead_agency.pk:
        raise ValidationError({"key_worker": _("The key worker must belong to the lead agency.")})
    fiscal_year = fiscal_year_of(opened_on)
    sequence = _next_case_number(fiscal_year)
    case = Case(
        young_person=young_person,
        fiscal_year=fiscal_year,
        sequence=sequence,
        number=f"{fiscal_year}-{sequence:04d}",
        opened_on=opened_on,
        lead_agency=lead_agency,
        key_worker=key_worker,
        referral_source=referral_source,
        created_by=by,
        **fields,
    )
    case.full_clean(exclude=["presenting_issues"])
    case.save()
    case.presenting_issues.set(presenting_issues)
    lead = CaseTeamMember.objects.create(
        case=case, agency=lead_agency, role_text=lead_role_text, added_by=by
    )
    if key_worker is not None:
        lead.practitioners.add(key_worker)
    SupportPlan.objects.create(case=case, updated_by=by)
    reminders_sync(source=case)
    return case


@audited_as("by")
@transaction.atomic
def case_update(
    *,
    case: Case,
    by: User,
    presenting_issues: Iterable[PresentingIssue] | None = None,
    **fields: Any,
) -> Case:
    """Change a case's own details (not its status, team or lead)."""
    for name, value in fields.items():
        setattr(case, name, value)
    case.full_clean(exclude=["presenting_issues"])
    case.save(update_fields=[*fields, "updated_at"])
    if presenting_issues is not None:
        case.presenting_issues.set(presenting_issues)
    reminders_sync(source=case)
    return case


def _current_member(case: Case, agency_id: int) -> CaseTeamMember | None:
    return case.team.filter(agency_id=agency_id, removed_at__isnull=True).first()


@audited_as("by")
@transaction.atomic
def case_set_lead(*, case: Case, lead_agency: Agency, key_worker: User | None, by: User) -> Case:
    """Make a team agency the lead and name the key worker from it."""
    member = _current_member(case, lead_agency.pk)
    if member is None:
        raise ValidationError(
            {"lead_agency": _("Add the agency to the team before making it the lead.")}
        )
    if key_worker is not None and key_worker.agency_id != lead_agency.pk:
        raise ValidationError({"key_worker": _("The key worker must belong to the lead agency.")})
    case.lead_agency = lead_agency
    case.key_worker = key_worker
    case.save(update_fields=["lead_agency", "key_worker", "updated_at"])
    if key_worker is not None:
        member.practitioners.add(key_worker)
    return case


def _check_practitioners(agency: Agency, practitioners: Iterable[User]) -> list[User]:
    people = list(practitioners)
    if any(p.agency_id != agency.pk for p in people):
        raise ValidationError(
            {"practitioners": _("Named practitioners must belong to the agency.")}
        )
    return people


@audited_as("by")
@transaction.atomic
def team_member_add(
    *,
    case: Case,
    agency: Agency,
    by: User,
    role_text: str = "",
    practitioners: Iterable[User] = (),
    consent_override_reason: str = "",
    override_by: User | None = None,
) -> CaseTeamMember:
    """Put an agency on the team: its practitioners gain need-to-know access.

    The young person's consent to sharing is needed, or a coordinator's
    recorded reason (`override_by` when another coordinator decided it, as
    for a referral sent without consent).
    """
    if _current_member(case, agency.pk) is not None:
        raise ValidationError({"agency": _("This agency is already on the team.")})
    reason, decided_by = consent_override_reason.strip(), override_by or by
    if not case.young_person.consent_to_share and not (reason and decided_by.is_coordinator):
        raise ValidationError(
            {
                "consent_override_reason": _(
                    "The young person has not consented to sharing: another agency can join "
                    "the team only with the coordinating office's recorded reason."
                )
            }
        )
    people = _check_practitioners(agency, practitioners)
    member = CaseTeamMember.objects.create(
        case=case,
        agency=agency,
        role_text=role_text,
        added_by=by,
        consent_override_reason="" if case.young_person.consent_to_share else reason,
        consent_overridden_by=None if case.young_person.consent_to_share else decided_by,
    )
    member.practitioners.set(people)
    announce_team_joined(member=member, by=by)
    return member


@audited_as("by")
@transaction.atomic
def team_member_update(
    *, member: CaseTeamMember, by: User, role_text: str, practitioners: Iterable[User]
) -> CaseTeamMember:
    people = _check_practitioners(member.agency, practitioners)
    member.role_text = role_text
    member.save(update_fields=["role_text"])
    member.practitioners.set(people)
    return member


@audited_as("by")
@transaction.atomic
def team_member_remove(*, member: CaseTeamMember, by: User) -> CaseTeamMember:
    """Take an agency off the team (the row stays as history); never the lead."""
    member = CaseTeamMember.objects.select_for_update().select_related("case").get(pk=member.pk)
    if member.removed_at is not None:
        return member  # a double click
    if member.case.lead_agency_id == member.agency_id:
        raise ValidationError(
            _("The lead agency cannot leave the team. Make another agency the lead first.")
        )
    member.removed_at = timezone.now()
    member.removed_by = by
    member.save(update_fields=["removed_at", "removed_by"])
    return member


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@audited_as("by")
@transaction.atomic
def case_transition(*, case: Case, to_status: str, by: User) -> Case:
    """Move an open case along its lifecycle (closing and reopening have their own)."""
    locked = _locked(case)
    if locked.status == to_status:
        return locked
    if to_status not in TRANSITIONS.get(locked.status, set()):
        raise IllegalTransition(
            _("A case cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": Case.Status(locked.status).label,
                "to": Case.Status(to_status).label if to_status in Case.Status else to_status,
            }
        )
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    return locked


@audited_as("by")
@transaction.atomic
def case_close(
    *, case: Case, reason: str, by: User, note: str = "", closed_on: date | None = None
) -> Case:
    locked = _locked(case)
    if locked.status == Case.Status.CLOSED:
        raise IllegalTransition(_("The case is already closed."))
    if reason not in Case.ClosureReason.values:
        raise ValidationError({"reason": _("Choose a reason for closing the case.")})
    if reason == Case.ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Describe the reason when you choose “Other”.")})
    locked.status = Case.Status.CLOSED
    locked.closure_reason = reason
    locked.closure_note = note
    locked.closed_on = closed_on or timezone.localdate()
    locked.save(
        update_fields=["status", "closure_reason", "closure_note", "closed_on", "updated_at"]
    )
    reminders_sync(source=locked)
    return locked


@audited_as("by")
@transaction.atomic
def case_reopen(*, case: Case, by: User) -> Case:
    """Reopen a closed case into assessment; the closure stays in the history."""
    locked = _locked(case)
    if locked.status != Case.Status.CLOSED:
        raise IllegalTransition(_("Only a closed case can be reopened."))
    locked.status = Case.Status.ASSESSMENT
    locked.closure_reason = ""
    locked.closure_note = ""
    locked.closed_on = None
    locked.save(
        update_fields=["status", "closure_reason", "closure_note", "closed_on", "updated_at"]
    )
    reminders_sync(source=locked)
    return locked


@audited_as("by")
@transaction.atomic
def case_record_review(
    *, case: Case, next_review_on: date | None, by: User, reviewed_on: date | None = None
) -> Case:
    """Set the next review date (the ledger's inline edit), and the last one if given."""
    fields = ["next_review_on", "updated_at"]
    case.next_review_on = next_review_on
    if reviewed_on is not None:
        case.last_reviewed_on = reviewed_on
        fields.append("last_reviewed_on")
    case.save(update_fields=fields)
    reminders_sync(source=case)
    return case


@audited_as("by")
@transaction.atomic
def plan_update(*, plan: SupportPlan, by: User, policy: str, review_on: date | None) -> SupportPlan:
    plan.policy = policy
    plan.review_on = review_on
    plan.updated_by = by
    plan.save(update_fields=["policy", "review_on", "updated_by", "updated_at"])
    return plan


@audited_as("by")
@transaction.atomic
def goal_add(*, plan: SupportPlan, text: str, by: User) -> PlanGoal:
    order = plan.goals.count()
    return PlanGoal.objects.create(plan=plan, text=text, sort_order=order)


@audited_as("by")
@transaction.atomic
def goal_set_achieved(*, goal: PlanGoal, achieved: bool, by: User) -> PlanGoal:
    goal.achieved_on = timezone.localdate() if achieved else None
    goal.save(update_fields=["achieved_on"])
    return goal


def _check_task(case: Case, agency: Agency, assignee: User | None, due_on: date) -> None:
    errors: dict[str, str] = {}
    if _current_member(case, agency.pk) is None:
        errors["agency"] = _("Assign the task to an agency on the team.")
    if assignee is not None and assignee.agency_id != agency.pk:
        errors["assignee"] = _("The person must belong to the assigned agency.")
    if due_on < case.opened_on:
        errors["due_on"] = _("A task cannot be due before the case was opened (%(day)s).") % {
            "day": date_format(case.opened_on, "DATE_FORMAT")
        }
    if errors:
        raise ValidationError(errors)


@audited_as("by")
@transaction.atomic
def task_add(
    *,
    plan: SupportPlan,
    description: str,
    agency: Agency,
    due_on: date,
    by: User,
    assignee: User | None = None,
    goal: PlanGoal | None = None,
) -> PlanTask:
    _check_task(plan.case, agency, assignee, due_on)
    task = PlanTask.objects.create(
        plan=plan,
        description=description,
        agency=agency,
        assignee=assignee,
        due_on=due_on,
        goal=goal,
    )
    reminders_sync(source=task)
    announce_task_assigned(task=task, by=by)
    _refresh_oldest_open_task(plan.case_id)
    return task


@audited_as("by")
@transaction.atomic
def task_update(
    *,
    task: PlanTask,
    by: User,
    description: str,
    agency: Agency,
    due_on: date,
    assignee: User | None = None,
    goal: PlanGoal | None = None,
) -> PlanTask:
    _check_task(task.plan.case, agency, assignee, due_on)
    reassigned = (task.agency_id, task.assignee_id) != (
        agency.pk,
        assignee.pk if assignee else None,
    )
    task.description = description
    task.agency = agency
    task.assignee = assignee
    task.due_on = due_on
    task.goal = goal
    task.save(update_fields=["description", "agency", "assignee", "due_on", "goal"])
    reminders_sync(source=task)
    _refresh_oldest_open_task(task.plan.case_id)
    if reassigned:
        announce_task_assigned(task=task, by=by)
    return task


@audited_as("by")
@transaction.atomic
def task_set_status(*, task: PlanTask, status: str, by: User) -> PlanTask:
    if status not in PlanTask.Status.values:
        raise ValidationError(_("Unknown task status."))
    task.status = status
    task.completed_on = timezone.localdate() if status == PlanTask.Status.DONE else None
    task.save(update_fields=["status", "completed_on"])
    reminders_sync(source=task)
    _refresh_oldest_open_task(task.plan.case_id)
    return task


def _refresh_oldest_open_task(case_id: int) -> None:
    """Keep the ledger's stored sort key (the oldest open task's due date) current.

    One UPDATE from the tasks themselves, so it is right whatever changed; a
    plain update, since a sort key is not a change anyone made to the case.
    """
    oldest = (
        PlanTask.objects.filter(plan__case_id=case_id, status__in=PlanTask.OPEN_STATUSES)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    Case.objects.filter(pk=case_id).update(oldest_open_task_due=Subquery(oldest))


NOTE_DETAILS = ("contact_time", "duration_minutes", "place", "met", "next_contact_on")


def _note_create(
    *,
    case: Case,
    author: User,
    contact_on: date,
    kind: str,
    text: str,
    amends: CaseNote | None,
    amend_reason: str = "",
    **details: Any,
) -> CaseNote:
    if contact_on > timezone.localdate():
        raise ValidationError({"contact_on": _("The date of contact cannot be in the future.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    if author.agency_id is None:
        raise ValidationError(_("Only a member of an agency can record notes."))
    next_contact = details.get("next_contact_on")
    if next_contact is not None and next_contact < contact_on:
        raise ValidationError({"next_contact_on": _("The next contact cannot be before this one.")})
    note = CaseNote(
        case=case,
        author=author,
        agency_id=author.agency_id,
        contact_on=contact_on,
        kind=kind,
        text=text.strip(),
        amends=amends,
        amend_reason=amend_reason.strip(),
        **{k: v for k, v in details.items() if k in NOTE_DETAILS and v not in (None, "")},
    )
    note.full_clean()
    note.save()
    return note


@audited_as("author")
@transaction.atomic
def note_add(
    *,
    case: Case,
    author: User,
    contact_on: date,
    kind: str,
    text: str,
    complete_task: PlanTask | None = None,
    **details: Any,
) -> CaseNote:
    """Record a contact (経過記録); it may also mark a task of the case done."""
    note = _note_create(
        case=case,
        author=author,
        contact_on=contact_on,
        kind=kind,
        text=text,
        amends=None,
        **details,
    )
    if complete_task is not None:
        if complete_task.plan.case_id != case.pk:
            raise ValidationError({"complete_task": _("Choose a task of this case.")})
        if complete_task.is_open:
            task_set_status(task=complete_task, status=PlanTask.Status.DONE, by=author)
    return note


@audited_as("author")
@transaction.atomic
def note_amend(
    *,
    note: CaseNote,
    author: User,
    text: str,
    amend_reason: str,
    contact_on: date | None = None,
    kind: str = "",
    **details: Any,
) -> CaseNote:
    """Record a correction as a new note, with its reason; the original stays as written.

    Only the author's agency or the coordinating office corrects a note.
    """
    original = note.amends or note
    if not (author.is_coordinator or author.agency_id == original.agency_id):
        raise PermissionDenied
    if not amend_reason.strip():
        raise ValidationError({"amend_reason": _("Say why the note is corrected.")})
    return _note_create(
        case=original.case,
        author=author,
        contact_on=contact_on or original.contact_on,
        kind=kind or original.kind,
        text=text,
        amends=original,
        amend_reason=amend_reason,
        **details,
    )


@transaction.atomic
@audited_as("by")
def grant_open(
    *,
    case: Case,
    scope: str,
    level: int,
    by: User,
    agency: Agency | None = None,
    user: User | None = None,
    expires_at: datetime | None = None,
) -> CaseGrant:
    """Open `case` to an agency or a person outside its team, within `scope` only.

    For apps above cases (a referral before it is accepted, a case review
    meeting's invitees); the grant is audited and ends with `grants_end`.
    """
    if level not in (Disclosure.LABEL, Disclosure.PERSONAL):
        raise ValueError(f"a grant gives LABEL or PERSONAL, not {level}")
    if (agency is None) == (user is None):
        raise ValueError("a grant is for one agency or one person")
    return CaseGrant.objects.create(
        case=case,
        scope=scope,
        level=level,
        agency=agency,
        user=user,
        granted_by=by,
        expires_at=expires_at,
    )


@transaction.atomic
@audited_as("by")
def grants_end(*, scope: str, by: User, case: Case | None = None) -> int:
    """End the open grants of `scope` (on one case, or all its cases)."""
    grants = CaseGrant.objects.filter(scope=scope, ended_at__isnull=True)
    if case is not None:
        grants = grants.filter(case=case)
    ended = 0
    for grant in grants.select_for_update():
        grant.ended_at = timezone.now()
        grant.save(update_fields=["ended_at"])
        ended += 1
    return ended
