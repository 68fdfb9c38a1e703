"""axe-core over the app's pages and the admin's, as the coordinating office sees them."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from accounts.tests.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, log_in
from tests.test_case_permissions import World
from tests.test_case_permissions import world as world

pytestmark = pytest.mark.browser

EVERY_IMPACT = frozenset({"minor", "moderate", "serious", "critical"})


def _app_pages(w: World) -> list[str]:
    case = w.case.pk
    return [
        reverse("home"),
        reverse("cases:index"),
        reverse("cases:my-tasks"),
        reverse("cases:ledger"),
        reverse("cases:intake"),
        reverse("cases:detail", args=[case]),
        reverse("cases:note-add", args=[case]),
        reverse("cases:plan-edit", args=[case]),
        reverse("cases:history", args=[case]),
        reverse("cases:face-sheet", args=[case]),
        reverse("referrals:inbox"),
        reverse("referrals:create", args=[case]),
        reverse("agencies:directory"),
        reverse("agencies:detail", args=[w.personas.agency_a.pk]),
        reverse("notifications:index"),
        reverse("notifications:preferences"),
        reverse("notifications:delivery"),
        reverse("audit:log"),
        reverse("accounts:lockouts"),
    ]


def _admin_pages(w: World) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:agencies_agency_changelist"),
        reverse("admin:agencies_agency_change", args=[w.personas.agency_a.pk]),
        reverse("admin:agencies_agency_import"),
        reverse("admin:agencies_agency_export"),
        reverse("admin:agencies_service_changelist"),
        reverse("admin:agencies_sector_changelist"),
        reverse("admin:agencies_searchsynonym_changelist"),
    ]


def _superuser_pages(w: World) -> list[str]:
    """What only site administrators see: users, devices, reminders, the raw audit log."""
    user = w.personas.practitioner_a.pk
    return [
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[user]),
        reverse("admin:accounts_user_add"),
        reverse("admin:notifications_reminder_changelist"),
        reverse("admin:notifications_notification_changelist"),
        reverse("admin:auditlog_logentry_changelist"),
        reverse("admin:cases_presentingissue_changelist"),
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
    ]


@pytest.mark.parametrize("which", ["app", "admin", "superuser"])
def test_axe_finds_nothing_on_the_offices_pages(page: Page, world: World, which):
    if which == "superuser":
        UserFactory.create(username="root", is_superuser=True, is_staff=True, agency=None)
        log_in(page, "root", PASSWORD)
    else:
        log_in(page, "coordinator", PASSWORD)
    pages = {"app": _app_pages, "admin": _admin_pages, "superuser": _superuser_pages}[which](world)
    failures = []
    for url in pages:
        page.goto(url)
        try:
            assert_accessible(page, EVERY_IMPACT)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)


def test_select_all_on_the_export_screen_works_under_the_csp(page: Page, world: World):
    log_in(page, "coordinator", PASSWORD)
    page.goto(reverse("admin:agencies_agency_export"))
    fields = page.locator(".selectable-field-export-row input[type=checkbox]")
    page.get_by_label("すべて選択").uncheck()
    assert all(not box.is_checked() for box in fields.all())
    page.get_by_label("すべて選択").check()
    assert all(box.is_checked() for box in fields.all())
