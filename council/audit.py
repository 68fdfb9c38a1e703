"""The coordinating office's view of the audit log: search, export, weekly summary.

Reads come from django-auditlog's LogEntry (changes by its signals; reads,
exports, denials and sign-in security as ACCESS entries with additional data)
and from django-axes' failure log.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from auditlog.models import LogEntry
from axes.models import AccessFailureLog
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncMinute
from django.utils import timezone

from cases.models import Case

ACTIONS = {
    "created": Q(action=LogEntry.Action.CREATE),
    "changed": Q(action=LogEntry.Action.UPDATE),
    "deleted": Q(action=LogEntry.Action.DELETE),
    "read": Q(action=LogEntry.Action.ACCESS)
    & ~Q(additional_data__has_key="denied")
    & ~Q(additional_data__has_key="security"),
    "denied": Q(additional_data__has_key="denied"),
    "security": Q(additional_data__has_key="security"),
}


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_search(
    *,
    username: str = "",
    case_number: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[LogEntry]:
    """Entries matching the filters, newest first."""
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if username:
        qs = qs.filter(Q(actor__username=username) | Q(actor_email=username))
    if case_number:
        case = Case.objects.filter(number=case_number.strip()).values_list("pk", flat=True).first()
        qs = qs.filter(additional_data__case_id=case) if case else qs.none()
    if action in ACTIONS:
        qs = qs.filter(ACTIONS[action])
    if since:
        qs = qs.filter(timestamp__gte=_start(since))
    if until:
        qs = qs.filter(timestamp__lt=_start(until + timedelta(days=1)))
    return qs


@dataclass
class Summary:
    week_start: date
    many_cases: list[dict[str, Any]]  # users who read many cases
    large_exports: list[dict[str, Any]]
    failed_logins: list[dict[str, Any]]
    denials: list[dict[str, Any]]
    lockouts: int

    @property
    def anything(self) -> bool:
        return bool(
            self.many_cases or self.large_exports or self.failed_logins or self.denials
        ) or bool(self.lockouts)


def week_of(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def unusual_access(week_start: date) -> Summary:
    """What the office should look at for the week from Monday `week_start` (six queries)."""
    entries = LogEntry.objects.filter(
        timestamp__gte=_start(week_start), timestamp__lt=_start(week_start + timedelta(days=7))
    )
    reads = entries.filter(ACTIONS["read"], additional_data__has_key="case_id").exclude(
        additional_data__has_key="export"  # exports are judged by their own size
    )
    many = (
        reads.values("actor__username", "actor__family_name", "actor__given_name")
        .annotate(cases=Count(KeyTextTransform("case_id", "additional_data"), distinct=True))
        .filter(cases__gt=settings.AUDIT_MANY_CASES)
        .order_by("-cases")
    )
    exports = (
        entries.filter(additional_data__has_key="export")
        .annotate(
            minute=TruncMinute("timestamp"), what=KeyTextTransform("export", "additional_data")
        )
        .values("actor__username", "what", "minute")
        .annotate(cases=Count("pk"))
        .filter(cases__gt=settings.AUDIT_LARGE_EXPORT)
        .order_by("-cases")
    )
    failures = (
        AccessFailureLog.objects.filter(
            attempt_time__gte=_start(week_start),
            attempt_time__lt=_start(week_start + timedelta(days=7)),
        )
        .values("username")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )
    denials = (
        entries.filter(ACTIONS["denied"])
        .values("actor__username", "actor__family_name", "actor__given_name")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )
    lockouts = entries.filter(additional_data__security="locked_out").count()
    return Summary(
        week_start=week_start,
        many_cases=list(many),
        large_exports=list(exports),
        failed_logins=list(failures),
        denials=list(denials),
        lockouts=lockouts,
    )
