"""The face sheet (フェイスシート): the case on one printable A4 page, 和暦 beside 西暦."""

from auditlog.models import LogEntry
from django.urls import reverse

from cases import services
from core.dates import wareki_with_western


def test_the_face_sheet_shows_person_case_team_and_plan(client, personas, case):
    services.plan_update(
        plan=case.plan, policy="訪問で関係をつくる", review_on=None, by=personas.coordinator
    )
    client.force_login(personas.practitioner_a)
    page = client.get(reverse("cases:face-sheet", args=[case.pk])).text
    person = case.young_person
    assert person.full_name in page and person.full_name_kana in page
    assert wareki_with_western(person.date_of_birth) in page  # 平成21年5月1日（2009年）
    assert wareki_with_western(case.opened_on) in page
    assert case.number in page and str(personas.agency_a) in page
    assert "訪問で関係をつくる" in page
    assert "取扱注意" in page and "data-print" in page
    read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=personas.practitioner_a)
    assert read.filter(additional_data__printed="face-sheet").exists()


def test_the_printed_ledger_says_it_is_confidential_and_when(client, personas, case):
    client.force_login(personas.coordinator)
    page = client.get(reverse("cases:ledger")).text
    assert 'class="ledger-page"' in page  # print.css sets it on A4 landscape
    assert "print-only ledger-print-header" in page and "取扱注意" in page
