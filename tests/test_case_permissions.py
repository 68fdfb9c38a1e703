"""The permission matrix of every case URL, for every persona (DOMAIN.md section 5).

Personas: the coordinator; practitioner_a, whose agency leads the case;
practitioner_b, whose agency was never on it; practitioner_c, whose agency
was on the team and was removed; the representative; an anonymous visitor.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory
from cases import services
from cases.models import Case, CaseNote, CaseTeamMember, PlanGoal, PlanTask
from conftest import Personas

PERSONAS = [
    "anonymous",
    "coordinator",
    "practitioner_a",
    "practitioner_b",
    "practitioner_c",
    "representative",
]


@dataclass
class World:
    personas: Personas
    practitioner_c: User
    case: Case
    note: CaseNote
    goal: PlanGoal
    task: PlanTask
    member: CaseTeamMember  # a current, non-lead team member (agency D)

    def user(self, name: str) -> User | None:
        if name == "practitioner_c":
            return self.practitioner_c
        return self.personas.by_name(name)


@pytest.fixture
def world(personas: Personas, case: Case) -> World:
    coordinator = personas.coordinator
    agency_c, agency_d = AgencyFactory.create(), AgencyFactory.create()
    practitioner_c = UserFactory.create(username="practitioner_c", agency=agency_c)
    removed = services.team_member_add(case=case, agency=agency_c, by=coordinator)
    services.team_member_remove(member=removed, by=coordinator)
    member = services.team_member_add(case=case, agency=agency_d, by=coordinator)
    note = services.note_add(
        case=case,
        author=personas.practitioner_a,
        contact_on=date.today(),
        kind="phone",
        text="電話",
    )
    goal = services.goal_add(plan=case.plan, text="週1回外出する", by=coordinator)
    task = services.task_add(
        plan=case.plan,
        description="家庭訪問",
        agency=personas.agency_a,
        due_on=date.today(),
        by=coordinator,
    )
    return World(personas, practitioner_c, case, note, goal, task, member)


OK, LOGIN, DENIED, UNKNOWN, NOT_ALLOWED_METHOD = 200, 302, 403, 404, 405
ON_CASE = {  # a page of one case: the team sees it, others may not know it exists
    "anonymous": LOGIN,
    "coordinator": OK,
    "practitioner_a": OK,
    "practitioner_b": UNKNOWN,
    "practitioner_c": UNKNOWN,
    "representative": DENIED,
}
MANAGE = ON_CASE  # practitioner_a's agency leads the case, so it manages it too
# GET on a POST-only URL says 405 before anything is loaded, so it reveals nothing;
# test_outsiders_cannot_change_a_case covers what a POST may do.
POST_ONLY = {name: NOT_ALLOWED_METHOD for name in PERSONAS} | {"anonymous": LOGIN}
COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "coordinator": OK,
    "practitioner_a": DENIED,
    "practitioner_b": DENIED,
    "practitioner_c": DENIED,
    "representative": DENIED,
}
ANY_CASE_WORKER = {
    "anonymous": LOGIN,
    "coordinator": OK,
    "practitioner_a": OK,
    "practitioner_b": OK,
    "practitioner_c": OK,
    "representative": DENIED,
}

CASE_MATRIX: list[tuple[str, object, dict[str, int]]] = [
    ("cases:index", None, ANY_CASE_WORKER),
    ("cases:intake", None, COORDINATOR_ONLY),
    ("cases:key-worker-options", None, COORDINATOR_ONLY),
    ("cases:ledger", None, ANY_CASE_WORKER),
    ("cases:ledger-export", lambda w: {"fmt": "xlsx"}, ANY_CASE_WORKER),
    ("cases:ledger-export", lambda w: {"fmt": "csv"}, ANY_CASE_WORKER),
    ("cases:ledger-review", lambda w: {"pk": w.case.pk}, POST_ONLY),
    ("cases:person", lambda w: {"pk": w.case.young_person_id}, ON_CASE),
    (
        "cases:person-edit",
        lambda w: {"pk": w.case.young_person_id},
        {**ON_CASE, "practitioner_a": DENIED},
    ),
    ("cases:detail", lambda w: {"pk": w.case.pk}, ON_CASE),
    ("cases:edit", lambda w: {"pk": w.case.pk}, MANAGE),
    ("cases:lead", lambda w: {"pk": w.case.pk}, MANAGE),
    ("cases:transition", lambda w: {"pk": w.case.pk}, POST_ONLY),
    ("cases:close", lambda w: {"pk": w.case.pk}, MANAGE),
    ("cases:reopen", lambda w: {"pk": w.case.pk}, POST_ONLY),
    ("cases:history", lambda w: {"pk": w.case.pk}, {**ON_CASE, "practitioner_a": DENIED}),
    ("cases:team-add", lambda w: {"pk": w.case.pk}, MANAGE),
    ("cases:team-edit", lambda w: {"pk": w.case.pk, "member_pk": w.member.pk}, MANAGE),
    ("cases:team-remove", lambda w: {"pk": w.case.pk, "member_pk": w.member.pk}, MANAGE),
    ("cases:plan-edit", lambda w: {"pk": w.case.pk}, MANAGE),
    ("cases:goal-add", lambda w: {"pk": w.case.pk}, MANAGE),
    ("cases:goal-achieved", lambda w: {"pk": w.case.pk, "goal_pk": w.goal.pk}, POST_ONLY),
    ("cases:task-add", lambda w: {"pk": w.case.pk}, MANAGE),
    ("cases:task-edit", lambda w: {"pk": w.case.pk, "task_pk": w.task.pk}, MANAGE),
    ("cases:task-status", lambda w: {"pk": w.case.pk, "task_pk": w.task.pk}, POST_ONLY),
    ("cases:note-add", lambda w: {"pk": w.case.pk}, ON_CASE),
    ("cases:note-amend", lambda w: {"pk": w.case.pk, "note_pk": w.note.pk}, ON_CASE),
]

CASES = [
    pytest.param(name, kwargs, persona, statuses[persona], id=f"{name}-{persona}")
    for name, kwargs, statuses in CASE_MATRIX
    for persona in PERSONAS
]


@pytest.mark.parametrize(("url_name", "kwargs", "persona", "expected"), CASES)
def test_case_permission_matrix(client, world: World, url_name, kwargs, persona, expected):
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    url = reverse(url_name, kwargs=kwargs(world) if callable(kwargs) else None)
    assert client.get(url).status_code == expected, f"{persona} GET {url}"


POSTS = [
    ("cases:transition", lambda w: {"pk": w.case.pk}, {"to": "assessment"}),
    ("cases:reopen", lambda w: {"pk": w.case.pk}, {}),
    ("cases:close", lambda w: {"pk": w.case.pk}, {"reason": "moved_away"}),
    (
        "cases:note-add",
        lambda w: {"pk": w.case.pk},
        {"contact_on": "2026-01-05", "kind": "phone", "text": "x"},
    ),
    ("cases:task-status", lambda w: {"pk": w.case.pk, "task_pk": w.task.pk}, {"status": "done"}),
    ("cases:ledger-review", lambda w: {"pk": w.case.pk}, {"next_review_on": "2027-01-01"}),
    ("cases:team-remove", lambda w: {"pk": w.case.pk, "member_pk": w.member.pk}, {}),
    ("cases:person-edit", lambda w: {"pk": w.case.young_person_id}, {}),
]


@pytest.mark.parametrize(("url_name", "kwargs", "data"), POSTS)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("practitioner_b", 404), ("practitioner_c", 404), ("representative", 403)],
)
def test_outsiders_cannot_change_a_case(client, world, url_name, kwargs, data, persona, expected):
    client.force_login(world.user(persona))
    before = (Case.objects.get().status, CaseNote.objects.count(), PlanTask.objects.get().status)
    response = client.post(reverse(url_name, kwargs=kwargs(world)), data)
    assert response.status_code == expected
    assert (
        Case.objects.get().status,
        CaseNote.objects.count(),
        PlanTask.objects.get().status,
    ) == before


def test_removed_agency_loses_access_and_regains_it_when_added_back(client, world):
    client.force_login(world.practitioner_c)
    url = world.case.get_absolute_url()
    assert client.get(url).status_code == 404
    services.team_member_add(
        case=world.case, agency=world.practitioner_c.agency, by=world.personas.coordinator
    )
    assert client.get(url).status_code == 200


def test_designated_body_practitioner_sees_all_ledger_rows_but_not_the_case(client, world):
    from agencies.models import CouncilRole

    designated = AgencyFactory.create(council_role=CouncilRole.DESIGNATED)
    worker = UserFactory.create(agency=designated)
    client.force_login(worker)
    response = client.get(reverse("cases:ledger"))
    assert world.case.number in response.text
    assert world.case.get_absolute_url() not in response.text  # a row, not a link
    assert world.case.young_person.family_name not in response.text
    # the ledger told them the case exists (the anonymised label): 403, not 404
    assert client.get(world.case.get_absolute_url()).status_code == 403


def test_member_agency_practitioner_sees_only_own_ledger_rows(client, world):
    client.force_login(world.personas.practitioner_b)
    assert world.case.number not in client.get(reverse("cases:ledger")).text
    client.force_login(world.personas.practitioner_a)
    assert world.case.number in client.get(reverse("cases:ledger")).text
