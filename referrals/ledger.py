"""The referral columns of the progress ledger (cases.ledger): open and overdue.

Overdue: not acknowledged within the business days the council set, or
accepted but without movement for longer than the progress period.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.ledger import LedgerCount, register_ledger_count
from core.business_days import add_business_days
from referrals.models import OPEN_STATUSES, OVERDUE_STATUSES, Referral, Status


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def overdue_referrals(today: date) -> QuerySet[Referral]:
    rules = settings.REFERRAL_RULES
    # requested before this day, and still not acknowledged today: late
    ack_by = add_business_days(today, -rules["acknowledge_business_days"])
    quiet_since = today - timedelta(days=rules["progress_days"])
    # The first status__in is the condition of the index referral_overdue,
    # which the OR below does not let PostgreSQL use on its own.
    return Referral.objects.filter(status__in=OVERDUE_STATUSES).filter(
        Q(status=Status.REQUESTED, requested_at__lt=_start_of(ack_by))
        | Q(
            status__in=[Status.ACCEPTED, Status.IN_PROGRESS],
            last_activity_at__lt=_start_of(quiet_since),
        )
    )


register_ledger_count(
    LedgerCount(
        "open_referrals",
        _("Open referrals"),
        lambda today: Referral.objects.filter(status__in=OPEN_STATUSES),
        case_path="case_id",
    )
)
register_ledger_count(
    LedgerCount(
        "overdue_referrals",
        _("Overdue referrals"),
        overdue_referrals,
        case_path="case_id",
        alert=True,
    )
)
