"""The council's figures for a fiscal year: anonymised aggregates only, small cells hidden.

Every table is one aggregate query in the database (counts grouped or
filtered there, never rows counted in Python), then suppressed
(reports.suppression). A Figure carries the table with its labels and the
kind of chart the page draws beside it; the same figures make the statistics
page, the printed annual report and its workbook.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, F, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agencies.models import Approach
from cases.models import Case, Gender
from core.dates import fiscal_year_span
from referrals.models import Referral, Status
from reports.suppression import COUNT, Table, suppress, suppress_list


@dataclass
class Figure:
    key: str
    title: str
    table: Table
    row_labels: dict[str, str]
    column_labels: dict[str, str] = field(default_factory=lambda: {COUNT: _("Cases")})
    chart: str = "bar"  # bar, line, or "" for a table only
    note: str = ""

    def label_of_row(self, key: str) -> str:
        return self.row_labels.get(key, key)

    @property
    def wide(self) -> bool:
        """A cross table (rows by columns) shows row totals; a list shows its total only."""
        return len(self.table.columns) > 1

    def headers(self) -> list[str]:
        return [self.column_labels.get(c, c) for c in self.table.columns]

    def lines(self) -> list[tuple[str, list[int | None], int | None]]:
        """(row label, its cells, its total) for the page, the print and the workbook."""
        return [
            (self.label_of_row(r), self.table.row(r), self.table.row_totals.get(r))
            for r in self.table.rows
        ]

    def totals(self) -> list[int | None]:
        return [self.table.column_totals.get(c) for c in self.table.columns]

    @property
    def has_totals(self) -> bool:
        return bool(self.table.column_totals)

    def chart_data(self) -> dict[str, Any]:
        """What Chart.js draws: suppressed cells are gaps (null), never guessed."""
        return {
            "type": self.chart,
            "labels": [self.label_of_row(r) for r in self.table.rows],
            "datasets": [
                {
                    "label": self.column_labels.get(c, c),
                    "data": [self.table.cells[(r, c)] for r in self.table.rows],
                }
                for c in self.table.columns
            ],
        }


def _labels(choices: Sequence[tuple[str, Any]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _months(year: int) -> list[tuple[str, date, date]]:
    """(key, first day, last day) of each month of the fiscal year, April first."""
    start, _end = fiscal_year_span(year)
    months = []
    day = start
    for _i in range(12):
        following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        months.append((day.strftime("%Y-%m"), day, following - timedelta(days=1)))
        day = following
    return months


def monthly(year: int) -> list[Figure]:
    """New and closed cases each month (with totals), and cases open at each month's end."""
    months = _months(year)
    aggregates: dict[str, Any] = {}
    for key, first, last in months:
        aggregates[f"new_{key}"] = Count("pk", filter=Q(opened_on__range=(first, last)))
        aggregates[f"closed_{key}"] = Count("pk", filter=Q(closed_on__range=(first, last)))
        aggregates[f"open_{key}"] = Count(
            "pk",
            filter=Q(opened_on__lte=last) & (Q(closed_on__isnull=True) | Q(closed_on__gt=last)),
        )
    counts = Case.objects.aggregate(**aggregates)
    keys = [key for key, _f, _l in months]
    labels = {key: date_format(first, "YEAR_MONTH_FORMAT") for key, first, _l in months}
    flows = suppress(
        {(k, kind): counts[f"{kind}_{k}"] for k in keys for kind in ("new", "closed")},
        keys,
        ["new", "closed"],
    )
    stock = suppress({(k, "open"): counts[f"open_{k}"] for k in keys}, keys, ["open"], totals=False)
    return [
        Figure(
            "monthly",
            _("New and closed cases by month"),
            flows,
            labels,
            {"new": _("New"), "closed": _("Closed")},
            chart="bar",
        ),
        Figure(
            "open",
            _("Cases open at the end of each month"),
            stock,
            labels,
            {"open": _("Open")},
            chart="line",
        ),
    ]


AGE_BANDS: Sequence[tuple[str, int, int | None]] = (
    ("-14", 0, 14),
    ("15-17", 15, 17),
    ("18-19", 18, 19),
    ("20-24", 20, 24),
    ("25-29", 25, 29),
    ("30-39", 30, 39),
    ("40-", 40, None),
)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_band_labels() -> dict[str, str]:
    labels = {}
    for key, low, high in AGE_BANDS:
        if high is None:
            labels[key] = _("%(low)s and over") % {"low": low}
        elif low == 0:
            labels[key] = _("%(high)s and under") % {"high": high}
        else:
            labels[key] = _("%(low)s–%(high)s") % {"low": low, "high": high}
    return labels


def _new_in(year: int) -> Any:
    start, end = fiscal_year_span(year)
    return Case.objects.filter(opened_on__range=(start, end))


def by_age(year: int) -> Figure:
    """New cases by the young person's age on the first day of the fiscal year."""
    start, _end = fiscal_year_span(year)
    # age >= n on `start` <=> born on or before `start` less n years: one CASE in SQL
    whens = [
        When(young_person__date_of_birth__gt=_years_before(start, high + 1), then=Value(key))
        for key, _low, high in AGE_BANDS
        if high is not None
    ]
    band = SqlCase(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())
    rows = _new_in(year).annotate(band=band).values("band").annotate(n=Count("pk"))
    counts = {row["band"]: row["n"] for row in rows}
    names = [key for key, _l, _h in AGE_BANDS]
    return Figure(
        "age",
        _("New cases by age"),
        suppress_list(counts, names),
        _age_band_labels(),
        note=_("Age on 1 April of the fiscal year."),
    )


def _grouped(qs: Any, path: str) -> dict[str, int]:
    return {str(row[path]): row["n"] for row in qs.values(path).annotate(n=Count("pk"))}


def by_gender(year: int) -> Figure:
    counts = _grouped(_new_in(year), "young_person__gender")
    names = list(Gender.values)
    return Figure(
        "gender", _("New cases by gender"), suppress_list(counts, names), _labels(Gender.choices)
    )


def by_issue(year: int) -> Figure:
    """A case may have several presenting issues: the lines do not add up, so no total."""
    rows = (
        _new_in(year)
        .values("presenting_issues__name")
        .annotate(n=Count("pk", distinct=True))
        .filter(presenting_issues__isnull=False)
    )
    counts = {row["presenting_issues__name"]: row["n"] for row in rows}
    names = sorted(counts)
    return Figure(
        "issues",
        _("New cases by presenting issue"),
        suppress_list(counts, names, totals=False),
        {n: n for n in names},
        note=_("A case can have several presenting issues."),
    )


def by_source(year: int) -> Figure:
    counts = _grouped(_new_in(year), "referral_source")
    return Figure(
        "source",
        _("New cases by referral source"),
        suppress_list(counts, list(Case.ReferralSource.values)),
        _labels(Case.ReferralSource.choices),
    )


def by_lead_sector(year: int) -> Figure:
    counts = _grouped(_new_in(year).annotate(sector=F("lead_agency__sector__name")), "sector")
    names = sorted(k for k in counts if k != "None")
    return Figure(
        "sector",
        _("New cases by the lead agency's sector"),
        suppress_list(counts, names),
        {n: n for n in names},
    )


def _closed_in(year: int) -> Any:
    start, end = fiscal_year_span(year)
    return Case.objects.filter(closed_on__range=(start, end))


def by_closure(year: int) -> Figure:
    counts = _grouped(_closed_in(year), "closure_reason")
    return Figure(
        "closure",
        _("Closed cases by reason"),
        suppress_list(counts, list(Case.ClosureReason.values)),
        _labels(Case.ClosureReason.choices),
    )


def median_duration_days(year: int) -> int | None:
    """The median days from opening to closing of the cases closed in the year.

    Two queries whatever the size: the count, then the middle row by an
    indexed ordering. None under three closed cases (it would describe a person).
    """
    qs = _closed_in(year).annotate(days=F("closed_on") - F("opened_on")).order_by("days")
    n = qs.count()
    if n < 3:
        return None
    middle = qs.values_list("days", flat=True)[n // 2]
    return int(middle.days) if hasattr(middle, "days") else int(middle)


def _referrals_in(year: int) -> Any:
    start, end = fiscal_year_span(year)
    return Referral.objects.filter(requested_at__date__range=(start, end))


def referral_sectors(year: int) -> Figure:
    """Referrals by the sending and the receiving agency's sector."""
    rows = (
        _referrals_in(year)
        .values("from_agency__sector__name", "to_agency__sector__name")
        .annotate(n=Count("pk"))
    )
    counts = {
        (row["from_agency__sector__name"], row["to_agency__sector__name"]): row["n"] for row in rows
    }
    senders = sorted({k[0] for k in counts})
    receivers = sorted({k[1] for k in counts})
    return Figure(
        "referral-sectors",
        _("Referrals by sector: from (rows) to (columns)"),
        suppress(counts, senders, receivers),
        {s: s for s in senders},
        {r: r for r in receivers},
        chart="",
    )


def referral_outcomes(year: int) -> Figure:
    counts = _grouped(_referrals_in(year), "status")
    return Figure(
        "referral-outcomes",
        _("Referrals by where they stand"),
        suppress_list(counts, list(Status.values)),
        _labels(Status.choices),
        {COUNT: _("Referrals")},
    )


def approaches(year: int) -> Figure:
    """Support approaches used: the approach of the service each referral asked for."""
    counts = _grouped(_referrals_in(year).filter(to_service__isnull=False), "to_service__approach")
    return Figure(
        "approaches",
        _("Referrals by support approach"),
        suppress_list(counts, list(Approach.values)),
        _labels(Approach.choices),
        {COUNT: _("Referrals")},
    )


def year_figures(year: int) -> list[Figure]:
    return [
        *monthly(year),
        by_age(year),
        by_gender(year),
        by_issue(year),
        by_source(year),
        by_lead_sector(year),
        by_closure(year),
        referral_sectors(year),
        referral_outcomes(year),
        approaches(year),
    ]


@dataclass(frozen=True)
class YearReport:
    figures: list[Figure]
    median_days: int | None
    computed_at: datetime


def year_report(year: int) -> YearReport:
    """The year's figures, computed at most once per REPORTS_CACHE_SECONDS and language.

    They aggregate every case of the year (1.2 M rows read at 100,000 cases),
    and the representatives read the same figures many times between two
    changes that matter to a yearly count; the page says when they were counted.
    """
    key = f"reports:year:{year}:{get_language()}"
    report: YearReport | None = cache.get(key)
    if report is None:
        report = YearReport(year_figures(year), median_duration_days(year), timezone.now())
        cache.set(key, report, settings.REPORTS_CACHE_SECONDS)
    return report
