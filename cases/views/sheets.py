"""Printed pages of a case: the face sheet (フェイスシート) on A4."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.access import Disclosure, case_for
from cases.audit import log_access
from cases.selectors import open_tasks, teams_of
from core.http import user_of


@require_GET
def face_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Person, case, team and roles, plan: the page a case conference passes round."""
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.PERSONAL)
    log_access(instance=case, by=user, printed="face-sheet")
    team, _former = teams_of(case)
    context = {
        "case": case,
        "person": case.young_person,
        "issues": case.presenting_issues.all(),
        "team": team,
        "goals": case.plan.goals.all(),
        "tasks": open_tasks(case),
        "today": timezone.localdate(),
    }
    return render(request, "cases/face_sheet.html", context)
