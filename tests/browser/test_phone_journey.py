"""An outreach worker on a 390×844 phone: from the home page to a case, a structured
home visit recorded, and the visit's task marked done with it."""

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from accounts.tests.factories import PASSWORD
from cases import services
from cases.models import CaseNote, PlanTask
from cases.tests.factories import open_case
from conftest import reminders_of
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, log_in

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    context = browser.new_context(
        locale="ja-JP", base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_an_outreach_worker_records_a_home_visit_from_the_phone(phone: Page, personas):
    worker = personas.practitioner_a
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator, key_worker=worker)
    services.case_update(
        case=case, by=personas.coordinator, next_review_on=date.today() + timedelta(days=20)
    )
    task = services.task_add(
        plan=case.plan,
        description="家庭訪問（手紙を届ける）",
        agency=personas.agency_a,
        assignee=worker,
        due_on=date.today(),
        by=personas.coordinator,
    )
    assert reminders_of(task).filter(sent_at=None).exists()

    log_in(phone, "practitioner_a", PASSWORD)
    expect(phone.get_by_role("heading", name="担当ケース")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    assert_accessible(phone)
    # the unread badge's bell is in the bar itself, not behind the menu
    expect(phone.locator("#nav-notifications-phone")).to_be_visible()

    for path in ("/cases/", "/cases/tasks/"):
        phone.goto(path)
        assert_no_horizontal_scroll(phone)
        assert_accessible(phone)
    expect(phone.get_by_text("家庭訪問（手紙を届ける）", exact=True)).to_be_visible()

    phone.goto("/")
    phone.get_by_role("link", name=f"{case.number}　{case.young_person.full_name}").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(case.young_person.full_name)
    phone.get_by_role("link", name="経過を記録").click()

    # the form says whose case this is, so that a note cannot go to the wrong one
    target = phone.get_by_role("note", name="記録するケース")
    expect(target).to_contain_text(case.young_person.full_name)
    expect(target).to_contain_text(case.number)
    assert_no_horizontal_scroll(phone)
    assert_accessible(phone)

    phone.get_by_label("種別").select_option("home_visit")
    phone.get_by_label("時刻").fill("15:30")
    phone.get_by_label("所要時間（分）").fill("40")
    phone.get_by_label("場所").fill("自宅（玄関先）")
    phone.get_by_label("会えた相手").select_option("person")
    phone.get_by_label(re.compile(r"^\s*記録\s*\*?\s*$")).fill(
        "手紙を手渡し。本人が玄関まで出てきた。"
    )
    phone.get_by_label("次回の予定").fill((date.today() + timedelta(days=14)).isoformat())
    phone.get_by_label("このタスクを完了").select_option(str(task.pk))
    phone.get_by_role("button", name="記録を保存").click()

    expect(phone.get_by_role("heading", level=1)).to_contain_text(case.young_person.full_name)
    note = CaseNote.objects.get(case=case)
    assert (note.kind, note.met, note.duration_minutes) == ("home_visit", "person", 40)
    assert note.place == "自宅（玄関先）" and str(note.contact_time) == "15:30:00"
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE
    assert not reminders_of(task).filter(sent_at=None).exists()
