"""Small-cell suppression for anonymised tables (DOMAIN.md section 5).

Any count under MINIMUM is hidden. Hiding one cell is not enough when the table
shows totals: 12 in a row whose total is 14 and whose other cells are visible
gives the hidden cell away. So the suppression is completed: wherever a row or
a column has exactly one hidden cell, the smallest visible cell beside it (or,
with none left, its total) is hidden too, until no line has a lone hidden cell.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MINIMUM = 3


@dataclass
class Table:
    """Counts by row and column, with totals; None is a suppressed cell."""

    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int | None]
    row_totals: dict[str, int | None] = field(default_factory=dict)
    column_totals: dict[str, int | None] = field(default_factory=dict)
    total: int | None = None

    def row(self, name: str) -> list[int | None]:
        return [self.cells[(name, column)] for column in self.columns]


def _hidden(value: int) -> bool:
    return value < MINIMUM


def suppress(
    counts: Mapping[tuple[str, str], int],
    rows: Sequence[str],
    columns: Sequence[str],
    *,
    totals: bool = True,
) -> Table:
    """A table of `counts` (missing cells are 0) with primary and complementary suppression.

    `totals=False` for tables whose lines do not add up (cases counted under
    several presenting issues, cases open at each month's end): no totals are
    shown, so the small cells alone are hidden.
    """
    raw = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    if not totals:
        return Table(
            rows=list(rows),
            columns=list(columns),
            cells={k: (None if _hidden(v) else v) for k, v in raw.items()},
        )
    row_totals = {r: sum(raw[(r, c)] for c in columns) for r in rows}
    column_totals = {c: sum(raw[(r, c)] for r in rows) for c in columns}
    grand = sum(row_totals.values())

    hidden = {key for key, value in raw.items() if _hidden(value)}
    hidden_rows = {r for r in rows if _hidden(row_totals[r])}
    hidden_columns = {c for c in columns if _hidden(column_totals[c])}

    def lines() -> list[tuple[list[tuple[str, str]], str, set[str]]]:
        found = [([(r, c) for c in columns], r, hidden_rows) for r in rows]
        found += [([(r, c) for r in rows], c, hidden_columns) for c in columns]
        return found

    changed = True
    while changed:
        changed = False
        for keys, name, hidden_totals in lines():
            inside = [k for k in keys if k in hidden]
            shown = [k for k in keys if k not in hidden]
            total_hidden = name in hidden_totals
            # a lone hidden cell with its total shown: hide a second cell, or the total
            if len(inside) == 1 and not total_hidden:
                if shown:
                    hidden.add(min(shown, key=lambda k: (raw[k], k)))
                else:
                    hidden_totals.add(name)
                changed = True
            # a hidden total with every cell shown would be their sum: hide the smallest
            elif total_hidden and not inside and shown:
                hidden.add(min(shown, key=lambda k: (raw[k], k)))
                changed = True
        # totals: a lone hidden row (or column) total beside a shown grand total
        for group in (hidden_rows, hidden_columns):
            names = rows if group is hidden_rows else columns
            sums = row_totals if group is hidden_rows else column_totals
            if len(group) == 1 and len(names) > 1:
                rest = [n for n in names if n not in group]
                group.add(min(rest, key=lambda n: (sums[n], n)))
                changed = True

    return Table(
        rows=list(rows),
        columns=list(columns),
        cells={k: (None if k in hidden else v) for k, v in raw.items()},
        row_totals={r: (None if r in hidden_rows else v) for r, v in row_totals.items()},
        column_totals={c: (None if c in hidden_columns else v) for c, v in column_totals.items()},
        total=None if _hidden(grand) else grand,
    )


COUNT = "count"


def suppress_list(counts: Mapping[str, int], names: Sequence[str], *, totals: bool = True) -> Table:
    """A one-column breakdown (by gender, by age band...) with its total."""
    return suppress({(n, COUNT): counts.get(n, 0) for n in names}, names, [COUNT], totals=totals)
