from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.access import can_set_task_status
from cases.audit import log_export
from cases.forms import GoalForm, MyTasksFilterForm, PlanForm, TaskForm
from cases.models import PlanTask
from cases.views.common import Disclosure, case_for, form_flow, user_of
from core.dates import day_label
from core.fragments import RowUrl, choice_labels, render_fragment
from core.http import client_address
from core.pagination import LargeListPaginator


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    plan = case.plan
    initial = {"policy": plan.policy, "review_on": plan.review_on}
    return form_flow(
        request,
        case=case,
        form=PlanForm(request.POST or None, initial=initial),
        save=lambda data: services.plan_update(plan=plan, by=user, **data),
        success=_("Support plan saved."),
        title=_("Support plan"),
        submit=_("Save"),
    )


def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    return form_flow(
        request,
        case=case,
        form=GoalForm(request.POST or None),
        save=lambda data: services.goal_add(plan=case.plan, by=user, **data),
        success=_("Goal added."),
        title=_("Add a goal"),
        submit=_("Add"),
    )


@require_POST
def goal_achieved(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    goal = get_object_or_404(case.plan.goals, pk=goal_pk)
    services.goal_set_achieved(goal=goal, achieved=request.POST.get("achieved") == "1", by=user)
    return redirect(case)


def _task_form_page(request: HttpRequest, pk: int, task_pk: int | None) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    task = get_object_or_404(case.plan.tasks, pk=task_pk) if task_pk else None
    form = TaskForm(request.POST or None, instance=task, case=case)

    def save(data: dict[str, Any]) -> PlanTask:
        if task is None:
            return services.task_add(plan=case.plan, by=user, **data)
        return services.task_update(task=task, by=user, **data)

    return form_flow(
        request,
        case=case,
        form=form,
        save=save,
        success=_("Task saved."),
        title=_("Add a task") if task is None else _("Edit the task"),
        submit=_("Save"),
    )


def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_form_page(request, pk, None)


def task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    return _task_form_page(request, pk, task_pk)


@require_POST
def task_status(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    """Mark a task's progress (who may: cases.access.can_set_task_status)."""
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.PERSONAL)
    task: PlanTask = get_object_or_404(case.plan.tasks, pk=task_pk)
    if not can_set_task_status(user, case, task):
        raise PermissionDenied
    try:
        services.task_set_status(task=task, status=request.POST.get("status", ""), by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.POST.get("status") == PlanTask.Status.DONE:
            messages.success(request, _("Task marked done: %(task)s") % {"task": task})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)  # the list it was marked from (my tasks)
    return redirect(case)


@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """My tasks and my agency's across cases, by due date; done from the list."""
    user = user_of(request)
    form = MyTasksFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    tasks = selectors.my_tasks(
        user, due=filters.get("due") or "all", status=filters.get("status") or "open"
    )
    page = LargeListPaginator(tasks, 30).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    # the list shows names: each case on it is recorded as read
    shown = {t.plan.case.pk: t.plan.case for t in listed}
    log_export(cases=shown.values(), by=user, what="my tasks", remote_addr=client_address(request))
    today = timezone.localdate()
    urls = (RowUrl("cases:detail"), RowUrl("cases:task-status", 2))
    statuses = choice_labels(PlanTask.Status)
    cards = {
        "tasks": [_task_card(t, today, urls, statuses) for t in listed],
        "labels": {"due": _("Due"), "overdue": _("Overdue"), "done": _("Done")},
        "back": request.get_full_path(),
    }
    context = {
        "form": form,
        "page": page,
        "tasks": cards["tasks"],
        "cards_html": render_fragment("cases/task_cards.html", cards, request),
    }
    return render(request, "cases/my_tasks.html", context)


def _task_card(
    task: PlanTask, today: date, urls: tuple[RowUrl, RowUrl], statuses: dict[str, str]
) -> dict[str, Any]:
    """What a card of my tasks shows, worked out here: the fragment only prints it."""
    case = task.plan.case
    detail, status = urls
    return {
        "pk": task.pk,
        "description": task.description,
        "case_url": f"{detail(case.pk)}#task-{task.pk}",
        "person": case.young_person.full_name,
        "number": case.number,
        "due": day_label(task.due_on),
        "overdue": task.is_open and task.due_on < today,
        "agency": str(task.agency),
        "assignee": task.assignee.get_full_name() if task.assignee else "",
        "status": statuses[task.status],
        "status_url": status(case.pk, task.pk) if task.is_open else "",
    }
