from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import services
from cases.access import can_register_cases
from cases.audit import log_access
from cases.forms import YoungPersonForm
from cases.selectors import cases_of_person, person_for_page, possible_duplicates
from cases.views.common import user_of


@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A young person's details and the cases of theirs the user may see."""
    user = user_of(request)
    young_person = person_for_page(user, pk)
    log_access(instance=young_person, by=user)
    can_edit = can_register_cases(user)
    duplicates = []
    if can_edit and young_person.merged_into_id is None:
        duplicates = [
            p
            for p in possible_duplicates(
                user,
                family_name=young_person.family_name,
                given_name=young_person.given_name,
                family_kana=young_person.family_name_kana,
                given_kana=young_person.given_name_kana,
                born=young_person.date_of_birth,
            )
            if p.pk != young_person.pk
        ]
    context = {
        "person": young_person,
        "cases": cases_of_person(user, young_person),
        "can_edit": can_edit,
        "duplicates": duplicates,
    }
    return render(request, "cases/person.html", context)


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    young_person = person_for_page(user, pk)
    if not can_register_cases(user):
        raise PermissionDenied
    form = YoungPersonForm(request.POST or None, instance=young_person)
    if request.method == "POST" and form.is_valid():
        try:
            services.young_person_update(person=young_person, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Personal details saved."))
            return redirect(young_person)
    status = 422 if request.method == "POST" else 200
    log_access(instance=young_person, by=user, page="cases:person-edit")
    return render(
        request, "cases/person_edit.html", {"person": young_person, "form": form}, status=status
    )


def person_merge(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    """Merge another record of the same person into this one (the office; confirmed)."""
    user = user_of(request)
    if not can_register_cases(user):
        raise PermissionDenied
    keep = person_for_page(user, pk)
    other = person_for_page(user, other_pk)
    if request.method == "POST":
        try:
            services.young_person_merge(keep=keep, merged=other, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The records were merged. The cases of the other record are now here."),
            )
        return redirect(keep)
    log_access(instance=keep, by=user, page="cases:person-merge")
    log_access(instance=other, by=user, page="cases:person-merge")
    context = {"person": keep, "other": other, "other_cases": cases_of_person(user, other)}
    return render(request, "cases/person_merge.html", context)
