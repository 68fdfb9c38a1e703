"""The agenda builders: the progress ledger's cases for a practitioners' meeting, and
the transition review of young people leaving junior high school or child welfare."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from cases.access import ledger_cases_for
from cases.ledger import ledger_counts
from cases.models import Case
from cases.selectors import ledger
from core.audit import audited_as
from core.dates import fiscal_year_of
from meetings.models import AgendaItem, Meeting
from meetings.services import _editable, _locked, _next_order, _open_grants


def _prepared_summary(case: Case, alerts: dict[str, int], labels: dict[str, str]) -> str:
    """What the agenda builder prepares for a case item: ledger facts only, no free text."""
    parts = [
        _("Status: %(status)s") % {"status": case.get_status_display()},
        _("Lead agency: %(agency)s") % {"agency": case.lead_agency},
    ]
    if case.next_review_on:
        parts.append(_("Next review: %(day)s") % {"day": case.next_review_on.strftime("%Y-%m-%d")})
    parts += [f"{labels[key]}: {n}" for key, n in alerts.items() if n]
    return " / ".join(parts)


def ledger_candidates(*, meeting: Meeting, by: User, today: date | None = None) -> list[Case]:
    """The cases a practitioners' meeting walks through, in ledger order.

    Every open case due for review by the meeting's day, plus every case
    with a ledger alert today (overdue tasks, and what apps above cases
    register: overdue referrals), from the organiser's ledger.
    """
    alerts = [c for c in ledger_counts() if c.alert]
    rows = ledger(by, today=today)
    chosen = []
    for case in rows:
        due = case.next_review_on is not None and case.next_review_on <= meeting.day
        if due or any(getattr(case, c.key, 0) for c in alerts):
            chosen.append(case)
    return chosen


@audited_as("by")
@transaction.atomic
def agenda_build_from_ledger(*, meeting: Meeting, by: User) -> list[AgendaItem]:
    """Add every ledger case the meeting should review (cases already on it are kept)."""
    meeting = _locked(meeting)
    _editable(meeting)
    if not meeting.kind.takes_case_items:
        raise ValidationError(_("This kind of meeting does not discuss individual cases."))
    alerts = [c for c in ledger_counts() if c.alert]
    labels = {c.key: str(c.label) for c in alerts}
    present = set(meeting.items.exclude(case=None).values_list("case_id", flat=True))
    added = []
    order = _next_order(meeting)
    for case in ledger_candidates(meeting=meeting, by=by):
        if case.pk in present:
            continue
        counts = {c.key: getattr(case, c.key, 0) for c in alerts}
        added.append(
            AgendaItem(
                meeting=meeting,
                order=order,
                kind=AgendaItem.Kind.CASE,
                case=case,
                label=case.anonymised_label,
                prepared_text=_prepared_summary(case, counts, labels),
            )
        )
        order += 1
    AgendaItem.objects.bulk_create(added)
    if added:
        _open_grants(meeting, by)
    return added


def transition_candidates(*, fiscal_year: int, by: User) -> list[Case]:
    """Open cases of young people in 中学3年 in the fiscal year, or turning 18 in it.

    Japanese school years run from 2 April to 1 April of birth dates: the
    third year of junior high school in fiscal year Y is born from
    2 April Y-15 to 1 April Y-14. Turning 18 in the fiscal year: the 18th
    birthday falls from 1 April Y to 31 March Y+1.
    """
    ninth = Q(
        young_person__date_of_birth__gte=date(fiscal_year - 15, 4, 2),
        young_person__date_of_birth__lte=date(fiscal_year - 14, 4, 1),
    )
    eighteen = Q(
        young_person__date_of_birth__gte=date(fiscal_year - 18, 4, 1),
        young_person__date_of_birth__lte=date(fiscal_year - 17, 3, 31),
    )
    return list(
        ledger_cases_for(by)
        .filter(ninth | eighteen)
        .select_related("young_person", "lead_agency")
        .order_by("young_person__date_of_birth", "fiscal_year", "sequence")
    )


@audited_as("by")
@transaction.atomic
def agenda_build_transition(*, meeting: Meeting, by: User) -> list[AgendaItem]:
    """The transition review (Toyonaka, with the education board and child welfare):
    always anonymised, so only an anonymised meeting may hold it."""
    meeting = _locked(meeting)
    _editable(meeting)
    if meeting.kind.is_personal or not meeting.kind.takes_case_items:
        raise ValidationError(
            _("The transition review is anonymised: build it in a meeting that shows labels only.")
        )
    fiscal_year = fiscal_year_of(meeting.day)
    present = set(meeting.items.exclude(case=None).values_list("case_id", flat=True))
    order = _next_order(meeting)
    added = []
    for case in transition_candidates(fiscal_year=fiscal_year, by=by):
        if case.pk in present:
            continue
        age = case.young_person.date_of_birth
        reason = (
            _("Finishes junior high school this fiscal year")
            if age >= date(fiscal_year - 15, 4, 2)
            else _("Turns 18 this fiscal year (child welfare ends)")
        )
        added.append(
            AgendaItem(
                meeting=meeting,
                order=order,
                kind=AgendaItem.Kind.CASE,
                case=case,
                label=case.anonymised_label,
                prepared_text=f"{reason} / "
                + _("Lead agency: %(agency)s") % {"agency": case.lead_agency},
            )
        )
        order += 1
    AgendaItem.objects.bulk_create(added)
    return added
