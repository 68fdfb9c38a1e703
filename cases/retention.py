"""Anonymising young people whose cases closed long ago (DOMAIN.md section 5).

A young person is anonymised when every one of their cases has been closed
for more than the retention period. The case rows stay (for the council's
statistics: numbers, dates, statuses, agencies), but everything that could
identify the person goes: every field a model declares personal
(core.retention: names, contacts, family situation, the free text of notes,
plans, tasks, team roles, and what later apps add) and the old values kept
in the audit log.
"""

from dataclasses import dataclass
from datetime import date

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.models import Case, CaseNote, YoungPerson
from core.retention import REDACTED, declared


@dataclass(frozen=True)
class RetentionResult:
    people: list[int]
    cases: int
    notes: int


def expired_young_people(*, today: date, years: int) -> QuerySet[YoungPerson]:
    """Not yet anonymised, with cases, all of them closed on or before the cut-off."""
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    still_relevant = Case.objects.filter(young_person=OuterRef("pk")).filter(
        ~Q(status=Case.Status.CLOSED) | Q(closed_on__gt=cutoff)
    )
    return (
        YoungPerson.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(Case.objects.filter(young_person=OuterRef("pk"))))
        .exclude(Exists(still_relevant))
        .order_by("pk")
    )


@transaction.atomic
def young_people_anonymise_expired(
    *, years: int, today: date | None = None, dry_run: bool = False
) -> RetentionResult:
    """Anonymise every expired young person; running it twice changes nothing more.

    1. Find the expired young people.
    2. For every model that declares personal data (core.retention), blank the
       declared fields of the rows about them, in bulk: the audit log must not
       copy the old values again.
    3. Wipe the old values the audit log kept of those rows, and of every
       entry about their cases.
    4. Record one audit entry per person: anonymised, by whom (the command).
    """
    people = list(
        expired_young_people(today=today or timezone.localdate(), years=years).values_list(
            "pk", flat=True
        )
    )
    cases = Case.objects.filter(young_person_id__in=people)
    notes = CaseNote.objects.filter(case__young_person_id__in=people)
    result = RetentionResult(people=people, cases=cases.count(), notes=notes.count())
    if dry_run or not people:
        return result
    case_ids = list(cases.values_list("pk", flat=True))
    removed = str(REDACTED)
    for declaration in declared():
        rows = declaration.rows_of(people)
        pks = [str(pk) for pk in rows.values_list("pk", flat=True)]
        if declaration.fields:
            rows.update(**declaration.replacements())
        content_type = ContentType.objects.get_for_model(declaration.model)
        LogEntry.objects.filter(content_type=content_type, object_pk__in=pks).update(
            changes=None, changes_text="", object_repr=removed, serialized_data=None
        )
    LogEntry.objects.filter(additional_data__case_id__in=case_ids).update(
        changes=None, changes_text="", object_repr=removed, serialized_data=None
    )
    YoungPerson.objects.filter(pk__in=people).update(anonymised_at=timezone.now())
    for person in YoungPerson.objects.filter(pk__in=people):
        LogEntry.objects.log_create(
            person,
            action=LogEntry.Action.UPDATE,
            changes={"anonymised_at": ["None", str(person.anonymised_at)]},
            force_log=True,
        )
    return result
