import tempfile
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from cases import services
from cases.access import (
    can_register_cases,
    manages_case,
    require_case_role,
    sees_names_in_exports,
)
from cases.audit import log_export_of
from cases.exports import ledger_csv_stream, ledger_rows, ledger_values, ledger_xlsx_write
from cases.forms import LedgerFilterForm, ReviewForm
from cases.ledger import LedgerCount, ledger_counts
from cases.models import Case, CaseTeamMember, LedgerExport
from cases.selectors import ledger, ledger_cases, openable_case_ids
from cases.selectors import ledger_rows as ledger_page_rows
from cases.tasks import build_ledger_export, export_dir
from cases.views.common import Disclosure, case_for, user_of
from core.dates import day_label
from core.exports import audited_stream
from core.fragments import RowUrl, choice_labels, render_fragment
from core.http import HtmxHttpRequest, client_address
from core.pagination import LargeListPaginator


def _filters(request: HttpRequest) -> tuple[LedgerFilterForm, dict[str, Any]]:
    form = LedgerFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = {
        "agency_id": data.get("agency"),
        "status": data.get("status", ""),
        "risk": data.get("risk", ""),
        "due_by": data.get("due_by"),
        "sort": data.get("sort") or "next_review",
    }
    return form, filters


class _RowUrls:
    """Each row's links from one reverse() per URL name (50 rows: 100 fewer reverses)."""

    def __init__(self) -> None:
        self.detail = RowUrl("cases:detail")
        self.review = RowUrl("cases:ledger-review")


def _labels() -> dict[str, str]:
    """The ledger rows' words: the Jinja2 fragments hold no text (core.fragments)."""
    return {
        "high_risk": _("High risk"),
        "reviewed_today": _("reviewed today"),
        "set": _("Set"),
        "saved": _("Saved"),
    }


def _row(
    case: Case,
    user: User,
    today: date,
    urls: _RowUrls,
    *,
    openable: bool,
    counts: list[LedgerCount],
    statuses: dict[str, str],
) -> dict[str, Any]:
    """What a ledger row shows, worked out in Python: the fragment only prints it.

    Rendering the row's dates, links and labels with template filters and
    tags cost more than every query of the page (issue 12).
    """
    key_worker = case.key_worker
    return {
        "pk": case.pk,
        "label": case.anonymised_label,
        "high_risk": case.risk_level == Case.Risk.HIGH,
        "age": case.young_person.age,
        "url": urls.detail(case.pk) if openable else "",
        "manage": manages_case(user, case),
        "review_url": urls.review(case.pk),
        "review_label": _("Next review of %(number)s") % {"number": case.number},
        "next_review": day_label(case.next_review_on),
        "next_review_iso": case.next_review_on.isoformat() if case.next_review_on else "",
        "due": bool(case.next_review_on and case.next_review_on <= today),
        "last_review": day_label(case.last_reviewed_on),
        "lead": case.lead_agency.name,
        "key_worker": key_worker.get_full_name() if key_worker else "—",
        "status_key": case.status,
        "status": statuses[case.status],
        "counts": [(count.alert, getattr(case, count.key)) for count in counts],
    }


@require_GET
def ledger_page(request: HttpRequest) -> HttpResponse:
    """The progress-management ledger (進行管理台帳): a live view of open cases."""
    user = user_of(request)
    require_case_role(user)
    form, filters = _filters(request)
    # Pages are cut from the plain, index-ordered ids; only the page's rows
    # are loaded with their counts (cases.selectors.ledger_rows).
    ids = ledger_cases(user, **filters).values_list("pk", flat=True)
    page = LargeListPaginator(ids, settings.LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = ledger_page_rows(list(page.object_list))
    counts = ledger_counts()
    openable = openable_case_ids(user, [c.pk for c in rows])
    today = timezone.localdate()
    urls = _RowUrls()
    statuses = choice_labels(Case.Status)
    fragment = {
        "rows": [
            _row(c, user, today, urls, openable=c.pk in openable, counts=counts, statuses=statuses)
            for c in rows
        ],
        "labels": _labels(),
    }
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "rows": fragment["rows"],
        "rows_html": render_fragment("cases/ledger_rows.html", fragment, request),
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
        "row": _row(
            case,
            user,
            timezone.localdate(),
            _RowUrls(),
            openable=True,
            counts=[],
            statuses=choice_labels(Case.Status),
        ),
        "labels": _labels(),
        "saved": status == 200,
        "errors": form.errors.get("next_review_on", []),
    }
    return HttpResponse(
        render_fragment("cases/ledger_review_cell.html", context, request), status=status
    )


@require_GET
def ledger_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The ledger with the current filters as .csv or .xlsx; audited per case.

    CSV streams as the rows are read (the first byte leaves at once, memory
    stays flat). Excel is written in write-only mode to a temporary file; a
    large one is built by a Celery task and its owner notified (cases.tasks).
    """
    user = user_of(request)
    require_case_role(user)
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    _form, filters = _filters(request)
    with_names = sees_names_in_exports(user)
    what = f"ledger.{fmt}" + (" (names)" if with_names else "")
    address = client_address(request)
    if (
        fmt == "xlsx"
        and ledger_cases(user, **filters).count() > settings.LEDGER_EXPORT_BACKGROUND_ROWS
    ):
        return _export_later(request, user, fmt, filters, with_names)
    cases = ledger(user, **filters)
    rows = ledger_rows(ledger_values(cases, with_names=with_names), with_names=with_names)
    filename = f"ledger-{timezone.localdate():%Y%m%d}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        body = audited_stream(
            ledger_csv_stream(rows, with_names=with_names),
            audit=lambda: log_export_of(cases=cases, by=user, what=what, remote_addr=address),
        )
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        log_export_of(cases=cases, by=user, what=what, remote_addr=address)
        target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so removes) it
        ledger_xlsx_write(rows, with_names=with_names, target=target)
        target.seek(0)
        response = FileResponse(
            target,
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Cache-Control"] = "no-store"
    return response  # type: ignore[return-value]


def _export_later(
    request: HttpRequest, user: User, fmt: str, filters: dict[str, Any], with_names: bool
) -> HttpResponse:
    stored = {**filters, "due_by": filters["due_by"].isoformat() if filters["due_by"] else None}
    export = LedgerExport.objects.create(
        user=user,
        fmt=fmt,
        filters=stored,
        with_names=with_names,
        remote_addr=client_address(request),
    )
    transaction.on_commit(lambda: build_ledger_export.delay(export.pk))
    messages.info(
        request,
        _(
            "The export is large, so it is being prepared. You will get a notification "
            "with a link when it is ready."
        ),
    )
    query = request.GET.urlencode()
    return redirect(reverse("cases:ledger") + (f"?{query}" if query else ""))


@require_GET
def ledger_export_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A prepared export, for the person who asked for it only, until it is removed."""
    user = user_of(request)
    require_case_role(user)
    export = get_object_or_404(
        LedgerExport,
        pk=pk,
        user=user,
        status=LedgerExport.Status.READY,
        expires_at__gt=timezone.now(),
    )
    path = export_dir() / export.file_name
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=export.download_name)
    response["Cache-Control"] = "no-store"
    return response  # type: ignore[return-value]


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
