"""The council's figures in a real browser: the office follows a slow agency from
collaboration health to its referrals; a representative downloads the annual workbook."""

from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accounts.tests.factories import PASSWORD
from referrals.models import Referral
from referrals.tests.factories import refer
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_the_office_follows_a_slow_agency_to_its_referrals(page: Page, personas, case):
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    long_ago = timezone.now() - timedelta(days=60)
    Referral.objects.filter(pk=referral.pk).update(requested_at=long_ago, last_activity_at=long_ago)

    log_in(page, "coordinator", PASSWORD)
    page.goto("/reports/health/")
    expect(page.get_by_role("heading", level=1)).to_have_text("連携の状況")
    assert_accessible(page)
    slow = page.get_by_role("row").filter(has_text="応答が遅い")
    expect(slow).to_have_count(1)
    slow.get_by_role("link", name=personas.agency_b.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(personas.agency_b.name)
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="この機関への紹介・支援依頼")
    )
    expect(panel).to_contain_text("動きのない依頼")  # the unmoved referral, counted
    panel.get_by_role("link", name="全機関の指標").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_representative_reads_the_statistics_and_downloads_the_annual_workbook(
    page: Page, personas, case
):
    log_in(page, "representative", PASSWORD)
    page.goto("/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("協議会の統計")
    expect(page.locator("canvas[data-chart]").first).to_be_visible()
    assert_accessible(page)
    assert case.young_person.family_name not in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="年次報告（Excel）").click()
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    assert "性別の新規ケース" in book.sheetnames
    summary = book[book.sheetnames[0]]
    assert any("年度" in str(cell.value) for row in summary.iter_rows() for cell in row)
    sheet = book[book.sheetnames[1]]
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # 9: A4
    assert not any(
        isinstance(cell.value, str) and cell.value.startswith("=")
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
    )
