"""Panels that apps above cases add to the case page (referrals, meetings).

cases cannot import the apps above it; they register a panel instead: a
template and a function that builds its context for the case and the user.
The case page renders every registered panel in `order`, below the team.
A panel's context function runs only for a user who may see the case's
personal data (the page itself requires it), in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from cases.models import Case


@dataclass(frozen=True)
class CasePanel:
    key: str
    template: str  # rendered with `panel` (this object) and `data` (the context)
    context: Callable[[Case, User], dict[str, Any]]
    order: int = 100


_panels: dict[str, CasePanel] = {}


def register_case_panel(panel: CasePanel) -> CasePanel:
    _panels[panel.key] = panel
    return panel


def case_panels(case: Case, user: User) -> list[tuple[CasePanel, dict[str, Any]]]:
    """The registered panels with their context, in order."""
    panels = sorted(_panels.values(), key=lambda p: (p.order, p.key))
    return [(panel, panel.context(case, user)) for panel in panels]
