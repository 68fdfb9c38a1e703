"""What cases tells people: four reminder sources and two events.

Reminders (notifications.registry, swept when due), every one counted in
business days (a Friday task is overdue on Monday, not on Saturday; nothing
fires during the New Year closure or on a holiday):
- task due soon: N business days before the due date, to the assigned
  agency's practitioners named on the case (all its practitioners when none
  is named) and the person the task names;
- task overdue: N business days after, to the same people and the case's key worker;
- review coming up: N business days before the next review, to the key
  worker and the coordinators;
- review passed: N business days after it, to the coordinators.

Events (`notify()` at once): an agency joined a case team (its
practitioners); a task was assigned to an agency or a person.

Every recipient passes the disclosure policy when the notification is made,
and a notification carries the case's anonymised label, a title from its
kind and a link: never the task's text or anything else written about the
young person.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.access import Disclosure, audience, coordinator_ids, practitioners_of
from cases.models import Case, CaseTeamMember, PlanTask
from core.business_days import add_business_days
from notifications.registry import (
    BUSINESS_DAYS,
    Message,
    ReminderSource,
    register_kind,
    reminder_source,
)
from notifications.scheduling import fire_at
from notifications.services import notify

TEAM_JOINED = register_kind("team_joined", _("Your agency joined a case team"))
TASK_ASSIGNED = register_kind("task_assigned", _("A task was assigned to you or your agency"))
EXPORT_READY = register_kind("ledger_export_ready", _("A ledger export you asked for is ready"))

Slots = dict[tuple[int, int], list[int]]  # (case, agency) -> practitioners named there
Staff = dict[int, list[int]]  # agency -> its active practitioners

_CASE_COLUMNS = ("status", "lead_agency_id", "key_worker_id", "number", "next_review_on")
_PERSON_COLUMNS = ("date_of_birth", "gender")


def _day(value: date | None) -> str:
    return date_format(value, "MONTH_DAY_FORMAT") if value else ""


def _rules() -> dict[str, dict[str, int]]:
    return settings.REMINDER_RULES


def _named_practitioners(case_ids: Iterable[int]) -> Slots:
    """Practitioners named on each (case, agency) team slot, current members only."""
    through = CaseTeamMember.practitioners.through
    named: Slots = defaultdict(list)
    for case_id, agency_id, user_id in through.objects.filter(
        caseteammember__case_id__in=set(case_ids), caseteammember__removed_at__isnull=True
    ).values_list("caseteammember__case_id", "caseteammember__agency_id", "user_id"):
        named[(case_id, agency_id)].append(user_id)
    return named


def _allowed(candidates: Mapping[int, tuple[int, list[int]]]) -> dict[int, list[int]]:
    """Keep, per row id, the candidates who may see the row's case now (case id, users)."""
    pairs = {(user, case) for case, users in candidates.values() for user in users}
    allowed = audience(pairs, need=Disclosure.PERSONAL)
    return {
        row: list(dict.fromkeys(u for u in users if (u, case) in allowed))
        for row, (case, users) in candidates.items()
    }


class _TaskSource(ReminderSource):
    model = PlanTask
    counts = BUSINESS_DAYS
    title: Promise

    def load(self, ids: Collection[int]) -> dict[int, PlanTask]:
        tasks = (
            PlanTask.objects.filter(pk__in=ids)
            .select_related("plan__case__young_person")
            .only(
                "agency_id",
                "assignee_id",
                "status",
                "due_on",
                "plan__case_id",
                *(f"plan__case__{c}" for c in _CASE_COLUMNS),
                *(f"plan__case__young_person__{c}" for c in _PERSON_COLUMNS),
            )
        )
        return {t.pk: t for t in tasks}

    def live(self) -> QuerySet[PlanTask]:
        return PlanTask.objects.filter(status__in=PlanTask.OPEN_STATUSES).select_related(
            "plan__case"
        )

    def basis(self, row: PlanTask) -> str:
        return row.due_on.isoformat()

    def not_wanted_because(self, row: PlanTask) -> str:
        if not row.plan.case.is_open:
            return "case closed"
        if not row.is_open:
            return "task finished"
        return ""

    def _candidates(self, task: PlanTask, named: Slots, staff: Staff) -> list[int]:
        case_id = task.plan.case_id
        users = list(named.get((case_id, task.agency_id)) or staff.get(task.agency_id, []))
        if task.assignee_id:
            users.append(task.assignee_id)
        return users

    def recipients(self, rows: Mapping[int, PlanTask]) -> dict[int, list[int]]:
        named = _named_practitioners(t.plan.case_id for t in rows.values())
        staff = practitioners_of(t.agency_id for t in rows.values())
        return _allowed(
            {pk: (t.plan.case_id, self._candidates(t, named, staff)) for pk, t in rows.items()}
        )

    def message(self, row: PlanTask) -> Message:
        case = row.plan.case
        return Message(
            title=str(self.title) % {"day": _day(row.due_on)},
            label=case.anonymised_label,
            url=f"{case.get_absolute_url()}#task-{row.pk}",
        )


@reminder_source
class TaskDue(_TaskSource):
    kind = "task_due"
    label = _("A task is due soon")
    title = _("A task is due on %(day)s")

    def due_at(self, row: PlanTask) -> datetime:
        before = _rules()["task_due"]["business_days_before"]
        return fire_at(add_business_days(row.due_on, -before))


@reminder_source
class TaskOverdue(_TaskSource):
    kind = "task_overdue"
    label = _("A task is overdue")
    title = _("A task was due on %(day)s and is still open")

    def due_at(self, row: PlanTask) -> datetime:
        after = _rules()["task_overdue"]["business_days_after"]
        return fire_at(add_business_days(row.due_on, after))

    def _candidates(self, task: PlanTask, named: Slots, staff: Staff) -> list[int]:
        users = super()._candidates(task, named, staff)
        if task.plan.case.key_worker_id:
            users.append(task.plan.case.key_worker_id)
        return users


class _ReviewSource(ReminderSource):
    model = Case
    counts = BUSINESS_DAYS
    title: Promise

    def load(self, ids: Collection[int]) -> dict[int, Case]:
        cases = (
            Case.objects.filter(pk__in=ids)
            .select_related("young_person")
            .only(*_CASE_COLUMNS, *(f"young_person__{c}" for c in _PERSON_COLUMNS))
        )
        return {c.pk: c for c in cases}

    def live(self) -> QuerySet[Case]:
        return Case.objects.exclude(status=Case.Status.CLOSED).filter(next_review_on__isnull=False)

    def basis(self, row: Case) -> str:
        return row.next_review_on.isoformat() if row.next_review_on else ""

    def not_wanted_because(self, row: Case) -> str:
        if not row.is_open:
            return "case closed"
        if row.next_review_on is None:
            return "no review date"
        return ""

    def _candidates(self, case: Case, coordinators: list[int]) -> list[int]:
        return list(coordinators)

    def recipients(self, rows: Mapping[int, Case]) -> dict[int, list[int]]:
        coordinators = coordinator_ids()
        return _allowed({pk: (pk, self._candidates(c, coordinators)) for pk, c in rows.items()})

    def message(self, row: Case) -> Message:
        return Message(
            title=str(self.title) % {"day": _day(row.next_review_on)},
            label=row.anonymised_label,
            url=row.get_absolute_url(),
        )


@reminder_source
class ReviewDue(_ReviewSource):
    kind = "review_due"
    label = _("A case review is coming up")
    title = _("The case review is due on %(day)s")

    def due_at(self, row: Case) -> datetime | None:
        if row.next_review_on is None:
            return None
        before = _rules()["review_due"]["business_days_before"]
        return fire_at(add_business_days(row.next_review_on, -before))

    def _candidates(self, case: Case, coordinators: list[int]) -> list[int]:
        key_worker = [case.key_worker_id] if case.key_worker_id else []
        return key_worker + coordinators


@reminder_source
class ReviewPassed(_ReviewSource):
    kind = "review_passed"
    label = _("A case review date has passed")
    title = _("The case review date (%(day)s) has passed")

    def due_at(self, row: Case) -> datetime | None:
        if row.next_review_on is None:
            return None
        after = _rules()["review_passed"]["business_days_after"]
        return fire_at(add_business_days(row.next_review_on, after))


def announce_team_joined(*, member: CaseTeamMember, by: User) -> int:
    """Tell the joining agency's practitioners (those named, or all of them)."""
    case = member.case
    named = [p.pk for p in member.practitioners.all()]
    candidates = named or practitioners_of([member.agency_id]).get(member.agency_id, [])
    allowed = audience({(u, case.pk) for u in candidates}, need=Disclosure.PERSONAL)
    return notify(
        recipients=[pair[0] for pair in allowed],
        kind=TEAM_JOINED,
        message=lambda: Message(
            title=gettext("Your agency joined the team of a case"),
            label=case.anonymised_label,
            url=case.get_absolute_url(),
        ),
        idempotency_key=f"team_joined:{member.pk}",
        exclude=by,
    )


def announce_task_assigned(*, task: PlanTask, by: User) -> int:
    """Tell the person the task names, or else its agency's practitioners on the case."""
    case = task.plan.case
    if task.assignee_id:
        candidates = [task.assignee_id]
    else:
        named = _named_practitioners([case.pk]).get((case.pk, task.agency_id))
        candidates = named or practitioners_of([task.agency_id]).get(task.agency_id, [])
    allowed = audience({(u, case.pk) for u in candidates}, need=Disclosure.PERSONAL)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return notify(
        recipients=[pair[0] for pair in allowed],
        kind=TASK_ASSIGNED,
        message=lambda: Message(
            title=gettext("A task due on %(day)s was assigned to you or your agency")
            % {"day": _day(task.due_on)},
            label=case.anonymised_label,
            url=f"{case.get_absolute_url()}#task-{task.pk}",
        ),
        idempotency_key=f"task_assigned:{task.pk}:{task.agency_id}:{task.assignee_id}:{stamp}",
        exclude=by,
    )
