"""Minutes: per item discussion and decisions, action items, case-meeting notes, the
case review record, confirmation and amendments; and the printed papers."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.models import Agency
from cases.access import Disclosure, case_for
from cases.audit import log_access
from cases.views.common import attach_errors
from core.http import user_of
from meetings import minutes as writes
from meetings.access import MeetingView, may_settle_action, meeting_for
from meetings.forms import ActionForm, AmendForm, CaseNoteForm, MinutesItemForm, RecordForm
from meetings.models import ActionItem, CaseReviewRecord
from meetings.selectors import actions_of, agenda, invitations_of
from meetings.views.agenda import _item
from meetings.views.meetings import log_case_items
from meetings.views.rows import actions_html


def _minutes_context(view: MeetingView, **extra: Any) -> dict[str, Any]:
    """The minutes as the page and the printed papers show them. A form is built
    only where the page shows it: a prefecture's thousand agencies are not read
    for a select nobody sees."""
    meeting = view.meeting
    items = view.mark(agenda(meeting, personal=bool(view.personal_case_ids)))
    writable = meeting.has_started and not meeting.minutes_confirmed
    can_add_actions = (view.manage or view.attended) and writable
    action_form = extra.pop("action_form", None)
    if action_form is None and can_add_actions:
        action_form = ActionForm(meeting=meeting, items=items)
    amend_form = extra.pop("amend_form", None)
    if amend_form is None and view.manage and meeting.minutes_confirmed:
        amend_form = AmendForm(meeting=meeting, items=items)
    return {
        "view": view,
        "meeting": meeting,
        "items": items,
        # each item's discussion and decisions, written in place (_minutes_item_form.html)
        "editable": view.manage and writable,
        "minutes_fields": MinutesItemForm.base_fields,
        "can_add_actions": can_add_actions,
        "action_form": action_form,
        "amend_form": amend_form,
        "actions": actions_of(meeting),
        "invitations": invitations_of(meeting),
        **extra,
    }


@require_GET
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    view = meeting_for(user_of(request), pk)
    context = _minutes_context(view)
    log_case_items(request, view, context["items"], f"meeting-minutes:{view.meeting.pk}")
    return _minutes_page(request, context)


def _minutes_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context["actions_html"] = actions_html(request, context["actions"])
    return render(request, "meetings/minutes.html", context, status=status)


@require_POST
def minutes_item(request: HttpRequest, item_pk: int) -> HttpResponse:
    user = user_of(request)
    view, item = _item(request, item_pk)
    form = MinutesItemForm(request.POST, prefix=f"i{item.pk}")
    if form.is_valid():
        try:
            writes.minutes_save_item(item=item, by=user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Minutes of “%(item)s” saved.") % {"item": item.heading})
    else:
        messages.error(request, _("The text is too long."))
    return redirect(f"{view.meeting.get_absolute_url()}minutes/#item-{item.pk}")


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = meeting_for(user, pk)
    if not (view.manage or view.attended):
        raise PermissionDenied
    form = ActionForm(request.POST, meeting=view.meeting)
    if form.is_valid():
        try:
            writes.action_add(meeting=view.meeting, by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Action item added. Its person or agency will be reminded.")
            )
            return redirect(f"{view.meeting.get_absolute_url()}minutes/#actions")
    return _minutes_page(request, _minutes_context(view, action_form=form), status=422)


@require_POST
def action_done(request: HttpRequest, action_pk: int) -> HttpResponse:
    """Done or reopened: by the meeting's managers, the person named or their agency."""
    user = user_of(request)
    action = get_object_or_404(ActionItem.objects.only("pk", "meeting_id"), pk=action_pk)
    view = meeting_for(user, action.meeting_id)
    action = ActionItem.objects.get(pk=action_pk)
    if not may_settle_action(user, view, action):
        raise PermissionDenied
    done = request.POST.get("done") != "0"
    writes.action_set_done(action=action, by=user, done=done)
    messages.success(request, _("Action item marked done.") if done else _("Action item reopened."))
    if request.POST.get("next") == "home":
        return redirect("home")
    return redirect(f"{view.meeting.get_absolute_url()}minutes/#action-{action.pk}")


def case_note(request: HttpRequest, item_pk: int) -> HttpResponse:
    """A case-meeting note from an attending practitioner on the case's team."""
    user = user_of(request)
    view, item = _item(request, item_pk, manage=False)
    if item.case_id is None:
        raise PermissionDenied
    case = case_for(user, item.case_id, need=Disclosure.PERSONAL)
    if not (view.attended or user.is_coordinator):
        raise PermissionDenied
    team = Agency.objects.filter(
        case_teams__case=case, case_teams__removed_at__isnull=True
    ).order_by("name_kana")
    form = CaseNoteForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tasks = []
        if data.get("task_description"):
            tasks.append(
                writes.NewTask(data["task_description"], data["task_agency"], data["task_due_on"])
            )
        try:
            writes.case_note_log(
                item=item,
                by=user,
                text=data["text"],
                next_review_on=data.get("next_review_on"),
                tasks=tasks,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Case-meeting note recorded in the case's record."))
            return redirect(f"{view.meeting.get_absolute_url()}minutes/#item-{item.pk}")
    status = 422 if request.method == "POST" else 200
    log_access(instance=case, by=user, meeting=view.meeting.pk, page="meetings:case-note")
    context = {
        "form": form,
        "meeting": view.meeting,
        "item": item,
        "case": case,
        "title": _("Case-meeting note"),
        "submit": _("Record the note"),
    }
    return render(request, "meetings/form_page.html", context, status=status)


def _record_initial(record: CaseReviewRecord | None) -> dict[str, Any]:
    if record is None:
        return {}
    initial: dict[str, Any] = {
        f: getattr(record, f)
        for f in ("situation", "progress", "policy", "plan_text", "next_review_on")
    }
    initial["lead_agency"] = record.lead_agency_id
    initial["key_worker"] = record.key_worker_id
    for role in record.roles.all():
        initial[f"role_{role.agency_id}"] = role.role_text
    return initial


def record(request: HttpRequest, item_pk: int) -> HttpResponse:
    """The case review record of one case item (会議録の五項目): its managers write it."""
    user = user_of(request)
    view, item = _item(request, item_pk)
    if item.case_id is None or not view.meeting.kind.is_personal:
        raise PermissionDenied
    case = case_for(user, item.case_id, need=Disclosure.PERSONAL, within=view.meeting.scope)
    existing = CaseReviewRecord.objects.filter(item=item).prefetch_related("roles").first()
    agencies = list(
        Agency.objects.filter(pk__in=[i.agency_id for i in invitations_of(view.meeting)]).order_by(
            "name_kana"
        )
    )
    form = RecordForm(request.POST or None, agencies=agencies, initial=_record_initial(existing))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("role_")}
        try:
            writes.record_save(item=item, by=user, roles=form.roles(), **data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Record saved. It applies to the case when the minutes are confirmed.")
            )
            return redirect(f"{view.meeting.get_absolute_url()}minutes/#item-{item.pk}")
    status = 422 if request.method == "POST" else 200
    log_access(instance=case, by=user, meeting=view.meeting.pk, page="meetings:record")
    context = {
        "form": form,
        "meeting": view.meeting,
        "item": item,
        "case": case,
        "title": _("Case review record"),
        "submit": _("Save the record"),
        "readonly": view.meeting.minutes_confirmed,
    }
    return render(request, "meetings/form_page.html", context, status=status)


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    try:
        writes.minutes_confirm(meeting=view.meeting, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Minutes confirmed. They are read-only now; corrections are recorded as amendments."),
        )
    return redirect(f"{view.meeting.get_absolute_url()}minutes/")


@require_POST
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    form = AmendForm(request.POST, meeting=view.meeting)
    if form.is_valid():
        try:
            writes.minutes_amend(meeting=view.meeting, by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Amendment recorded."))
            return redirect(f"{view.meeting.get_absolute_url()}minutes/")
    return _minutes_page(request, _minutes_context(view, amend_form=form), status=422)


def _print(request: HttpRequest, pk: int, template: str, what: str) -> HttpResponse:
    view = meeting_for(user_of(request), pk)
    context = {
        **_minutes_context(view),
        "today": timezone.localdate(),
    }
    log_case_items(request, view, context["items"], f"{what}:{view.meeting.pk}")
    return render(request, template, context)


@require_GET
def print_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    return _print(request, pk, "meetings/print_agenda.html", "meeting-agenda-print")


@require_GET
def print_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    return _print(request, pk, "meetings/print_minutes.html", "meeting-minutes-print")


@require_GET
def print_record(request: HttpRequest, item_pk: int) -> HttpResponse:
    """The case review record (個別ケース検討会議 会議録) on A4."""
    user = user_of(request)
    view, item = _item(request, item_pk, manage=False)
    if item.case_id is None or not view.meeting.kind.is_personal:
        raise PermissionDenied
    case = case_for(user, item.case_id, need=Disclosure.PERSONAL, within=view.meeting.scope)
    record = (
        CaseReviewRecord.objects.filter(item=item)
        .select_related("lead_agency", "key_worker")
        .prefetch_related("roles__agency")
        .first()
    )
    log_access(instance=case, by=user, meeting=view.meeting.pk, printed="record")
    context = {
        "meeting": view.meeting,
        "item": item,
        "case": case,
        "record": record,
        "invitations": invitations_of(view.meeting),
        "actions": [a for a in actions_of(view.meeting) if a.item_id == item.pk],
        "today": timezone.localdate(),
    }
    return render(request, "meetings/print_record.html", context)
