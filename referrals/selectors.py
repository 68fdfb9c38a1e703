"""Reads of referrals that views share, authorised through the disclosure policy."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from cases.access import Disclosure, audience, case_for, require_case_role
from cases.models import Case, CaseNote, PlanTask
from referrals.models import OPEN_STATUSES, WAITING_FOR_ANSWER, Referral, ReferralEvent, Status
from referrals.roles import is_receiver, is_sender

RELATED = ("case__young_person", "from_agency", "from_user", "to_agency", "to_service")


@dataclass
class ReferralView:
    """A referral as one user may see it: the case at their level, and their side."""

    referral: Referral
    case: Case
    level: Disclosure
    sender: bool
    receiver: bool

    @property
    def sees_case(self) -> bool:
        """Past the shared information: the receiving agency joined the team, or it is ours."""
        return self.level >= Disclosure.PERSONAL


def referral_for(user: User, pk: int) -> ReferralView:
    """Load and authorise: 404 unless the user sees the case within the referral's scope.

    The receiving agency sees the case at LABEL through the referral's grant
    until it accepts; a third agency (or a designated body's ledger view)
    sees nothing.
    """
    require_case_role(user)
    referral = get_object_or_404(Referral.objects.select_related(*RELATED), pk=pk)
    case = case_for(user, referral.case_id, need=Disclosure.LABEL, within=referral.scope)
    referral.case = case
    return ReferralView(
        referral=referral,
        case=case,
        level=case.disclosure,
        sender=is_sender(user, referral) and case.disclosure >= Disclosure.PERSONAL,
        receiver=is_receiver(user, referral),
    )


def timeline(referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("by", "agency").order_by("at", "pk")


@dataclass
class Shared:
    """What the sender chose to share, and nothing else."""

    summary: str | None
    presenting_issues: list[str] | None
    policy: str | None
    goals: list[str] | None
    tasks: list[PlanTask] | None
    notes: list[CaseNote]


def shared_information(referral: Referral) -> Shared:
    case = referral.case
    plan = case.plan if referral.share_plan else None
    notes = referral.shared_notes.select_related("agency").order_by("-contact_on", "-created_at")
    return Shared(
        summary=case.summary if referral.share_summary else None,
        presenting_issues=(
            [str(i) for i in case.presenting_issues.all()] if referral.share_summary else None
        ),
        policy=plan.policy if plan else None,
        goals=[g.text for g in plan.goals.all()] if plan else None,
        tasks=list(plan.tasks.select_related("agency").order_by("due_on")) if plan else None,
        notes=list(notes),
    )


def shareable_notes(case: Case) -> QuerySet[CaseNote]:
    """The notes a sender may choose to share (originals, newest first)."""
    return (
        case.notes.filter(amends__isnull=True)
        .select_related("agency")
        .order_by("-contact_on", "-created_at")
    )


INBOX_TABS: dict[str, Q] = {
    "new": Q(status=Status.REQUESTED),
    "waiting": Q(status__in=[*WAITING_FOR_ANSWER, Status.ACCEPTED]),
    "progress": Q(status__in=[Status.ACCEPTED, Status.IN_PROGRESS]),
    "open": Q(status__in=OPEN_STATUSES),
    "closed": ~Q(status__in=OPEN_STATUSES),
    "all": Q(),
}


def _listing(qs: QuerySet[Referral], *, tab: str, urgency: str) -> QuerySet[Referral]:
    qs = qs.filter(INBOX_TABS.get(tab, INBOX_TABS["open"]))
    if urgency:
        qs = qs.filter(urgency=urgency)
    return qs.select_related(*RELATED).order_by("-requested_at", "-pk")


def list_rows(qs: QuerySet[Referral], *, sent: bool) -> QuerySet[Referral]:
    """Only what a row of the inbox or outbox shows (referrals.views.lists).

    The inbox names who referred, the outbox whom to: five tables, not seven
    (planning the seven-way join cost 4-6 ms, more than running it), and
    rows of a few columns instead of 2 kB each building seven whole objects.
    """
    other = ("to_agency", "to_service") if sent else ("from_agency", "from_user")
    columns = (
        ("to_agency__name", "to_service__name")
        if sent
        else ("from_agency__name", "from_user__family_name", "from_user__given_name")
    )
    return (
        qs.select_related(None)
        .select_related("case__young_person", *other)
        .only(
            "case__number",
            "case__young_person__date_of_birth",
            "case__young_person__gender",
            *columns,
            "status",
            "urgency",
            "requested_at",
            "last_activity_at",
        )
    )


def inbox(user: User, *, tab: str = "open", urgency: str = "") -> QuerySet[Referral]:
    """Referrals received by the user's agency."""
    require_case_role(user)
    if user.agency_id is None:
        return Referral.objects.none()
    return _listing(Referral.objects.filter(to_agency_id=user.agency_id), tab=tab, urgency=urgency)


def outbox(user: User, *, tab: str = "open", urgency: str = "") -> QuerySet[Referral]:
    """Referrals sent by the user's agency."""
    require_case_role(user)
    if user.agency_id is None:
        return Referral.objects.none()
    return _listing(
        Referral.objects.filter(from_agency_id=user.agency_id), tab=tab, urgency=urgency
    )


def openable(user: User, referrals: list[Referral]) -> set[int]:
    """Which listed referrals the user may open now (one check for the page)."""
    pairs = {(user.pk, r.case_id, r.scope) for r in referrals}
    ok = audience(pairs, need=Disclosure.LABEL)
    return {r.pk for r in referrals if (user.pk, r.case_id, r.scope) in ok}
