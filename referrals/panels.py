"""The referrals of a case, on the case page (cases.panels)."""

from typing import Any

from django.conf import settings

from accounts.models import User
from agencies.models import Agency
from agencies.panels import AgencyPanel, register_agency_panel
from cases.models import Case
from cases.panels import CasePanel, register_case_panel
from referrals.measures import default_period, referral_measures


def _context(case: Case, user: User) -> dict[str, Any]:
    # only what the panel shows: the agencies' names, the state and the day sent
    referrals = (
        case.referrals.select_related("from_agency", "to_agency")
        .only(
            "case_id",
            "status",
            "urgency",
            "requested_at",
            "from_agency__name",
            "to_agency__name",
        )
        .order_by("-requested_at")
    )
    return {
        "referrals": list(referrals),
        "can_refer": case.is_open and user.agency_id is not None,
    }


register_case_panel(CasePanel("referrals", "referrals/_case_panel.html", _context, order=10))


def _agency_measures(agency: Agency, user: User) -> dict[str, Any]:
    """The agency's referral measures over the last twelve months (aggregates only)."""
    since, until = default_period()
    report = referral_measures(since=since, until=until, agency_id=agency.pk)
    return {
        "m": report.overall,
        "since": since,
        "until": until,
        "stale_days": settings.REFERRAL_RULES["stale_days"],
        "measures_link": user.is_coordinator,
    }


register_agency_panel(
    AgencyPanel("referral-measures", "referrals/_agency_panel.html", _agency_measures, order=10)
)
