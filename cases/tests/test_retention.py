from datetime import date
from pathlib import Path

import time_machine
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models

from cases import services
from cases.models import (
    Case,
    CaseNote,
    CaseTeamMember,
    PlanGoal,
    PlanTask,
    SupportPlan,
    YoungPerson,
)
from cases.tests.factories import YoungPersonFactory, open_case
from core.retention import undeclared_text_fields


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


def _project_models() -> list[type[models.Model]]:
    base = Path(settings.BASE_DIR)
    return [
        m
        for m in apps.get_models()
        if Path(apps.get_app_config(m._meta.app_label).path).is_relative_to(base)
    ]


def _models_about_young_people() -> set[type[models.Model]]:
    """Every project model with a foreign key path to a case or a young person."""
    about: set[type[models.Model]] = {YoungPerson, Case}
    grew = True
    while grew:
        grew = False
        for model in _project_models():
            if model in about:
                continue
            targets = {
                f.related_model
                for f in model._meta.get_fields()
                if f.many_to_one or (f.one_to_one and f.concrete)
            }
            if targets & about:
                about.add(model)
                grew = True
    return about


def test_every_text_field_about_a_young_person_is_declared_personal_or_safe():
    about = _models_about_young_people()
    assert {CaseNote, PlanTask, PlanGoal, SupportPlan, CaseTeamMember} <= about  # not vacuous
    undeclared = {m.__name__: undeclared_text_fields(m) for m in about}
    assert not {name: fields for name, fields in undeclared.items() if fields}, (
        "declare these fields with core.retention.personal_data (personal or safe)"
    )


def test_the_check_catches_a_new_undeclared_text_field():
    class Visit(models.Model):  # noqa: DJ008 - a model for this test only
        case = models.ForeignKey(Case, on_delete=models.PROTECT)
        place = models.CharField(max_length=50)
        kind = models.CharField(max_length=10, choices=[("a", "A")])

        class Meta:
            app_label = "cases"

    assert undeclared_text_fields(Visit) == ["place"]


@time_machine.travel(date(2026, 11, 28))
def test_retention_blanks_every_declared_field_and_its_audit_history(personas):
    person = YoungPersonFactory.create(family_name="古川")
    case = _closed_case(personas, person, date(2020, 3, 1))
    secret = "古川さんの母親と面談"
    services.plan_update(plan=case.plan, by=personas.coordinator, policy=secret, review_on=None)
    goal = services.goal_add(plan=case.plan, text=secret, by=personas.coordinator)
    member = case.team.get()
    services.team_member_update(
        member=member, by=personas.coordinator, role_text=secret, practitioners=[]
    )
    with time_machine.travel(date(2018, 6, 1)):
        task = services.task_add(
            plan=case.plan,
            description=secret,
            agency=personas.agency_a,
            due_on=date(2018, 7, 1),
            by=personas.coordinator,
        )

    call_command("anonymise_closed_cases")

    for row in (case.plan, goal, member, task):
        row.refresh_from_db()
    assert secret not in (case.plan.policy, goal.text, member.role_text, task.description)
    for model, pk in (
        (SupportPlan, case.plan.pk),
        (PlanGoal, goal.pk),
        (CaseTeamMember, member.pk),
        (PlanTask, task.pk),
    ):
        entries = LogEntry.objects.filter(
            content_type__model=model._meta.model_name, object_pk=str(pk)
        )
        assert entries.exists()
        assert not any(
            secret in f"{e.changes} {e.object_repr} {e.serialized_data}" for e in entries
        )
