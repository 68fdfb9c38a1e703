"""The register of missing local resources: record from a case, group, follow up."""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.models import Approach
from cases.access import Disclosure, case_for, cases_visible_to
from cases.models import Case, CaseNote
from core.exports import safe_row
from core.http import int_param, user_of
from meetings.models import AgendaItem, Meeting, Tier
from meetings.selectors import coming_of_tier, meetings_of_case
from reports import services
from reports.audit import log_report_export
from reports.forms import NeedAgendaForm, NeedFilterForm, UnmetNeedForm, UnmetNeedMoveForm
from reports.models import UnmetNeed
from reports.policy import can_manage_unmet_needs, can_see_statistics


def _register(request: HttpRequest) -> tuple[NeedFilterForm, QuerySet[UnmetNeed]]:
    form = NeedFilterForm(request.GET or None)
    qs = UnmetNeed.objects.select_related("agency", "agenda_item__meeting__kind")
    if form.is_valid():
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["approach"]:
            qs = qs.filter(approach=form.cleaned_data["approach"])
    return form, qs


@require_GET
def needs(request: HttpRequest) -> HttpResponse:
    """Every recorded need, grouped by approach with counts; case links only for the team."""
    user = user_of(request)
    if not can_see_statistics(user):
        raise PermissionDenied
    form, qs = _register(request)
    page = Paginator(qs.order_by("status", "-created_at", "-pk"), 50).get_page(
        request.GET.get("page")
    )  # type: ignore[attr-defined]
    case_ids = [n.case_id for n in page.object_list if n.case_id]
    openable = set(cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    groups = (
        UnmetNeed.objects.exclude(status=UnmetNeed.Status.DROPPED)
        .values("approach", "status")
        .annotate(n=Count("pk"))
        .order_by("approach", "status")
    )
    manage = can_manage_unmet_needs(user)
    context = {
        "form": form,
        "page": page,
        "openable": openable,
        "groups": list(groups),
        "approaches": dict(Approach.choices),
        "statuses": dict(UnmetNeed.Status.choices),
        "can_manage": manage,
        "move_form": UnmetNeedMoveForm(),
        "coming_meetings": _coming_representatives_meetings() if manage else [],
    }
    return render(request, "reports/needs.html", context)


def _sources(case: Case) -> tuple[list[tuple[str, str]], dict[str, CaseNote | AgendaItem]]:
    """Where a need on this case can have shown: its recent notes and the meetings that
    discussed it (the user sees the case's personal data, so both are theirs to pick)."""
    choices: list[tuple[str, str]] = []
    objects: dict[str, CaseNote | AgendaItem] = {}
    for item in meetings_of_case(case):
        key = f"item-{item.pk}"
        choices.append((key, _meeting_label(item.meeting)))
        objects[key] = item
    for note in case.notes.order_by("-contact_on", "-pk")[:30]:
        key = f"note-{note.pk}"
        day = date_format(note.contact_on, "DATE_FORMAT")
        label = _("Note of %(day)s (%(kind)s)") % {"day": day, "kind": note.get_kind_display()}
        choices.append((key, label))
        objects[key] = note
    return choices, objects


def need_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Record a need from a case the user works on, from one of its notes or from a
    meeting that discussed it."""
    user = user_of(request)
    case = case_for(user, case_pk, need=Disclosure.PERSONAL)
    choices, objects = _sources(case)
    initial = {}
    for param, prefix in (("note", "note"), ("item", "item")):
        pk = int_param(request.GET.get(param))
        if pk and f"{prefix}-{pk}" in objects:
            initial["source"] = f"{prefix}-{pk}"
    form = UnmetNeedForm(request.POST or None, initial=initial, sources=choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        source = objects.get(data.pop("source"))
        try:
            services.unmet_need_record(
                by=user,
                case=case,
                note=source if isinstance(source, CaseNote) else None,
                meeting_item=source if isinstance(source, AgendaItem) else None,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)  # a dict of field errors lands on its fields
        else:
            messages.success(request, _("The missing resource was added to the register."))
            return redirect(case)
    status = 422 if request.method == "POST" else 200
    return render(request, "reports/need_form.html", {"form": form, "case": case}, status=status)


@require_POST
def need_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a need on a coming representatives' meeting (the coordinating office)."""
    user = user_of(request)
    if not can_manage_unmet_needs(user):
        raise PermissionDenied
    need = get_object_or_404(UnmetNeed, pk=pk)
    form = NeedAgendaForm(request.POST, meetings=_coming_representatives_meetings())
    if not form.is_valid():
        messages.error(request, _("Choose a representatives' meeting that has not been held yet."))
        return redirect(need)
    meeting = Meeting.objects.select_related("kind").get(pk=form.cleaned_data["meeting"])
    try:
        services.unmet_need_to_agenda(need=need, meeting=meeting, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Put on the agenda of the %(meeting)s.") % {"meeting": _meeting_label(meeting)},
        )
    return redirect(need)


def _meeting_label(meeting: Meeting) -> str:
    day = date_format(timezone.localtime(meeting.starts_at).date(), "DATE_FORMAT")
    return f"{meeting.kind}（{day}）"


def _coming_representatives_meetings() -> list[tuple[int, str]]:
    coming = coming_of_tier(Tier.REPRESENTATIVES, timezone.now(), limit=6)
    return [(m.pk, _meeting_label(m)) for m in coming]


@require_POST
def need_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    if not can_manage_unmet_needs(user):
        raise PermissionDenied
    need = get_object_or_404(UnmetNeed, pk=pk)
    form = UnmetNeedMoveForm(request.POST)
    if form.is_valid():
        services.unmet_need_move(need=need, by=user, **form.cleaned_data)
        messages.success(request, _("The need's status was changed."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(need)


@require_GET
def needs_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The register for the office's meeting papers: no case, no name; streamed."""
    user = user_of(request)
    if not can_manage_unmet_needs(user):
        raise PermissionDenied
    _form, qs = _register(request)
    approaches = dict(Approach.choices)
    statuses = dict(UnmetNeed.Status.choices)

    def rows() -> Iterator[str]:
        class Echo:
            def write(self, value: str) -> str:
                return value

        writer = csv.writer(Echo())
        yield "\ufeff"  # Excel reads UTF-8 with a BOM
        yield writer.writerow(
            [
                _("Recorded"),
                _("What is missing"),
                _("Support approach"),
                _("Area"),
                _("Status"),
                _("What was done"),
                _("Agency"),
            ]
        )
        for need in qs.order_by("created_at", "pk").iterator(chunk_size=500):
            yield writer.writerow(
                safe_row(
                    [
                        timezone.localtime(need.created_at).date().isoformat(),
                        need.text,
                        approaches.get(need.approach, ""),
                        need.area,
                        statuses.get(need.status, need.status),
                        need.outcome,
                        need.agency.name,
                    ]
                )
            )

    log_report_export(by=user, what="unmet needs.csv")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="unmet-needs.csv"'
    response["Cache-Control"] = "no-store"
    return response
