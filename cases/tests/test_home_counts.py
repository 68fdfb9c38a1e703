"""A council-wide home count stops at a cap and says so (issue 12)."""

from datetime import timedelta

from django.utils import timezone

from cases import home, services
from core.home import HomeItem, home_items

LATER = timedelta(days=5)


def _overdue_tasks(personas, case, n: int):  # type: ignore[no-untyped-def]
    """n tasks due tomorrow (overdue as seen LATER), the last one returned."""
    task = None
    for _n in range(n):
        task = services.task_add(
            plan=case.plan,
            description="電話する",
            agency=personas.agency_a,
            due_on=timezone.localdate() + timedelta(days=1),
            by=personas.coordinator,
        )
    return task


def _item(personas) -> HomeItem:  # type: ignore[no-untyped-def]
    items = home_items(personas.coordinator, timezone.localdate() + LATER)
    [item] = [i for i in items if i.key == "cases-overdue-tasks"]
    return item


def test_overdue_tasks_beyond_the_cap_read_as_at_least(monkeypatch, personas, case):
    monkeypatch.setattr(home, "COUNT_CAP", 5)  # as many as the item lists
    task = _overdue_tasks(personas, case, 6)
    assert (_item(personas).count, _item(personas).at_least) == (5, True)
    services.task_set_status(task=task, status="done", by=personas.coordinator)
    assert (_item(personas).count, _item(personas).at_least) == (5, False)


def test_an_item_that_lists_everything_counts_from_its_rows(personas, case):
    _overdue_tasks(personas, case, 1)
    item = _item(personas)
    assert (item.count, item.at_least, len(item.rows)) == (1, False, 1)
