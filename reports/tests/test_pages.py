"""The report pages cost the same number of queries with 3 or 30 cases and referrals."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.tests.factories import open_case
from referrals.tests.factories import refer
from reports import services


def _grow(personas, n):
    for i in range(n):
        case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
        refer(case, personas.agency_b, personas.practitioner_a)
        services.unmet_need_record(
            by=personas.practitioner_a, text=f"居場所が足りない{i}", case=case
        )


@pytest.mark.parametrize(
    "name", ["reports:statistics", "reports:annual", "reports:health", "reports:needs"]
)
def test_report_pages_cost_the_same_queries_at_two_sizes(client, personas, name):
    client.force_login(personas.coordinator)

    def queries():
        cache.clear()  # count the figures each time, not the cached ones
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx)

    _grow(personas, 3)
    small = queries()
    _grow(personas, 27)
    assert queries() == small
    assert small <= 40


def test_the_figures_are_counted_once_then_served_until_the_cache_expires(
    client, personas, settings
):
    client.force_login(personas.representative)
    _grow(personas, 3)
    with CaptureQueriesContext(connection) as first:
        page = client.get(reverse("reports:statistics")).text
    assert "時点の集計" in page
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse("reports:annual")).status_code == 200
    assert len(second) < len(first) - 10  # the year's aggregates were not run again
    settings.REPORTS_CACHE_SECONDS = 0
    cache.clear()
    client.get(reverse("reports:statistics"))
    with CaptureQueriesContext(connection) as uncached:
        client.get(reverse("reports:statistics"))
    assert len(uncached) == len(first)


def test_the_annual_workbook_is_audited(client, personas):
    from auditlog.models import LogEntry

    client.force_login(personas.representative)
    response = client.get(reverse("reports:annual-xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    entry = LogEntry.objects.filter(
        actor=personas.representative, additional_data__has_key="export"
    ).get()
    assert entry.additional_data["export"].startswith("annual report")
