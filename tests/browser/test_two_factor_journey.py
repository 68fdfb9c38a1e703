"""A coordinator enrols an authenticator app, signs out, and signs in with its code."""

import base64
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from accounts.tests.factories import PASSWORD
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _code(secret: str) -> str:
    """What the authenticator app shows for this secret now (RFC 6238, 30 s, 6 digits)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_a_coordinator_enrols_totp_and_signs_in_with_it(page: Page, personas):
    page.goto("/accounts/login/")
    page.get_by_label("ログインID").fill("coordinator")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="ログイン").click()
    # the role needs a second factor: straight to the set-up
    expect(page).to_have_url(re.compile(r"/accounts/2fa/setup/$"))
    expect(page.locator(".alert-warning")).to_contain_text("2段階認証が必要")
    assert_accessible(page)
    page.get_by_role("button", name="次へ").click()
    expect(page.locator("img[src*='qrcode']")).to_be_visible()
    secret = page.locator("main a[href^='otpauth://']").inner_text().strip()
    page.get_by_label("確認コード").fill(_code(secret))
    page.get_by_role("button", name="次へ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2段階認証")

    page.locator("#nav-main .dropdown-toggle").last.click()
    page.get_by_role("button", name="ログアウト").click()
    # a code is accepted once: sign in again half a minute later, with the next code
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        page.goto("/accounts/login/")
        page.get_by_label("ログインID").fill("coordinator")
        page.get_by_label("パスワード").fill(PASSWORD)
        page.locator("main").get_by_role("button", name="ログイン").click()
        expect(page.locator("main")).to_contain_text("6桁のコード")
        page.get_by_label("確認コード").fill(_code(secret))
        page.locator("main").get_by_role("button", name="確認").click()
        expect(page).to_have_url(re.compile(r"/$"))
        page.goto("/cases/")
        expect(page.get_by_role("heading", level=1)).to_have_text("ケース")
