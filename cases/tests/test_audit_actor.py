"""Who did it, everywhere: requests, services called from anywhere, commands, tasks."""

from datetime import date

from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from cases import services
from cases.models import Case, YoungPerson
from cases.tests.factories import YoungPersonFactory, open_case
from core.audit import acting
from council.celery import app


def _changes_of(model, pk) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(content_type__model=model._meta.model_name, object_pk=str(pk))
        .exclude(action=LogEntry.Action.ACCESS)
        .order_by("pk")
    )


def test_a_service_called_outside_a_request_records_who_it_acted_for(personas, case):
    services.case_update(case=case, by=personas.practitioner_a, risk_level="high")
    entry = _changes_of(Case, case.pk)[-1]
    assert entry.actor == personas.practitioner_a
    assert entry.changes_dict["risk_level"] == ["low", "high"]


def test_a_request_records_the_user_and_an_address_the_client_cannot_forge(client, personas, case):
    client.force_login(personas.practitioner_a)
    client.post(
        reverse("cases:edit", args=[case.pk]),
        {"referral_source": "family", "risk_level": "high"},
        REMOTE_ADDR="10.0.0.7",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    entry = _changes_of(Case, case.pk)[-1]
    assert entry.actor == personas.practitioner_a
    assert entry.remote_addr == "10.0.0.7"
    client.get(case.get_absolute_url(), REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert read.remote_addr == "10.0.0.7"


def test_a_nested_service_restores_the_surrounding_actor(personas, case):
    """auditlog's context managers do not nest; ours put the surrounding context back."""
    with acting(process="command test"):
        services.case_update(case=case, by=personas.practitioner_a, risk_level="high")
        case.summary = "after the service"
        case.save()
    by_service, after = _changes_of(Case, case.pk)[-2:]
    assert by_service.actor == personas.practitioner_a
    assert after.actor is None
    assert after.actor_email == "system:command test"


def test_a_command_marks_its_changes_as_the_systems(personas):
    person = YoungPersonFactory.create(family_name="古川")
    case = open_case(
        lead_agency=personas.agency_a,
        by=personas.coordinator,
        person=person,
        opened_on=date(2015, 4, 1),
    )
    services.case_close(
        case=case, reason="goal_reached", by=personas.coordinator, closed_on=date(2016, 1, 1)
    )
    call_command("anonymise_closed_cases", "--years", "5")
    [entry] = [
        e
        for e in _changes_of(YoungPerson, person.pk)
        if (e.actor_email or "").startswith("system:")
    ]
    assert entry.actor is None
    assert entry.actor_email == "system:command anonymise_closed_cases"


def test_a_celery_task_marks_its_changes_as_the_systems(personas, case):
    @app.task(name="tests.touch_case")
    def touch_case(case_id: int) -> None:
        case = Case.objects.get(pk=case_id)
        case.risk_level = Case.Risk.HIGH
        case.save()

    touch_case.apply(args=(case.pk,))
    entry = _changes_of(Case, case.pk)[-1]
    assert entry.actor_email == "system:task tests.touch_case"
