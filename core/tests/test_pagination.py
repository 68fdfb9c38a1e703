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
    rows = Agency.objects.filter(name__startswith="機関").order_by("pk")
    first, count, at_least = pagination.first_rows_counted(rows, 2, cap=3)
    assert [a.name for a in first] == ["機関0", "機関1"]
    assert (count, at_least) == (3, True)
    assert pagination.first_rows_counted(rows, 2, cap=20)[1:] == (8, False)


def test_first_rows_come_with_their_count_in_one_statement(django_assert_num_queries):
    _agencies(8)
    rows = Agency.objects.filter(name__startswith="機関").select_related("sector").order_by("-pk")
    with django_assert_num_queries(1):
        first, count, _ = pagination.first_rows_counted(rows, 3)
    assert [a.name for a in first] == ["機関7", "機関6", "機関5"]
    assert count == 8
    with django_assert_num_queries(1):  # a short list: all its rows, the same count
        assert len(pagination.first_rows_counted(rows, 20)[0]) == 8
    with django_assert_num_queries(1):
        assert pagination.first_rows_counted(rows.filter(name="無い"), 3) == ([], 0, False)


def test_a_long_lists_first_rows_are_live_beside_its_kept_count(
    django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 5)
    _agencies(8)
    rows = Agency.objects.filter(name__startswith="機関").order_by("-pk")
    with django_assert_num_queries(2):  # the rows with a bounded count, then the full count
        assert pagination.first_rows_counted(rows, 2)[1] == 8
    _agencies(1, start=8)
    with django_assert_num_queries(1):  # the rows alone: the count is kept a minute
        first, count, _ = pagination.first_rows_counted(rows, 2)
    assert (first[0].name, count) == ("機関8", 8)


def test_a_list_that_can_hold_nothing_is_counted_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert pagination.count_rows(Agency.objects.none()) == 0
        assert pagination.first_rows_counted(Agency.objects.filter(pk__in=[]), 5) == ([], 0, False)


def test_a_count_reads_the_list_once_and_a_long_one_twice(django_assert_num_queries):
    _agencies(8)
    rows = Agency.objects.filter(name__startswith="機関").select_related("sector").order_by("name")
    with django_assert_num_queries(1):  # a bounded count: exact
        assert pagination.count_rows(rows, exact_up_to=10) == 8
    with django_assert_num_queries(2):  # bounded, then the full count (kept)
        assert pagination.count_rows(rows, exact_up_to=5) == 8
    with django_assert_num_queries(0):
        assert pagination.count_rows(rows, exact_up_to=5) == 8


def test_a_page_of_ids_brings_the_lists_count_in_the_same_statement(django_assert_num_queries):
    _agencies(8)
    ids = Agency.objects.filter(name__startswith="機関").order_by("pk").values_list("pk", flat=True)
    first = list(ids[:8])
    with django_assert_num_queries(1):
        page = LargeListPaginator(ids, 3).get_page("2")
        assert list(page.object_list) == first[3:6]
        assert (page.paginator.count, page.paginator.num_pages) == (8, 3)
    with django_assert_num_queries(1):  # a page of model rows, the same way
        page = LargeListPaginator(Agency.objects.order_by("pk"), 3).get_page(1)
        assert [a.pk for a in page] == first[:3] and page.has_next()
    with django_assert_num_queries(2):  # longer than exact counts: then counted in full
        assert Small(ids, 3).get_page(1).paginator.count == 8


@pytest.mark.parametrize(
    ("asked", "shown"), [("x", 1), ("0", 1), ("99", 3), (None, 1), ("9" * 30, 3), ("-5", 1)]
)
def test_a_bad_or_too_high_page_number_shows_the_first_or_the_last_page(asked, shown):
    _agencies(8)
    ids = Agency.objects.filter(name__startswith="機関").order_by("pk").values_list("pk", flat=True)
    page = Small(ids, 3).get_page(asked)
    assert page.number == shown
    assert len(page.object_list) == (2 if shown == 3 else 3)


def test_an_empty_list_has_one_empty_page(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = Small(Agency.objects.filter(name="無い").values_list("pk", flat=True), 3).get_page(1)
    assert (list(page.object_list), page.paginator.count, page.number) == ([], 0, 1)


def test_rows_read_by_key_come_back_in_the_order_of_the_page_ids():
    from types import SimpleNamespace

    from core.pagination import in_order_of

    rows = [SimpleNamespace(pk=pk) for pk in (3, 1, 2)]
    assert [row.pk for row in in_order_of([2, 9, 3, 1], rows)] == [2, 3, 1]  # 9: gone meanwhile
