"""What the demo's teams wrote on a case: its support plan, tasks and notes.

Each function draws from the same random.Random as demo.cases, in a fixed
order: changing the order of the draws changes the whole demo.
"""

import random
from datetime import date, time, timedelta
from typing import Any

from accounts.models import Role, User
from cases import services
from cases.models import Case, CaseNote, PlanTask
from demo.stories import Caseload, Scenario

Status = Case.Status


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def write_plan(
    rng: random.Random,
    case: Case,
    scenario: Scenario,
    ctx: dict[str, str],
    staff: dict[int, list[User]],
    status: Case.Status,
    reason: str,
    end: date,
    today: date,
) -> None:
    """The plan as it stands today, or as it was when the case closed on `end`."""
    by = case.key_worker or staff[case.lead_agency_id][0]
    review = end if status == Status.CLOSED else today + timedelta(days=rng.randint(-10, 90))
    plan = services.plan_update(plan=case.plan, by=by, policy=scenario.policy, review_on=review)
    texts = scenario.goals[: rng.randint(1, 3)]
    goals = [services.goal_add(plan=plan, text=text, by=by) for text in texts]
    # The dict is built whole, so the draw for an active case is made for every case.
    reached = {
        Status.CLOSED: len(goals),
        Status.MONITORING: len(goals) - 1,
        Status.ACTIVE: int(rng.random() < 0.4),
    }.get(status, 0)
    for goal in goals[:reached]:
        services.goal_set_achieved(goal=goal, achieved=True, by=by)
    on_team = set(case.team.values_list("agency__name", flat=True))
    S = PlanTask.Status
    for text, agency_name, goal_index in scenario.tasks[: rng.randint(2, 4)]:
        if agency_name not in on_team:
            continue
        agency = case.team.get(agency__name=agency_name).agency
        people = staff.get(agency.pk, [])
        if status == Status.CLOSED:  # the tasks of the plan as it was when the case closed
            due = _between(rng, min(end, case.opened_on + timedelta(days=14)), end)
        else:  # the current plan: some due lately, some coming up
            due = max(case.opened_on, today + timedelta(days=rng.randint(-60, 90)))
        task = services.task_add(
            plan=plan,
            description=text.format(**ctx),
            agency=agency,
            due_on=due,
            by=by,
            assignee=rng.choice(people) if people else None,
            goal=goals[goal_index] if goal_index is not None and goal_index < len(goals) else None,
        )
        if status == Status.CLOSED:
            new = (
                S.DONE
                if reason == Case.ClosureReason.GOAL_REACHED
                else rng.choice([S.DONE, S.CANCELLED])
            )
        elif status == Status.MONITORING:
            new = rng.choices([S.DONE, S.IN_PROGRESS], weights=[4, 1])[0]
        elif status == Status.INTAKE:
            new = S.OPEN
        elif due < today:
            new = rng.choices([S.DONE, S.IN_PROGRESS, S.OPEN], weights=[5, 2, 2])[0]
        else:
            new = rng.choices([S.OPEN, S.IN_PROGRESS], weights=[2, 1])[0]
        if new != S.OPEN:
            services.task_set_status(task=task, status=new, by=task.assignee or by)


def _visit_details(case: Case, kind: str, contact_on: date, end: date) -> dict[str, Any]:
    """A home visit's time, length, place and who was met (its own random stream, so the
    rest of the demo stays as it was)."""
    if kind != CaseNote.Kind.HOME_VISIT:
        return {}
    visit = random.Random(f"{case.number}-{contact_on}")  # noqa: S311 - demo data
    met = visit.choices(list(CaseNote.Met.values)[:3], weights=[5, 3, 2])[0]
    next_visit = contact_on + timedelta(days=visit.choice([7, 14, 14, 21]))
    return {
        "contact_time": time(visit.choice([10, 13, 14, 15, 16]), visit.choice([0, 30])),
        "duration_minutes": 10 if met == CaseNote.Met.NOBODY else visit.choice([30, 45, 60, 90]),
        "place": visit.choice(["自宅", "自宅（玄関先）", "自宅近くの公園"]),
        "met": met,
        "next_contact_on": next_visit if next_visit <= end + timedelta(days=21) else None,
    }


def write_notes(
    rng: random.Random,
    case: Case,
    scenario: Scenario,
    caseload: Caseload,
    ctx: dict[str, str],
    logins: dict[str, User],
    status: Case.Status,
    end: date,
) -> None:
    """The story's first phases as notes; an author off the team writes none."""
    on_team = set(case.team.values_list("agency_id", flat=True))
    low, high = {Status.INTAKE: (2, 3), Status.ASSESSMENT: (2, 4)}.get(status, (3, 8))
    written: list[CaseNote] = []
    phases = scenario.notes[: rng.randint(low, high)]
    first = min(end, case.opened_on + timedelta(days=rng.randint(0, 10)))  # first contact
    days = [first, *sorted(_between(rng, first, end) for _ in phases[1:])]
    for contact_on, phase in zip(days, phases, strict=True):
        note = rng.choice(phase)
        login = rng.choice(note.authors) if len(note.authors) > 1 else note.authors[0]
        author = logins[login]
        if author.agency_id not in on_team and author.role != Role.COORDINATOR:
            continue
        written.append(
            services.note_add(
                case=case,
                author=author,
                contact_on=contact_on,
                kind=note.kind,
                text=note.text.format(**ctx),
                **_visit_details(case, note.kind, contact_on, end),
            )
        )
    if len(written) >= 3 and rng.random() < 0.1:  # a wrong date, corrected by its author
        original = written[1]
        day = original.contact_on - timedelta(days=1)
        if day >= case.opened_on:
            services.note_amend(
                note=original,
                author=original.author,
                contact_on=day,
                text=caseload.amendment.format(month=day.month, day=day.day),
                amend_reason=caseload.amend_reason,
            )
