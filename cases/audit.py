"""Audit of personal data: every change (django-auditlog) and every read.

Changes are recorded by auditlog's signals for the registered models. Reads
(a case page, a young person's page, an export) are recorded here as
auditlog ACCESS entries, with the actor and IP address that auditlog's
middleware puts in context. Every case-related entry carries
`additional_data.case_id`, so one query finds a case's whole history.
"""

from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from cases.models import (
    Case,
    CaseGrant,
    CaseNote,
    CaseTeamMember,
    PlanGoal,
    PlanTask,
    SupportPlan,
    YoungPerson,
)
from core.pagination import in_order_of

auditlog.register(YoungPerson, exclude_fields=["search_key", "updated_at"])
# The stored sort keys are derived, not changes anyone made.
auditlog.register(
    Case,
    exclude_fields=["updated_at", "risk_rank", "oldest_open_task_due"],
    m2m_fields={"presenting_issues"},
)
auditlog.register(CaseTeamMember, m2m_fields={"practitioners"})
auditlog.register(SupportPlan, exclude_fields=["updated_at"])
auditlog.register(PlanGoal)
auditlog.register(PlanTask)
auditlog.register(CaseNote)
# Grants open a case outside its team (a referral, a case review meeting): who opened
# it to whom, and when it ended, are part of the case's history.
auditlog.register(CaseGrant)


def log_access(*, instance: Case | YoungPerson, by: User, **extra: Any) -> LogEntry:
    """Record that `by` looked at a personal record (IP from auditlog's context)."""
    entry: LogEntry = LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.ACCESS,
        force_log=True,
        actor=by,
        additional_data={**_case_ref(instance), **extra} or None,
    )
    return entry


def log_export(*, cases: Iterable[Case], by: User, what: str, remote_addr: str | None) -> int:
    """Record an export, or a list that showed personal data, as one ACCESS entry per
    case it held, in one statement."""
    ids = sorted({case.pk for case in cases})
    if not ids:
        return 0
    if connection.vendor != "postgresql":
        return _bulk_create(
            Case.objects.filter(pk__in=ids), by=by, what=what, remote_addr=remote_addr
        )
    return _insert_select(
        "c.id = ANY(%s::bigint[])", [ids], by=by, what=what, remote_addr=remote_addr
    )


def log_export_of(*, cases: QuerySet[Case], by: User, what: str, remote_addr: str | None) -> int:
    """Record an export as one ACCESS entry per case it holds, in one statement.

    On PostgreSQL an `INSERT ... SELECT` over the export's own query: the
    60,000 rows of a prefecture's ledger are written by the database without
    a round trip or a Python object each. Elsewhere (the SQLite demo) the
    entries are built in chunks.
    """
    ids = cases.order_by().values("pk")
    if connection.vendor != "postgresql":
        return _bulk_create(
            Case.objects.filter(pk__in=ids), by=by, what=what, remote_addr=remote_addr
        )
    try:
        subquery, params = ids.query.sql_with_params()
    except EmptyResultSet:  # a queryset that can hold nothing (.none())
        return 0
    return _insert_select(
        f"c.id IN ({subquery})", list(params), by=by, what=what, remote_addr=remote_addr
    )


def _insert_select(
    where: str, params: list[Any], *, by: User, what: str, remote_addr: str | None
) -> int:
    """One ACCESS entry per case matching `where` (Django's own SQL or ours, every
    value a parameter), written by the database: no Python object per entry (the
    home page's few dozen entries cost a fifth of its time built as objects)."""
    content_type = ContentType.objects.get_for_model(Case)
    sql = (
        "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, "  # noqa: S608
        "action, actor_id, actor_email, remote_addr, timestamp, additional_data, changes_text) "
        "SELECT %s, c.id::text, c.id, c.number, %s, %s, %s, %s, %s, "
        "jsonb_build_object('case_id', c.id, 'export', %s::text), '' "
        f"FROM cases_case c WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                content_type.pk,
                LogEntry.Action.ACCESS,
                by.pk,
                by.email,
                remote_addr,
                timezone.now(),  # the application's clock, as auditlog's own entries
                what,
                *params,
            ],
        )
        return int(cursor.rowcount)


def _bulk_create(cases: QuerySet[Case], *, by: User, what: str, remote_addr: str | None) -> int:
    """The same entries as objects, in chunks (SQLite)."""
    content_type = ContentType.objects.get_for_model(Case)
    total = 0
    chunk: list[LogEntry] = []
    for case in cases.only("pk", "number").iterator(2000):
        chunk.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(case.pk),
                object_id=case.pk,
                object_repr=str(case),
                action=LogEntry.Action.ACCESS,
                actor=by,
                actor_email=by.email,
                remote_addr=remote_addr,
                additional_data={"case_id": case.pk, "export": what},
            )
        )
        if len(chunk) == 2000:
            total += len(LogEntry.objects.bulk_create(chunk))
            chunk = []
    return total + len(LogEntry.objects.bulk_create(chunk))


def _case_ref(instance: Case | YoungPerson) -> dict[str, Any]:
    return {"case_id": instance.pk} if isinstance(instance, Case) else {}


def history_entries(ids: list[int]) -> list[LogEntry]:
    """A page of `case_history`'s entries, by id in that order, with who and what.

    The page's ids are cut first (no join): an active case viewed a thousand
    times would otherwise have each entry joined to its user before the
    newest fifty are picked."""
    found = LogEntry.objects.filter(pk__in=ids).select_related("actor", "content_type")
    return in_order_of(ids, found.order_by())


def case_history(case: Case) -> QuerySet[LogEntry]:
    """Who viewed or changed the case, its team, plan, notes or young person."""
    person_type = ContentType.objects.get_for_model(YoungPerson)
    people = [
        case.young_person_id,
        *YoungPerson.objects.filter(merged_into_id=case.young_person_id)
        .order_by()
        .values_list("pk", flat=True),
    ]  # records merged into this person keep their history
    return (
        LogEntry.objects.filter(
            Q(additional_data__case_id=case.pk)
            | Q(content_type=person_type, object_pk__in=[str(p) for p in people])
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp")
    )
