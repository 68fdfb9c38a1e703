"""The ledger's counts are subqueries: one count never multiplies another."""

from datetime import timedelta

from django.urls import reverse

from agencies.tests.factories import AgencyFactory
from cases import ledger, services
from cases.ledger import LedgerCount
from cases.models import CaseTeamMember
from cases.selectors import ledger as ledger_rows


def test_two_to_many_counts_on_one_case_stay_right(monkeypatch, personas, case):
    """Tasks and team members both join the case: as grouped joins they would multiply."""
    monkeypatch.setitem(
        ledger._counts,
        "team_size",
        LedgerCount(
            "team_size",
            "チームの機関数",
            lambda today: CaseTeamMember.objects.filter(removed_at__isnull=True),
            case_path="case_id",
        ),
    )
    for _ in range(2):
        services.team_member_add(case=case, agency=AgencyFactory.create(), by=personas.coordinator)
    opened = case.opened_on
    for due_in, status in ((0, "open"), (5, "in_progress"), (9, "open"), (1, "done")):
        task = services.task_add(
            plan=case.plan,
            description="タスク",
            agency=personas.agency_a,
            due_on=opened + timedelta(days=due_in),
            by=personas.coordinator,
        )
        services.task_set_status(task=task, status=status, by=personas.coordinator)
    # the day after opening: the task due on the opening day is overdue
    [row] = ledger_rows(personas.coordinator, today=opened + timedelta(days=1))
    counts = [getattr(row, key) for key in ("open_tasks", "overdue_tasks", "team_size")]
    assert counts == [3, 1, 3]


def test_the_ledger_shows_every_registered_count(client, monkeypatch, personas, case):
    monkeypatch.setitem(
        ledger._counts,
        "team_size",
        LedgerCount(
            "team_size",
            "チームの機関数",
            lambda today: CaseTeamMember.objects.filter(removed_at__isnull=True),
            case_path="case_id",
        ),
    )
    client.force_login(personas.coordinator)
    page = client.get(reverse("cases:ledger")).text
    assert "チームの機関数" in page
    assert "未完了のタスク" in page
