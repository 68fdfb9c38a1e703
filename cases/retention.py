"""Anonymising young people whose cases closed long ago (DOMAIN.md section 5).

A young person is anonymised when every one of their cases has been closed
for more than the retention period. The case rows stay (for the council's
statistics: numbers, dates, statuses, agencies), but everything that could
identify the person goes: names, contact details, family situation, the
free text of notes and summaries, and the old values kept in the audit log.
"""

from dataclasses import dataclass
from datetime import date

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseNote, YoungPerson

ANONYMISED_FIELDS = [
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "date_of_birth",
    "phone",
    "address",
    "school_or_workplace",
    "family_situation",
    "search_key",
]


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
    """Anonymise every expired young person; running it twice changes nothing more."""
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
    removed = _("(anonymised after the retention period)")
    now = timezone.now()
    # Bulk writes on purpose: the audit log must not copy the old values again.
    anonymised = list(YoungPerson.objects.filter(pk__in=people))
    for person in anonymised:
        person.family_name = _("Anonymised")
        person.given_name = f"#{person.pk}"
        person.family_name_kana = person.given_name_kana = ""
        person.date_of_birth = person.date_of_birth.replace(month=1, day=1)  # year only
        person.phone = person.address = person.school_or_workplace = ""
        person.family_situation = ""
        person.search_key = ""
        person.anonymised_at = now
    YoungPerson.objects.bulk_update(anonymised, [*ANONYMISED_FIELDS, "anonymised_at"])
    cases.update(summary=removed, closure_note="", referral_source_note="")
    notes.update(text=removed)
    person_type = ContentType.objects.get_for_model(YoungPerson)
    LogEntry.objects.filter(
        Q(content_type=person_type, object_pk__in=[str(p) for p in people])
        | Q(additional_data__case_id__in=case_ids)
    ).update(changes=None, changes_text="", object_repr=removed, serialized_data=None)
    return result
