"""The meeting journey of issue 9 in a real browser: the coordinator schedules a
practitioners' meeting, builds its agenda from the ledger and records attendance;
a practitioner logs a case-meeting note and an action item; the coordinator
confirms the minutes; the case page shows the outcome."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services as case_services
from cases.tests.factories import open_case
from meetings.models import Meeting, MeetingKind, Privacy, Tier
from tests.browser.conftest import assert_accessible
from tests.browser.test_case_journeys import field

pytestmark = pytest.mark.browser


def test_a_practitioners_meeting_from_agenda_to_confirmed_minutes(signed_in, personas):
    # transactional tests empty the tables the migrations filled
    MeetingKind.objects.get_or_create(
        name="実務者会議",
        defaults={"tier": Tier.PRACTITIONERS, "privacy": Privacy.ANONYMISED, "sort_order": 20},
    )
    today = timezone.localdate()
    case = open_case(
        lead_agency=personas.agency_a, by=personas.coordinator, key_worker=personas.practitioner_a
    )
    case_services.case_record_review(case=case, next_review_on=today, by=personas.coordinator)
    name = case.young_person.family_name
    later = open_case(lead_agency=personas.agency_a, by=personas.coordinator)

    # the coordinator schedules the meeting for today, inviting agency A
    office = signed_in("coordinator")
    office.goto("/meetings/month/")
    assert_accessible(office)
    office.goto("/meetings/")
    office.get_by_role("link", name="会議を設定").click()
    assert_accessible(office)
    field(office, "会議の種類").select_option(label="実務者会議")
    field(office, "件名").fill("12月の実務者会議")
    field(office, "日付").fill(today.isoformat())
    field(office, "開始").fill("00:00")
    field(office, "終了").fill("23:59")
    field(office, "場所").fill("市役所 第2会議室")
    office.get_by_label(personas.agency_a.name).check()
    office.get_by_role("button", name="設定する").click()
    expect(office.locator(".alert-success")).to_contain_text("会議を設定しました")
    assert_accessible(office)
    meeting = Meeting.objects.get()

    # ...builds the agenda from the ledger: the case due for review, as its label only
    office.get_by_role("link", name="次第を作成").click()
    office.get_by_role("button", name="見直し期限のケースと要注意のケースを追加").click()
    expect(office.locator(".alert-success")).to_contain_text("1件のケースを議題に追加しました")
    expect(office.locator("#agenda-rows")).to_contain_text(case.anonymised_label)
    expect(office.locator("main")).not_to_contain_text(name)
    assert_accessible(office)

    # ...and adds another case found by typing its number (the choices come as you type)
    field(office, "種類").select_option(label="ケース")
    office.get_by_label("ケースを検索").fill(later.number)
    expect(office.locator("#id_case option", has_text=later.anonymised_label)).to_have_count(1)
    field(office, "ケース").select_option(label=later.anonymised_label)
    office.get_by_role("button", name="追加", exact=True).click()
    expect(office.locator(".alert-success")).to_contain_text("議題を追加しました")
    expect(office.locator("#agenda-rows")).to_contain_text(later.anonymised_label)

    # ...invites one more person by typing part of a name (the choices come as you type)
    office.goto(meeting.get_absolute_url())
    other = personas.practitioner_b
    office.get_by_label("名前またはよみで人を検索").fill(other.given_name)
    person = f"{other.get_full_name()}（{other.agency}）"
    expect(office.locator("#id_user option", has_text=person)).to_have_count(1)
    office.locator("#id_user").select_option(label=person)
    office.get_by_role("button", name="招待する").click()
    expect(office.locator(".alert-success")).to_contain_text("招待しました")
    expect(office.get_by_role("region", name="招待者と出欠")).to_contain_text(other.get_full_name())

    # ...and records attendance
    office.get_by_role("link", name="出欠を記録").click()
    office.get_by_label(personas.agency_a.name).select_option(label="出席")
    office.get_by_role("button", name="出欠を記録").click()
    expect(office.locator(".alert-success")).to_contain_text("出欠を記録しました")

    # a practitioner of the case team logs a case-meeting note and an action item
    worker = signed_in("practitioner_a")
    worker.goto(f"{meeting.get_absolute_url()}minutes/")
    expect(worker.locator("main")).not_to_contain_text(name)
    first_item = f"#item-{meeting.items.get(case=case).pk}"
    worker.locator(first_item).get_by_role("link", name="ケース会議の記録を書く").click()
    assert_accessible(worker)
    field(worker, "このケースについて会議で共有・合意したこと").fill(
        "外出の回数が増えている。次回は家族面談を行う。"
    )
    field(worker, "次回見直し日（任意）").fill((today + timedelta(days=30)).isoformat())
    worker.get_by_role("button", name="記録する").click()
    expect(worker.locator(".alert-success")).to_contain_text("ケース会議の記録")
    field(worker, "対応内容").fill("家族面談の日程を調整する")
    field(worker, "機関").select_option(label=personas.agency_a.name)
    field(worker, "期限").fill((today + timedelta(days=14)).isoformat())
    field(worker, "議題").select_option(label=case.anonymised_label)
    worker.get_by_role("button", name="対応事項を追加する").click()
    expect(worker.locator(".alert-success")).to_contain_text("対応事項を追加しました")

    # the coordinator writes the decision and confirms the minutes
    office.goto(f"{meeting.get_absolute_url()}minutes/")
    decisions = office.locator(f"#id_i{meeting.items.get(case=case).pk}-decisions")
    decisions.fill("訪問を月2回に増やす")
    item_form = office.locator("form", has=decisions)
    item_form.get_by_role("button", name="この議題の会議録を保存").click()
    office.get_by_role("button", name="会議録を確定").click()
    expect(office.locator(".alert-success")).to_contain_text("会議録を確定しました")
    assert_accessible(office)

    # the case page shows the outcome, and the note is in the case's record
    worker.goto(case.get_absolute_url())
    assert_accessible(worker)
    panel = worker.locator("#meetings")
    expect(panel).to_contain_text("訪問を月2回に増やす")
    expect(panel).to_contain_text("家族面談の日程を調整する")
    expect(worker.locator("main")).to_contain_text("外出の回数が増えている")
