"""Collaboration health: the four factors on one page for the coordinating office."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.http import user_of
from referrals.measures import default_period
from reports.forms import PeriodForm
from reports.health import collaboration_health
from reports.policy import can_see_collaboration_health


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not can_see_collaboration_health(user):
        raise PermissionDenied
    today = timezone.localdate()
    since, until = default_period(today)
    form = PeriodForm(request.GET or None)
    if form.is_valid():
        since = form.cleaned_data.get("since") or since
        until = form.cleaned_data.get("until") or until
    report = collaboration_health(since=since, until=until, today=today)
    charts = {
        "trend-referrals": {
            "type": "line",
            "labels": report.trends["labels"],
            "datasets": [{"label": "", "data": report.trends["referrals"]}],
        },
        "trend-overdue": {
            "type": "line",
            "labels": report.trends["labels"],
            "datasets": [{"label": "", "data": report.trends["overdue_tasks"]}],
        },
    }
    context = {"form": form, "report": report, "charts": charts}
    return render(request, "reports/health.html", context)
