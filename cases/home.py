"""What the cases app puts on each role's home page (core.home).

Coordinators get the office's to-do list (reviews, overdue tasks, intakes and
cases nobody leads), practitioners their own cases and tasks, representatives
the council's anonymised figures for the fiscal year.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.access import open_cases_visible_to, works_with_cases
from cases.models import Case, CaseNote, CaseTeamMember, PlanTask
from cases.selectors import LEDGER_SORTS, my_tasks
from core.dates import fiscal_year_of, fiscal_year_span
from core.fragments import RowUrl
from core.home import (
    HOME_ROWS,
    HomeItem,
    HomeRow,
    first_rows,
    register_home_source,
    suppress_small,
)
from core.lookups import IdArray
from core.pagination import first_rows_counted, in_order_of

OPEN = ~Q(status=Case.Status.CLOSED)


def _case_text(case: Case) -> str:
    return f"{case.number}　{case.young_person.full_name}"


def _case_rows(
    cases: Iterable[Case], *, when: str = "", today: date | None = None
) -> list[HomeRow]:
    case_url = RowUrl("cases:detail")  # one reverse() for the item's rows
    rows = []
    for case in cases:
        due = getattr(case, when) if when else None
        late = bool(due and today and due < today)
        rows.append(
            HomeRow(
                text=_case_text(case),
                url=case_url(case.pk),
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
    case_url = RowUrl("cases:detail")
    return [
        HomeRow(
            text=task.description,
            detail=_case_text(task.plan.case),
            url=case_url(task.plan.case_id) + "#plan",
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

    # In the ledger's own order (its "more" link), which its index keeps: the
    # first five are read off the index however many share a review day.
    reviews = cases.filter(next_review_on__lte=_month_end(today)).order_by(
        *LEDGER_SORTS["next_review"]
    )
    tasks = (
        # The open-case test on the joined case row: no second join of the cases.
        PlanTask.objects.exclude(plan__case__status=Case.Status.CLOSED)
        .filter(status__in=PlanTask.OPEN_STATUSES, due_on__lt=today)
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


class _Listed(NamedTuple):
    """One of the agency's open cases as the practitioner's home weighs it."""

    pk: int
    mine: bool
    plan_id: int | None
    next_review_on: date | None
    activity: datetime | None  # its latest change this week, if any


def _agency_cases(user: User, open_cases: QuerySet[Case], since: datetime) -> list[_Listed]:
    """The open cases the user may see, read once (a few hundred rows from the team
    index), each with what the home's items pick and order it by: whether the user
    is named on it, its plan, its next review, and when it or one of its notes
    last changed this week (issue 12: one read instead of a query per item, each
    repeating the agency's cases)."""
    named = CaseTeamMember.objects.filter(practitioners=user, removed_at=None)
    is_mine = ExpressionWrapper(
        Q(key_worker=user) | Q(pk__in=named.values("case_id")), output_field=BooleanField()
    )
    newest_note = CaseNote.objects.filter(case=OuterRef("pk"), created_at__gte=since).order_by(
        "-created_at"
    )
    rows = (
        open_cases.order_by()
        .annotate(mine=is_mine, note_at=Subquery(newest_note.values("created_at")[:1]))
        .values_list("pk", "mine", "plan__id", "next_review_on", "updated_at", "note_at")
    )
    listed = []
    for pk, mine, plan_id, review, updated_at, note_at in rows:
        changes = [at for at in (updated_at, note_at) if at is not None and at >= since]
        listed.append(_Listed(pk, mine, plan_id, review, max(changes) if changes else None))
    return listed


def practitioner_items(user: User, today: date) -> list[HomeItem]:
    open_cases = open_cases_visible_to(user)
    if open_cases is None:  # every open case (not a practitioner's view): as the office's
        open_cases = Case.objects.filter(OPEN)
    week_ago = today - timedelta(days=7)
    since = datetime.combine(week_ago, time.min, tzinfo=timezone.get_current_timezone())
    listed = _agency_cases(user, open_cases, since)
    mine = sorted(
        (c for c in listed if c.mine),
        key=lambda c: (c.next_review_on is None, c.next_review_on or today, c.pk),
    )
    # the other cases changed this week, the latest change first
    recent = sorted(
        (c for c in listed if not c.mine and c.activity is not None),
        key=lambda c: (c.activity, c.pk),
        reverse=True,
    )
    shown_mine, shown_recent = _cases_by_key(
        [c.pk for c in mine[:HOME_ROWS]], [c.pk for c in recent[:HOME_ROWS]]
    )
    plans = IdArray(c.plan_id for c in listed if c.plan_id is not None)
    listed_tasks = _tasks_listed(
        my_tasks(user, status="open", today=today, open_plan_ids=plans), today
    )
    return [
        HomeItem(
            key="cases-mine",
            title=_("My cases"),
            rows=_case_rows(shown_mine, when="next_review_on", today=today),
            shown=shown_mine,
            count=len(mine),
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
            rows=_case_rows(shown_recent),
            shown=shown_recent,
            count=len(recent),
            more_url=reverse("cases:index"),
            empty=_("No other case of your agency changed this week."),
            order=30,
        ),
    ]


def _cases_by_key(*lists: list[int]) -> list[list[Case]]:
    """The home rows of several lists of case ids, read in one statement, each list
    in its own order."""
    wanted = [pk for pks in lists for pk in pks]
    if not wanted:
        return [[] for _pks in lists]
    found = Case.objects.filter(pk__any_of=IdArray(wanted)).select_related("young_person")
    rows = list(found.order_by().only(*ROW_FIELDS))
    return [in_order_of(pks, rows) for pks in lists]


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
