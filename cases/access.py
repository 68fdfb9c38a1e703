"""The access policy for personal data (DOMAIN.md section 5). One place only.

- Coordinators see every case.
- Practitioners see the personal data of cases their agency is on the team
  of (or leads). Practitioners of the coordinating body or of a designated
  support body also see the ledger's anonymised rows of every open case.
- Representatives see no personal data: every case URL answers 403.
- A case the user may not know of answers 404, never 403.

Views and exports ask this module; they never filter cases by hand.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from agencies.models import CouncilRole
from cases.models import Case, CaseTeamMember, YoungPerson


def works_with_cases(user: User) -> bool:
    """Coordinators and practitioners work with cases; representatives do not."""
    return bool(user.is_coordinator or user.is_practitioner)


def require_case_role(user: User) -> None:
    """Only coordinators and practitioners work with cases; others get 403."""
    if not works_with_cases(user):
        raise PermissionDenied


def _team_of(agency_id: int) -> Q:
    current = CaseTeamMember.objects.filter(
        case=OuterRef("pk"), agency_id=agency_id, removed_at__isnull=True
    )
    return Q(lead_agency_id=agency_id) | Q(Exists(current))


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases whose personal data `user` may see."""
    if user.is_coordinator:
        return Case.objects.all()
    if user.is_practitioner and user.agency_id:
        return Case.objects.filter(_team_of(user.agency_id))
    return Case.objects.none()


def young_people_visible_to(user: User) -> QuerySet[YoungPerson]:
    """Young people with at least one case visible to `user`."""
    if user.is_coordinator:
        return YoungPerson.objects.all()
    return YoungPerson.objects.filter(
        Exists(cases_visible_to(user).filter(young_person=OuterRef("pk")))
    )


def sees_whole_ledger(user: User) -> bool:
    """Coordinators, and practitioners of the coordinating or a designated body."""
    if user.is_coordinator:
        return True
    roles = {CouncilRole.COORDINATING, CouncilRole.DESIGNATED}
    return bool(user.is_practitioner and user.agency and user.agency.council_role in roles)


def ledger_cases_for(user: User) -> QuerySet[Case]:
    """Open cases on the user's ledger: anonymised rows, personal data never shown."""
    require_case_role(user)
    base = Case.objects.exclude(status=Case.Status.CLOSED)
    if sees_whole_ledger(user):
        return base
    if not user.agency_id:
        return base.none()
    return base.filter(_team_of(user.agency_id))


def sees_names_in_exports(user: User) -> bool:
    """Only coordinators may export the ledger with full names."""
    return user.is_coordinator


def can_register_cases(user: User) -> bool:
    """Intake (and its duplicate check across all young people) is the coordinating office's."""
    return user.is_coordinator


def can_manage_case(user: User, case: Case) -> bool:
    """Team, lead, status and plan policy: coordinators and the lead agency's practitioners."""
    return user.is_coordinator or (user.is_practitioner and case.lead_agency_id == user.agency_id)


def can_view_case_history(user: User) -> bool:
    """ "Who viewed or changed this case" is for the coordinating office."""
    return user.is_coordinator
