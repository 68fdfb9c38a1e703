"""Case numbers stay unique and gap-free when coordinators open cases at once."""

import threading
from datetime import date

import pytest
from django.db import connection

from cases.models import Case
from cases.tests.factories import YoungPersonFactory, open_case


@pytest.mark.django_db(transaction=True)
def test_concurrent_openings_get_distinct_consecutive_numbers(personas):
    people = [YoungPersonFactory.create() for _ in range(8)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def open_one(person):
        try:
            barrier.wait()
            open_case(
                lead_agency=personas.agency_a,
                by=personas.coordinator,
                person=person,
                opened_on=date(2026, 6, 1),
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=open_one, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(Case.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, len(people) + 1))
    assert Case.objects.values("number").distinct().count() == len(people)


@pytest.mark.django_db(transaction=True)
def test_a_failed_opening_gives_its_number_back(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):  # key worker of another agency: rolled back
        open_case(
            lead_agency=personas.agency_a,
            by=personas.coordinator,
            key_worker=personas.practitioner_b,
            opened_on=date(2026, 6, 1),
        )
    case = open_case(
        lead_agency=personas.agency_a, by=personas.coordinator, opened_on=date(2026, 6, 2)
    )
    assert case.number == "2026-0001"
