"""Panels that apps above cases add to the case page (referrals, meetings).

cases cannot import the apps above it; they register a panel (core.panels):
a template and a function that builds its context for the case and the
user. The case page renders every registered panel in `order`, below the
team. A panel's context function runs only for a user who may see the
case's personal data (the page requires it), in a fixed number of queries;
an empty context hides the panel.
"""

from accounts.models import User
from cases.models import Case
from core.panels import Panel, Panels

CasePanel = Panel[Case]
CASE_PANELS: Panels[Case] = Panels()


def register_case_panel(panel: CasePanel) -> CasePanel:
    return CASE_PANELS.register(panel)


def case_panels(case: Case, user: User) -> list[tuple[CasePanel, dict[str, object]]]:
    return CASE_PANELS.for_page(case, user)
