"""Helpers the case views share."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases.access import Disclosure, case_for
from cases.audit import log_access
from cases.models import Case
from core.http import user_of

__all__ = ["Disclosure", "attach_errors", "case_for", "form_flow", "form_page", "user_of"]


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_page(
    request: HttpRequest,
    *,
    case: Case,
    form: forms.BaseForm | None,
    title: str,
    submit: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """A simple page with one form about a case (team, plan, tasks, closing).

    It shows the case's personal data (the header, the form's current values),
    so rendering it is recorded as a read.
    """
    match = request.resolver_match
    log_access(instance=case, by=user_of(request), page=match.view_name if match else "")
    context = {"case": case, "form": form, "title": title, "submit": submit, **extra}
    return render(request, "cases/form_page.html", context, status=status)


def form_flow(
    request: HttpRequest,
    *,
    case: Case,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    title: str,
    submit: str,
    next_url: Callable[[Any], Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    """The one-form pages' common flow: validate, call the service, say so, redirect.

    A service's ValidationError lands on the form (422), as a form error does.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url(result) if next_url else case)
    status = 422 if request.method == "POST" else 200
    return form_page(
        request, case=case, form=form, title=title, submit=submit, status=status, **extra
    )
