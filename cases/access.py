"""The disclosure policy for personal data (DOMAIN.md section 5). One place only.

For a user and a case it answers one level (`Disclosure`):

- NONE: the user may not know the case exists (404).
- LABEL: the anonymised label ("A-2026-0042 / 17歳 / 男性") and what a grant
  shares. Practitioners of the coordinating body or of a designated support
  body see every open case's ledger row at this level.
- PERSONAL: the team's view of the case: practitioners of an active agency on
  the current team.
- MANAGE: team, lead, status and plan: coordinators and the lead agency's
  practitioners.

Access follows the team as it is now: an agency removed from the team, an
inactive agency, an inactive user or a practitioner moved to another agency
loses the case at once. Representatives and users without a council role for
case work get 403 on every case URL.

Grants (`CaseGrant`) are how apps above cases open a case to someone outside
its team: a referral's receiving agency before it accepts, the invitees of a
case review meeting. A grant counts only *within* its scope (the referral's or
the meeting's pages), never on the case's own pages.

Views load and authorise in one call (`case_for`); lists filter through
`cases_visible_to` and `ledger_cases_for`; notifications resolve who may hear
about a case through `audience`. `_level` is the rule; the query forms are
kept equivalent to it by tests.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from agencies.models import CouncilRole
from cases.models import (
    Case,
    CaseGrant,
    CaseNote,
    CaseTeamMember,
    Disclosure,
    PlanTask,
    YoungPerson,
)
from core.http import int_param

__all__ = ["Disclosure", "audience", "case_for", "cases_visible_to", "ledger_cases_for"]


def works_with_cases(user: User) -> bool:
    """Coordinators and practitioners work with cases; representatives do not."""
    return bool(user.is_active and (user.is_coordinator or user.is_practitioner))


def require_case_role(user: User) -> None:
    """Only coordinators and practitioners work with cases; others get 403."""
    if not works_with_cases(user):
        raise PermissionDenied


def sees_whole_ledger(user: User) -> bool:
    """Coordinators, and practitioners of the coordinating or a designated body."""
    if user.is_coordinator:
        return True
    roles = {CouncilRole.COORDINATING, CouncilRole.DESIGNATED}
    return bool(user.is_practitioner and user.agency and user.agency.council_role in roles)


def _acts_for_agency(user: User) -> bool:
    """A practitioner whose agency is active (an inactive agency sees nothing)."""
    return bool(user.is_practitioner and user.agency_id and user.agency and user.agency.is_active)


def _level(
    user: User,
    *,
    lead_agency_id: int,
    is_open: bool,
    on_team: bool,
    granted: int = Disclosure.NONE,
    scoped: bool = False,
) -> Disclosure:
    """The rule. `on_team`: the user's agency is on the case's current team.

    `granted` is the best grant within the scope asked for. Within a scope
    (a referral's or a meeting's pages) only the team and that scope's grants
    count: a designated body's view of the whole ledger opens nothing there.
    """
    if not works_with_cases(user):
        return Disclosure.NONE
    if user.is_coordinator:
        return Disclosure.MANAGE
    if not _acts_for_agency(user):
        return Disclosure.NONE
    if user.agency_id == lead_agency_id:
        return Disclosure.MANAGE
    if on_team:
        return Disclosure.PERSONAL
    sees_row = is_open and not scoped and sees_whole_ledger(user)
    ledger = Disclosure.LABEL if sees_row else Disclosure.NONE
    return Disclosure(max(ledger, granted))


def _current_team(agency_id: int) -> QuerySet[CaseTeamMember]:
    return CaseTeamMember.objects.filter(
        case=OuterRef("pk"), agency_id=agency_id, removed_at__isnull=True
    )


def _active_grants(user: User, within: str) -> QuerySet[CaseGrant]:
    now = timezone.now()
    return CaseGrant.objects.filter(
        Q(user_id=user.pk) | Q(agency_id=user.agency_id, agency_id__isnull=False),
        scope=within,
        ended_at__isnull=True,
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def case_for(user: User, pk: object, *, need: Disclosure, within: str = "") -> Case:
    """Load a case and authorise `user` in one call.

    404 below LABEL (the user may not know the case exists), 403 between LABEL
    and `need`. The level is left on the case as `case.disclosure` for the
    view and its template. `within` names the scope whose grants count
    (e.g. "referral:12").
    """
    require_case_role(user)
    pk = int_param(pk)
    if pk is None:
        raise Http404
    qs = Case.objects.select_related(
        "young_person", "lead_agency", "key_worker", "referral_source_agency", "plan"
    ).annotate(on_team=Exists(_current_team(user.agency_id)) if user.agency_id else Value(False))
    if within:
        grants = _active_grants(user, within).filter(case=OuterRef("pk"))
        qs = qs.annotate(
            granted=Coalesce(
                Subquery(grants.values("case").annotate(top=Max("level")).values("top")[:1]),
                Value(0),
                output_field=IntegerField(),
            )
        )
    # by key, no ORDER BY (first() would add one for the planner to drop)
    case = next(iter(qs.filter(pk=pk).order_by()[:1]), None)
    if case is None:
        raise Http404
    level = _level(
        user,
        lead_agency_id=case.lead_agency_id,
        is_open=case.is_open,
        on_team=case.on_team,  # type: ignore[attr-defined]
        granted=getattr(case, "granted", Disclosure.NONE),
        scoped=bool(within),
    )
    if level < Disclosure.LABEL:
        raise Http404
    if level < need:
        raise PermissionDenied
    case.disclosure = level
    return case


def disclosure(user: User, case: Case) -> Disclosure:
    """The level of `user` on `case` outside any grant's scope (for one case)."""
    agency_id = user.agency_id
    on_team = agency_id is not None and (
        case.team.filter(agency_id=agency_id, removed_at__isnull=True).exists()
    )
    return _level(user, lead_agency_id=case.lead_agency_id, is_open=case.is_open, on_team=on_team)


def _team_of(agency_id: int) -> Q:
    """The cases an agency leads or is on the current team of.

    A union of two indexed reads (the team's partial index by agency, the
    lead agency's foreign key); the equivalent `lead_agency = X OR
    EXISTS(team)` must test every case row. As `pk = ANY(ARRAY(union))`
    (core.lookups) PostgreSQL reads the few hundred ids first and fetches
    those cases by primary key; as `pk IN (union)` it could join the union
    against every open case.
    """
    team = CaseTeamMember.objects.filter(agency_id=agency_id, removed_at__isnull=True)
    led = Case.objects.filter(lead_agency_id=agency_id)
    return Q(pk__any_of=team.order_by().values("case_id").union(led.order_by().values("pk")))


def sees_every_case(user: User) -> bool:
    """The coordinating office sees every case's personal data (`_level`: MANAGE)."""
    return bool(user.is_coordinator and works_with_cases(user))


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases whose personal data `user` may see (PERSONAL or more): `_level` as a query."""
    if sees_every_case(user):
        return Case.objects.all()
    if not works_with_cases(user):
        return Case.objects.none()
    if not _acts_for_agency(user):
        return Case.objects.none()
    assert user.agency_id is not None  # noqa: S101 - _acts_for_agency checked it
    return Case.objects.filter(_team_of(user.agency_id))


def open_cases_visible_to(user: User) -> QuerySet[Case] | None:
    """The open cases `user` may see, as a query to read once; None means every case.

    For pages that work from the same few hundred cases: a practitioner's home
    reads them once with what its items need; their tasks page reads the ids
    and hands them on as one array.
    """
    if not works_with_cases(user):
        return Case.objects.none()
    if user.is_coordinator:
        return None
    if not _acts_for_agency(user):
        return Case.objects.none()
    assert user.agency_id is not None  # noqa: S101 - _acts_for_agency checked it
    return Case.objects.filter(_team_of(user.agency_id)).exclude(status=Case.Status.CLOSED)


def open_case_ids_visible_to(user: User) -> list[int] | None:
    """The ids of the open cases `user` may see; None means every case."""
    open_cases = open_cases_visible_to(user)
    if open_cases is None:
        return None
    return list(open_cases.order_by().values_list("pk", flat=True))


def young_people_visible_to(user: User) -> QuerySet[YoungPerson]:
    """Young people with at least one case visible to `user`."""
    if sees_every_case(user):
        return YoungPerson.objects.all()
    return YoungPerson.objects.filter(
        Exists(cases_visible_to(user).filter(young_person=OuterRef("pk")))
    )


def opens_every_ledger_row(user: User) -> bool:
    """Every row of the user's ledger is a case they may open: the office's ledger,
    and a practitioner's that holds only their own agency's cases (`ledger_cases_for`)."""
    return sees_every_case(user) or (works_with_cases(user) and not sees_whole_ledger(user))


def ledger_cases_for(user: User) -> QuerySet[Case]:
    """Open cases on the user's ledger (LABEL or more): anonymised rows."""
    require_case_role(user)
    base = Case.objects.exclude(status=Case.Status.CLOSED)
    if user.is_coordinator:
        return base
    if not _acts_for_agency(user):
        return base.none()
    if sees_whole_ledger(user):
        return base
    assert user.agency_id is not None  # noqa: S101 - _acts_for_agency checked it
    return base.filter(_team_of(user.agency_id))


Pair = tuple[int, int] | tuple[int, int, str]  # (user id, case id[, grant scope])


def _grants_of(wanted: set[tuple[int, str]]) -> dict[tuple[int, str], list[CaseGrant]]:
    """Active grants for (case id, scope) pairs, in one query."""
    if not wanted:
        return {}
    now = timezone.now()
    grants = CaseGrant.objects.filter(
        case_id__in={c for c, _s in wanted},
        scope__in={s for _c, s in wanted},
        ended_at__isnull=True,
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    found: dict[tuple[int, str], list[CaseGrant]] = defaultdict(list)
    for grant in grants:
        found[(grant.case_id, grant.scope)].append(grant)
    return found


def audience(pairs: Iterable[Pair], *, need: Disclosure = Disclosure.PERSONAL) -> set[Pair]:
    """Which (user id, case id[, scope]) reach `need`, in four queries for any number.

    Notifications and reminders about a case go only to people who may open
    it now: someone removed from the team, moved to another agency or
    deactivated stops hearing about it at once. A scope makes that scope's
    grants count (a referral's receiving agency, before it accepts).
    """
    pairs = set(pairs)
    if not pairs:
        return set()
    user_ids = {p[0] for p in pairs}
    case_ids = {p[1] for p in pairs}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids).select_related("agency")}
    cases = {
        pk: (lead, status != Case.Status.CLOSED)
        for pk, lead, status in Case.objects.filter(pk__in=case_ids).values_list(
            "pk", "lead_agency_id", "status"
        )
    }
    team: dict[int, set[int]] = defaultdict(set)
    for case_id, agency_id in CaseTeamMember.objects.filter(
        case_id__in=case_ids, removed_at__isnull=True
    ).values_list("case_id", "agency_id"):
        team[case_id].add(agency_id)
    grants = _grants_of({(p[1], p[2]) for p in pairs if len(p) == 3 and p[2]})
    allowed = set()
    for pair in pairs:
        user, case = users.get(pair[0]), cases.get(pair[1])
        if user is None or case is None:
            continue
        scope = pair[2] if len(pair) == 3 else ""
        granted = max(
            (
                g.level
                for g in grants.get((pair[1], scope), [])
                if g.user_id == user.pk or (g.agency_id and g.agency_id == user.agency_id)
            ),
            default=Disclosure.NONE,
        )
        lead, is_open = case
        level = _level(
            user,
            lead_agency_id=lead,
            is_open=is_open,
            on_team=user.agency_id in team[pair[1]],
            granted=granted,
            scoped=bool(scope),
        )
        if level >= need:
            allowed.add(pair)
    return allowed


def practitioners_of(agency_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active practitioners of each agency (candidates; `audience` decides)."""
    staff: dict[int, list[int]] = defaultdict(list)
    for user_id, agency_id in User.objects.filter(
        agency_id__in=set(agency_ids), role=Role.PRACTITIONER, is_active=True
    ).values_list("pk", "agency_id"):
        staff[agency_id].append(user_id)
    return staff


def coordinator_ids() -> list[int]:
    return list(
        User.objects.filter(role=Role.COORDINATOR, is_active=True).values_list("pk", flat=True)
    )


def manages_case(user: User, case: Case) -> bool:
    """Team, lead, status and plan: for a row already loaded (no query)."""
    level = _level(user, lead_agency_id=case.lead_agency_id, is_open=case.is_open, on_team=False)
    return level >= Disclosure.MANAGE


def can_set_task_status(user: User, case: Case, task: PlanTask) -> bool:
    """Who may mark a task done: the case's managers, and the task's own agency on the team."""
    level = getattr(case, "disclosure", None)
    if level is None:
        level = disclosure(user, case)
    if level >= Disclosure.MANAGE:
        return True
    return level >= Disclosure.PERSONAL and task.agency_id == user.agency_id


def can_correct_note(user: User, note: CaseNote) -> bool:
    """A note is corrected by its author's agency or the coordinating office; everyone
    else on the team adds a note of their own (issue 14: no overwriting another's record)."""
    original = note.amends or note
    return user.is_coordinator or (
        user.agency_id is not None and user.agency_id == original.agency_id
    )


def sees_names_in_exports(user: User) -> bool:
    """Only coordinators may export the ledger with full names."""
    return user.is_coordinator


def can_register_cases(user: User) -> bool:
    """Intake (and its duplicate check across all young people) is the coordinating office's."""
    return user.is_coordinator and works_with_cases(user)


def can_view_case_history(user: User) -> bool:
    """ "Who viewed or changed this case" is for the coordinating office."""
    return user.is_coordinator
