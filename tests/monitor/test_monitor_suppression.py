"""Secondary suppression: an attacker who knows every shown cell, every sum of the table and
that a cell hidden for being small holds 1 to 4 still cannot pin down any hidden cell."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from caseflow.monitor.tables import Cell, Table


def _table(grid: list[list[int]]) -> Table:
    """Parts with a total column and a total row, as the verblijf tables have them."""
    rows = [[*r, sum(r)] for r in grid]
    rows.append([sum(col) for col in zip(*rows, strict=True)])
    width = len(grid[0])
    return Table(
        "t", "t", "", [str(i) for i in range(width + 1)],
        [(str(i), [Cell.count(v) for v in r]) for i, r in enumerate(rows)],
        sums=[(len(grid), list(range(len(grid))))],
        sum_columns=tuple(range(width + 1)),
        row_sums=[(width, list(range(width)))],
    )


def _solutions(table: Table, cap: int):
    """Every filling of the hidden cells consistent with what is shown (brute force)."""
    grid = [list(cells) for _l, cells in table.rows]
    parts = [(r, c) for r in range(len(grid) - 1) for c in range(len(grid[0]) - 1)]
    hidden = [p for p in parts if grid[p[0]][p[1]].suppressed]

    def allowed(cell: Cell, limit: int = cap) -> range:
        return range(1, 5) if cell.primary else range(0, limit + 1)

    def limit(r: int, c: int) -> int:
        # a part is at most a shown total of its row or column
        shown = [t.value for t in (grid[r][-1], grid[-1][c], grid[-1][-1]) if not t.suppressed]
        return min([cap, *shown])

    ranges = [allowed(grid[r][c], limit(r, c)) for r, c in hidden]
    for values in itertools.product(*ranges):
        filled = [[cell.value for cell in row] for row in grid]
        for (r, c), v in zip(hidden, values, strict=True):
            filled[r][c] = v
        ok = True
        for r in range(len(grid) - 1):
            filled[r][-1] = sum(filled[r][:-1])
        for c in range(len(grid[0])):
            filled[-1][c] = sum(filled[r][c] for r in range(len(grid) - 1))
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell.suppressed:
                    ok = ok and filled[r][c] in allowed(cell)
                else:
                    ok = ok and filled[r][c] == cell.value
        if ok:
            yield filled


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(2, 3).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(0, 7), min_size=n, max_size=n), min_size=2, max_size=3
        )
    )
)
def test_no_hidden_cell_can_be_recovered(grid):
    table = _table(grid)
    cells = [list(cells) for _l, cells in table.rows]
    hidden = [(r, c) for r, row in enumerate(cells) for c, cell in enumerate(row)
              if cell.suppressed]
    small = [p for p in hidden if cells[p[0]][p[1]].primary]
    # when every cell is small nothing can be shown at all; that table shows nothing anyway
    assume(small and any(not c.suppressed and c.value for row in cells for c in row))
    hidden_parts = sum(1 for r, c in hidden if r < len(cells) - 1 and c < len(cells[0]) - 1)
    assume(hidden_parts <= 5)
    cap = 7 * len(grid[0]) * len(grid)
    seen: dict[tuple[int, int], set[int]] = {p: set() for p in hidden}
    for filled in _solutions(table, cap):
        for r, c in hidden:
            seen[(r, c)].add(filled[r][c])
    # the true filling is always one; every hidden cell must have another possible value
    for position, values in seen.items():
        assert len(values) > 1, (grid, position, values)


def test_two_small_cells_summing_to_two_are_not_left_alone():
    # 1 + 1 beside a shown total of 2 would be both 1: one more cell is hidden
    table = _table([[1, 1], [6, 7]])
    first = [c.display() for c in table.rows[0][1]]
    assert first == ["<5", "<5", "<5"]
    assert sum(c.suppressed for _l, cells in table.rows for c in cells) > 3
