"""My tasks: the user's and their agency's, across their cases; done from the list."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from agencies.tests.factories import AgencyFactory
from cases import services
from cases.tests.factories import open_case
from conftest import reminders_of


@pytest.fixture
def tasks(personas, case):
    other = AgencyFactory.create()
    services.team_member_add(case=case, agency=other, by=personas.coordinator)
    today = date.today()

    def add(text, agency, days, assignee=None):
        return services.task_add(
            plan=case.plan,
            description=text,
            agency=agency,
            assignee=assignee,
            due_on=max(case.opened_on, today + timedelta(days=days)),
            by=personas.coordinator,
        )

    return {
        "mine_soon": add("私のタスク", personas.agency_a, 3, personas.practitioner_a),
        "agency_later": add("機関のタスク", personas.agency_a, 40),
        "other_agency": add("他機関のタスク", other, 2),
    }


def test_my_tasks_lists_mine_and_my_agencys_by_due_date(client, personas, tasks):
    client.force_login(personas.practitioner_a)
    page = client.get(reverse("cases:my-tasks")).text
    assert page.index("私のタスク") < page.index("機関のタスク")
    assert "他機関のタスク" not in page
    week = client.get(reverse("cases:my-tasks"), {"due": "week"}).text
    assert "私のタスク" in week and "機関のタスク" not in week


def test_a_task_done_from_the_list_settles_its_reminders(client, personas, tasks):
    task = tasks["mine_soon"]
    assert reminders_of(task).filter(sent_at=None).exists()
    client.force_login(personas.practitioner_a)
    url = reverse("cases:my-tasks")
    response = client.post(
        reverse("cases:task-status", args=[task.plan.case_id, task.pk]),
        {"status": "done", "next": url},
    )
    assert response.url == url
    task.refresh_from_db()
    assert task.status == "done"
    assert not reminders_of(task).filter(sent_at=None).exists()
    assert f'id="task-{task.pk}"' not in client.get(url).text


def test_a_closed_case_or_a_case_outside_my_team_lists_nothing(client, personas):
    outside = open_case(lead_agency=personas.agency_b, by=personas.coordinator)
    services.task_add(
        plan=outside.plan,
        description="見えないタスク",
        agency=personas.agency_b,
        due_on=date.today() + timedelta(days=1),
        by=personas.coordinator,
    )
    client.force_login(personas.practitioner_a)
    assert "見えないタスク" not in client.get(reverse("cases:my-tasks")).text


@pytest.mark.parametrize("n", [3, 30])
def test_my_tasks_queries_do_not_grow(client, personas, n, django_assert_max_num_queries):
    for _ in range(n):
        case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
        services.task_add(
            plan=case.plan,
            description="訪問",
            agency=personas.agency_a,
            due_on=date.today() + timedelta(days=2),
            by=personas.coordinator,
        )
    client.force_login(personas.practitioner_a)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("cases:my-tasks")).status_code == 200
