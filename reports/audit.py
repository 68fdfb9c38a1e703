"""Audit of the figures that leave the app (the annual workbook, the register's export)."""

from auditlog.models import LogEntry
from auditlog.registry import auditlog

from accounts.models import User
from reports.models import UnmetNeed

auditlog.register(UnmetNeed)


def log_report_export(*, by: User, what: str) -> None:
    """One entry per export, held on the exporting user (no case is involved)."""
    LogEntry.objects.log_create(
        by,
        action=LogEntry.Action.ACCESS,
        force_log=True,
        actor=by,
        additional_data={"export": what},
    )
