"""What meetings add to the case page and the agency page (core.panels)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from agencies.panels import AgencyPanel, register_agency_panel
from cases.models import Case
from cases.panels import CasePanel, register_case_panel
from meetings.models import Tier
from meetings.selectors import meetings_of_case, participation


def _case_meetings(case: Case, user: User) -> dict[str, Any]:
    """The meetings that discussed the case, with their decisions and action items.

    The case page is open only to those who may see the case's personal
    data, so its own meetings' outcomes show here whatever the meeting's level.
    """
    items = meetings_of_case(case)
    return {"items": items} if items else {}


register_case_panel(CasePanel("meetings", "meetings/_case_panel.html", _case_meetings, order=20))

TIERS = [
    (Tier.REPRESENTATIVES, Tier.REPRESENTATIVES.label),
    (Tier.PRACTITIONERS, Tier.PRACTITIONERS.label),
    (Tier.CASE_REVIEW, Tier.CASE_REVIEW.label),
    (Tier.LOCAL, Tier.LOCAL.label),
]


def _participation(agency: Agency, user: User) -> dict[str, Any]:
    """Factor 2 of DOMAIN.md section 6: invitations vs attendance over twelve months."""
    until = timezone.localdate()
    since = until - timedelta(days=365)
    figures = participation(since=since, until=until, agency_id=agency.pk).get(agency.pk)
    rows = [
        (label, *figures.by_tier[tier])
        for tier, label in TIERS
        if figures and tier in figures.by_tier
    ]
    return {"p": figures, "rows": rows, "since": since, "until": until}


register_agency_panel(
    AgencyPanel("meeting-participation", "meetings/_agency_panel.html", _participation, order=20)
)
