"""Screenshots of the main pages for docs/screenshots (run against `make run`).

.venv/bin/python scripts/screenshots.py [BASE_URL] [meetings]

With a section name ("meetings", "reports", "homes"), only its pages are taken.
"""

import base64
import sys
import time
from pathlib import Path

from django_otp.oath import totp
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "tsunagu-demo-2026"  # noqa: S105 - the documented demo password
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - the documented demo one


def second_factor(page) -> None:  # type: ignore[no-untyped-def]
    """Answer the code step of the sign-in, as the demo's authenticator app would."""
    for _attempt in range(2):
        if not page.locator("#id_token-otp_token").count():
            return
        code = totp(base64.b32decode(TOTP_SECRET))
        page.fill("#id_token-otp_token", f"{code:06d}")
        page.click("main button[type=submit]")
        # a code is taken once: a second sign-in in the same 30 seconds waits for the next
        if page.locator("#id_token-otp_token").count():
            time.sleep(30 - time.time() % 30 + 1)


PAGES = [
    ("directory", "/agencies/"),
    ("directory-search", "/agencies/?q=みどり&approach=group"),
    ("agency", "/agencies/2/"),
    ("dashboard", "/"),
    ("admin-agencies", "/admin/agencies/agency/"),
    ("admin-import", "/admin/agencies/agency/import/"),
    ("cases", "/cases/"),
    ("intake", "/cases/intake/"),
    ("ledger", "/cases/ledger/"),
    ("notifications", "/notifications/"),
    ("notification-settings", "/notifications/settings/"),
    ("notification-delivery", "/notifications/delivery/"),
]


def launch(p):  # type: ignore[no-untyped-def]
    return p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
    )


def meeting_pages(browser) -> None:  # type: ignore[no-untyped-def]
    """A held practitioners' meeting, its minutes, the agenda builder of the next one and the
    printed agenda."""
    page = log_in(browser, "coordinator", DESK)
    page.goto(f"{BASE}/meetings/?tab=minutes")
    page.locator("main table a").first.click()
    held = page.url
    page.screenshot(path=OUT / "meeting.png", full_page=True)
    page.goto(f"{held}minutes/")
    page.screenshot(path=OUT / "meeting-minutes.png", full_page=True)
    page.goto(f"{BASE}/meetings/")
    page.locator("main table a", has_text="実務者会議").first.click()
    page.get_by_role("link", name="次第を作成").click()
    page.screenshot(path=OUT / "meeting-agenda-builder.png", full_page=True)
    page.goto(f"{held}agenda/print/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=OUT / "meeting-agenda-print.png", full_page=True)
    page.pdf(path=OUT / "meeting-agenda.pdf", format="A4", print_background=True)
    page.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    sections = {"meetings": meeting_pages, "reports": report_pages, "homes": home_pages}
    if sys.argv[2:] and sys.argv[2] in sections:
        with sync_playwright() as p:
            browser = launch(p)
            sections[sys.argv[2]](browser)
            browser.close()
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="ja-JP")
        page.goto(f"{BASE}/accounts/login/")
        page.screenshot(path=OUT / "login.png", full_page=True)
        page.fill("#id_auth-username", "coordinator")
        page.fill("#id_auth-password", PASSWORD)
        page.click("main button[type=submit]")
        second_factor(page)
        for name, path in PAGES:
            page.goto(f"{BASE}{path}")
            page.screenshot(path=OUT / f"{name}.png", full_page=True)
        # a case with notes: the first row of the ledger the coordinator may open
        page.goto(f"{BASE}/cases/ledger/?sort=-number")
        page.locator("table.ledger tbody a").first.click()
        case_url = page.url
        page.screenshot(path=OUT / "case.png", full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP")
        phone.goto(f"{BASE}/accounts/login/")
        phone.fill("#id_auth-username", "practitioner")
        phone.fill("#id_auth-password", PASSWORD)
        phone.click("main button[type=submit]")
        phone.goto(f"{BASE}/cases/")
        phone.locator("table a").first.click()
        phone.screenshot(path=OUT / "case-phone.png", full_page=False)
        phone.goto(phone.url + "notes/add/")
        phone.screenshot(path=OUT / "note-phone.png", full_page=False)
        print("case page:", case_url)
        referral_pages(browser)
        home_pages(browser)
        printed_pages(browser)
        note_form_phone(browser)
        report_pages(browser)
        meeting_pages(browser)
        browser.close()


def log_in(browser, username: str, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=viewport, locale="ja-JP")
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSWORD)
    page.click("main button[type=submit]")
    second_factor(page)
    return page


def referral_pages(browser) -> None:  # type: ignore[no-untyped-def]
    """The inbox, a referral's timeline, the case page's referrals, the printed letter."""
    page = log_in(browser, "practitioner", {"width": 1280, "height": 860})
    page.goto(f"{BASE}/referrals/?tab=all")
    page.screenshot(path=OUT / "referral-inbox.png", full_page=True)
    page.goto(f"{BASE}/referrals/sent/?tab=all")
    page.screenshot(path=OUT / "referral-outbox.png", full_page=True)
    # a completed referral the practitioner's agency sent: the whole timeline
    page.locator("tr", has_text="完了").locator("a").first.click()
    page.screenshot(path=OUT / "referral-timeline.png", full_page=True)
    page.locator(".page-header").get_by_role("link").first.click()  # the case
    page.locator("#referrals").scroll_into_view_if_needed()
    page.screenshot(path=OUT / "case-referrals.png", full_page=True)
    page.go_back()
    page.get_by_role("link", name="援助依頼書（A4）").click()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=OUT / "referral-letter-print.png", full_page=True)
    page.pdf(path=OUT / "referral-letter.pdf", format="A4", print_background=True)


DESK = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


def home_pages(browser) -> None:  # type: ignore[no-untyped-def]
    """Each role's home page on a desk and on a phone, and the practitioner's tasks."""
    for login, name in (
        ("coordinator", "coordinator"),
        ("outreach", "practitioner"),
        ("representative", "representative"),
    ):
        for size, suffix in ((DESK, ""), (PHONE, "-phone")):
            page = log_in(browser, login, size)
            page.goto(f"{BASE}/")
            page.screenshot(path=OUT / f"home-{name}{suffix}.png", full_page=True)
            if login == "outreach":
                page.goto(f"{BASE}/cases/tasks/")
                page.screenshot(path=OUT / f"my-tasks{suffix}.png", full_page=True)
                page.goto(f"{BASE}/cases/")
                page.screenshot(path=OUT / f"cases{suffix or '-desk'}.png", full_page=True)
            page.close()


def printed_pages(browser) -> None:  # type: ignore[no-untyped-def]
    """The ledger on A4 landscape and a case's face sheet on A4, as PDF and as an image."""
    page = log_in(browser, "coordinator", DESK)
    page.goto(f"{BASE}/cases/ledger/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1047, "height": 740})  # A4 landscape less margins, 96 dpi
    page.screenshot(path=OUT / "ledger-print.png", full_page=True)
    page.pdf(path=OUT / "ledger-print.pdf", prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    page.set_viewport_size(DESK)
    page.goto(f"{BASE}/cases/ledger/?sort=-number")
    page.locator("table.ledger tbody a").first.click()
    page.get_by_role("link", name="フェイスシート").click()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=OUT / "face-sheet-print.png", full_page=True)
    page.pdf(path=OUT / "face-sheet.pdf", format="A4", print_background=True)
    page.close()


def note_form_phone(browser) -> None:  # type: ignore[no-untyped-def]
    """The structured visit note on a phone, half filled in as on a doorstep."""
    page = log_in(browser, "outreach", PHONE)
    page.locator(".home-items a").first.click()
    page.get_by_role("link", name="経過を記録").click()
    page.get_by_label("種別").select_option("home_visit")
    page.get_by_label("時刻").fill("15:30")
    page.get_by_label("所要時間（分）").fill("40")
    page.get_by_label("場所").fill("自宅（玄関先）")
    page.get_by_label("会えた相手").select_option("person")
    page.screenshot(path=OUT / "note-form-phone.png", full_page=True)
    page.close()


def report_pages(browser) -> None:  # type: ignore[no-untyped-def]
    """Collaboration health, the statistics with charts, the register, the printed annual report."""
    page = log_in(browser, "coordinator", DESK)
    page.goto(f"{BASE}/reports/health/")
    page.wait_for_timeout(500)  # the charts draw after load
    page.screenshot(path=OUT / "collaboration-health.png", full_page=True)
    page.goto(f"{BASE}/reports/needs/")
    page.screenshot(path=OUT / "resource-register.png", full_page=True)
    page.close()
    page = log_in(browser, "representative", DESK)
    page.goto(f"{BASE}/reports/")
    page.wait_for_timeout(500)
    page.screenshot(path=OUT / "statistics.png", full_page=True)
    page.goto(f"{BASE}/reports/annual/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=OUT / "annual-report-print.png", full_page=True)
    page.pdf(path=OUT / "annual-report.pdf", format="A4", print_background=True)
    page.close()


if __name__ == "__main__":
    main()
