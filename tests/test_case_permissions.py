"""The permission matrix of every case URL, for every persona (DOMAIN.md section 5).

Personas: the coordinator; practitioner_a, whose agency leads the case;
practitioner_b, whose agency was never on it; practitioner_c, whose agency
was on the team and was removed; the representative; an anonymous visitor.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db.models import Model
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from agencies.models import Agency
from agencies.tests.factories import AgencyFactory
from cases import services
from cases.models import Case, CaseNote, CaseTeamMember, LedgerExport, PlanGoal, PlanTask
from cases.tests.factories import open_case, prepared_export
from cases.tests.test_intake import intake_data
from conftest import Personas
from notifications.models import Notification, Reminder

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
    agency_e: Agency  # never on the team: the one to add
    other_case: Case  # another record of someone, to merge
    export: LedgerExport  # the coordinator's prepared ledger export

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
    agency_e = AgencyFactory.create()
    other_case = open_case(lead_agency=personas.agency_a, by=coordinator)
    export = prepared_export(coordinator)
    return World(
        personas, practitioner_c, case, note, goal, task, member, agency_e, other_case, export
    )


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
    ("cases:my-tasks", None, ANY_CASE_WORKER),
    ("cases:intake", None, COORDINATOR_ONLY),
    ("cases:key-worker-options", None, COORDINATOR_ONLY),
    ("cases:ledger", None, ANY_CASE_WORKER),
    ("cases:inactive-teams", None, COORDINATOR_ONLY),
    ("cases:ledger-export", lambda w: {"fmt": "xlsx"}, ANY_CASE_WORKER),
    ("cases:ledger-export", lambda w: {"fmt": "csv"}, ANY_CASE_WORKER),
    ("cases:ledger-review", lambda w: {"pk": w.case.pk}, POST_ONLY),
    # a prepared export (the coordinator's): for its owner only
    (
        "cases:ledger-export-file",
        lambda w: {"pk": w.export.pk},
        {
            **COORDINATOR_ONLY,
            "practitioner_a": UNKNOWN,
            "practitioner_b": UNKNOWN,
            "practitioner_c": UNKNOWN,
        },
    ),
    ("cases:person", lambda w: {"pk": w.case.young_person_id}, ON_CASE),
    (
        "cases:person-merge",
        lambda w: {"pk": w.case.young_person_id, "other_pk": w.other_case.young_person_id},
        COORDINATOR_ONLY,
    ),
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
    ("cases:face-sheet", lambda w: {"pk": w.case.pk}, ON_CASE),
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


def _close(w: World) -> None:
    services.case_close(case=w.case, reason="moved_away", by=w.personas.coordinator)


def _future(days: int = 30) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


# A payload that changes something for every URL that accepts POST, and what to
# prepare first (reopening needs a closed case). The coordinator's POST must
# change the record (so the payload is real); an outsider's must change nothing.
POST_DATA: dict[str, tuple[Callable[[World], dict], Callable[[World], None] | None]] = {
    "cases:intake": (lambda w: intake_data(w.personas), None),
    "cases:ledger-review": (lambda w: {"next_review_on": _future()}, None),
    "cases:person-merge": (lambda w: {}, None),
    "cases:person-edit": (
        lambda w: {
            "family_name": "改名",
            "given_name": "太郎",
            "family_name_kana": "カイメイ",
            "given_name_kana": "タロウ",
            "date_of_birth": "2009-05-01",
            "gender": "male",
        },
        None,
    ),
    "cases:edit": (
        lambda w: {"referral_source": "family", "risk_level": "high", "summary": "変更"},
        None,
    ),
    "cases:lead": (lambda w: {"lead_agency": w.member.agency_id}, None),
    "cases:transition": (lambda w: {"to": "assessment"}, None),
    "cases:close": (lambda w: {"reason": "moved_away"}, None),
    "cases:reopen": (lambda w: {}, _close),
    "cases:team-add": (lambda w: {"agency": w.agency_e.pk, "role_text": "就労支援"}, None),
    "cases:team-edit": (lambda w: {"role_text": "役割の変更"}, None),
    "cases:team-remove": (lambda w: {}, None),
    "cases:plan-edit": (lambda w: {"policy": "新しい方針"}, None),
    "cases:goal-add": (lambda w: {"text": "新しい目標"}, None),
    "cases:goal-achieved": (lambda w: {"achieved": "1"}, None),
    "cases:task-add": (
        lambda w: {
            "description": "新しいタスク",
            "agency": w.personas.agency_a.pk,
            "due_on": _future(),
        },
        None,
    ),
    "cases:task-edit": (
        lambda w: {"description": "変更", "agency": w.personas.agency_a.pk, "due_on": _future(9)},
        None,
    ),
    "cases:task-status": (lambda w: {"status": "done"}, None),
    "cases:note-add": (
        lambda w: {"contact_on": date.today().isoformat(), "kind": "phone", "text": "電話した"},
        None,
    ),
    "cases:note-amend": (
        lambda w: {
            "contact_on": date.today().isoformat(),
            "kind": "phone",
            "text": "訂正",
            "amend_reason": "日付の誤り",
        },
        None,
    ),
}


def record_state() -> list[list[dict]]:
    """Every row of every cases model and of the notifications: a change shows here."""
    models: list[type[Model]] = [
        *apps.get_app_config("cases").get_models(),
        Notification,
        Reminder,
    ]
    return [list(model._default_manager.order_by("pk").values()) for model in models]


def _url(name: str, kwargs: object, w: World) -> str:
    return reverse(name, kwargs=kwargs(w) if callable(kwargs) else None)


URLS = list({name: (name, kwargs) for name, kwargs, _statuses in CASE_MATRIX}.values())
STATUSES = {name: statuses for name, _kwargs, statuses in CASE_MATRIX}


@pytest.mark.parametrize(("url_name", "kwargs"), URLS)
def test_every_writing_url_has_a_payload_that_really_writes(client, world, url_name, kwargs):
    """POST as the coordinator: a URL that accepts it must be in POST_DATA, and its
    payload must change the record, so that the outsider test below means something."""
    client.force_login(world.personas.coordinator)
    payload, prepare = POST_DATA.get(url_name, (lambda w: {}, None))
    if callable(prepare):
        prepare(world)
    before = record_state()
    response = client.post(_url(url_name, kwargs, world), payload(world))
    if url_name not in POST_DATA:
        assert response.status_code == 405, f"{url_name} accepts POST: add it to POST_DATA"
        return
    assert response.status_code in (200, 302), response.content[:500]
    assert record_state() != before, f"the POST_DATA of {url_name} changed nothing"


OUTSIDERS = {"practitioner_b": UNKNOWN, "practitioner_c": UNKNOWN, "representative": DENIED}


@pytest.mark.parametrize(("url_name", "kwargs"), [u for u in URLS if u[0] in POST_DATA])
@pytest.mark.parametrize("persona", list(OUTSIDERS))
def test_outsiders_cannot_change_a_case(client, world, url_name, kwargs, persona):
    """Generated from the matrix: every writing case URL, POSTed by each outsider."""
    payload, prepare = POST_DATA[url_name]
    if callable(prepare):
        prepare(world)
    client.force_login(world.user(persona))
    before = record_state()
    response = client.post(_url(url_name, kwargs, world), payload(world))
    # as the matrix says for this persona; POST-only URLs (405 on GET) refuse like pages
    # of one case (404, or 403 for a role without case work) or like the office's (403)
    expected = STATUSES[url_name][persona]
    if expected == NOT_ALLOWED_METHOD:
        expected = OUTSIDERS[persona] if callable(kwargs) else DENIED
    assert response.status_code == expected, f"{persona} POST {url_name}"
    assert record_state() == before


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
