"""The council's figures: statistics, the annual report, collaboration health, the
register of missing local resources."""

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.models import Case
from core.dates import fiscal_year_label, fiscal_year_of
from core.http import int_param, user_of
from reports.audit import log_report_export
from reports.excel import annual_workbook
from reports.policy import can_see_statistics
from reports.statistics import year_report


def _years() -> list[int]:
    current = fiscal_year_of(timezone.localdate())
    first = Case.objects.aggregate(first=Min("fiscal_year"))["first"] or current
    return list(range(current, min(first, current) - 1, -1))


def _year(request: HttpRequest, years: list[int]) -> int:
    wanted = int_param(request.GET.get("year"))
    return wanted if wanted in years else years[0]


def _allowed_year(request: HttpRequest) -> tuple[int, list[int]]:
    if not can_see_statistics(user_of(request)):
        raise PermissionDenied
    years = _years()
    return _year(request, years), years


def _figures_context(request: HttpRequest) -> dict[str, object]:
    year, years = _allowed_year(request)
    report = year_report(year)
    figures = report.figures
    return {
        "year": year,
        "years": [(y, fiscal_year_label(y)) for y in years],
        "year_label": fiscal_year_label(year),
        "figures": figures,
        "median_days": report.median_days,
        "counted_at": report.computed_at,
        "charts": {f.key: f.chart_data() for f in figures if f.chart},
    }


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """Tables and charts for the representatives' meeting: no row about one person."""
    return render(request, "reports/statistics.html", _figures_context(request))


@require_GET
def annual(request: HttpRequest) -> HttpResponse:
    """The fiscal year's report on A4, for the council's report to the municipality."""
    context = _figures_context(request)
    context["today"] = timezone.localdate()
    return render(request, "reports/annual.html", context)


@require_GET
def annual_xlsx(request: HttpRequest) -> HttpResponse:
    year, _years_shown = _allowed_year(request)
    report = year_report(year)
    body = annual_workbook(year, report.figures, report.median_days, settings.COUNCIL_NAME)
    log_report_export(by=user_of(request), what=f"annual report {year}.xlsx")
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"年次報告_{year}年度.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"annual-report-{year}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    response["Cache-Control"] = "no-store"
    return response
