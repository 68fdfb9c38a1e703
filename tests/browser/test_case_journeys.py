"""Case work in a real browser: intake, a note from the road, need-to-know, export."""

import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from accounts.tests.factories import PASSWORD
from cases.models import Case, CaseNote, PresentingIssue
from cases.tests.factories import open_case
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def field(page: Page, label: str):
    """A form field by its label (crispy marks required ones with "*")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def test_coordinator_registers_a_young_person_and_opens_a_case_with_a_team(page: Page, personas):
    # transactional tests empty the tables the migrations filled, so make sure of it
    PresentingIssue.objects.get_or_create(name="不登校")
    log_in(page, "coordinator", PASSWORD)
    page.goto("/cases/")
    page.get_by_role("link", name="新規受付").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新規受付")
    assert_accessible(page)

    field(page, "姓").fill("森")
    field(page, "名").fill("陽菜")
    field(page, "姓（よみがな）").fill("もり")
    field(page, "名（よみがな）").fill("ひな")
    field(page, "生年月日").fill("2009-04-20")
    field(page, "性別").select_option("female")
    page.get_by_label("不登校").check()
    field(page, "相談経路").select_option("school")
    field(page, "主担当機関").select_option(label=personas.agency_a.name)
    # the key worker list follows the lead agency (htmx)
    key_worker = field(page, "主担当者")
    expect(key_worker.locator("option")).to_have_count(2)
    key_worker.select_option(
        label=f"{personas.practitioner_a.get_full_name()}（{personas.agency_a}）"
    )
    field(page, "協議会内での情報共有に同意").check()
    field(page, "同意日").fill("2026-11-01")
    page.get_by_role("button", name="登録してケースを開始").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("森 陽菜")
    case = Case.objects.get()
    expect(page.get_by_role("main").locator(".case-header")).to_contain_text(case.number)

    page.get_by_role("link", name="機関を追加").click()
    field(page, "機関").select_option(label=personas.agency_b.name)
    field(page, "合意した役割").fill("就労体験の受け入れ")
    page.get_by_role("button", name="チームに追加").click()
    page.get_by_label(personas.practitioner_b.get_full_name()).check()
    page.get_by_role("button", name="保存").click()

    team = page.get_by_role("region", name="ケースチーム")
    expect(team).to_contain_text(personas.agency_b.name)
    expect(team).to_contain_text("就労体験の受け入れ")
    assert_accessible(page)
    assert set(case.team.values_list("agency__name", flat=True)) == {
        personas.agency_a.name,
        personas.agency_b.name,
    }


@pytest.fixture
def phone(browser: Browser, live_server, transactional_db):
    context = browser.new_context(
        locale="ja-JP",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_practitioner_on_the_team_logs_a_home_visit_on_a_phone(phone: Page, personas):
    case = open_case(
        lead_agency=personas.agency_a, by=personas.coordinator, key_worker=personas.practitioner_a
    )
    log_in(phone, "practitioner_a", PASSWORD)
    phone.goto(case.get_absolute_url())
    # nothing overflows sideways on a phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("link", name="経過を記録").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    field(phone, "対応日").fill(date.today().isoformat())
    field(phone, "種別").select_option("home_visit")
    field(phone, "記録").fill("自宅を訪問。玄関先で5分ほど話せた。次回はゲームの話をする約束。")
    phone.get_by_role("button", name="記録を保存").click()
    expect(phone.get_by_text("玄関先で5分ほど話せた")).to_be_visible()
    assert_accessible(phone)
    note = CaseNote.objects.get()
    assert (note.author, note.agency, note.kind) == (
        personas.practitioner_a,
        personas.agency_a,
        "home_visit",
    )


def test_practitioner_off_the_team_gets_404(page: Page, personas):
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    log_in(page, "practitioner_b", PASSWORD)
    response = page.goto(case.get_absolute_url())
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("ページが見つかりません。")
    expect(page.get_by_text(case.young_person.family_name)).to_have_count(0)


def test_coordinator_exports_the_ledger_to_excel(page: Page, personas, tmp_path):
    cases = [
        open_case(
            lead_agency=personas.agency_a,
            by=personas.coordinator,
            next_review_on=date(2027, 1, day),
        )
        for day in (10, 20)
    ]
    log_in(page, "coordinator", PASSWORD)
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="進行管理台帳"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("進行管理台帳")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Excel")).click()
    path = tmp_path / "ledger.xlsx"
    download_info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "ケース"
    assert [r[0] for r in rows[1:]] == [c.anonymised_label for c in cases]
    assert rows[1][-3] == cases[0].young_person.full_name
