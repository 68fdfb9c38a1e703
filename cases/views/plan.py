from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import services
from cases.forms import GoalForm, PlanForm, TaskForm
from cases.models import PlanTask
from cases.selectors import case_for_page
from cases.views.common import attach_errors, form_page, require_manage, user_of


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for_page(user, pk)
    require_manage(user, case)
    plan = case.plan
    form = PlanForm(
        request.POST or None, initial={"policy": plan.policy, "review_on": plan.review_on}
    )
    if request.method == "POST" and form.is_valid():
        services.plan_update(plan=plan, by=user, **form.cleaned_data)
        messages.success(request, _("Support plan saved."))
        return redirect(case)
    status = 422 if request.method == "POST" else 200
    return form_page(
        request, case=case, form=form, title=_("Support plan"), submit=_("Save"), status=status
    )


@login_required
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for_page(user, pk)
    require_manage(user, case)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.goal_add(plan=case.plan, by=user, **form.cleaned_data)
        messages.success(request, _("Goal added."))
        return redirect(case)
    status = 422 if request.method == "POST" else 200
    return form_page(
        request, case=case, form=form, title=_("Add a goal"), submit=_("Add"), status=status
    )


@login_required
@require_POST
def goal_achieved(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for_page(user, pk)
    require_manage(user, case)
    goal = get_object_or_404(case.plan.goals, pk=goal_pk)
    services.goal_set_achieved(goal=goal, achieved=request.POST.get("achieved") == "1", by=user)
    return redirect(case)


def _task_form_page(request: HttpRequest, pk: int, task_pk: int | None) -> HttpResponse:
    user = user_of(request)
    case = case_for_page(user, pk)
    require_manage(user, case)
    task = get_object_or_404(case.plan.tasks, pk=task_pk) if task_pk else None
    form = TaskForm(request.POST or None, instance=task, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            if task is None:
                services.task_add(plan=case.plan, by=user, **form.cleaned_data)
            else:
                services.task_update(task=task, by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect(case)
    status = 422 if request.method == "POST" else 200
    title = _("Add a task") if task is None else _("Edit the task")
    return form_page(request, case=case, form=form, title=title, submit=_("Save"), status=status)


@login_required
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_form_page(request, pk, None)


@login_required
def task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    return _task_form_page(request, pk, task_pk)


@login_required
@require_POST
def task_status(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    """Any team member may mark a task of their own agency (the manager, any task)."""
    user = user_of(request)
    case = case_for_page(user, pk)
    task: PlanTask = get_object_or_404(case.plan.tasks, pk=task_pk)
    if task.agency_id != user.agency_id:
        require_manage(user, case)
    try:
        services.task_set_status(task=task, status=request.POST.get("status", ""), by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(case)
