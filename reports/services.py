"""Writes of the reports app: the register of missing local resources."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Case, CaseNote
from core.audit import audited_as
from reports.models import UnmetNeed
from reports.policy import can_manage_unmet_needs


def _names_of(case: Case) -> list[str]:
    person = case.young_person
    return [n for n in (person.family_name, person.given_name) if len(n.strip()) >= 1]


@audited_as("by")
def unmet_need_record(
    *,
    by: User,
    text: str,
    approach: str = "",
    area: str = "",
    case: Case | None = None,
    note: CaseNote | None = None,
) -> UnmetNeed:
    """Record what the area lacks, from a case or a note. The register is shared with
    representatives, so the text may not carry the young person's name."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what is missing.")})
    if case is not None and any(name in text for name in _names_of(case)):
        raise ValidationError(
            {"text": _("Describe the missing resource without the young person's name.")}
        )
    if by.agency_id is None:
        raise PermissionDenied
    return UnmetNeed.objects.create(
        text=text,
        approach=approach,
        area=area.strip(),
        case=case,
        note=note,
        agency_id=by.agency_id,
        recorded_by=by,
    )


@audited_as("by")
def unmet_need_move(*, need: UnmetNeed, by: User, status: str, outcome: str = "") -> UnmetNeed:
    """The coordinating office moves a need along (or back): any status to any other."""
    if not can_manage_unmet_needs(by):
        raise PermissionDenied
    if status not in UnmetNeed.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    need.status = status
    need.outcome = outcome.strip()
    need.save(update_fields=["status", "outcome", "updated_at"])
    return need
