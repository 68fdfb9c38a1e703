from datetime import date

import pytest

from core.exports import csv_cell, safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+81-3", "-2", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_starts_become_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["佐藤", "A-2026-0001", 3, None, date(2026, 11, 28)])
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value


def test_csv_cells_read_the_office_way():
    assert csv_cell(date(2026, 11, 28)) == "2026/11/28"
    assert csv_cell(None) == ""
    assert csv_cell("=cmd") == "'=cmd"
