"""The home page as each role's to-do list, on a small data set computed by hand.

Today is Monday 16 November 2026 (fiscal year 2026). Agency A leads c2–c5;
agency B leads c1. practitioner_a is the key worker of c2, c3 and c4.

    c1  intake,  no key worker (lead B)                      → coordinator: new intake
    c2  active,  review 10 Nov (overdue), task due 12 Nov    → review overdue, task overdue
    c3  active,  review 30 Nov, a done task due 12 Nov       → review this month
    c4  active,  review 1 Dec                                → nothing for the office
    c5  active,  no key worker (lead A)                      → coordinator: nobody leads
    c6  closed,  review 5 Nov, task due 3 Nov                → nothing at all
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.home import council_figures
from cases.models import Case, PlanTask
from cases.tests.factories import open_case
from core.home import home_items

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(
        datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False
    ):
        yield


def _active(personas, lead, key_worker=None, review=None, number_of=None):
    case = open_case(
        lead_agency=lead,
        by=personas.coordinator,
        key_worker=key_worker,
        opened_on=date(2026, 10, 1),
    )
    services.case_transition(case=case, to_status=Case.Status.ASSESSMENT, by=personas.coordinator)
    services.case_transition(case=case, to_status=Case.Status.ACTIVE, by=personas.coordinator)
    if review:
        services.case_update(case=case, by=personas.coordinator, next_review_on=review)
    return case


def _task(personas, case, due, status=PlanTask.Status.OPEN):
    task = services.task_add(
        plan=case.plan,
        description=f"{case.number}のタスク",
        agency=case.lead_agency,
        due_on=due,
        by=personas.coordinator,
    )
    if status != PlanTask.Status.OPEN:
        services.task_set_status(task=task, status=status, by=personas.coordinator)
    return task


@pytest.fixture
def council(personas):
    pa, a, b = personas.practitioner_a, personas.agency_a, personas.agency_b
    c1 = open_case(lead_agency=b, by=personas.coordinator, opened_on=date(2026, 11, 10))
    c2 = _active(personas, a, pa, date(2026, 11, 10))
    c3 = _active(personas, a, pa, date(2026, 11, 30))
    c4 = _active(personas, a, pa, date(2026, 12, 1))
    c5 = _active(personas, a)
    c6 = _active(personas, a, pa, date(2026, 11, 5))
    tasks = {
        "c2": _task(personas, c2, date(2026, 11, 12)),
        "c3": _task(personas, c3, date(2026, 11, 12), PlanTask.Status.DONE),
        "c6": _task(personas, c6, date(2026, 11, 3)),
    }
    services.case_close(case=c6, reason=Case.ClosureReason.GOAL_REACHED, by=personas.coordinator)
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6, "tasks": tasks}


def _items(user):
    return {item.key: item for item in home_items(user, TODAY)}


def _texts(item):
    return [row.text for row in item.rows]


def _case(case):
    return f"{case.number}　{case.young_person.full_name}"


def test_the_coordinator_sees_the_offices_to_do_list(personas, council):
    items = _items(personas.coordinator)
    reviews = items["cases-reviews"]
    assert (reviews.count, reviews.urgent) == (2, True)
    assert _texts(reviews) == [_case(council["c2"]), _case(council["c3"])]
    assert [row.urgent for row in reviews.rows] == [True, False]
    tasks = items["cases-overdue-tasks"]
    assert tasks.count == 1
    assert tasks.rows[0].text == council["tasks"]["c2"].description
    assert tasks.rows[0].detail == _case(council["c2"])
    assert _texts(items["cases-intakes"]) == [_case(council["c1"])]
    assert _texts(items["cases-unled"]) == [_case(council["c5"])]
    assert items["notifications-failed"].count == 0
    assert "cases-mine" not in items and "cases-figures" not in items


def test_a_practitioner_sees_their_cases_tasks_and_their_agencys_changes(personas, council):
    items = _items(personas.practitioner_a)
    mine = items["cases-mine"]
    assert _texts(mine) == [_case(council[k]) for k in ("c2", "c3", "c4")]
    assert items["cases-my-tasks"].count == 1 and items["cases-my-tasks"].urgent
    assert _texts(items["cases-recent"]) == [_case(council["c5"])]  # c1 is agency B's
    assert items["referrals-new"].count == 0
    assert {"cases-reviews", "notifications-failed", "referrals-overdue"}.isdisjoint(items)


def test_a_practitioner_of_another_agency_sees_only_its_own(personas, council):
    items = _items(personas.practitioner_b)
    assert items["cases-mine"].count == 0
    assert _texts(items["cases-recent"]) == [_case(council["c1"])]


def test_the_representative_sees_figures_with_small_cells_suppressed(client, personas, council):
    items = _items(personas.representative)
    # figures, links to the statistics and the next representatives' meeting; no case
    assert set(items) == {"cases-figures", "reports-links", "meetings-next"}
    # six cases opened since 1 April, five open, one closed: suppressed
    assert council_figures(TODAY) == {"new": 6, "open": 5, "closed": None}
    client.force_login(personas.representative)
    page = client.get(reverse("home")).text
    assert "令和8年度（2026年度）" in page and "3件未満" in page
    for case in (council["c1"], council["c2"]):
        assert case.young_person.family_name not in page
        assert case.number not in page


def test_the_page_shows_the_items_with_links_to_the_work(client, personas, council):
    client.force_login(personas.coordinator)
    page = client.get(reverse("home")).text
    assert "見直し期限切れ・今月見直し予定" in page
    assert council["c2"].get_absolute_url() in page
    assert council["c4"].get_absolute_url() not in page
    assert "すべての新規受付に主担当者がいます。" not in page  # c1 waits for one


def test_an_item_without_a_count_says_so_when_it_is_empty(client, personas, council):
    # "my next meetings" has no badge; with no meeting it says there is none
    client.force_login(personas.practitioner_a)
    page = client.get(reverse("home")).text
    assert "今後の会議" in page
    assert "予定されている会議はありません。" in page


def _more_cases(personas, n):
    for _ in range(n):
        case = _active(personas, personas.agency_a, personas.practitioner_a, date(2026, 11, 20))
        _task(personas, case, date(2026, 11, 13))


@pytest.mark.parametrize("who", ["coordinator", "practitioner_a", "representative"])
def test_the_home_page_costs_the_same_queries_at_50_and_95_cases(client, personas, council, who):
    client.force_login(getattr(personas, who))

    def queries():
        cache.clear()  # every time as on the first visit: no count from a minute ago
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx)

    # An item's count rides on its rows' query (core.pagination), short or
    # full: more cases cost no more queries.
    small = queries()
    _more_cases(personas, 45)
    full = queries()
    _more_cases(personas, 45)
    assert small == full == queries()
    assert full <= 30


def test_rows_that_name_a_young_person_are_recorded_as_reads(client, personas, council):
    from auditlog.models import LogEntry

    client.force_login(personas.coordinator)
    client.get(reverse("home"))
    read = set(
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=personas.coordinator)
        .filter(additional_data__export="home")
        .values_list("object_id", flat=True)
    )
    # reviews c2, c3; the overdue task's c2; intake c1; unled c5
    assert read == {council[k].pk for k in ("c1", "c2", "c3", "c5")}


def test_each_user_sees_their_next_meetings_and_open_action_items(personas, council):
    from meetings import minutes, services
    from meetings.models import Tier
    from meetings.tests.factories import at, schedule

    board = schedule(
        by=personas.coordinator,
        tier=Tier.REPRESENTATIVES,
        starts_at=at(2026, 12, 10),
        agencies=(personas.agency_a,),
    )
    practitioners = schedule(
        by=personas.coordinator, starts_at=at(2026, 12, 3), agencies=(personas.agency_a,)
    )
    held = schedule(
        by=personas.coordinator, starts_at=at(2026, 11, 13), agencies=(personas.agency_a,)
    )
    services.meeting_mark_held(meeting=held, by=personas.coordinator)
    minutes.action_add(
        meeting=held,
        by=personas.coordinator,
        what="学校と連絡を取る",
        agency=personas.agency_a,
        due_on=date(2026, 11, 20),
    )
    rep = _items(personas.representative)["meetings-next"]
    assert [row.url for row in rep.rows] == [board.get_absolute_url()]
    mine = _items(personas.practitioner_a)
    assert [row.url for row in mine["meetings-next"].rows] == [
        practitioners.get_absolute_url(),
        board.get_absolute_url(),
    ]
    assert mine["meetings-actions"].count == 1
    assert _items(personas.practitioner_b)["meetings-actions"].count == 0
