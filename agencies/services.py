"""Writes to the agency registry.

Rows are saved one by one (never `QuerySet.update`) so that each change
reaches the audit log; the registry is small enough for that to be cheap.
"""

from collections.abc import Iterable

from django.db import transaction

from agencies.models import Agency, CouncilRole


@transaction.atomic
def agency_make_coordinating(*, agency: Agency) -> Agency:
    """Make `agency` the council's coordinating body.

    The previous coordinating body becomes a member agency in the same
    transaction, so the council never has two (a database constraint) nor,
    once it has had one, none.
    """
    previous = Agency.objects.select_for_update().filter(council_role=CouncilRole.COORDINATING)
    for old in previous.exclude(pk=agency.pk):
        old.council_role = CouncilRole.MEMBER
        old.save(update_fields=["council_role", "updated_at"])
    if agency.council_role != CouncilRole.COORDINATING or not agency.is_active:
        agency.council_role = CouncilRole.COORDINATING
        agency.is_active = True
        agency.save(update_fields=["council_role", "is_active", "updated_at"])
    return agency


@transaction.atomic
def agencies_deactivate(*, agencies: Iterable[Agency]) -> int:
    """Mark agencies inactive (never deleted); the coordinating body is kept active."""
    changed = 0
    for agency in agencies:
        if agency.council_role == CouncilRole.COORDINATING or not agency.is_active:
            continue
        agency.is_active = False
        agency.save(update_fields=["is_active", "updated_at"])
        changed += 1
    return changed
