"""What the cases app puts on each role's home page (core.home).

Coordinators get the office's to-do list (reviews, overdue tasks, intakes and
cases nobody leads), practitioners their own cases and tasks, representatives
the council's anonymised figures for the fiscal year.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.access import open_cases_visible_to, works_with_cases
from cases.models import Case, CaseNote, CaseTeamMember, PlanTask
from cases.selectors import my_tasks
from core.dates import fiscal_year_of, fiscal_year_span
from core.home import (
    HOME_ROWS,
    HomeItem,
    HomeRow,
    first_rows,
    register_home_source,
    suppress_small,
)
from core.pagination import first_rows_counted

OPEN = ~Q(status=Case.Status.CLOSED)


def _case_text(case: Case) -> str:
    return f"{case.number}　{case.young_person.full_name}"


def _case_rows(
    cases: Iterable[Case], *, when: str = "", today: date | None = None
) -> list[HomeRow]:
    rows = []
    for case in cases:
        due = getattr(case, when) if when else None
        late = bool(due and today and due < today)
        rows.append(
            HomeRow(
                text=_case_text(case),
                url=case.get_absolute_url(),
                when=due,
                note=_("Overdue") if late else "",
                urgent=late,
            )
        )
    return rows


# What a home row shows of a case: its number and the young person's name.
ROW_FIELDS = (
    "number",
    "next_review_on",
    "opened_on",
    "young_person__family_name",
    "young_person__given_name",
)


def _cases_listed(
    qs: QuerySet[Case], *, count: int | None = None, **row_options: Any
) -> dict[str, Any]:
    """The first rows of an item, their count (unless known), and the cases they
    show by name (read-audited)."""
    qs = qs.select_related("young_person").only(*ROW_FIELDS)
    if count is None:
        cases, count = first_rows(qs)
    else:
        cases = list(qs[:HOME_ROWS])
    return {"rows": _case_rows(cases, **row_options), "shown": cases, "count": count}


# What a home row shows of a task: its text, due date and case.
TASK_ROW_FIELDS = (
    "description",
    "due_on",
    "plan__case__number",
    "plan__case__young_person__family_name",
    "plan__case__young_person__given_name",
)


def _narrow(qs: QuerySet[PlanTask]) -> QuerySet[PlanTask]:
    """Tasks with only what their home row reads."""
    return qs.select_related(None).select_related("plan__case__young_person").only(*TASK_ROW_FIELDS)


def _tasks_listed(qs: QuerySet[PlanTask], today: date, *, cap: int | None = None) -> dict[str, Any]:
    """The first tasks of an item and their count; with `cap`, a full item is
    counted up to the cap only ("1,000+")."""
    tasks, count, at_least = first_rows_counted(_narrow(qs), HOME_ROWS, cap=cap)
    return {
        "rows": _task_rows(tasks, today),
        "shown": [task.plan.case for task in tasks],
        "count": count,
        "at_least": at_least,
    }


def _month_end(today: date) -> date:
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return following - timedelta(days=1)


def _task_rows(tasks: Iterable[PlanTask], today: date) -> list[HomeRow]:
    return [
        HomeRow(
            text=task.description,
            detail=_case_text(task.plan.case),
            url=task.plan.case.get_absolute_url() + "#plan",
            when=task.due_on,
            note=_("Overdue") if task.due_on < today else "",
            urgent=task.due_on < today,
        )
        for task in tasks
    ]


# A prefecture's overdue tasks number in the tens of thousands: the office's
# home says "1,000+" rather than counting them all.
COUNT_CAP = 1000


def _first_is_late(rows: list[HomeRow]) -> bool:
    """Whether anything in an item is late, from its first row: the rows come soonest
    due first, so a late one would be first (no query of its own)."""
    return bool(rows) and rows[0].urgent


def coordinator_items(user: User, today: date) -> list[HomeItem]:
    cases = Case.objects.filter(OPEN)
    ledger = reverse("cases:ledger")

    reviews = cases.filter(next_review_on__lte=_month_end(today)).order_by("next_review_on", "pk")
    tasks = (
        PlanTask.objects.filter(
            plan__case__in=Case.objects.filter(OPEN),
            status__in=PlanTask.OPEN_STATUSES,
            due_on__lt=today,
        )
        .select_related("plan__case__young_person")
        .order_by("due_on", "pk")
    )
    intakes = cases.filter(status=Case.Status.INTAKE, key_worker__isnull=True).order_by(
        "opened_on", "pk"
    )
    unled = (
        cases.exclude(status=Case.Status.INTAKE)
        .filter(Q(lead_agency__isnull=True) | Q(key_worker__isnull=True))
        .order_by("opened_on", "pk")
    )
    listed_reviews = _cases_listed(reviews, when="next_review_on", today=today)
    return [
        HomeItem(
            key="cases-reviews",
            title=_("Reviews overdue or due this month"),
            **listed_reviews,
            more_url=f"{ledger}?sort=next_review&due_by={_month_end(today).isoformat()}",
            empty=_("No review is due this month."),
            urgent=_first_is_late(listed_reviews["rows"]),
            order=10,
        ),
        HomeItem(
            key="cases-overdue-tasks",
            title=_("Overdue tasks"),
            **_tasks_listed(tasks, today, cap=COUNT_CAP),
            more_url=f"{ledger}?sort=overdue",
            empty=_("No task is overdue."),
            urgent=True,
            order=20,
        ),
        HomeItem(
            key="cases-intakes",
            title=_("New intakes without a key worker"),
            **_cases_listed(intakes, when="opened_on"),
            more_url=f"{ledger}?status=intake",
            empty=_("Every new intake has a key worker."),
            order=30,
        ),
        HomeItem(
            key="cases-unled",
            title=_("Cases without a lead agency or key worker"),
            **_cases_listed(unled),
            more_url=ledger,
            empty=_("Every case has a lead agency and a key worker."),
            order=40,
        ),
    ]


def practitioner_items(user: User, today: date) -> list[HomeItem]:
    # The agency's open cases are read first (a few hundred ids from the
    # team index): the planner then never weighs the items' filters against
    # every open case of the council (issue 12).
    open_cases = open_cases_visible_to(user)
    named = CaseTeamMember.objects.filter(practitioners=user, removed_at=None)
    is_mine = ExpressionWrapper(
        Q(key_worker=user) | Q(pk__in=named.values("case_id")), output_field=BooleanField()
    )
    # Read as ids once, each marked mine or not: counted, listed and left out of
    # "recent" without a DISTINCT over the team's join each time.
    readable = Case.objects.filter(OPEN) if open_cases is None else open_cases
    marked = list(readable.order_by().annotate(mine=is_mine).values_list("pk", "mine"))
    open_ids = None if open_cases is None else [pk for pk, _mine in marked]
    mine_ids = [pk for pk, mine in marked if mine]
    visible = (
        Case.objects.filter(OPEN) if open_ids is None else Case.objects.filter(pk__any_of=open_ids)
    )
    mine = Case.objects.filter(pk__any_of=mine_ids).order_by(
        F("next_review_on").asc(nulls_last=True), "pk"
    )
    tasks = my_tasks(user, status="open", today=today, open_case_ids=open_ids)
    listed_tasks = _tasks_listed(tasks, today)
    week_ago = today - timedelta(days=7)
    since = datetime.combine(week_ago, time.min, tzinfo=timezone.get_current_timezone())
    # The case's last change: the case itself or its newest note. Filtered by
    # two indexed tests first, so the newest note is looked up for those only.
    newest_note = (
        CaseNote.objects.filter(case=OuterRef("pk")).order_by("-created_at").values("created_at")
    )
    changed = Q(updated_at__gte=since) | Exists(
        CaseNote.objects.filter(case=OuterRef("pk"), created_at__gte=since)
    )
    recent = (
        visible.filter(changed)
        .exclude(pk__any_of=mine_ids)
        .annotate(
            activity=Greatest(F("updated_at"), Coalesce(Subquery(newest_note[:1]), F("updated_at")))
        )
        .order_by("-activity", "-pk")
    )
    return [
        HomeItem(
            key="cases-mine",
            title=_("My cases"),
            **_cases_listed(mine, count=len(mine_ids), when="next_review_on", today=today),
            more_url=reverse("cases:index"),
            empty=_("You are not named on any open case yet."),
            order=10,
        ),
        HomeItem(
            key="cases-my-tasks",
            title=_("Tasks for me and my agency"),
            **listed_tasks,
            more_url=reverse("cases:my-tasks"),
            empty=_("No open task."),
            urgent=_first_is_late(listed_tasks["rows"]),
            order=20,
        ),
        HomeItem(
            key="cases-recent",
            title=_("Recently changed cases of my agency"),
            **_cases_listed(recent),
            more_url=reverse("cases:index"),
            empty=_("No other case of your agency changed this week."),
            order=30,
        ),
    ]


def council_figures(today: date) -> dict[str, int | None]:
    """New, open and closed cases in the fiscal year so far, small cells suppressed.

    Counted at most once per REPORTS_CACHE_SECONDS, as the statistics are: they
    read every case of the council (100,000 rows at prefecture scale) for
    three figures the representatives read again and again.
    """
    key = f"cases:council-figures:{today.isoformat()}"
    figures: dict[str, int | None] | None = cache.get(key)
    if figures is None:
        figures = _council_figures(today)
        cache.set(key, figures, settings.REPORTS_CACHE_SECONDS)
    return figures


def _council_figures(today: date) -> dict[str, int | None]:
    start, end = fiscal_year_span(fiscal_year_of(today))
    counts = Case.objects.aggregate(
        new=Count("pk", filter=Q(opened_on__range=(start, end))),
        open=Count("pk", filter=OPEN),
        closed=Count("pk", filter=Q(closed_on__range=(start, end))),
    )
    return {key: suppress_small(value) for key, value in counts.items()}


def representative_items(user: User, today: date) -> list[HomeItem]:
    year = fiscal_year_of(today)
    return [
        HomeItem(
            key="cases-figures",
            title=_("The council's cases this fiscal year"),
            count=None,
            template="cases/home/figures.html",
            data={"figures": council_figures(today), "fiscal_year": year, "as_of": today},
            order=50,
        )
    ]


def case_home_items(user: User, today: date) -> list[HomeItem]:
    if user.is_coordinator and works_with_cases(user):
        return coordinator_items(user, today)
    if user.is_practitioner and works_with_cases(user):
        return practitioner_items(user, today)
    if user.is_active and user.is_representative:
        return representative_items(user, today)
    return []


register_home_source("cases", case_home_items)
