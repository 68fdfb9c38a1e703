"""Celery adapters for the cases app: large ledger exports and their removal."""

import secrets
from datetime import date, timedelta
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cases.audit import log_export_of
from cases.exports import ledger_rows, ledger_values, ledger_xlsx_write
from cases.models import LedgerExport
from cases.reminders import EXPORT_READY
from cases.selectors import ledger
from notifications.registry import Message
from notifications.services import notify


def export_dir() -> Path:
    path = Path(settings.LEDGER_EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_filters(stored: dict[str, object]) -> dict[str, object]:
    """The ledger filters as the view passed them (dates were stored as text)."""
    filters = dict(stored)
    if filters.get("due_by"):
        filters["due_by"] = date.fromisoformat(str(filters["due_by"]))
    return filters


@shared_task
def build_ledger_export(export_id: int) -> None:
    """Write the export's file, audit the cases it holds, and tell its owner.

    1. Audit the export's cases with one set-based insert, in the same
       transaction that marks the export ready (so no file without its audit).
    2. Write the workbook in write-only mode to a random file name.
    3. Notify the owner with a link that only they can open.
    """
    export = LedgerExport.objects.select_related("user").get(pk=export_id)
    if export.status != LedgerExport.Status.PENDING:
        return  # delivered twice: the first run did the work
    user = export.user
    cases = ledger(user, **export_filters(export.filters))  # type: ignore[arg-type]
    name = f"{secrets.token_urlsafe(24)}.{export.fmt}"
    path = export_dir() / name
    try:
        with path.open("wb") as target:
            rows = ledger_values(cases, with_names=export.with_names)
            n = ledger_xlsx_write(
                ledger_rows(rows, with_names=export.with_names),
                with_names=export.with_names,
                target=target,
            )
    except Exception:
        path.unlink(missing_ok=True)
        export.status = LedgerExport.Status.FAILED
        export.save(update_fields=["status"])
        raise
    now = timezone.now()
    with transaction.atomic():
        what = f"ledger.{export.fmt}" + (" (names)" if export.with_names else "")
        log_export_of(cases=cases, by=user, what=what, remote_addr=export.remote_addr)
        export.status = LedgerExport.Status.READY
        export.rows = n
        export.file_name = name
        export.ready_at = now
        export.expires_at = now + timedelta(hours=settings.LEDGER_EXPORT_KEEP_HOURS)
        export.save(update_fields=["status", "rows", "file_name", "ready_at", "expires_at"])
        notify(
            recipients=[user.pk],
            kind=EXPORT_READY,
            message=lambda: Message(
                title=gettext("Your ledger export (%(rows)s rows) is ready") % {"rows": n},
                url=export.get_absolute_url(),
            ),
            idempotency_key=f"ledger_export:{export.pk}",
        )


@shared_task
def remove_expired_exports() -> int:
    """Delete the files of exports past their time; the rows stay as a record."""
    removed = 0
    expired = LedgerExport.objects.filter(
        status=LedgerExport.Status.READY, expires_at__lte=timezone.now()
    )
    for export in expired:
        (export_dir() / export.file_name).unlink(missing_ok=True)
        export.status = LedgerExport.Status.REMOVED
        export.save(update_fields=["status"])
        removed += 1
    return removed
