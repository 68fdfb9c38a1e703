"""The agenda builders select exactly the right cases (issue 9).

Meeting on Thursday 3 December 2026; today is Friday 20 November.

    due      open, review 1 Dec (before the meeting)          → in
    on_day   open, review 3 Dec (the meeting's day)            → in
    later    open, review 10 Dec, nothing overdue              → out
    task     open, review 10 Jan, an overdue task              → in (ledger alert)
    referral open, no review, a referral unanswered for weeks  → in (registered by referrals)
    closed   closed, review 1 Dec                              → out
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases import services as case_services
from cases.models import Case
from cases.tests.factories import YoungPersonFactory, open_case
from meetings import builders
from meetings.models import Tier
from meetings.tests.factories import schedule
from referrals.tests.factories import refer

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def _case(personas, review=None, **fields):
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator, **fields)
    if review:
        case_services.case_record_review(case=case, next_review_on=review, by=personas.coordinator)
    return case


@pytest.fixture
def ledger_world(personas):
    with time_machine.travel(NOW - timedelta(days=30), tick=False):
        referral_case = _case(personas)
        refer(referral_case, personas.agency_b, personas.practitioner_a)
        task_case = _case(personas, review=date(2027, 1, 10))
        case_services.task_add(
            plan=task_case.plan,
            description="学校との連絡",
            agency=personas.agency_a,
            due_on=date(2026, 11, 1),
            by=personas.coordinator,
        )
    with time_machine.travel(NOW, tick=False):
        cases = {
            "due": _case(personas, review=date(2026, 12, 1)),
            "on_day": _case(personas, review=date(2026, 12, 3)),
            "later": _case(personas, review=date(2026, 12, 10)),
            "task": task_case,
            "referral": referral_case,
            "closed": _case(personas, review=date(2026, 12, 1)),
        }
        case_services.case_close(
            case=cases["closed"], reason=Case.ClosureReason.GOAL_REACHED, by=personas.coordinator
        )
    return cases


def test_the_ledger_builder_selects_exactly_the_due_and_alerted_cases(personas, ledger_world):
    with time_machine.travel(NOW, tick=False):
        meeting = schedule(by=personas.coordinator, tier=Tier.PRACTITIONERS)
        added = builders.agenda_build_from_ledger(meeting=meeting, by=personas.coordinator)
        again = builders.agenda_build_from_ledger(meeting=meeting, by=personas.coordinator)
    chosen = {item.case_id for item in added}
    want = {ledger_world[k].pk for k in ("due", "on_day", "task", "referral")}
    assert chosen == want
    assert again == []  # building twice adds nothing
    # ledger order: by next review, cases without a date last
    assert [i.case_id for i in meeting.items.all()] == [
        ledger_world[k].pk for k in ("due", "on_day", "task", "referral")
    ]
    for item in meeting.items.all():
        assert item.label.startswith("A-")
        assert "鈴木" not in item.prepared_text


def test_the_transition_builder_takes_ninth_graders_and_those_turning_18(personas):
    with time_machine.travel(NOW, tick=False):
        ninth = _case(personas, person=YoungPersonFactory.create(date_of_birth=date(2011, 9, 1)))
        april_first = _case(
            personas, person=YoungPersonFactory.create(date_of_birth=date(2012, 4, 1))
        )
        eighth = _case(personas, person=YoungPersonFactory.create(date_of_birth=date(2012, 4, 2)))
        eighteen = _case(
            personas, person=YoungPersonFactory.create(date_of_birth=date(2009, 2, 10))
        )
        nineteen = _case(
            personas, person=YoungPersonFactory.create(date_of_birth=date(2008, 3, 31))
        )
        meeting = schedule(by=personas.coordinator, tier=Tier.PRACTITIONERS)
        added = builders.agenda_build_transition(meeting=meeting, by=personas.coordinator)
        review = schedule(by=personas.coordinator, tier=Tier.CASE_REVIEW)
        with pytest.raises(ValidationError):  # always anonymised
            builders.agenda_build_transition(meeting=review, by=personas.coordinator)
    assert {i.case_id for i in added} == {ninth.pk, april_first.pk, eighteen.pk}
    assert eighth.pk not in {i.case_id for i in added}
    assert nineteen.pk not in {i.case_id for i in added}
