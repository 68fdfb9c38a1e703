from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cases import services
from cases.access import can_correct_note, can_set_task_status
from cases.audit import log_access
from cases.forms import NoteCorrectionForm, NoteForm
from cases.models import CaseNote, PlanTask
from cases.selectors import open_tasks
from cases.views.common import Disclosure, attach_errors, case_for, user_of
from core.dates import day_label
from core.fragments import RowUrl, choice_labels, render_fragment
from core.templatetags.core_tags import colon


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


def _when(note: CaseNote) -> str:
    time = f" {note.contact_time:%H:%M}" if note.contact_time else ""
    return day_label(note.contact_on) + time


def _place_line(note: CaseNote) -> str:
    parts = []
    if note.place:
        parts.append(_("Place") + colon() + note.place)
    if note.duration_minutes:
        parts.append(_("%(n)s minutes") % {"n": note.duration_minutes})
    return " ・ ".join(parts)


def _stamp(when: datetime) -> str:
    return date_format(timezone.localtime(when), "DATETIME_FORMAT")


def _corrections(note: CaseNote, amendments: list[CaseNote]) -> list[dict[str, str]]:
    """The original and each correction, oldest first, with who wrote it and when."""
    if not amendments:
        return []
    entries = [
        {
            "heading": _("Original by %(name)s, %(when)s:")
            % {"name": note.author.get_full_name(), "when": _stamp(note.created_at)},
            "text": note.text,
        }
    ]
    for amendment in amendments:
        heading = _("Correction by %(name)s, %(when)s:") % {
            "name": amendment.author.get_full_name(),
            "when": _stamp(amendment.created_at),
        }
        if amendment.amend_reason:
            heading += "（" + _("Reason") + colon() + amendment.amend_reason + "）"
        entries.append({"heading": heading, "text": amendment.text})
    return entries


def _entry(
    note: CaseNote,
    amendments: list[CaseNote],
    *,
    kinds: dict[str, str],
    met: dict[str, str],
    url: str,
) -> dict[str, Any]:
    """What a note shows: its latest correction's content (`amendments`, oldest
    first), and the history below it."""
    shown = amendments[-1] if amendments else note
    return {
        "pk": note.pk,
        "when": _when(shown),
        "kind": kinds.get(shown.kind, shown.kind),
        "met": met.get(shown.met, "") if shown.met else "",
        "met_class": "text-bg-success" if shown.met == "person" else "text-bg-secondary",
        "author": note.author.get_full_name(),
        "agency": str(note.agency),
        "place_line": _place_line(shown),
        "text": shown.text,
        "next_contact": day_label(shown.next_contact_on, ""),
        "corrections": _corrections(note, amendments),
        "correct_url": url,
    }


def notes_fragment(
    request: HttpRequest,
    notes: list[CaseNote],
    *,
    corrections: dict[int, list[CaseNote]],
    correctable: set[int],
    case_pk: int,
) -> SafeString:
    """A page of the contact record as HTML (a Jinja2 fragment: core.fragments):
    ten notes with their corrections cost more in Django's template language
    than their queries."""
    amend = RowUrl("cases:note-amend", arity=2)
    kinds, met = choice_labels(CaseNote.Kind), choice_labels(CaseNote.Met)
    context = {
        "notes": [
            _entry(
                n,
                corrections.get(n.pk, []),
                kinds=kinds,
                met=met,
                url=amend(case_pk, n.pk) if n.pk in correctable else "",
            )
            for n in notes
        ],
        "labels": {
            "corrected": _("Corrected"),
            "next_contact": _("Next planned contact") + colon(),
            "show_corrections": _("Show the original and the corrections"),
            "correct": _("Correct"),
        },
    }
    return render_fragment("cases/notes.html", context, request)
