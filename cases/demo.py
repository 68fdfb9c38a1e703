"""Demo cases of the fictional みどり市 council: every status, with teams, plans and notes.

Everything is invented (people, families, stories). Written only through
cases.services, deterministic (random.Random(2026)) relative to today, and
idempotent: nothing is created once any case exists.

A note is written "kind author: text": the author is a demo login, and the
note is kept only when the author's agency is on the case's team (the
coordinators may always write). Texts use {parent}, {hobby}, {doing},
{years}, {place} and {grade}, filled in per case.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Role, User
from agencies.models import Agency
from cases import services
from cases.demo_stories import (
    AMENDMENT,
    CL,
    CLOSURES,
    FAMILIES,
    GIVEN_NAMES,
    HOBBIES,
    PLACES,
    SCENARIOS,
    STATUS_PLAN,
    SURNAMES,
    TOWNS,
    Scenario,
)
from cases.models import (
    Case,
    CaseNote,
    PlanTask,
    PresentingIssue,
    YoungPerson,
)


def _split(pair: str) -> tuple[str, str]:
    name, kana = pair.split(":")
    return name, kana


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _opening_dates(rng: random.Random, today: date) -> list[date]:
    """Over about three years, oldest first; the intake cases came in during the last weeks."""
    intake = STATUS_PLAN.count("I")
    days = rng.sample(range(60, 1090), len(STATUS_PLAN) - intake) + rng.sample(range(2, 45), intake)
    return sorted(today - timedelta(days=d) for d in days)


def _young_person(
    rng: random.Random, scenario: Scenario, ctx: dict[str, str], opened_on: date, by: User
) -> YoungPerson:
    gender = rng.choices(list(GIVEN_NAMES), weights=[50, 40, 5, 5])[0]
    family, family_kana = _split(ctx["surname"])
    given, given_kana = _split(rng.choice(GIVEN_NAMES[gender].split()))
    consent = rng.random() < 0.9
    return services.young_person_create(
        by=by,
        family_name=family,
        given_name=given,
        family_name_kana=family_kana,
        given_name_kana=given_kana,
        date_of_birth=opened_on - timedelta(days=int(ctx["age"]) * 365 + rng.randint(20, 340)),
        gender=gender,
        address=f"みどり市{rng.choice(TOWNS)}{rng.randint(1, 5)}丁目",
        daily_status=rng.choice(scenario.daily),
        school_or_workplace=scenario.school.format(**ctx),
        family_situation=ctx["family"],
        consent_to_share=consent,
        consent_date=opened_on if consent else None,
    )


def _context(
    rng: random.Random, scenario: Scenario, surname: str, opened_on: date, today: date
) -> dict[str, str]:
    family, parent = rng.choice(FAMILIES)
    hobby, doing = rng.choice(HOBBIES)
    low, high = scenario.ages
    if high <= 15:  # pupils: young enough at opening to be of school age still, if possible
        high = max(low, min(high, 15 - (today - opened_on).days // 365))
    age = rng.randint(low, high)
    grade = min(3, max(1, age - (15 if scenario.issue == "高校中退" else 12)))
    return {
        "surname": surname,
        "family": family,
        "parent": parent,
        "hobby": hobby,
        "doing": doing,
        "age": str(age),
        "grade": str(grade),
        "years": str(rng.randint(1, 6)),
        "place": rng.choice(PLACES),
    }


def _walk(case: Case, status: str, reason: str, by: User) -> None:
    """Move the case along to `status`; a case to be closed first gets as far as its story."""
    depth = {"I": 0, "S": 1, "A": 2, "M": 3}.get(status)
    if depth is None:
        closed_after: dict[str, int] = {CL.NO_CONTACT: 1, CL.GOAL_REACHED: 3}
        depth = closed_after.get(reason, 2)
    for to_status in [Case.Status.ASSESSMENT, Case.Status.ACTIVE, Case.Status.MONITORING][:depth]:
        services.case_transition(case=case, to_status=to_status, by=by)


def _plan(
    rng: random.Random,
    case: Case,
    scenario: Scenario,
    ctx: dict[str, str],
    staff: dict[int, list[User]],
    status: str,
    reason: str,
    end: date,
    today: date,
) -> None:
    by = case.key_worker or staff[case.lead_agency_id][0]
    review = end if status == "C" else today + timedelta(days=rng.randint(-10, 90))
    plan = services.plan_update(plan=case.plan, by=by, policy=scenario.policy, review_on=review)
    texts = scenario.goals[: rng.randint(1, 3)]
    goals = [services.goal_add(plan=plan, text=text, by=by) for text in texts]
    reached = {"C": len(goals), "M": len(goals) - 1, "A": int(rng.random() < 0.4)}.get(status, 0)
    for goal in goals[:reached]:
        services.goal_set_achieved(goal=goal, achieved=True, by=by)
    on_team = set(case.team.values_list("agency__name", flat=True))
    S = PlanTask.Status
    for text, agency_name, goal_index in scenario.tasks[: rng.randint(2, 4)]:
        if agency_name not in on_team:
            continue
        agency = case.team.get(agency__name=agency_name).agency
        people = staff.get(agency.pk, [])
        if status == "C":  # the tasks of the plan as it was when the case closed
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
        if status == "C":
            new = S.DONE if reason == CL.GOAL_REACHED else rng.choice([S.DONE, S.CANCELLED])
        elif status == "M":
            new = rng.choices([S.DONE, S.IN_PROGRESS], weights=[4, 1])[0]
        elif status == "I":
            new = S.OPEN
        elif due < today:
            new = rng.choices([S.DONE, S.IN_PROGRESS, S.OPEN], weights=[5, 2, 2])[0]
        else:
            new = rng.choices([S.OPEN, S.IN_PROGRESS], weights=[2, 1])[0]
        if new != S.OPEN:
            services.task_set_status(task=task, status=new, by=task.assignee or by)


def _notes(
    rng: random.Random,
    case: Case,
    scenario: Scenario,
    ctx: dict[str, str],
    logins: dict[str, User],
    status: str,
    end: date,
) -> None:
    on_team = set(case.team.values_list("agency_id", flat=True))
    low, high = {"I": (2, 3), "S": (2, 4)}.get(status, (3, 8))
    written: list[CaseNote] = []
    phases = scenario.notes[: rng.randint(low, high)]
    first = min(end, case.opened_on + timedelta(days=rng.randint(0, 10)))  # first contact
    days = [first, *sorted(_between(rng, first, end) for _ in phases[1:])]
    for contact_on, phase in zip(days, phases, strict=True):
        head, text = rng.choice(phase).split(": ", 1)
        kind, login = head.split()
        if login == "coordinator":
            login = rng.choice(["coordinator", "coordinator2"])
        author = logins[login]
        if author.agency_id not in on_team and author.role != Role.COORDINATOR:
            continue
        written.append(
            services.note_add(
                case=case, author=author, contact_on=contact_on, kind=kind, text=text.format(**ctx)
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
                text=AMENDMENT.format(day=f"{day.month}月{day.day}日"),
            )


def _open_case(
    rng: random.Random,
    scenario: Scenario,
    ctx: dict[str, str],
    opened_on: date,
    agencies: dict[str, Agency],
    staff: dict[int, list[User]],
    by: User,
) -> Case:
    person = _young_person(rng, scenario, ctx, opened_on, by)
    source, referrer, details = rng.choice(scenario.referrals)
    lead = agencies[scenario.lead]
    issues = {i.name: i for i in PresentingIssue.objects.all()}
    extra = rng.sample(scenario.extra_issues, rng.randint(0, 2))
    return services.case_open(
        young_person=person,
        lead_agency=lead,
        by=by,
        referral_source=source,
        referral_source_agency=agencies[referrer] if referrer else None,
        referral_source_note=details.format(**ctx),
        key_worker=rng.choice(staff[lead.pk]),
        opened_on=opened_on,
        presenting_issues=[issues[name] for name in [scenario.issue, *extra]],
        lead_role_text=scenario.lead_role,
        summary=rng.choice(scenario.summaries).format(**ctx),
        risk_level=rng.choices(Case.Risk.values, weights=scenario.risk)[0],
    )


def _build_team(
    case: Case,
    scenario: Scenario,
    status: str,
    agencies: dict[str, Agency],
    staff: dict[int, list[User]],
    by: User,
) -> None:
    """The team grows as the case moves on; the lead's colleagues join after intake."""
    size = {"I": 1, "S": 2}.get(status, len(scenario.team))
    for name, role_text in scenario.team[:size]:
        agency = agencies[name]
        services.team_member_add(
            case=case,
            agency=agency,
            by=by,
            role_text=role_text,
            practitioners=staff.get(agency.pk, []),
        )
    colleagues = [u for u in staff[case.lead_agency_id] if u != case.key_worker]
    if colleagues and status != "I":
        joined = "".join(f"{u.family_name}（{u.job_title}）も担当に加わる。" for u in colleagues)
        services.team_member_update(
            member=case.team.get(agency_id=case.lead_agency_id),
            by=by,
            role_text=scenario.lead_role + joined,
            practitioners=staff[case.lead_agency_id],
        )


def seed_cases(agencies: dict[str, Agency], users: list[User]) -> int:
    """Create the demo cases (once); returns how many cases there are."""
    if Case.objects.exists():
        return Case.objects.count()
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    logins = {u.username: u for u in users}
    coordinator = logins["coordinator"]
    staff: dict[int, list[User]] = {}
    for user in users:
        if user.role == Role.PRACTITIONER and user.agency_id is not None:
            staff.setdefault(user.agency_id, []).append(user)
    stories = [s for s in SCENARIOS for _ in range(s.weight)]
    rng.shuffle(stories)
    surnames = rng.sample(SURNAMES.split(), len(stories))
    closures = iter(CLOSURES)
    for status, opened_on, scenario, surname in zip(
        STATUS_PLAN, _opening_dates(rng, today), stories, surnames, strict=True
    ):
        ctx = _context(rng, scenario, surname, opened_on, today)
        case = _open_case(rng, scenario, ctx, opened_on, agencies, staff, coordinator)
        _build_team(case, scenario, status, agencies, staff, coordinator)
        key_worker = case.key_worker or coordinator
        reason, closure_note = next(closures) if status == "C" else ("", "")
        end = today
        if reason:
            end = min(today - timedelta(days=14), opened_on + timedelta(days=rng.randint(150, 600)))
        _walk(case, status, reason, key_worker)
        _plan(rng, case, scenario, ctx, staff, status, reason, end, today)
        _notes(rng, case, scenario, ctx, logins, status, end)
        if reason:
            services.case_close(
                case=case, reason=reason, by=key_worker, note=closure_note, closed_on=end
            )
            continue
        low, high = rng.choice([(-30, -1), (1, 14), (15, 120)])  # due, soon, later
        due = max(opened_on + timedelta(days=14), today + timedelta(days=rng.randint(low, high)))
        reviewed = max(opened_on, today - timedelta(days=rng.randint(7, 120)))
        services.case_record_review(
            case=case,
            next_review_on=due,
            by=key_worker,
            reviewed_on=reviewed if status in "AM" else None,
        )
    return Case.objects.count()
