"""A practitioner sees the unread badge, opens the notification, lands on the task."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.tests.factories import PASSWORD
from notifications.models import Notification
from notifications.services import reminders_send_due
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_practitioner_follows_a_notification_to_the_task(page: Page, personas, due_reminder):
    # "a task was assigned to you" came when the task was made; read it already
    Notification.objects.filter(kind="task_assigned").update(read_at=timezone.now())
    reminders_send_due(now=timezone.now())
    log_in(page, "practitioner_a", PASSWORD)
    bell = page.locator("#nav-notifications")
    expect(bell).to_have_accessible_name(re.compile("未読 1 件"))
    expect(bell.locator(".notification-badge")).to_have_text("1")
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("通知")
    assert_accessible(page)
    page.locator(".notification-open").first.click()
    task_id = due_reminder.source_id
    expect(page).to_have_url(re.compile(rf"/cases/\d+/#task-{task_id}$"))
    expect(page.locator(f"#task-{task_id}")).to_be_visible()
    expect(page.locator(f"#task-{task_id}")).to_contain_text("本人宅を訪問")
    expect(page.locator("#nav-notifications .notification-badge")).to_have_count(0)
