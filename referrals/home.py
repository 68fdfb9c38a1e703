"""What referrals put on the home page (core.home): new referrals to answer,
and for the coordinating office, referrals nobody moved in time."""

from datetime import date

from django.db.models import Exists, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from cases.access import works_with_cases
from core.home import HomeItem, HomeRow, first_rows, register_home_source
from referrals.ledger import overdue_referrals
from referrals.models import Referral, Urgency
from referrals.selectors import inbox

# What _rows reads: the case's label (its young person's age and gender) and
# the referring agency.
ROW_RELATED = ("case__young_person", "from_agency")
ROW_FIELDS = (
    "requested_at",
    "urgency",
    "case__number",
    "case__young_person__date_of_birth",
    "case__young_person__gender",
    "from_agency__name",
)


def _first(referrals: QuerySet[Referral]) -> tuple[list[Referral], int]:
    rows = referrals.select_related(None).select_related(*ROW_RELATED).only(*ROW_FIELDS)
    return first_rows(rows)


def _rows(referrals: list[Referral]) -> list[HomeRow]:
    # The receiving agency knows only the anonymised label until it accepts.
    return [
        HomeRow(
            text=r.case.anonymised_label,
            detail=str(r.from_agency),
            url=r.get_absolute_url(),
            when=r.requested_at.date(),
            note=_("Urgent") if r.urgency == Urgency.URGENT else "",
            urgent=r.urgency == Urgency.URGENT,
        )
        for r in referrals
    ]


def referral_home_items(user: User, today: date) -> list[HomeItem]:
    if not works_with_cases(user):
        return []
    items = []
    if user.agency_id:
        new = inbox(user, tab="new")
        # whether any waiting referral is urgent rides on the rows' query: one
        # statement however many wait (the first rows may all be normal)
        urgent_waiting = Exists(new.filter(urgency=Urgency.URGENT))
        first, count = _first(new.annotate(any_urgent=urgent_waiting))
        items.append(
            HomeItem(
                key="referrals-new",
                title=_("New referrals to my agency"),
                count=count,
                rows=_rows(first),
                more_url=f"{reverse('referrals:inbox')}?tab=new",
                empty=_("No referral waits for your agency's answer."),
                urgent=bool(first) and first[0].any_urgent,  # type: ignore[attr-defined]
                order=15,
            )
        )
    if user.is_coordinator:
        # Only what a row shows (_rows): fewer joins for the planner, and the
        # index referral_overdue gives the oldest first (referrals.ledger).
        late, count = _first(overdue_referrals(today).order_by("requested_at", "pk"))
        items.append(
            HomeItem(
                key="referrals-overdue",
                title=_("Referrals without an answer or progress in time"),
                count=count,
                rows=_rows(late),
                more_url=reverse("referrals:measures"),
                empty=_("Every referral was answered in time."),
                urgent=True,
                order=25,
            )
        )
    return items


register_home_source("referrals", referral_home_items)
