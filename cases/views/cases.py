from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from agencies.models import Agency
from cases import services
from cases.access import (
    can_correct_note,
    can_register_cases,
    can_set_task_status,
    can_view_case_history,
)
from cases.audit import case_history, history_entries, log_access, log_export
from cases.forms import (
    CaseEditForm,
    CaseIntakeForm,
    CaseListFilterForm,
    CloseForm,
    LeadForm,
    YoungPersonForm,
    people_of,
)
from cases.history import history_rows
from cases.models import Case, YoungPerson
from cases.panels import case_panels
from cases.selectors import (
    case_list,
    case_rows,
    notes_page,
    plan_tasks,
    possible_duplicates,
    registrable_people,
    teams_of,
)
from cases.services import IllegalTransition
from cases.views.case_page import case_sections
from cases.views.common import Disclosure, attach_errors, case_for, form_flow, user_of
from cases.views.notes import notes_fragment
from core.dates import day_label
from core.fragments import RowUrl, choice_labels, render_fragment
from core.http import HtmxHttpRequest, client_address, int_param
from core.pagination import LargeListPaginator


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Cases the user may see, with search by name, reading or case number."""
    user = user_of(request)
    data = request.GET.copy()
    data.setdefault("status", "open")
    form = CaseListFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {"status": "open"}
    cases = case_list(
        user,
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        mine=bool(filters.get("mine")),
    )
    ids = cases.values_list("pk", flat=True)
    page = LargeListPaginator(ids, settings.CASE_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = case_rows(list(page.object_list))
    # The list shows names: each case on the page is recorded as read (with the search).
    log_export(
        cases=rows,
        by=user,
        what=f"case list q={filters.get('q', '')!r}"[:200],
        remote_addr=client_address(request),
    )
    url = RowUrl("cases:detail")
    statuses = choice_labels(Case.Status)
    fragment = {"rows": [_list_row(case, url, statuses) for case in rows], "labels": _list_labels()}
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "rows_html": render_fragment("cases/case_rows.html", fragment, request),
        "can_register": can_register_cases(user),
    }
    return render(request, "cases/list.html", context)


def _list_labels() -> dict[str, str]:
    """The case list rows' words: the Jinja2 fragment holds no text (core.fragments)."""
    return {
        "number": _("Case number"),
        "person": _("Young person"),
        "yrs": _("yrs"),
        "status": _("Status"),
        "lead": _("Lead agency"),
        "key_worker": _("Key worker"),
        "next_review": _("Next review"),
    }


def _list_row(case: Case, url: RowUrl, statuses: dict[str, str]) -> dict[str, Any]:
    """What a case list row shows: 25 rows of template tags and an include each
    cost more than the page's queries (issue 12)."""
    key_worker = case.key_worker
    return {
        "url": url(case.pk),
        "number": case.number,
        "name": case.young_person.full_name,
        "age": case.young_person.age,
        "status_key": case.status,
        "status": statuses[case.status],
        "lead": case.lead_agency.name,
        "key_worker": (key_worker.get_full_name() if key_worker else "") or "—",
        "next_review": day_label(case.next_review_on),
    }


def _intake_forms(request: HttpRequest) -> tuple[YoungPersonForm, CaseIntakeForm]:
    data = request.POST if request.method == "POST" else None
    return YoungPersonForm(data, prefix="person"), CaseIntakeForm(data, prefix="case")


def intake(request: HttpRequest) -> HttpResponse:
    """Register a young person and open a case in one flow (相談受付).

    1. Validate both halves of the form.
    2. Unless the user confirmed this is a new person, look for likely
       duplicates (same birthday, same name or reading) and show them, with
       a button to open the case for the existing person instead.
    3. Create the person (or take the existing one) and open the case.
    """
    user = user_of(request)
    if not can_register_cases(user):
        raise PermissionDenied
    person_form, case_form = _intake_forms(request)
    existing_id = request.POST.get("existing_person", "")
    if existing_id and int_param(existing_id) is None:
        raise Http404
    duplicates: list[YoungPerson] = []
    if request.method == "POST":
        person_ok = bool(existing_id) or person_form.is_valid()
        if person_ok and case_form.is_valid():
            if not existing_id and not request.POST.get("confirm_new_person"):
                p = person_form.cleaned_data
                duplicates = possible_duplicates(
                    user,
                    family_name=p["family_name"],
                    given_name=p["given_name"],
                    family_kana=p["family_name_kana"],
                    given_kana=p["given_name_kana"],
                    born=p["date_of_birth"],
                )
            if not duplicates:
                try:
                    case = _open_from_intake(user, person_form, case_form, existing_id)
                except ValidationError as error:
                    attach_errors(case_form, error)
                else:
                    messages.success(
                        request, _("Case %(number)s opened.") % {"number": case.number}
                    )
                    return redirect(case)
    context = {"person_form": person_form, "case_form": case_form, "duplicates": duplicates}
    status = 422 if request.method == "POST" and not duplicates else 200
    return render(request, "cases/intake.html", context, status=status)


@transaction.atomic
def _open_from_intake(
    user: User,
    person_form: YoungPersonForm,
    case_form: CaseIntakeForm,
    existing_id: str | None,
) -> Case:
    if existing_id:
        person = get_object_or_404(registrable_people(user), pk=existing_id)
    else:
        person = services.young_person_create(by=user, **person_form.cleaned_data)
    data = dict(case_form.cleaned_data)
    return services.case_open(
        young_person=person,
        by=user,
        lead_agency=data.pop("lead_agency"),
        key_worker=data.pop("key_worker"),
        referral_source=data.pop("referral_source"),
        presenting_issues=data.pop("presenting_issues"),
        lead_role_text=data.pop("lead_role_text"),
        **data,
    )


@require_GET
def key_worker_options(request: HttpRequest) -> HttpResponse:
    """<option>s of the people of an agency, for the intake form's htmx update."""
    if not can_register_cases(user_of(request)):
        raise PermissionDenied
    agency_id = request.GET.get("case-lead_agency", "")
    agency = (
        Agency.objects.active().filter(pk=int(agency_id)).first() if agency_id.isdigit() else None
    )
    people = people_of([agency.pk]) if agency else []
    return render(request, "cases/_key_worker_options.html", {"people": people})


@require_GET
def detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.PERSONAL)
    log_access(instance=case, by=user)
    notes, corrections = notes_page(case, request.GET.get("notes"), settings.NOTES_PAGE_SIZE)
    listed = list(notes.object_list)
    notes_context = {
        "notes": notes,
        "notes_html": notes_fragment(
            request,
            listed,
            corrections=corrections,
            correctable={n.pk for n in listed if can_correct_note(user, n)},
            case_pk=case.pk,
        ),
    }
    if request.htmx:  # older or newer notes
        return render(request, "cases/_notes.html", notes_context)
    tasks = list(plan_tasks(case))
    team, former_team = teams_of(case)
    sections = case_sections(
        request,
        case=case,
        issues=list(case.presenting_issues.all()),
        goals=list(case.plan.goals.all()),
        tasks=tasks,
        markable={t.pk for t in tasks if can_set_task_status(user, case, t)},
        team=team,
        former_team=former_team,
        notes_context=notes_context,
        can_manage=case.disclosure >= Disclosure.MANAGE,
        can_view_history=can_view_case_history(user),
        transitions=sorted(services.TRANSITIONS.get(case.status, set())),
    )
    context = {"case": case, "sections": sections, "panels": case_panels(case, user)}
    return render(request, "cases/detail.html", context)


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    form = CaseEditForm(request.POST or None, instance=case)

    def save(data: dict[str, Any]) -> Case:
        data = dict(data)
        issues = data.pop("presenting_issues")
        return services.case_update(case=case, by=user, presenting_issues=issues, **data)

    return form_flow(
        request,
        case=case,
        form=form,
        save=save,
        success=_("Case details saved."),
        title=_("Edit case details"),
        submit=_("Save"),
    )


def lead(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    initial = {"lead_agency": case.lead_agency_id, "key_worker": case.key_worker_id}
    form = LeadForm(request.POST or None, case=case, initial=initial)
    return form_flow(
        request,
        case=case,
        form=form,
        save=lambda data: services.case_set_lead(case=case, by=user, **data),
        success=_("Lead agency and key worker saved."),
        title=_("Lead agency and key worker"),
        submit=_("Save"),
    )


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    try:
        case = services.case_transition(case=case, to_status=request.POST.get("to", ""), by=user)
    except IllegalTransition as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Status changed to “%(status)s”.") % {"status": case.get_status_display()}
        )
    return redirect(case)


def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    return form_flow(
        request,
        case=case,
        form=CloseForm(request.POST or None),
        save=lambda data: services.case_close(case=case, by=user, **data),
        success=_("The case was closed. It is kept and can be reopened."),
        title=_("Close the case"),
        submit=_("Close the case"),
        intro=_(
            "Closing is never required: a case may stay in monitoring for as long as the "
            "team finds useful. A closed case is kept and can be reopened."
        ),
        danger=True,
    )


@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    try:
        services.case_reopen(case=case, by=user)
    except IllegalTransition as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case was reopened for assessment."))
    return redirect(case)


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who viewed or changed this case (coordinating office only)."""
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.PERSONAL)
    if not can_view_case_history(user):
        raise PermissionDenied
    log_access(instance=case, by=user, page="cases:history")
    ids = case_history(case).values_list("pk", flat=True)
    page = LargeListPaginator(ids, 50).get_page(request.GET.get("page"))
    rows = history_rows(history_entries(list(page.object_list)))
    context = {"case": case, "page": page, "rows": rows}
    return render(request, "cases/history.html", context)
