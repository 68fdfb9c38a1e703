"""Panels that apps above agencies add to an agency's page (core.panels).

Referral measures and meeting participation belong to the apps above; the
agency page shows whatever they register. An empty context hides a panel
(for example from a user who may not see its figures).
"""

from accounts.models import User
from agencies.models import Agency
from core.panels import Panel, Panels

AgencyPanel = Panel[Agency]
AGENCY_PANELS: Panels[Agency] = Panels()


def register_agency_panel(panel: AgencyPanel) -> AgencyPanel:
    return AGENCY_PANELS.register(panel)


def agency_panels(agency: Agency, user: User) -> list[tuple[AgencyPanel, dict[str, object]]]:
    return AGENCY_PANELS.for_page(agency, user)
