"""The counts on the progress-management ledger (進行管理台帳), one column each.

cases registers open and overdue tasks; apps above it (referrals) register
their own columns here, so the ledger and its exports show them without
cases knowing those apps. Each count is a correlated subquery: counts of
different relations never multiply each other (as joined COUNTs would), and
only the rows of the page being shown are counted.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import PlanTask


@dataclass(frozen=True)
class LedgerCount:
    key: str  # the annotation's name on each ledger row
    label: Promise | str
    rows: Callable[[date], QuerySet[Any]]  # the counted rows, given today
    case_path: str  # the lookup from a counted row to its case's id
    alert: bool = False  # shown as a warning when above zero


_counts: dict[str, LedgerCount] = {}


def register_ledger_count(count: LedgerCount) -> LedgerCount:
    _counts[count.key] = count
    return count


def ledger_counts() -> list[LedgerCount]:
    return list(_counts.values())


def count_expression(count: LedgerCount, today: date) -> Coalesce:
    """How many of `count`'s rows belong to the outer case (0 when none)."""
    rows = (
        count.rows(today)
        .filter(**{count.case_path: OuterRef("pk")})
        .order_by()
        .values(count.case_path)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _open_tasks(today: date) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(status__in=PlanTask.OPEN_STATUSES)


register_ledger_count(
    LedgerCount("open_tasks", _("Open tasks"), _open_tasks, case_path="plan__case_id")
)
register_ledger_count(
    LedgerCount(
        "overdue_tasks",
        _("Overdue tasks"),
        lambda today: _open_tasks(today).filter(due_on__lt=today),
        case_path="plan__case_id",
        alert=True,
    )
)
