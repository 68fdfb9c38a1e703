"""The inbox, the outbox, the timeline, the ledger's referral columns and the measures."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from agencies.tests.factories import AgencyFactory, ServiceFactory
from cases.tests.factories import open_case
from referrals import services
from referrals.measures import referral_measures
from referrals.tests.factories import refer

TOKYO = ZoneInfo("Asia/Tokyo")


def _cases(personas, n):
    return [
        open_case(
            lead_agency=personas.agency_a,
            by=personas.coordinator,
            key_worker=personas.practitioner_a,
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("n", [2, 12])
def test_inbox_and_outbox_queries_do_not_grow(client, personas, n, django_assert_max_num_queries):
    for case in _cases(personas, n):
        refer(case, personas.agency_b, personas.practitioner_a)
    client.force_login(personas.practitioner_b)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("referrals:inbox"))
    assert response.text.count("referral-requested") == n
    client.force_login(personas.practitioner_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("referrals:outbox"))
    assert response.text.count("referral-requested") == n


def test_a_row_says_who_referred_to_whom_how_urgently_and_opens_the_referral(client, personas):
    service = ServiceFactory(agency=personas.agency_b, name="就労準備個別相談")
    (case,) = _cases(personas, 1)
    referral = refer(
        case, personas.agency_b, personas.practitioner_a, urgency="urgent", to_service=service
    )
    client.force_login(personas.practitioner_b)
    inbox = client.get(reverse("referrals:inbox")).text
    assert f'<a href="{referral.get_absolute_url()}" class="fw-semibold">' in inbox
    assert case.anonymised_label in inbox
    assert personas.agency_a.name in inbox and personas.practitioner_a.get_full_name() in inbox
    assert '<span class="badge text-bg-danger">至急</span>' in inbox
    assert '<span class="badge referral-requested">依頼中</span>' in inbox
    client.force_login(personas.practitioner_a)
    outbox = client.get(reverse("referrals:outbox")).text
    assert personas.agency_b.name in outbox and "就労準備個別相談" in outbox


def test_the_inbox_tabs_sort_what_waits_for_my_agency(client, personas):
    new, accepted, declined = (
        refer(case, personas.agency_b, personas.practitioner_a) for case in _cases(personas, 3)
    )
    services.referral_accept(
        referral_id=accepted.pk, by=personas.practitioner_b, agreed_role="相談"
    )
    services.referral_decline(
        referral_id=declined.pk, by=personas.practitioner_b, reason="capacity"
    )
    client.force_login(personas.practitioner_b)

    def listed(tab):
        text = client.get(reverse("referrals:inbox") + f"?tab={tab}").text
        return {
            r.pk
            for r in (new, accepted, declined)
            if f'/referrals/{r.pk}/"' in text or r.case.anonymised_label in text
        }

    assert listed("new") == {new.pk}
    assert listed("progress") == {accepted.pk}
    assert listed("closed") == {declined.pk}
    assert listed("open") == {new.pk, accepted.pk}
    # the declined referral is listed, but its grant ended: no link to open
    closed_page = client.get(reverse("referrals:inbox") + "?tab=closed").text
    assert declined.get_absolute_url() not in closed_page


def test_the_timeline_shows_every_move_with_who_and_the_comment(client, personas, case):
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    services.referral_acknowledge(
        referral_id=referral.pk, by=personas.practitioner_b, comment="受領しました"
    )
    client.force_login(personas.practitioner_a)
    text = client.get(referral.get_absolute_url()).text
    assert "依頼を送信" in text and "受領確認済み" in text and "受領しました" in text
    assert personas.practitioner_b.get_full_name() in text


def test_a_double_click_says_so_instead_of_failing(client, personas, case):
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    client.force_login(personas.practitioner_b)
    url = reverse("referrals:acknowledge", args=[referral.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "既に「受領確認済み」です" in response.text


def test_a_declined_referral_offers_to_refer_elsewhere_prefilled(client, personas, case):
    referral = refer(case, personas.agency_b, personas.practitioner_a, request="家族教室の紹介")
    services.referral_decline(
        referral_id=referral.pk, by=personas.practitioner_b, reason="capacity"
    )
    client.force_login(personas.practitioner_a)
    page = client.get(referral.get_absolute_url()).text
    again = reverse("referrals:create", args=[case.pk]) + f"?again={referral.pk}"
    assert again in page
    form = client.get(again).text
    assert "家族教室の紹介" in form


def test_the_ledger_and_its_export_count_open_and_overdue_referrals(client, personas):
    with time_machine.travel(datetime(2026, 11, 2, 10, tzinfo=TOKYO), tick=False):
        [case] = _cases(personas, 1)
        refer(case, personas.agency_b, personas.practitioner_a)  # never acknowledged
        other = AgencyFactory.create()
        recent = refer(case, other, personas.practitioner_a)
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=TOKYO), tick=False):
        services.referral_acknowledge(referral_id=recent.pk, by=_staff(other))
        client.force_login(personas.coordinator)
        ledger = client.get(reverse("cases:ledger")).text
        assert "滞っている依頼" in ledger
        export = client.get(reverse("cases:ledger-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert (row["対応中の依頼"], row["滞っている依頼"]) == (2, 1)


def _staff(agency):
    from accounts.tests.factories import UserFactory

    return UserFactory.create(agency=agency)


def test_measures_against_hand_computed_values(personas):
    """Three referrals to B: acknowledged after 1 and 3 days; one completed after 10 days with
    help received; one declined after 2 days; one still open and quiet for 40 days."""
    start = datetime(2026, 9, 1, 10, tzinfo=TOKYO)
    cases = _cases(personas, 3)
    with time_machine.travel(start, tick=False):
        done, declined, quiet = (
            refer(c, personas.agency_b, personas.practitioner_a) for c in cases
        )
    b = personas.practitioner_b
    with time_machine.travel(start + timedelta(days=1), tick=False):
        services.referral_acknowledge(referral_id=done.pk, by=b)
        services.referral_accept(referral_id=done.pk, by=b, agreed_role="相談")
    with time_machine.travel(start + timedelta(days=2), tick=False):
        services.referral_decline(referral_id=declined.pk, by=b, reason="capacity")
    with time_machine.travel(start + timedelta(days=3), tick=False):
        services.referral_acknowledge(referral_id=quiet.pk, by=b)
    with time_machine.travel(start + timedelta(days=10), tick=False):
        services.referral_complete(referral_id=done.pk, by=b, provided="面談", got_help="yes")
    report = referral_measures(
        since=date(2026, 9, 1), until=date(2026, 9, 30), now=start + timedelta(days=43)
    )
    m = report.by_agency[personas.agency_b.pk]
    assert m.sent == 3
    assert m.median_acknowledge == 2.0  # 1, 2 (the decline counts as seen), 3 days
    assert m.median_answer == 1.5  # accepted after 1 day, declined after 2
    assert m.median_complete == 10.0
    assert (m.completed, m.got_help, m.got_help_share) == (1, 1, 100)
    assert m.stale == 1  # the quiet one: last moved on day 3, 40 days before "now"
    assert report.overall.sent == 3


def test_the_measures_page_is_for_coordinators(client, personas, case):
    refer(case, personas.agency_b, personas.practitioner_a)
    client.force_login(personas.coordinator)
    page = client.get(reverse("referrals:measures"))
    assert page.status_code == 200 and personas.agency_b.name in page.text
    client.force_login(personas.practitioner_a)
    assert client.get(reverse("referrals:measures")).status_code == 403


def test_the_agency_page_shows_its_referral_measures(client, personas, case):
    refer(case, personas.agency_b, personas.practitioner_a)
    client.force_login(personas.practitioner_a)
    page = client.get(personas.agency_b.get_absolute_url()).text
    assert "この機関への紹介・支援依頼" in page


def test_the_case_page_lists_its_referrals(client, personas, case):
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    client.force_login(personas.practitioner_a)
    page = client.get(case.get_absolute_url()).text
    assert referral.get_absolute_url() in page
    assert "依頼中" in page


def test_the_letter_prints_both_agencies_marked_confidential(client, personas, case):
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    client.force_login(personas.practitioner_a)
    page = client.get(reverse("referrals:letter", args=[referral.pk])).text
    assert "援助依頼書" in page and "取扱注意" in page
    assert personas.agency_a.name in page and personas.agency_b.name in page
    assert "令和" in page
    client.force_login(personas.practitioner_b)  # before accepting: no name on their copy
    assert (
        case.young_person.given_name
        not in client.get(reverse("referrals:letter", args=[referral.pk])).text
    )
