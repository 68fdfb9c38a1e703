"""A practitioner looks up an agency in the directory, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import PASSWORD
from agencies.models import Approach
from agencies.tests.factories import AgencyFactory, ServiceFactory
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_practitioner_searches_the_directory_and_opens_an_agency(page: Page, personas):
    hello = AgencyFactory.create(name="ハローワークみどり", name_kana="ハローワークミドリ")
    ServiceFactory.create(agency=hello, name="若年者就職支援窓口", approach=Approach.WORK_SCHOOL)
    AgencyFactory.create(name="みどり保健所", name_kana="ミドリホケンジョ")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    assert_accessible(page)
    log_in(page, "practitioner_a", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("ようこそ")

    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="機関ディレクトリ"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("機関ディレクトリ")
    assert_accessible(page)

    # half-width katakana finds the agency written in full-width
    page.get_by_label("名称・よみがな").fill("ﾊﾛｰﾜｰｸ")
    page.get_by_role("button", name="検索").click()
    results = page.locator("#results")
    expect(results.get_by_role("link", name="ハローワークみどり")).to_be_visible()
    expect(results.get_by_role("link", name="みどり保健所")).to_have_count(0)

    results.get_by_role("link", name="ハローワークみどり").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ハローワークみどり")
    expect(page.get_by_text("若年者就職支援窓口")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=personas.practitioner_a.get_full_name()).click()
    page.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("heading", name="つなぐにログイン")).to_be_visible()
