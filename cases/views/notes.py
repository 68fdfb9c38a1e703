from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases import services
from cases.access import can_correct_note, can_set_task_status
from cases.audit import log_access
from cases.forms import NoteCorrectionForm, NoteForm
from cases.models import PlanTask
from cases.selectors import open_tasks
from cases.views.common import Disclosure, attach_errors, case_for, user_of


def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a contact (経過記録); a page of its own so it works on a phone."""
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.PERSONAL)
    markable = [t.pk for t in open_tasks(case) if can_set_task_status(user, case, t)]
    form = NoteForm(request.POST or None, tasks=PlanTask.objects.filter(pk__in=markable))
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(case=case, author=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Note recorded."))
            return redirect(case)
    status = 422 if request.method == "POST" else 200
    log_access(instance=case, by=user, page="cases:note-add")
    context = {"case": case, "form": form, "title": _("Record a contact")}
    return render(request, "cases/note_form.html", context, status=status)


def note_amend(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    """Correct a note: the correction is added, the original stays visible."""
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.PERSONAL)
    note = get_object_or_404(case.notes.select_related("author", "agency", "amends"), pk=note_pk)
    if not can_correct_note(user, note):
        raise PermissionDenied
    initial = {
        field: getattr(note, field)
        for field in ("contact_on", "contact_time", "duration_minutes", "kind", "met", "place")
    } | {"text": note.text, "next_contact_on": note.next_contact_on}
    form = NoteCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_amend(note=note, author=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Correction recorded. The original note is kept."))
            return redirect(case)
    status = 422 if request.method == "POST" else 200
    log_access(instance=case, by=user, page="cases:note-amend", note=note.pk)
    context = {"case": case, "form": form, "title": _("Correct a note"), "original": note}
    return render(request, "cases/note_form.html", context, status=status)
