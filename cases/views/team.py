from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cases import services
from cases.forms import TeamAddForm, TeamMemberForm
from cases.views.common import Disclosure, case_for, form_flow, form_page, user_of


def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    return form_flow(
        request,
        case=case,
        form=TeamAddForm(request.POST or None, case=case),
        save=lambda data: services.team_member_add(case=case, by=user, **data),
        success=_("The agency joined the team. Name its practitioners now."),
        next_url=lambda member: reverse("cases:team-edit", args=[case.pk, member.pk]),
        title=_("Add an agency to the team"),
        submit=_("Add to the team"),
        intro=_("The agency's practitioners will see this case's personal data."),
    )


def team_edit(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    member = get_object_or_404(
        case.team.select_related("agency"), pk=member_pk, removed_at__isnull=True
    )
    initial = {"role_text": member.role_text, "practitioners": member.practitioners.all()}
    return form_flow(
        request,
        case=case,
        form=TeamMemberForm(request.POST or None, agency=member.agency, initial=initial),
        save=lambda data: services.team_member_update(member=member, by=user, **data),
        success=_("Team member saved."),
        title=_("Role of %(agency)s") % {"agency": member.agency},
        submit=_("Save"),
    )


def team_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Ask for confirmation (GET), then take the agency off the team (POST)."""
    user = user_of(request)
    case = case_for(user, pk, need=Disclosure.MANAGE)
    member = get_object_or_404(
        case.team.select_related("agency"), pk=member_pk, removed_at__isnull=True
    )
    if request.method == "POST":
        try:
            services.team_member_remove(member=member, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(agency)s left the team.") % {"agency": member.agency})
        return redirect(case)
    return form_page(
        request,
        case=case,
        form=None,
        title=_("Remove %(agency)s from the team?") % {"agency": member.agency},
        submit=_("Remove from the team"),
        intro=_(
            "Its practitioners will no longer see this case. The team's history keeps "
            "that the agency took part."
        ),
        danger=True,
    )
