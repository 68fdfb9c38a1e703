from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case, CaseNote
from cases.tests.factories import open_case


def _populate(personas, n: int) -> Case:
    """n cases; the last one with team, goals, tasks and notes."""
    case = None
    for _ in range(n):
        case = open_case(
            lead_agency=personas.agency_a,
            by=personas.coordinator,
            key_worker=personas.practitioner_a,
            team=(personas.agency_b,),
            next_review_on=date.today() + timedelta(days=3),
        )
        goal = services.goal_add(plan=case.plan, text="外出の回数を増やす", by=personas.coordinator)
        for agency in (personas.agency_a, personas.agency_b):
            services.task_add(
                plan=case.plan,
                description="訪問",
                agency=agency,
                goal=goal,
                due_on=date.today(),
                by=personas.coordinator,
            )
        for _i in range(3):
            note = services.note_add(
                case=case,
                author=personas.practitioner_a,
                contact_on=date.today(),
                kind="phone",
                text="電話で様子を聞いた。",
            )
        services.note_amend(
            amend_reason="日付の誤り", note=note, author=personas.practitioner_a, text="訂正"
        )
    assert case is not None
    return case


@pytest.mark.parametrize("n", [5, 50])
def test_ledger_queries_do_not_grow_with_cases(client, personas, n, django_assert_max_num_queries):
    _populate(personas, n)
    client.force_login(personas.coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cases:ledger"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(n, 50)


@pytest.mark.parametrize("n", [5, 50])
def test_case_list_queries_do_not_grow(client, personas, n, django_assert_max_num_queries):
    _populate(personas, n)
    client.force_login(personas.practitioner_a)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("cases:index")).status_code == 200


@pytest.mark.parametrize("n", [5, 50])
def test_case_page_queries_do_not_grow(client, personas, n, django_assert_max_num_queries):
    case = _populate(personas, n)
    for _ in range(n):  # more notes on the page's case: still one page of them
        services.note_add(
            case=case,
            author=personas.practitioner_a,
            contact_on=date.today(),
            kind="other",
            text="x",
        )
    client.force_login(personas.practitioner_a)
    with django_assert_max_num_queries(17):
        assert client.get(case.get_absolute_url()).status_code == 200


def test_case_page_shows_team_plan_and_newest_notes_first(client, personas):
    case = _populate(personas, 1)
    services.note_add(
        case=case,
        author=personas.practitioner_a,
        contact_on=date.today() - timedelta(days=30),
        kind="home_visit",
        text="ひと月前の訪問",
    )
    client.force_login(personas.practitioner_a)
    response = client.get(case.get_absolute_url())
    text = response.text
    assert personas.agency_b.name in text
    assert "外出の回数を増やす" in text
    assert text.index("電話で様子を聞いた") < text.index("ひと月前の訪問")


def test_a_corrected_note_shows_its_correction_and_its_history(client, personas):
    case = _populate(personas, 1)  # its newest note corrected by practitioner_a
    services.note_add(
        case=case, author=personas.practitioner_b, contact_on=date.today(), kind="phone", text="B"
    )
    member = case.team.get(agency=personas.agency_b)
    services.team_member_remove(member=member, by=personas.coordinator)
    client.force_login(personas.practitioner_a)
    page = client.get(case.get_absolute_url()).text
    corrected = page[page.index('id="note-') :]
    assert "訂正あり" in corrected
    assert "元の記録（" in corrected and "訂正（" in corrected
    assert "（理由：日付の誤り）" in corrected
    # practitioner_a corrects their agency's notes only: not agency B's
    assert page.count("/amend/") == 3
    assert "以前のチームメンバー" in page and personas.agency_b.name in page


def test_corrections_are_read_only_for_a_page_that_shows_a_corrected_note(
    client, personas, settings
):
    settings.NOTES_PAGE_SIZE = 3
    case = _populate(personas, 1)  # three notes, the newest corrected
    client.force_login(personas.practitioner_a)

    def statements(url):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).text
        return len(queries), page

    with_correction, page = statements(case.get_absolute_url())
    assert "訂正あり" in page
    for n in range(3):  # the corrected note moves to the second page
        services.note_add(
            case=case,
            author=personas.practitioner_a,
            contact_on=date.today(),
            kind="other",
            text=f"{n}",
        )
    without, page = statements(case.get_absolute_url())
    assert "訂正あり" not in page
    assert without == with_correction - 1
    assert "訂正あり" in statements(case.get_absolute_url() + "?notes=2")[1]


def test_notes_paginate_newest_first(client, personas, settings):
    settings.NOTES_PAGE_SIZE = 2
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    for days, text in [(3, "三日前"), (2, "二日前"), (1, "昨日")]:
        services.note_add(
            case=case,
            author=personas.practitioner_a,
            contact_on=date.today() - timedelta(days=days),
            kind="phone",
            text=text,
        )
    client.force_login(personas.practitioner_a)
    first = client.get(case.get_absolute_url()).text
    assert "昨日" in first and "二日前" in first and "三日前" not in first
    older = client.get(case.get_absolute_url(), {"notes": 2}, HTTP_HX_REQUEST="true").text
    assert "三日前" in older and "<html" not in older


def test_note_form_refuses_an_oversized_or_empty_note(client, personas, case, settings):
    client.force_login(personas.practitioner_a)
    url = reverse("cases:note-add", args=[case.pk])
    too_long = "あ" * (settings.CASE_NOTE_MAX_LENGTH + 1)
    response = client.post(url, {"contact_on": date.today(), "kind": "phone", "text": too_long})
    assert response.status_code == 422
    assert "10000" in response.text
    response = client.post(url, {"contact_on": date.today(), "kind": "phone", "text": "   "})
    assert response.status_code == 422
    assert "経過の内容を記入してください" in response.text
    assert not CaseNote.objects.exists()


def test_note_form_refuses_a_future_date(client, personas, case):
    client.force_login(personas.practitioner_a)
    tomorrow = date.today() + timedelta(days=1)
    response = client.post(
        reverse("cases:note-add", args=[case.pk]),
        {"contact_on": tomorrow, "kind": "phone", "text": "x"},
    )
    assert response.status_code == 422
    assert "未来の日付" in response.text


def test_closing_without_a_reason_is_refused_with_a_message(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.post(reverse("cases:close", args=[case.pk]), {"reason": ""})
    assert response.status_code == 422
    assert "終結する理由を選んでください" in response.text
    case.refresh_from_db()
    assert case.is_open


def test_task_due_before_the_case_opened_is_refused(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:task-add", args=[case.pk]),
        {
            "description": "訪問",
            "agency": personas.agency_a.pk,
            "due_on": (case.opened_on - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "ケース開始日" in response.text


def test_illegal_transition_is_explained_not_a_500(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:transition", args=[case.pk]), {"to": "monitoring"}, follow=True
    )
    assert response.status_code == 200
    assert "移すことはできません" in response.text
    case.refresh_from_db()
    assert case.status == Case.Status.INTAKE


def test_removing_the_lead_agency_is_explained(client, personas, case):
    client.force_login(personas.coordinator)
    member = case.team.get()
    response = client.post(reverse("cases:team-remove", args=[case.pk, member.pk]), follow=True)
    assert "主担当機関はケースチームから外せません" in response.text
    member.refresh_from_db()
    assert member.removed_at is None


def test_ledger_review_date_is_set_inline(client, personas, case):
    client.force_login(personas.coordinator)
    next_review = date.today() + timedelta(days=60)
    response = client.post(
        reverse("cases:ledger-review", args=[case.pk]),
        {"next_review_on": next_review.isoformat(), "reviewed_today": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    case.refresh_from_db()
    assert case.next_review_on == next_review
    assert case.last_reviewed_on == date.today()


def test_ledger_filters_by_due_date_and_risk(client, personas):
    soon = open_case(
        lead_agency=personas.agency_a,
        by=personas.coordinator,
        next_review_on=date.today() + timedelta(days=2),
        risk_level="high",
    )
    later = open_case(
        lead_agency=personas.agency_a,
        by=personas.coordinator,
        next_review_on=date.today() + timedelta(days=60),
    )
    client.force_login(personas.coordinator)
    by = (date.today() + timedelta(days=7)).isoformat()
    rows = client.get(reverse("cases:ledger"), {"due_by": by}).context["rows"]
    assert [r["pk"] for r in rows] == [soon.pk]
    rows = client.get(reverse("cases:ledger"), {"risk": "high"}).context["rows"]
    assert [r["pk"] for r in rows] == [soon.pk]
    rows = client.get(reverse("cases:ledger"), {"sort": "-next_review"}).context["rows"]
    assert [r["pk"] for r in rows] == [later.pk, soon.pk]


def test_closed_cases_leave_the_ledger(client, personas, case):
    services.case_close(case=case, reason="goal_reached", by=personas.coordinator)
    client.force_login(personas.coordinator)
    assert client.get(reverse("cases:ledger")).context["rows"] == []
