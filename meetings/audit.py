"""Meetings' records are in the audit log: who changed an agenda, minutes, a record."""

from auditlog.registry import auditlog

from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CaseReviewRecord,
    Invitation,
    Meeting,
    MeetingCaseNote,
    MinutesAmendment,
    RecordRole,
)

auditlog.register(Meeting, exclude_fields=["updated_at"])
auditlog.register(Invitation)
auditlog.register(Attendance, exclude_fields=["recorded_at"])
auditlog.register(AgendaItem)
auditlog.register(MeetingCaseNote)
auditlog.register(CaseReviewRecord)
auditlog.register(RecordRole)
auditlog.register(ActionItem)
auditlog.register(MinutesAmendment)
