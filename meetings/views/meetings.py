"""The meeting list, the month view, scheduling, the meeting page, its changes and attendance."""

import calendar
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.audit import log_export
from cases.views.common import attach_errors
from core.http import client_address, user_of
from meetings import services
from meetings.access import MeetingView, can_organise, meeting_for
from meetings.forms import (
    AttendanceForm,
    CancelForm,
    InviteForm,
    MeetingForm,
    PersonSearch,
)
from meetings.models import AgendaItem
from meetings.selectors import (
    actions_of,
    agenda_outline,
    invitations_of,
    meeting_list,
    month_meetings,
    people_matching,
)
from meetings.views.rows import actions_html, agenda_rows_html

TABS = {
    "upcoming": _("Upcoming"),
    "past": _("Past"),
    "minutes": _("Minutes to confirm"),
}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    tab = request.GET.get("tab", "upcoming")
    if tab not in TABS:
        tab = "upcoming"
    page = Paginator(meeting_list(user, tab=tab), settings.MEETING_LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "tab": tab,
        "tabs": [(key, str(label)) for key, label in TABS.items()],
        "can_organise": can_organise(user),
    }
    return render(request, "meetings/list.html", context)


def _month(value: str | None) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


@require_GET
def month(request: HttpRequest) -> HttpResponse:
    """A month's meetings as a calendar grid (Monday first, as Japanese calendars at work)."""
    user = user_of(request)
    first = _month(request.GET.get("month"))
    by_day = month_meetings(user, first)
    weeks = [
        [(day, by_day.get(day, []), day.month == first.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    context = {
        "first": first,
        "weeks": weeks,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "can_organise": can_organise(user),
    }
    return render(request, "meetings/month.html", context)


def create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not can_organise(user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(by=user, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Meeting scheduled. The invitees were told."))
            return redirect(meeting)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "title": _("Schedule a meeting"), "submit": _("Schedule")}
    return render(request, "meetings/form_page.html", context, status=status)


def log_case_items(
    request: HttpRequest, view: MeetingView, items: list[AgendaItem], what: str
) -> None:
    """Record the read of the cases whose personal data the page showed (case review)."""
    shown = [i.case for i in items if view.shows_personal(i) and i.case is not None]
    if shown:
        log_export(cases=shown, by=user_of(request), what=what, remote_addr=client_address(request))


def detail_context(view: MeetingView, **extra: Any) -> dict[str, Any]:
    meeting = view.meeting
    items = view.mark(agenda_outline(meeting))
    return {
        "view": view,
        "meeting": meeting,
        "items": items,
        "invitations": invitations_of(meeting),
        "actions": actions_of(meeting),
        "planned": sum(i.planned_minutes or 0 for i in items),
        **extra,
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = meeting_for(user, pk)
    invite_form = None
    if view.manage:
        invite_form = InviteForm(search_url=reverse("meetings:people", args=[pk]))
    context = detail_context(view, invite_form=invite_form)
    context["agenda_html"] = agenda_rows_html(request, context["items"], manage=False)
    context["actions_html"] = actions_html(request, context["actions"])
    log_case_items(request, view, context["items"], f"meeting:{view.meeting.pk}")
    return render(request, "meetings/detail.html", context)


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    meeting = view.meeting
    form = MeetingForm(request.POST or None, editing=True, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=user, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Meeting changed. The invitees were told of a new time or place.")
            )
            return redirect(meeting)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "meeting": meeting,
        "title": _("Change the meeting"),
        "submit": _("Save"),
    }
    return render(request, "meetings/form_page.html", context, status=status)


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=view.meeting, by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The meeting was cancelled and the invitees told."))
            return redirect(view.meeting)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "meeting": view.meeting,
        "title": _("Cancel the meeting"),
        "submit": _("Cancel the meeting"),
        "danger": True,
    }
    return render(request, "meetings/form_page.html", context, status=status)


PEOPLE_SHOWN = 30


@require_GET
def people(request: HttpRequest, pk: int) -> HttpResponse:
    """The matches for a typed name or reading (htmx), as options for a select: the
    invite form's people, or the practitioners an action item may be given to
    (those who may add one: the organisers and who attended)."""
    view = meeting_for(user_of(request), pk)
    if not (view.manage or view.attended):
        raise PermissionDenied
    query = request.GET.get("person_q", "")[:100]
    # those who only attended may look up practitioners (an action item's person), no one else
    practitioners = request.GET.get("practitioners") == "1" or not view.manage
    found = people_matching(query, PEOPLE_SHOWN + 1, practitioners=practitioners)
    context = {
        "options": [(p.pk, p.name_with_agency()) for p in found[:PEOPLE_SHOWN]],
        "more": len(found) > PEOPLE_SHOWN,
        "query": query.strip(),
        "prompt": PersonSearch.prompt,
        "nothing": _("Nobody matches “%(query)s”") % {"query": query.strip()},
    }
    return render(request, "meetings/_search_options.html", context)


@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_add(meeting=view.meeting, by=user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invited. They were told at once."))
    else:
        messages.error(
            request,
            " ".join(str(e) for e in form.non_field_errors()) or _("Choose an agency or a person."),
        )
    return redirect(view.meeting)


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who came: recorded once the meeting has started, else a clear message."""
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    meeting = view.meeting
    form = AttendanceForm(request.POST or None, invitations=invitations_of(meeting))
    if request.method == "POST" and form.is_valid():
        entries = [services.Presence(*row) for row in form.entries()]
        try:
            services.attendance_record(meeting=meeting, by=user, entries=entries)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect(meeting)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "meeting": meeting, "started": meeting.has_started}
    return render(request, "meetings/attendance.html", context, status=status)


@require_POST
def held(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    try:
        services.meeting_mark_held(meeting=view.meeting, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as held. Write and confirm the minutes."))
    return redirect(view.meeting)
