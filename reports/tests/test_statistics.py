"""Each figure against values worked out by hand on a small fixed council.

Fiscal year 2026 (1 April 2026 to 31 March 2027):
- three boys born 2010-01-10 (16 on 1 April 2026), referred by their school,
  opened on 1 April 2026 and closed on 1 October 2026 (183 days), goal reached;
- three girls born 2006-02-01 (20 on 1 April 2026), referred by family, opened
  on 31 March 2027, the last day of the year;
- one boy opened on 31 March 2026: fiscal year 2025, in no figure of 2026.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Case, Gender
from cases.tests.factories import YoungPersonFactory, open_case
from reports import statistics
from reports.suppression import COUNT

YEAR = 2026


def _case(personas, *, opened, born, gender, source):
    person = YoungPersonFactory.create(date_of_birth=born, gender=gender)
    return open_case(
        lead_agency=personas.agency_a,
        by=personas.coordinator,
        person=person,
        opened_on=opened,
        referral_source=source,
    )


@pytest.fixture
def council(personas):
    boys = [
        _case(
            personas,
            opened=date(2026, 4, 1),
            born=date(2010, 1, 10),
            gender=Gender.MALE,
            source="school",
        )
        for _ in range(3)
    ]
    for case in boys:
        services.case_close(
            case=case,
            reason=Case.ClosureReason.GOAL_REACHED,
            by=personas.coordinator,
            closed_on=date(2026, 10, 1),
        )
    for _ in range(3):
        _case(
            personas,
            opened=date(2027, 3, 31),
            born=date(2006, 2, 1),
            gender=Gender.FEMALE,
            source="family",
        )
    _case(
        personas,
        opened=date(2026, 3, 31),
        born=date(2010, 1, 10),
        gender=Gender.MALE,
        source="self",
    )


def _column(figure):
    return {row: figure.table.cells[(row, COUNT)] for row in figure.table.rows}


def test_new_cases_by_gender_source_and_age(council):
    gender = statistics.by_gender(YEAR)
    assert _column(gender) == {"male": 3, "female": 3, "other": None, "unrecorded": None}
    assert gender.table.total == 6  # the boy of 31 March 2026 belongs to 2025
    source = statistics.by_source(YEAR)
    assert (_column(source)["school"], _column(source)["family"], _column(source)["self"]) == (
        3,
        3,
        None,
    )
    age = statistics.by_age(YEAR)
    assert _column(age)["15-17"] == 3 and _column(age)["20-24"] == 3
    assert _column(age)["-14"] is None and age.table.total == 6


def test_the_months_and_the_year_boundaries(council):
    flows, stock = statistics.monthly(YEAR)
    open_at_end = {row: stock.table.cells[(row, "open")] for row in stock.table.rows}
    # open cases whatever year they began: the boy of 2025 counts too
    assert open_at_end["2026-04"] == 4  # three opened on 1 April, and the boy
    assert open_at_end["2026-09"] == 4
    assert open_at_end["2026-10"] is None  # three closed on 1 October: 1 left, hidden
    assert open_at_end["2027-03"] == 4  # the girls, opened on the last day
    assert flows.table.column_totals == {"new": 6, "closed": 3}
    assert flows.table.row_totals["2026-04"] == 3 and flows.table.row_totals["2027-03"] == 3


def test_closures_and_the_median_duration(council):
    closure = statistics.by_closure(YEAR)
    assert _column(closure)["goal_reached"] == 3
    assert statistics.median_duration_days(YEAR) == 183
    assert statistics.median_duration_days(2025) is None  # nothing closed: hidden, not 0


def test_the_year_before_has_only_its_own_case(council):
    # one case in 2025: every cell and the total are under 3
    gender = statistics.by_gender(2025)
    assert set(_column(gender).values()) == {None} and gender.table.total is None


def test_the_figures_cost_the_same_queries_whatever_the_size(personas, council):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            statistics.year_figures(YEAR)
            statistics.median_duration_days(YEAR)
        return len(ctx)

    small = queries()
    for _ in range(20):
        _case(
            personas,
            opened=date(2026, 6, 1),
            born=date(2008, 5, 5),
            gender=Gender.OTHER,
            source="agency",
        )
    assert queries() == small
