"""Small cells hidden, and never given away by a total."""

import itertools
import random

from reports.suppression import suppress, suppress_list


def test_a_small_cell_and_the_cells_that_would_give_it_away_are_hidden():
    # A: X=1 Y=5 | B: X=4 Y=6. X/A is small; row A's and column X's totals would
    # give it away unless a second cell in each is hidden too.
    counts = {("A", "X"): 1, ("A", "Y"): 5, ("B", "X"): 4, ("B", "Y"): 6}
    table = suppress(counts, ["A", "B"], ["X", "Y"])
    assert table.cells[("A", "X")] is None
    assert table.cells[("A", "Y")] is None  # row A: 6 - 5 would be 1
    assert table.cells[("B", "X")] is None  # column X: 5 - 4 would be 1
    assert table.row_totals == {"A": 6, "B": 10}
    assert table.column_totals == {"X": 5, "Y": 11}
    assert table.total == 16


def test_a_list_hides_a_second_cell_beside_a_lone_small_one():
    table = suppress_list(
        {"male": 7, "female": 5, "other": 1, "unrecorded": 9},
        ["male", "female", "other", "unrecorded"],
    )
    shown = {row: table.cells[(row, "count")] for row in table.rows}
    assert shown == {"male": 7, "female": None, "other": None, "unrecorded": 9}
    assert table.total == 22


def test_small_totals_are_hidden_and_a_lone_one_is_not_recoverable():
    counts = {("A", "X"): 1, ("A", "Y"): 1, ("B", "X"): 4, ("B", "Y"): 6}
    table = suppress(counts, ["A", "B"], ["X", "Y"])
    assert table.row_totals["A"] is None
    # grand total 12 shown: row B's total must not be shown alone either
    assert table.row_totals["B"] is None


def test_without_totals_only_small_cells_are_hidden():
    table = suppress_list({"a": 1, "b": 3, "c": 8}, ["a", "b", "c"], totals=False)
    assert [table.cells[(r, "count")] for r in "abc"] == [None, 3, 8]
    assert table.total is None and not table.column_totals


def _recoverable(table) -> list[str]:
    """Lines where one hidden cell could be worked out from a shown total."""
    problems = []
    lines = [([(r, c) for c in table.columns], table.row_totals[r], r) for r in table.rows]
    lines += [([(r, c) for r in table.rows], table.column_totals[c], c) for c in table.columns]
    for keys, total, name in lines:
        hidden = [k for k in keys if table.cells[k] is None]
        if total is not None and len(hidden) == 1:
            problems.append(f"line {name}")
    return problems


def test_random_tables_never_leave_a_hidden_cell_recoverable():
    rng = random.Random(20261129)  # noqa: S311 - test data, not secrets
    for _ in range(300):
        rows = [f"r{i}" for i in range(rng.randint(1, 5))]
        columns = [f"c{i}" for i in range(rng.randint(1, 5))]
        counts = {k: rng.choice([0, 1, 2, 3, 4, 7, 12]) for k in itertools.product(rows, columns)}
        table = suppress(counts, rows, columns)
        assert not _recoverable(table), (counts, table)
        for key, value in counts.items():
            assert table.cells[key] in (None, value)
            if value < 3:
                assert table.cells[key] is None
