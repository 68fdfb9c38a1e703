"""Large ledger exports (issue 12): streamed CSV, Excel built in the background."""

import io
from datetime import timedelta

import time_machine
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import LedgerExport
from cases.tasks import build_ledger_export, export_dir, remove_expired_exports
from cases.tests.factories import open_case
from notifications.models import Notification


def _exports_of(case):
    return LogEntry.objects.filter(
        additional_data__case_id=case.pk, additional_data__has_key="export"
    )


def test_csv_is_streamed_and_audited_before_its_rows(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:ledger-export", args=["csv"]))
    assert response.streaming
    chunks = iter(response.streaming_content)
    header = next(chunks)
    assert b"\xef\xbb\xbf" in header and not _exports_of(case).exists()
    rest = b"".join(chunks)
    assert case.anonymised_label.encode() in rest
    assert _exports_of(case).count() == 1


def test_a_large_excel_export_is_built_in_the_background(client, personas, case, settings):
    settings.LEDGER_EXPORT_BACKGROUND_ROWS = 1
    open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:ledger-export", args=["xlsx"]), {"risk": ""})
    assert response.status_code == 302
    export = LedgerExport.objects.get()
    assert export.status == LedgerExport.Status.PENDING and not _exports_of(case).exists()

    build_ledger_export(export.pk)
    export.refresh_from_db()
    assert export.status == LedgerExport.Status.READY and export.rows == 2
    assert _exports_of(case).count() == 1
    notice = Notification.objects.get(recipient=personas.coordinator, kind="ledger_export_ready")
    assert notice.url == export.get_absolute_url()

    download = client.get(export.get_absolute_url())
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 3  # the header and two cases

    client.force_login(personas.practitioner_a)  # someone else's export: not found
    assert client.get(export.get_absolute_url()).status_code == 404


def test_prepared_files_are_removed_after_their_time(personas, settings):
    from cases.tests.factories import prepared_export

    export = prepared_export(personas.coordinator)
    path = export_dir() / export.file_name
    assert remove_expired_exports() == 0 and path.exists()
    later = timezone.now() + timedelta(hours=settings.LEDGER_EXPORT_KEEP_HOURS + 1)
    with time_machine.travel(later):
        assert remove_expired_exports() == 1
    export.refresh_from_db()
    assert export.status == LedgerExport.Status.REMOVED and not path.exists()
