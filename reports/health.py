"""Collaboration health (DOMAIN.md section 6): the seed's four factors, per agency.

1. mutual knowledge: the agency's directory entry is complete and current;
2. participation: its attendance at the council's meetings;
3. communication: how fast it confirms and answers the referrals it receives;
4. shared load: its open cases and tasks, and each practitioner's, with
   anyone far above the median flagged (no one should carry the load alone).

Each factor is a grouped query for all agencies at once; the trends are one
query each with a filtered count per month.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.formats import date_format

from accounts.models import User
from agencies.models import Agency, Service
from cases.models import Case, CaseTeamMember, PlanTask
from meetings.selectors import Participation, participation
from referrals.measures import Measures, referral_measures
from referrals.models import Referral

# "far above the median": more than this many times it, and at least a few
OVERLOAD_FACTOR = 2.0
OVERLOAD_MINIMUM = 5


@dataclass
class AgencyHealth:
    agency: Agency
    has_roles: bool = False
    has_services: bool = False
    current: bool = False
    referrals: Measures = field(default_factory=Measures)
    open_cases: int = 0
    open_tasks: int = 0
    overdue_tasks: int = 0
    overloaded: bool = False
    # factor 2: invitations to meetings held in the period, and how many it attended
    attendance: Participation = field(default_factory=Participation)

    @property
    def directory_complete(self) -> bool:
        return self.has_roles and self.has_services and self.current

    @property
    def slow(self) -> bool:
        """Confirms receipt later than the council asks, or leaves referrals unmoved."""
        limit = settings.REFERRAL_RULES["acknowledge_business_days"]
        ack = self.referrals.median_acknowledge
        return bool((ack is not None and ack > limit) or self.referrals.stale)


@dataclass
class PractitionerLoad:
    user: User
    open_tasks: int
    key_worker_of: int
    overloaded: bool = False


@dataclass
class Health:
    since: date
    until: date
    agencies: list[AgencyHealth]
    practitioners: list[PractitionerLoad]
    overall: Measures
    trends: dict[str, Any]
    attendance: int | None = None  # percent of invitations to held meetings attended

    @property
    def directory_complete(self) -> int:
        return sum(1 for a in self.agencies if a.directory_complete)


def _flag(values: dict[Any, int]) -> set[Any]:
    """The keys whose value is far above the median of those who carry any load (an
    agency with no cases says nothing about how much is too much)."""
    loads = [value for value in values.values() if value > 0]
    if not loads:
        return set()
    middle = median(loads)
    return {
        key
        for key, value in values.items()
        if value >= OVERLOAD_MINIMUM and value > OVERLOAD_FACTOR * max(middle, 1)
    }


def collaboration_health(*, since: date, until: date, today: date) -> Health:
    year_ago = today - timedelta(days=365)
    active_service = Service.objects.filter(agency=OuterRef("pk"), is_active=True)
    agencies = list(
        Agency.objects.active()
        .select_related("sector")
        .annotate(with_services=Exists(active_service))
        .order_by("name_kana")
    )
    report = referral_measures(since=since, until=until)
    open_case = ~Q(case__status=Case.Status.CLOSED)
    cases = dict(
        CaseTeamMember.objects.filter(open_case, removed_at__isnull=True)
        .values_list("agency_id")
        .annotate(n=Count("case_id", distinct=True))
    )
    open_tasks = PlanTask.objects.filter(
        status__in=PlanTask.OPEN_STATUSES, plan__case__in=Case.objects.exclude(status="closed")
    )
    tasks = dict(open_tasks.values_list("agency_id").annotate(n=Count("pk")))
    overdue = dict(
        open_tasks.filter(due_on__lt=today).values_list("agency_id").annotate(n=Count("pk"))
    )
    heavy = _flag({a.pk: cases.get(a.pk, 0) + tasks.get(a.pk, 0) for a in agencies})
    taking_part = participation(since=since, until=until)
    rows = [
        AgencyHealth(
            agency=a,
            has_roles=bool(a.roles_description.strip()),
            has_services=bool(a.with_services),  # type: ignore[attr-defined]
            current=a.updated_at.date() >= year_ago,
            referrals=report.by_agency.get(a.pk, Measures()),
            open_cases=cases.get(a.pk, 0),
            open_tasks=tasks.get(a.pk, 0),
            overdue_tasks=overdue.get(a.pk, 0),
            overloaded=a.pk in heavy,
            attendance=taking_part.get(a.pk, Participation()),
        )
        for a in agencies
    ]
    invited = sum(p.invited for p in taking_part.values())
    came = sum(p.attended for p in taking_part.values())
    return Health(
        since=since,
        until=until,
        agencies=rows,
        practitioners=_practitioners(open_tasks),
        overall=report.overall,
        trends=_trends(today),
        attendance=round(100 * came / invited) if invited else None,
    )


def _practitioners(open_tasks: Any) -> list[PractitionerLoad]:
    """Practitioners with open work: their tasks and the open cases they are key worker of."""
    users = (
        User.objects.filter(is_active=True, role="practitioner")
        .annotate(
            task_count=Count("plan_tasks", filter=Q(plan_tasks__in=open_tasks), distinct=True),
            case_count=Count(
                "key_cases", filter=~Q(key_cases__status=Case.Status.CLOSED), distinct=True
            ),
        )
        .filter(Q(task_count__gt=0) | Q(case_count__gt=0))
        .select_related("agency")
        .order_by("-task_count", "family_name_kana")
    )
    loads = [PractitionerLoad(u, u.task_count, u.case_count) for u in users]  # type: ignore[attr-defined]
    heavy = _flag({p.user.pk: p.open_tasks + p.key_worker_of for p in loads})
    for load in loads:
        load.overloaded = load.user.pk in heavy
    return loads


def _month_ends(today: date, months: int = 12) -> list[date]:
    ends = []
    first = today.replace(day=1)
    for _i in range(months):
        ends.append(first - timedelta(days=1))
        first = (first - timedelta(days=1)).replace(day=1)
    return [today, *ends[: months - 1]][::-1]


def _trends(today: date) -> dict[str, Any]:
    """Month by month: referrals received and still unconfirmed after the council's
    limit, and tasks overdue at each month's end (one query each)."""
    ends = _month_ends(today)
    overdue = PlanTask.objects.aggregate(
        **{
            f"m{i}": Count(
                "pk",
                filter=Q(created_at__date__lte=end, due_on__lt=end)
                & (Q(completed_on__isnull=True) | Q(completed_on__gt=end)),
            )
            for i, end in enumerate(ends)
        }
    )
    starts = [end.replace(day=1) for end in ends]
    received = Referral.objects.aggregate(
        **{
            f"m{i}": Count("pk", filter=Q(requested_at__date__range=(start, end)))
            for i, (start, end) in enumerate(zip(starts, ends, strict=True))
        }
    )
    labels = [date_format(start, "YEAR_MONTH_FORMAT") for start in starts]
    return {
        "labels": labels,
        "overdue_tasks": [overdue[f"m{i}"] for i in range(len(ends))],
        "referrals": [received[f"m{i}"] for i in range(len(ends))],
    }
