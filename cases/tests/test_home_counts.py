"""A council-wide home count stops at a cap and says so (issue 12)."""

from datetime import timedelta

from django.utils import timezone

from cases import home, services
from core.home import home_items


def test_overdue_tasks_beyond_the_cap_read_as_at_least(monkeypatch, personas, case):
    monkeypatch.setattr(home, "COUNT_CAP", 5)  # as many as the item lists
    for _n in range(6):
        task = services.task_add(
            plan=case.plan,
            description="電話する",
            agency=personas.agency_a,
            due_on=timezone.localdate() + timedelta(days=1),
            by=personas.coordinator,
        )
    today = timezone.localdate() + timedelta(days=5)
    [item] = [i for i in home_items(personas.coordinator, today) if i.key == "cases-overdue-tasks"]
    assert (item.count, item.at_least) == (5, True)
    services.task_set_status(task=task, status="done", by=personas.coordinator)
    [item] = [i for i in home_items(personas.coordinator, today) if i.key == "cases-overdue-tasks"]
    assert (item.count, item.at_least) == (5, False)


def test_an_item_that_lists_everything_counts_without_a_query(personas, case):
    services.task_add(
        plan=case.plan,
        description="電話する",
        agency=personas.agency_a,
        due_on=timezone.localdate() + timedelta(days=1),
        by=personas.coordinator,
    )
    today = timezone.localdate() + timedelta(days=5)
    [item] = [i for i in home_items(personas.coordinator, today) if i.key == "cases-overdue-tasks"]
    assert (item.count, item.at_least, len(item.rows)) == (1, False, 1)
