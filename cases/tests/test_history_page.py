"""The case history reads like a register: Japanese field names, before → after,
and what kind of read each entry was (a page, a list, an export with its file kind)."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from cases import services


def _history(client, case) -> str:
    return client.get(reverse("cases:history", args=[case.pk])).text


def test_a_change_shows_the_field_and_the_values_before_and_after(client, personas, case):
    other = UserFactory.create(agency=personas.agency_a, family_name="中村", given_name="さくら")
    services.case_set_lead(
        case=case, lead_agency=personas.agency_a, key_worker=other, by=personas.coordinator
    )
    services.case_update(case=case, by=personas.coordinator, risk_level="high")
    client.force_login(personas.coordinator)
    page = _history(client, case)
    assert "主担当者：" in page
    assert other.get_full_name() in page
    assert "リスクの程度：" in page and "高" in page
    assert "key_worker" not in page and "risk_level" not in page


def test_lists_and_exports_say_what_they_were(client, personas, case):
    client.force_login(personas.coordinator)
    client.get(reverse("cases:index"))
    client.get(reverse("cases:ledger-export", args=["xlsx"]))
    b"".join(client.get(reverse("cases:ledger-export", args=["csv"])).streaming_content)
    page = _history(client, case)
    assert "一覧に表示" in page and "ケース一覧" in page
    assert "出力" in page
    assert "進行管理台帳（Excel）" in page and "進行管理台帳（CSV）" in page


def test_the_history_page_costs_the_same_queries_with_many_entries(client, personas, case):
    client.force_login(personas.coordinator)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:history", args=[case.pk])).status_code == 200
        return len(ctx)

    first = queries()
    for days in range(1, 30):
        services.case_update(
            case=case, by=personas.coordinator, next_review_on=date.today() + timedelta(days=days)
        )
        worker = UserFactory.create(agency=personas.agency_a)
        services.case_set_lead(
            case=case, lead_agency=personas.agency_a, key_worker=worker, by=personas.coordinator
        )
    assert queries() <= first + 2  # one per related model the page names, not per entry
