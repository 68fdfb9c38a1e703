"""The coordinating office's audit viewer: who did what to which case, and when."""

import csv
from collections.abc import Iterator
from datetime import date, timedelta

from auditlog.models import LogEntry
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cases.access import can_view_case_history
from cases.forms import DateInput
from core.exports import csv_cell
from core.forms import Form
from core.http import user_of
from council.audit import audit_search, unusual_access, week_of

EXPORT_LIMIT = 50_000


class AuditFilterForm(Form):
    username = forms.CharField(label=gettext_lazy("Login ID"), max_length=150, required=False)
    case_number = forms.CharField(label=gettext_lazy("Case number"), max_length=12, required=False)
    action = forms.ChoiceField(
        label=gettext_lazy("What"),
        required=False,
        choices=[
            ("", gettext_lazy("Everything")),
            ("read", gettext_lazy("Reads and exports")),
            ("created", gettext_lazy("Created")),
            ("changed", gettext_lazy("Changed")),
            ("denied", gettext_lazy("Refused attempts")),
            ("security", gettext_lazy("Sign-in security")),
        ],
    )
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())


def _office_only(request: HttpRequest) -> None:
    if not can_view_case_history(user_of(request)):
        raise PermissionDenied


def _entries(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[LogEntry]]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, audit_search(**{k: v for k, v in filters.items() if v})


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the audit log by user, case, action and date."""
    _office_only(request)
    form, entries = _entries(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "council/audit_log.html", {"form": form, "page": page})


def _rows(entries: QuerySet[LogEntry]) -> Iterator[str]:
    class Line:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Line())
    yield "\ufeff"
    yield writer.writerow(
        [_("When"), _("Login ID"), _("Name"), _("Action"), _("Record"), _("Address"), _("Details")]
    )
    for entry in entries[:EXPORT_LIMIT].iterator(chunk_size=2000):
        actor = entry.actor
        yield writer.writerow(
            [
                csv_cell(timezone.localtime(entry.timestamp)),
                csv_cell(actor.username if actor else entry.actor_email or ""),
                csv_cell(actor.get_full_name() if actor else ""),
                csv_cell(entry.get_action_display()),
                csv_cell(f"{entry.content_type.model} {entry.object_repr}"),
                csv_cell(entry.remote_addr or ""),
                csv_cell(str(entry.additional_data or "")),
            ]
        )


@require_GET
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered entries as CSV, streamed; the export is itself recorded."""
    _office_only(request)
    _form, entries = _entries(request)
    LogEntry.objects.log_create(
        user_of(request),
        action=LogEntry.Action.ACCESS,
        force_log=True,
        additional_data={"export": "audit log", "filters": request.GET.dict()},
    )
    response = StreamingHttpResponse(_rows(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    """The week's unusual access: many cases read, large exports, failed sign-ins, denials."""
    _office_only(request)
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate() - timedelta(days=7)
    report = unusual_access(week_of(day))
    return render(request, "council/audit_summary.html", {"report": report})
