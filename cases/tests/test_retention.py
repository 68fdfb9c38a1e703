from datetime import date

import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command

from cases import services
from cases.models import YoungPerson
from cases.tests.factories import YoungPersonFactory, open_case


def _closed_case(personas, person, closed_on):
    case = open_case(
        lead_agency=personas.agency_a,
        by=personas.coordinator,
        person=person,
        opened_on=date(2018, 4, 10),
    )
    services.note_add(
        case=case,
        author=personas.practitioner_a,
        contact_on=date(2018, 5, 1),
        kind="home_visit",
        text="鈴木さん宅を訪問",
    )
    services.case_close(
        case=case, reason="goal_reached", by=personas.coordinator, closed_on=closed_on
    )
    return case


@time_machine.travel(date(2026, 11, 28))
def test_retention_anonymises_exactly_the_expired_people(personas):
    expired = YoungPersonFactory.create(family_name="古川", date_of_birth=date(2002, 6, 15))
    recent = YoungPersonFactory.create(family_name="新井")
    mixed = YoungPersonFactory.create(family_name="中島")
    expired_case = _closed_case(personas, expired, date(2021, 3, 1))
    _closed_case(personas, recent, date(2023, 3, 1))
    _closed_case(personas, mixed, date(2020, 3, 1))
    open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=mixed)  # still open

    call_command("anonymise_closed_cases", "--years", "5")

    expired.refresh_from_db()
    assert expired.anonymised_at is not None
    assert expired.family_name != "古川"
    assert expired.family_name_kana == ""
    assert expired.date_of_birth == date(2002, 1, 1)
    assert expired_case.notes.get().text != "鈴木さん宅を訪問"
    assert set(YoungPerson.objects.filter(anonymised_at__isnull=True)) == {recent, mixed}
    history = LogEntry.objects.filter(additional_data__case_id=expired_case.pk)
    assert history.exists()
    assert not any("鈴木さん宅を訪問" in str(e.changes) for e in history)
    person_history = LogEntry.objects.filter(
        content_type__model="youngperson", object_pk=str(expired.pk)
    )
    assert not any("古川" in str(e.changes) + e.object_repr for e in person_history)


@time_machine.travel(date(2026, 11, 28))
def test_retention_dry_run_lists_and_changes_nothing_and_reruns_are_idempotent(personas, capsys):
    person = YoungPersonFactory.create(family_name="古川")
    _closed_case(personas, person, date(2020, 1, 1))
    call_command("anonymise_closed_cases", "--dry-run")
    out = capsys.readouterr().out
    assert "Would anonymise 1 young people" in out
    assert f"#{person.pk}" in out
    person.refresh_from_db()
    assert person.family_name == "古川"

    call_command("anonymise_closed_cases")
    call_command("anonymise_closed_cases")
    assert "Anonymised 0 young people" in capsys.readouterr().out.splitlines()[-1]
