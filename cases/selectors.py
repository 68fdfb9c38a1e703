"""Reads of case data that views share, always through cases.access."""

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, cast

from django.contrib.postgres.fields import ArrayField
from django.core.paginator import Page
from django.db import connection
from django.db.models import Exists, Func, OuterRef, Prefetch, Q, QuerySet, TextField
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from cases.access import (
    cases_visible_to,
    ledger_cases_for,
    open_case_ids_visible_to,
    opens_every_ledger_row,
    require_case_role,
    young_people_visible_to,
)
from cases.ledger import LedgerCount, count_expression, ledger_counts
from cases.models import Case, CaseNote, CaseTeamMember, PlanTask, YoungPerson
from core.lookups import IdArray
from core.pagination import LargeListPaginator, in_order_of
from core.text import search_normalize, search_terms


def person_for_page(user: User, pk: int) -> YoungPerson:
    require_case_role(user)
    return get_object_or_404(young_people_visible_to(user), pk=pk)


def cases_of_person(user: User, person: YoungPerson) -> QuerySet[Case]:
    return cases_visible_to(user).filter(young_person=person).select_related("lead_agency")


# What the case page and the face sheet show of a team member and of a person.
TEAM_FIELDS = ("case_id", "agency_id", "role_text", "added_at", "removed_at")
NAME_FIELDS = ("family_name", "given_name", "family_name_kana", "given_name_kana")


def teams_of(case: Case) -> tuple[list[CaseTeamMember], list[CaseTeamMember]]:
    """The current team and the former members, read together (the case page and
    the face sheet)."""
    members = (
        case.team.select_related("agency")
        .only(*TEAM_FIELDS, "agency__name")
        .order_by("added_at", "pk")
    )
    # a name is all the pages show of a named practitioner
    practitioners = User.objects.only(*NAME_FIELDS).order_by("family_name_kana", "given_name_kana")
    everyone = list(members.prefetch_related(Prefetch("practitioners", queryset=practitioners)))
    return (
        [m for m in everyone if m.removed_at is None],
        [m for m in everyone if m.removed_at is not None],
    )


def plan_tasks(case: Case) -> QuerySet[PlanTask]:
    return case.plan.tasks.select_related("agency", "assignee", "goal").order_by(
        "status", "due_on", "pk"
    )


def open_tasks(case: Case) -> QuerySet[PlanTask]:
    return plan_tasks(case).filter(status__in=PlanTask.OPEN_STATUSES)


# What the contact record shows of a note's author and agency: their names (not
# the forty other columns of a user and an agency, built into objects per note).
NOTE_PEOPLE = ("author__family_name", "author__given_name", "agency__name")


def _note_rows(notes: QuerySet[CaseNote]) -> QuerySet[CaseNote]:
    own = [field.attname for field in CaseNote._meta.concrete_fields]
    return notes.select_related("author", "agency").only(*own, *NOTE_PEOPLE)


def notes_page(
    case: Case, page_number: Any, per_page: int
) -> tuple[Page, dict[int, list[CaseNote]]]:
    """Originals newest first, and the corrections of those on the page, oldest
    first, by note: one statement a page, one more when a note on it was corrected
    (most never are; a prefetch would read for every page)."""
    corrected = Exists(CaseNote.objects.filter(amends=OuterRef("pk")))
    notes = _note_rows(case.notes.filter(amends__isnull=True)).annotate(corrected=corrected)
    # the page brings the count in its own statement (core.pagination)
    page = LargeListPaginator(notes, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    wanted = [note.pk for note in page.object_list if note.corrected]
    corrections: dict[int, list[CaseNote]] = {pk: [] for pk in wanted}
    if wanted:
        amendments = CaseNote.objects.filter(amends_id__in=wanted).order_by("created_at", "pk")
        for amendment in _note_rows(amendments):
            corrections[cast(int, amendment.amends_id)].append(amendment)  # filtered on it
    return page, corrections


class Bigrams(Func):
    """`tsunagu_bigrams(search_key)`: the expression of the bigram index (PostgreSQL)."""

    function = "tsunagu_bigrams"
    output_field = ArrayField(TextField())


# A term that looks like a case number ("2026-0042", "0042", or a label's
# "A-2026-0042"): only then is the case number searched.
CASE_NUMBER_TERM = re.compile(r"(?:[a-z]+-)?([0-9][0-9-]*)")


def young_people_named(term: str) -> QuerySet[YoungPerson]:
    """Young people whose name or reading holds `term` (one folded search term),
    through the trigram index, or the bigram index for two characters."""
    people = YoungPerson.objects.filter(search_key__contains=term)
    if len(term) == 2 and connection.vendor == "postgresql":
        # no trigram in two characters: the bigram index (migration 0011)
        people = people.alias(bigrams=Bigrams("search_key")).filter(Q(bigrams__contains=[term]))
    return people


def case_list(
    user: User, *, query: str = "", status: str = "", mine: bool = False
) -> QuerySet[Case]:
    """The cases matching the list's filters, newest first, without joins: cut a
    page of ids from it and load those rows with `case_rows`."""
    require_case_role(user)
    qs = cases_visible_to(user)
    for term in search_terms(query):
        number = CASE_NUMBER_TERM.fullmatch(term)
        if number:
            qs = qs.filter(number__contains=number.group(1))
        else:
            # A subquery on the trigram-indexed key, not an OR across two
            # tables (which no index can serve).
            qs = qs.filter(young_person_id__in=young_people_named(term).values("pk"))
    if status == "open":
        qs = qs.exclude(status=Case.Status.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(key_worker=user)
    return qs.order_by("-fiscal_year", "-sequence")


def case_rows(case_ids: list[int]) -> list[Case]:
    """A page of the case list, in the order of `case_ids`, with what a row shows."""
    found = (
        Case.objects.filter(pk__any_of=case_ids)
        .select_related("young_person", "lead_agency", "key_worker")
        # only what a row shows: the join's rows were 900 bytes wide, the
        # agencies' hash built from every column of a thousand agencies
        .only(
            "number",
            "status",
            "next_review_on",
            "young_person__family_name",
            "young_person__given_name",
            "young_person__date_of_birth",
            "lead_agency__name",
            "key_worker__family_name",
            "key_worker__given_name",
        )
    )
    return in_order_of(case_ids, found)


# Each sort reads one of the partial indexes on open cases (Case.Meta.indexes):
# the stored keys (`oldest_open_task_due`, `risk_rank`) stand in for sorts that
# were counts grouped over every open case. "overdue" puts first the case whose
# oldest open task is the most overdue.
LEDGER_SORTS = {
    "number": ("fiscal_year", "sequence"),
    "-number": ("-fiscal_year", "-sequence"),
    "next_review": ("next_review_on", "fiscal_year", "sequence"),
    "-next_review": ("-next_review_on", "-fiscal_year", "-sequence"),
    "overdue": ("oldest_open_task_due", "fiscal_year", "sequence"),
    "risk": ("-risk_rank", "next_review_on", "fiscal_year", "sequence"),
}


def ledger_cases(
    user: User,
    *,
    agency_id: int | None = None,
    status: str = "",
    risk: str = "",
    due_by: date | None = None,
    sort: str = "next_review",
) -> QuerySet[Case]:
    """The ledger's open cases, filtered and sorted, without joins or counts.

    Count it and cut pages from it (`.values_list("pk")`), then load only the
    page's rows with `ledger_rows`: the counts are computed for 50 rows, not
    for every open case before the page is cut.
    """
    qs = ledger_cases_for(user)
    if agency_id:
        on_team = CaseTeamMember.objects.filter(agency_id=agency_id, removed_at__isnull=True)
        if user.is_coordinator:
            # read the agency's few hundred cases first (an array): as `pk IN (...)`
            # the bounded count hash-joined them against every open case (16 ms)
            qs = qs.filter(pk__any_of=on_team.values("case_id"))
        else:
            # Outside their own team a user sees anonymised rows only: the filter
            # must not tell which agencies are on a case they may not open
            # (a psychiatric hospital, the child guidance centre). There it
            # matches the lead agency, which the row shows anyway.
            qs = qs.filter(
                Q(lead_agency_id=agency_id)
                | (
                    Q(pk__in=cases_visible_to(user).values("pk"))
                    & Q(Exists(on_team.filter(case=OuterRef("pk"))))
                )
            )
    if status:
        qs = qs.filter(status=status)
    if risk:
        qs = qs.filter(risk_level=risk)
    if due_by:
        qs = qs.filter(next_review_on__lte=due_by)
    return qs.order_by(*LEDGER_SORTS.get(sort, LEDGER_SORTS["next_review"]))


def _with_counts(
    qs: QuerySet[Case], today: date, counts: Iterable[LedgerCount] | None = None
) -> QuerySet[Case]:
    counts = ledger_counts() if counts is None else counts
    return qs.annotate(**{c.key: count_expression(c, today) for c in counts})


# What a ledger row shows (cases.views.ledger._row): a case's summary and the
# young person's notes are not read for it.
LEDGER_ROW_FIELDS = (
    "number",
    "status",
    "risk_level",
    "next_review_on",
    "last_reviewed_on",
    "young_person__date_of_birth",
    "young_person__gender",
    "lead_agency__name",
    "key_worker__family_name",
    "key_worker__given_name",
)


def ledger_rows(case_ids: list[int], *, today: date | None = None) -> list[Case]:
    """The rows of one ledger page, in the order of `case_ids`, with their counts."""
    base = _ledger_rows_query(today or timezone.localdate(), tuple(ledger_counts()))
    return in_order_of(case_ids, base.filter(pk__any_of=case_ids))


@lru_cache(maxsize=4)
def _ledger_rows_query(today: date, counts: tuple[LedgerCount, ...]) -> QuerySet[Case]:
    """The rows' query before its ids, built once a day per process (and again
    when a count is registered): its four count subqueries took 3.5 ms to
    build on every ledger page. Only ever cloned (`filter`), never evaluated."""
    qs = (
        Case.objects.select_related("young_person", "lead_agency", "key_worker")
        .only(*LEDGER_ROW_FIELDS)
        .order_by()
    )
    return _with_counts(qs, today, counts)


def ledger(user: User, *, today: date | None = None, **filters: Any) -> QuerySet[Case]:
    """Open cases for the progress-management ledger, with its counts (cases.ledger).

    The row carries no personal data beyond the anonymised label's age and
    gender; the young person is loaded only to compute that label.
    """
    today = today or timezone.localdate()
    qs = ledger_cases(user, **filters).select_related("young_person", "lead_agency", "key_worker")
    return _with_counts(qs, today)


def openable_case_ids(user: User, case_ids: list[int]) -> set[int]:
    """Which of the user's ledger rows they may open: one query for a page of rows,
    none where the ledger holds only cases they may open. `case_ids` must come
    from the user's own ledger (`ledger_cases`): they are not checked again."""
    if opens_every_ledger_row(user):
        return set(case_ids)
    visible = cases_visible_to(user).filter(pk__any_of=case_ids).order_by()
    return set(visible.values_list("pk", flat=True))


def registrable_people(user: User) -> QuerySet[YoungPerson]:
    """Young people a new case may be opened for (not anonymised, not merged away)."""
    return young_people_visible_to(user).filter(
        anonymised_at__isnull=True, merged_into__isnull=True
    )


def possible_duplicates(
    user: User,
    *,
    family_name: str,
    given_name: str,
    family_kana: str,
    given_kana: str,
    born: date,
) -> list[YoungPerson]:
    """Young people who may be the same person: the same name or the same reading
    (whatever the birth date: a typo of one day is common), or the same birth date
    with either. Width and hiragana/katakana differences are ignored.

    Each candidate carries `same_birthday` and `open_case` (an open case already
    exists: the office continues it rather than opening another). Only the
    coordinating office registers young people, and it sees them all.
    """
    name = search_normalize(family_name + given_name)
    kana = search_normalize(family_kana + given_kana)
    open_cases = Case.objects.exclude(status=Case.Status.CLOSED).order_by("-opened_on")
    candidates = (
        registrable_people(user)
        .filter(merged_into__isnull=True)
        .filter(Q(search_key__contains=name) | Q(search_key__contains=kana))
        .prefetch_related(Prefetch("cases", queryset=open_cases, to_attr="open_cases"))[:50]
    )
    found = []
    for person in candidates:
        same_name = search_normalize(person.family_name + person.given_name) == name
        same_kana = search_normalize(person.family_name_kana + person.given_name_kana) == kana
        if not (same_name or same_kana):
            continue
        person.same_birthday = person.date_of_birth == born  # type: ignore[attr-defined]
        person.open_case = person.open_cases[0] if person.open_cases else None  # type: ignore[attr-defined]
        found.append(person)
    return sorted(found, key=lambda p: not p.same_birthday)  # type: ignore[attr-defined]


MY_TASK_DUE = ("overdue", "week", "month", "all")


def my_tasks(
    user: User,
    *,
    due: str = "all",
    status: str = "open",
    today: date | None = None,
    open_case_ids: Iterable[int] | None = None,
    open_plan_ids: Iterable[int] | None = None,
) -> QuerySet[PlanTask]:
    """Tasks of the user and of their agency across the open cases they may see, by due date.

    `due`: overdue, due within a week, within a month, or all; `status`: open
    (not started or in progress), done, or all. `open_case_ids`: the user's
    open cases when the caller has read them already (cases.access), or their
    plans' ids (`open_plan_ids`: the tasks are then found without joining the plans).
    """
    require_case_role(user)
    today = today or timezone.localdate()
    mine = Q(assignee=user)
    if user.agency_id:
        mine |= Q(agency_id=user.agency_id)
    if open_plan_ids is not None:
        on_open_cases = Q(plan_id__any_of=IdArray(open_plan_ids))
    else:
        if open_case_ids is None:
            open_case_ids = open_case_ids_visible_to(user)
        on_open_cases = (
            Q(plan__case__in=Case.objects.exclude(status=Case.Status.CLOSED))
            if open_case_ids is None
            else Q(plan__case_id__any_of=IdArray(open_case_ids))
        )
    qs = (
        PlanTask.objects.filter(mine)
        .filter(on_open_cases)
        .select_related("plan__case__young_person", "agency", "assignee")
    )
    if status == "open":
        qs = qs.filter(status__in=PlanTask.OPEN_STATUSES)
    elif status == "done":
        qs = qs.filter(status=PlanTask.Status.DONE)
    if due == "overdue":
        qs = qs.filter(due_on__lt=today, status__in=PlanTask.OPEN_STATUSES)
    elif due == "week":
        qs = qs.filter(due_on__lte=today + timedelta(days=7))
    elif due == "month":
        qs = qs.filter(due_on__lte=today + timedelta(days=31))
    return qs.order_by("due_on", "pk")
