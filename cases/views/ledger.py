from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases import services
from cases.access import (
    can_register_cases,
    manages_case,
    require_case_role,
    sees_names_in_exports,
)
from cases.audit import log_export
from cases.exports import ledger_csv, ledger_xlsx
from cases.forms import LedgerFilterForm, ReviewForm
from cases.ledger import ledger_counts
from cases.models import Case, CaseTeamMember
from cases.selectors import ledger, openable_case_ids
from cases.views.common import Disclosure, case_for, user_of
from core.http import HtmxHttpRequest, client_address


def _filters(request: HttpRequest) -> tuple[LedgerFilterForm, dict[str, Any]]:
    form = LedgerFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    agency = data.get("agency")
    filters = {
        "agency_id": agency.pk if agency else None,
        "status": data.get("status", ""),
        "risk": data.get("risk", ""),
        "due_by": data.get("due_by"),
        "sort": data.get("sort") or "next_review",
    }
    return form, filters


@require_GET
def ledger_page(request: HttpRequest) -> HttpResponse:
    """The progress-management ledger (進行管理台帳): a live view of open cases."""
    user = user_of(request)
    require_case_role(user)
    form, filters = _filters(request)
    page = Paginator(ledger(user, **filters), settings.LEDGER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    counts = ledger_counts()
    openable = openable_case_ids(user, [c.pk for c in rows])
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "rows": [
            {
                "case": c,
                "openable": c.pk in openable,
                "manage": manages_case(user, c),
                "counts": [(count, getattr(c, count.key)) for count in counts],
            }
            for c in rows
        ],
        "today": timezone.localdate(),
        "exports_names": sees_names_in_exports(user),
    }
    return render(request, "cases/ledger.html", context)


@require_POST
def ledger_review(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Set a case's next review date from the ledger row (htmx), or say what is wrong."""
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    form = ReviewForm(request.POST)
    status = 200
    if form.is_valid():
        reviewed: date | None = (
            timezone.localdate() if form.cleaned_data["reviewed_today"] else None
        )
        case = services.case_record_review(
            case=case,
            by=user,
            next_review_on=form.cleaned_data["next_review_on"],
            reviewed_on=reviewed,
        )
    else:
        status = 422
    if not request.htmx:
        return redirect("cases:ledger")
    context = {
        "row": {"case": case, "manage": True},
        "form": form,
        "saved": status == 200,
        "today": timezone.localdate(),
    }
    return render(request, "cases/_review_cell.html", context, status=status)


@require_GET
def ledger_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The ledger with the current filters as .xlsx or .csv; audited per case."""
    user = user_of(request)
    require_case_role(user)
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    _form, filters = _filters(request)
    cases = list(ledger(user, **filters))
    with_names = sees_names_in_exports(user)
    log_export(
        cases=cases,
        by=user,
        what=f"ledger.{fmt}" + (" (names)" if with_names else ""),
        remote_addr=client_address(request),
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    filename = f"ledger-{stamp}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(
            ledger_xlsx(cases, with_names=with_names),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            ledger_csv(cases, with_names=with_names), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def inactive_teams(request: HttpRequest) -> HttpResponse:
    """Open cases that still list an inactive agency on their team (the office reassigns them).

    An inactive agency's practitioners no longer see anything (cases.access);
    its tasks and its place as lead need a new owner.
    """
    if not can_register_cases(user_of(request)):
        raise PermissionDenied
    members = (
        CaseTeamMember.objects.filter(removed_at__isnull=True, agency__is_active=False)
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("agency", "case__young_person", "case__lead_agency")
        .order_by("agency__name_kana", "case__fiscal_year", "case__sequence")
    )
    page = Paginator(members, settings.LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/inactive_teams.html", {"page": page})
