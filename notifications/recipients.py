"""Who hears about a reminder, resolved in bulk for a batch (constant queries).

- task due soon: the assigned agency's named practitioners on the case (all
  its practitioners when none is named) and the person the task names;
- task overdue: the same, and the case's key worker;
- review coming up: the key worker and the coordinators;
- review passed: the coordinators.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from accounts.models import Role, User
from cases.models import Case, CaseTeamMember, PlanTask
from notifications.models import Kind, Reminder


@dataclass(frozen=True)
class TaskRow:
    """The few columns of a task that a reminder needs (no model instances: speed)."""

    pk: int
    case_id: int
    agency_id: int
    assignee_id: int | None
    status: str
    due_on: date
    description: str

    @property
    def is_open(self) -> bool:
        return self.status in PlanTask.OPEN_STATUSES


class Recipients:
    """Loads, in a handful of queries, everything a batch of reminders needs."""

    def __init__(self, reminders: Iterable[Reminder]) -> None:
        reminders = list(reminders)
        task_ids = {r.task_id for r in reminders if r.task_id}
        case_ids = {r.case_id for r in reminders if r.case_id}
        columns = (
            "pk",
            "plan__case_id",
            "agency_id",
            "assignee_id",
            "status",
            "due_on",
            "description",
        )
        self.tasks = {
            row[0]: TaskRow(*row)
            for row in PlanTask.objects.filter(pk__in=task_ids).values_list(*columns)
        }
        case_ids |= {t.case_id for t in self.tasks.values()}
        self.cases = {
            c.pk: c
            for c in Case.objects.filter(pk__in=case_ids).select_related(
                "young_person", "key_worker"
            )
        }
        active = User.objects.filter(is_active=True)
        members = CaseTeamMember.objects.filter(
            case_id__in=case_ids, removed_at__isnull=True
        ).prefetch_related(Prefetch("practitioners", queryset=active))
        self.named: dict[tuple[int, int], list[int]] = defaultdict(list)
        for member in members:
            self.named[(member.case_id, member.agency_id)] += [
                p.pk for p in member.practitioners.all()
            ]
        agency_ids = {t.agency_id for t in self.tasks.values()}
        self.agency_staff: dict[int, list[int]] = defaultdict(list)
        for user_id, agency_id in active.filter(
            agency_id__in=agency_ids, role=Role.PRACTITIONER
        ).values_list("pk", "agency_id"):
            self.agency_staff[agency_id].append(user_id)
        self.coordinators = list(active.filter(role=Role.COORDINATOR).values_list("pk", flat=True))
        self.active_ids = set(active.filter(pk__in=self._everyone()).values_list("pk", flat=True))

    def _everyone(self) -> set[int]:
        ids = set(self.coordinators)
        for users in [*self.named.values(), *self.agency_staff.values()]:
            ids |= set(users)
        for task in self.tasks.values():
            if task.assignee_id:
                ids.add(task.assignee_id)
        ids |= {c.key_worker_id for c in self.cases.values() if c.key_worker_id}
        return ids

    def case_of(self, reminder: Reminder) -> Case | None:
        if reminder.task_id:
            task = self.tasks.get(reminder.task_id)
            return self.cases.get(task.case_id) if task else None
        return self.cases.get(reminder.case_id) if reminder.case_id else None

    def for_reminder(self, reminder: Reminder) -> list[int]:
        case = self.case_of(reminder)
        if case is None:
            return []
        users: list[int] = []
        if reminder.kind in (Kind.TASK_DUE, Kind.TASK_OVERDUE):
            task = self.tasks[reminder.task_id]  # type: ignore[index]
            users += self.named.get((case.pk, task.agency_id)) or self.agency_staff[task.agency_id]
            if task.assignee_id:
                users.append(task.assignee_id)
            if reminder.kind == Kind.TASK_OVERDUE and case.key_worker_id:
                users.append(case.key_worker_id)
        elif reminder.kind == Kind.REVIEW_DUE:
            if case.key_worker_id:
                users.append(case.key_worker_id)
            users += self.coordinators
        elif reminder.kind == Kind.REVIEW_PASSED:
            users += self.coordinators
        return list(dict.fromkeys(u for u in users if u in self.active_ids))
