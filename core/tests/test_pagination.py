"""LargeListPaginator: exact counts for short lists, a minute-old count for long ones."""

import pytest

from agencies.models import Agency, Sector
from core import pagination
from core.pagination import LargeListPaginator

pytestmark = pytest.mark.django_db


def _agencies(n: int, start: int = 0) -> None:
    sector = Sector.objects.first() or Sector.objects.create(name="テスト分野")
    Agency.objects.bulk_create(
        Agency(name=f"機関{i}", name_kana=f"キカン{i}", sector=sector)
        for i in range(start, start + n)
    )


class Small(LargeListPaginator):
    exact_up_to = 5


def test_a_short_list_is_counted_exactly_every_time():
    _agencies(3)
    rows = Agency.objects.filter(name__startswith="機関").order_by("pk")
    assert Small(rows, 2).count == 3
    _agencies(1, start=3)
    assert Small(rows, 2).count == 4


def test_a_long_list_keeps_its_count_for_a_while_but_its_rows_are_live():
    _agencies(8)
    rows = Agency.objects.filter(name__startswith="機関").order_by("pk")
    assert Small(rows, 2).count == 8
    _agencies(2, start=8)
    later = Small(rows, 5)
    assert later.count == 8  # the count from a moment ago
    assert len(later.page(2).object_list) == 5  # the rows read now: 5 to 9
    # another filter is another count
    assert Small(rows.exclude(name="機関0"), 2).count == 9


def test_a_capped_count_stops_at_the_cap():
    _agencies(8)
    rows = Agency.objects.filter(name__startswith="機関")
    assert pagination.count_rows_up_to(rows, 3) == (3, True)
    assert pagination.count_rows_up_to(rows, 20) == (8, False)
