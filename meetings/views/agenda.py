"""The agenda builder: items, their order (up/down with htmx), and the two builders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cases.views.common import attach_errors
from core.http import user_of
from meetings import builders, services
from meetings.access import MeetingView, meeting_for
from meetings.forms import CaseSearch, ItemForm
from meetings.models import AgendaItem, Tier
from meetings.selectors import agenda_case_matches, agenda_cases, agenda_outline
from meetings.views.rows import agenda_rows_html


def _rearranges(view: MeetingView) -> bool:
    """Whether the agenda shows its move and edit buttons: its managers', until the
    minutes are confirmed."""
    return view.manage and not view.meeting.minutes_confirmed


def _page(
    request: HttpRequest, view: MeetingView, form: ItemForm, status: int = 200
) -> HttpResponse:
    meeting = view.meeting
    items = view.mark(agenda_outline(meeting))
    context = {
        "view": view,
        "meeting": meeting,
        "items": items,
        "agenda_html": agenda_rows_html(request, items, manage=_rearranges(view)),
        "form": form,
        "ledger_builder": meeting.kind.takes_case_items and meeting.kind.tier == Tier.PRACTITIONERS,
        "transition_builder": meeting.kind.takes_case_items and not meeting.kind.is_personal,
    }
    return render(request, "meetings/agenda.html", context, status=status)


def builder(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda page for the organiser: add an item (GET shows the form, POST adds)."""
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    meeting = view.meeting
    cases = agenda_cases(user, meeting) if meeting.kind.takes_case_items else None
    form = ItemForm(request.POST or None, meeting=meeting, cases=cases)
    if not view.meeting.kind.takes_case_items:
        form.fields["kind"].choices = [  # type: ignore[attr-defined]
            c for c in AgendaItem.Kind.choices if c[0] != AgendaItem.Kind.CASE
        ]
    if request.method == "POST" and form.is_valid():
        try:
            services.item_add(meeting=view.meeting, by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Item added to the agenda."))
            return redirect("meetings:agenda", pk=view.meeting.pk)
    return _page(request, view, form, status=422 if request.method == "POST" else 200)


# An organiser types a number (or, on a case review, a name): a screenful of matches.
CASES_SHOWN = 30


@require_GET
def cases(request: HttpRequest, pk: int) -> HttpResponse:
    """The open cases matching a typed case number or name (htmx), as options for
    the agenda builder's select: a prefecture has 60,000 (issue 12)."""
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    meeting = view.meeting
    if not meeting.kind.takes_case_items:
        raise Http404
    query = request.GET.get("case_q", "")[:100].strip()
    found = agenda_case_matches(user, meeting, query, CASES_SHOWN + 1)
    if meeting.kind.is_personal:
        nothing = _("No open case matches “%(query)s”")
    else:
        nothing = _("No open case has a number matching “%(query)s” (search by case number)")
    context = {
        "options": [(c.pk, c.anonymised_label) for c in found[:CASES_SHOWN]],
        "more": len(found) > CASES_SHOWN,
        "query": query,
        "prompt": CaseSearch.prompt_for(meeting),
        "nothing": nothing % {"query": query},
    }
    return render(request, "meetings/_search_options.html", context)


def _item(
    request: HttpRequest, item_pk: int, *, manage: bool = True
) -> tuple[MeetingView, AgendaItem]:
    item = get_object_or_404(AgendaItem.objects.only("pk", "meeting_id"), pk=item_pk)
    view = meeting_for(user_of(request), item.meeting_id, manage=manage)
    full = get_object_or_404(AgendaItem.objects.select_related("case__young_person"), pk=item_pk)
    full.meeting = view.meeting
    return view, full


def item_edit(request: HttpRequest, item_pk: int) -> HttpResponse:
    user = user_of(request)
    view, item = _item(request, item_pk)
    initial = {
        "title": item.title,
        "presenter": item.presenter_id,
        "planned_minutes": item.planned_minutes,
        "prepared_text": item.prepared_text,
    }
    form = ItemForm(request.POST or None, meeting=view.meeting, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect("meetings:agenda", pk=view.meeting.pk)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "meeting": view.meeting,
        "item": item,
        "title": _("Edit the agenda item"),
        "submit": _("Save"),
    }
    return render(request, "meetings/form_page.html", context, status=status)


@require_POST
def item_move(request: HttpRequest, item_pk: int) -> HttpResponse:
    """Up or down one place; with htmx only the agenda table is sent back."""
    user = user_of(request)
    view, item = _item(request, item_pk)
    try:
        services.item_move(item=item, by=user, up=request.POST.get("direction") != "down")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if getattr(request, "htmx", False):
        items = view.mark(agenda_outline(view.meeting))
        return HttpResponse(agenda_rows_html(request, items, manage=_rearranges(view)))
    return redirect("meetings:agenda", pk=view.meeting.pk)


def _build(request: HttpRequest, pk: int, build, empty: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    user = user_of(request)
    view = meeting_for(user, pk, manage=True)
    try:
        added = build(meeting=view.meeting, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if added:
            messages.success(
                request,
                ngettext(
                    "%(n)d case added to the agenda.",
                    "%(n)d cases added to the agenda.",
                    len(added),
                )
                % {"n": len(added)},
            )
        else:
            messages.info(request, empty)
    return redirect("meetings:agenda", pk=view.meeting.pk)


@require_POST
def build_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    return _build(
        request,
        pk,
        builders.agenda_build_from_ledger,
        _("No case on the ledger is due for review by the meeting or has an alert."),
    )


@require_POST
def build_transition(request: HttpRequest, pk: int) -> HttpResponse:
    return _build(
        request,
        pk,
        builders.agenda_build_transition,
        _(
            "No open case of a young person finishing junior high school "
            "or turning 18 this fiscal year."
        ),
    )
