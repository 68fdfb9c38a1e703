"""The case page's panel of missing local resources recorded from the case."""

from typing import Any

from accounts.models import User
from cases.models import Case
from cases.panels import CasePanel, register_case_panel
from reports.models import UnmetNeed


def _context(case: Case, user: User) -> dict[str, Any]:
    # always shown on an open case: the button to record one is the point
    needs = list(UnmetNeed.objects.filter(case=case).order_by("-created_at")[:10])
    if not needs and not case.is_open:
        return {}
    return {"case": case, "needs": needs}


register_case_panel(
    CasePanel(key="unmet-needs", template="reports/_case_panel.html", context=_context, order=300)
)
