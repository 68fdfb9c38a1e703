"""The coordinators' audit viewer, its export, and the weekly summary of unusual access."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from auditlog.models import LogEntry
from axes.models import AccessFailureLog
from django.urls import reverse

from accounts.tests.factories import UserFactory
from cases.audit import log_access, log_export
from cases.tests.factories import open_case
from council.audit import unusual_access
from council.tasks import weekly_access_summary
from notifications.models import Notification

TOKYO = ZoneInfo("Asia/Tokyo")
MONDAY = date(2026, 11, 16)


def test_the_office_searches_by_user_case_and_action(client, personas, case):
    other = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    log_access(instance=case, by=personas.practitioner_a)
    log_access(instance=other, by=personas.practitioner_b)
    client.force_login(personas.practitioner_b)
    client.get(case.get_absolute_url())  # refused: recorded as a denial
    client.force_login(personas.coordinator)
    url = reverse("audit:log")
    by_case = client.get(url, {"case_number": case.number, "action": "read"}).context["page"]
    assert {e.actor for e in by_case} == {personas.practitioner_a}
    denied = client.get(url, {"action": "denied"}).context["page"]
    assert [e.actor for e in denied] == [personas.practitioner_b]
    by_user = client.get(url, {"username": "practitioner_b"}).context["page"]
    assert {e.actor for e in by_user} == {personas.practitioner_b}


def test_the_audit_log_is_for_the_office(client, personas):
    client.force_login(personas.practitioner_a)
    for name in ("audit:log", "audit:export", "audit:summary"):
        assert client.get(reverse(name)).status_code == 403


def test_the_export_streams_safe_csv_and_is_itself_recorded(client, personas, case):
    personas.practitioner_a.family_name = "=HYPERLINK()"
    personas.practitioner_a.save(update_fields=["family_name"])
    log_access(instance=case, by=personas.practitioner_a)
    client.force_login(personas.coordinator)
    response = client.get(reverse("audit:export"), {"case_number": case.number})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "日時"
    assert any(row[2].startswith("'=HYPERLINK") for row in rows[1:])
    assert LogEntry.objects.filter(additional_data__export="audit log").exists()


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TOKYO)


def test_the_weekly_summary_flags_what_the_office_should_look_at(personas, settings):
    settings.AUDIT_MANY_CASES, settings.AUDIT_LARGE_EXPORT = 3, 5
    cases = [open_case(lead_agency=personas.agency_a, by=personas.coordinator) for _ in range(6)]
    reader = UserFactory.create(username="reader")
    with time_machine.travel(_at(MONDAY + timedelta(days=1)), tick=False):
        for case in cases[:4]:  # 4 distinct cases, one of them twice
            log_access(instance=case, by=reader)
        log_access(instance=cases[0], by=reader)
        log_access(instance=cases[0], by=personas.practitioner_a)  # one case: not unusual
        log_export(cases=cases, by=personas.coordinator, what="ledger.xlsx", remote_addr=None)
        for _ in range(3):
            AccessFailureLog.objects.create(username="reader", ip_address="10.0.0.1")
    with time_machine.travel(_at(MONDAY + timedelta(days=9)), tick=False):  # the next week
        log_access(instance=cases[5], by=reader)
    report = unusual_access(MONDAY)
    assert [(r["actor__username"], r["cases"]) for r in report.many_cases] == [("reader", 4)]
    assert [(r["what"], r["cases"]) for r in report.large_exports] == [("ledger.xlsx", 6)]
    assert [(r["username"], r["count"]) for r in report.failed_logins] == [("reader", 3)]
    assert report.anything


def test_the_office_is_told_once_a_week(personas):
    with time_machine.travel(_at(MONDAY + timedelta(days=7), hour=8), tick=False):
        weekly_access_summary()
        weekly_access_summary()
    told = Notification.objects.filter(kind="access_summary")
    assert [n.recipient for n in told] == [personas.coordinator]
    assert told.get().url == f"{reverse('audit:summary')}?week={MONDAY.isoformat()}"
