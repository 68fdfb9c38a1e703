"""The demo cases of the fictional みどり市 council: every status, with teams, plans and notes.

The stories and the people are data (demo/data/); this module only turns
them into rows, through cases.services. Deterministic (random.Random(2026))
relative to today, and idempotent: nothing is created once any case exists.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Role, User
from agencies.models import Agency
from cases import services
from cases.models import Case, PresentingIssue, YoungPerson
from demo.casework import write_notes, write_plan
from demo.stories import Caseload, People, Scenario, caseload, people, scenarios

Status, CL = Case.Status, Case.ClosureReason


def _opening_dates(
    rng: random.Random, today: date, statuses: tuple[Case.Status, ...]
) -> list[date]:
    """Over about three years, oldest first; the intake cases came in during the last weeks."""
    intake = statuses.count(Status.INTAKE)
    days = rng.sample(range(60, 1090), len(statuses) - intake) + rng.sample(range(2, 45), intake)
    return sorted(today - timedelta(days=d) for d in days)


def _young_person(
    rng: random.Random,
    pool: People,
    scenario: Scenario,
    ctx: dict[str, str],
    surname: tuple[str, str],
    opened_on: date,
    by: User,
) -> YoungPerson:
    gender = rng.choices(list(pool.given_names), weights=pool.gender_weights)[0]
    family, family_kana = surname
    given, given_kana = rng.choice(pool.given_names[gender])
    consent = rng.random() < 0.9
    return services.young_person_create(
        by=by,
        family_name=family,
        given_name=given,
        family_name_kana=family_kana,
        given_name_kana=given_kana,
        date_of_birth=opened_on - timedelta(days=int(ctx["age"]) * 365 + rng.randint(20, 340)),
        gender=gender,
        address=pool.address.format(town=rng.choice(pool.towns), block=rng.randint(1, 5)),
        daily_status=rng.choice(scenario.daily),
        school_or_workplace=scenario.school.format(**ctx),
        family_situation=ctx["family"],
        consent_to_share=consent,
        consent_date=opened_on if consent else None,
    )


def _context(
    rng: random.Random, pool: People, scenario: Scenario, opened_on: date, today: date
) -> dict[str, str]:
    """The values a story's texts are filled in with, for one case."""
    family, parent = rng.choice(pool.families)
    hobby, doing = rng.choice(pool.hobbies)
    low, high = scenario.ages
    if high <= 15:  # pupils: young enough at opening to be of school age still, if possible
        high = max(low, min(high, 15 - (today - opened_on).days // 365))
    age = rng.randint(low, high)
    grade = min(3, max(1, age - scenario.grade_base))
    return {
        "family": family,
        "parent": parent,
        "hobby": hobby,
        "doing": doing,
        "age": str(age),
        "grade": str(grade),
        "years": str(rng.randint(1, 6)),
        "place": rng.choice(pool.places),
    }


def _walk(case: Case, status: Case.Status, reason: str, by: User) -> None:
    """Move the case along to `status`; a case to be closed first gets as far as its story."""
    depth = {Status.INTAKE: 0, Status.ASSESSMENT: 1, Status.ACTIVE: 2, Status.MONITORING: 3}.get(
        status
    )
    if depth is None:
        closed_after: dict[str, int] = {CL.NO_CONTACT: 1, CL.GOAL_REACHED: 3}
        depth = closed_after.get(reason, 2)
    for to_status in [Status.ASSESSMENT, Status.ACTIVE, Status.MONITORING][:depth]:
        services.case_transition(case=case, to_status=to_status, by=by)


def _open_case(
    rng: random.Random,
    pool: People,
    scenario: Scenario,
    ctx: dict[str, str],
    surname: tuple[str, str],
    opened_on: date,
    agencies: dict[str, Agency],
    staff: dict[int, list[User]],
    by: User,
) -> Case:
    person = _young_person(rng, pool, scenario, ctx, surname, opened_on, by)
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
    layout: Caseload,
    status: Case.Status,
    agencies: dict[str, Agency],
    staff: dict[int, list[User]],
    by: User,
) -> None:
    """The team grows as the case moves on; the lead's colleagues join after intake."""
    size = {Status.INTAKE: 1, Status.ASSESSMENT: 2}.get(status, len(scenario.team))
    for name, role_text in scenario.team[:size]:
        agency = agencies[name]
        services.team_member_add(
            case=case,
            agency=agency,
            by=by,
            role_text=role_text,
            practitioners=staff.get(agency.pk, []),
            consent_override_reason=layout.consent_override,
        )
    colleagues = [u for u in staff[case.lead_agency_id] if u != case.key_worker]
    if colleagues and status != Status.INTAKE:
        joined = "".join(
            layout.colleague_joins.format(family_name=u.family_name, job_title=u.job_title)
            for u in colleagues
        )
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
    pool, layout = people(), caseload()
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    logins = {u.username: u for u in users}
    coordinator = logins["coordinator"]
    staff: dict[int, list[User]] = {}
    for user in users:
        if user.role == Role.PRACTITIONER and user.agency_id is not None:
            staff.setdefault(user.agency_id, []).append(user)
    stories = [s for s in scenarios() for _ in range(s.weight)]
    rng.shuffle(stories)
    surnames = rng.sample(pool.surnames, len(stories))
    closures = iter(layout.closures)
    for status, opened_on, scenario, surname in zip(
        layout.statuses, _opening_dates(rng, today, layout.statuses), stories, surnames, strict=True
    ):
        ctx = _context(rng, pool, scenario, opened_on, today)
        case = _open_case(
            rng, pool, scenario, ctx, surname, opened_on, agencies, staff, coordinator
        )
        _build_team(case, scenario, layout, status, agencies, staff, coordinator)
        key_worker = case.key_worker or coordinator
        reason, closure_note = next(closures) if status == Status.CLOSED else ("", "")
        end = today
        if reason:
            end = min(today - timedelta(days=14), opened_on + timedelta(days=rng.randint(150, 600)))
        _walk(case, status, reason, key_worker)
        write_plan(rng, case, scenario, ctx, staff, status, reason, end, today)
        write_notes(rng, case, scenario, layout, ctx, logins, status, end)
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
            reviewed_on=reviewed if status in (Status.ACTIVE, Status.MONITORING) else None,
        )
    return Case.objects.count()
