"""Secondary suppression: no cell hidden for being small (<5) may be worked out from what is
shown, through a row, a column or a total.

The standard approach of statistical offices: while some equation of the table (a total is the
sum of its parts) has exactly one hidden cell, hide the smallest shown cell of that equation as
well; then, because equations can also be combined (a hidden cell fixed by two rows and a
column together), check every hidden cell against the whole system by exact linear algebra and
hide one more cell next to any that is still determined, until none is."""

from __future__ import annotations

from fractions import Fraction

Position = tuple[int, int]
Equation = list[tuple[Position, int]]  # sum of coefficient * cell = 0


def equations(
    sums: list[tuple[int, list[int]]],
    sum_columns: tuple[int, ...],
    row_sums: list[tuple[int, list[int]]],
    row_count: int,
) -> list[Equation]:
    """Row ``total`` = sum of rows ``parts`` in each of ``sum_columns``; column ``total`` =
    sum of columns ``parts`` in every row."""
    found: list[Equation] = []
    for column in sum_columns:
        for total, parts in sums:
            found.append([((total, column), -1), *(((p, column), 1) for p in parts)])
    for total, parts in row_sums:
        for row in range(row_count):
            found.append([((row, total), -1), *(((row, p), 1) for p in parts)])
    return found


def _pick(candidates: list[Position], value) -> Position:
    """The smallest shown cell, preferring one that is not zero (hiding a 0 protects little)."""
    return min(candidates, key=lambda p: (value(p) == 0, value(p), p))


def determined(hidden: set[Position], eqs: list[Equation]) -> set[Position]:
    """Hidden cells whose value follows from the shown ones (exact elimination)."""
    unknowns = sorted(hidden)
    index = {p: i for i, p in enumerate(unknowns)}
    matrix = []
    for eq in eqs:
        row = [Fraction(0)] * len(unknowns)
        for position, coefficient in eq:
            if position in index:
                row[index[position]] += coefficient
        if any(row):
            matrix.append(row)
    pivots = _reduce(matrix, len(unknowns))
    return {
        unknowns[col]
        for r, col in pivots
        if sum(1 for v in matrix[r] if v) == 1
    }


def _reduce(matrix: list[list[Fraction]], width: int) -> list[tuple[int, int]]:
    """Reduced row echelon form in place; the (row, pivot column) pairs."""
    pivots, lead = [], 0
    for col in range(width):
        pivot = next((r for r in range(lead, len(matrix)) if matrix[r][col]), None)
        if pivot is None:
            continue
        matrix[lead], matrix[pivot] = matrix[pivot], matrix[lead]
        scale = matrix[lead][col]
        matrix[lead] = [v / scale for v in matrix[lead]]
        for r in range(len(matrix)):
            if r != lead and matrix[r][col]:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[lead], strict=True)]
        pivots.append((lead, col))
        lead += 1
    return pivots


SMALL = (1, 4)  # what a reader knows of a cell hidden for being small


def bounded(
    hidden: set[Position], primary: set[Position], eqs: list[Equation], value
) -> set[Position]:
    """Hidden cells the equations pin down with what a reader knows of hidden cells: a small
    one holds 1 to 4, any other at least 0 (two small cells summing to 2 are both 1). Bounds
    are narrowed equation by equation until nothing changes (interval propagation)."""
    # A count hidden for being small is known to hold 1-4; a sum of euros resting on few
    # children is not (its value is no count), so only counts get those bounds.
    small = {p for p in primary if SMALL[0] <= value(p) <= SMALL[1]}
    low = {p: (SMALL[0] if p in small else 0) for p in hidden}
    high = {p: (SMALL[1] if p in small else float("inf")) for p in hidden}
    for _round in range(100):
        changed = False
        for eq in eqs:
            unknown = [(p, c) for p, c in eq if p in hidden]
            if not unknown:
                continue
            known = sum(c * value(p) for p, c in eq if p not in hidden)
            for p, c in unknown:
                # c * x = -known - sum(other c' * x'): the range of the right-hand side
                rest_low = -known - sum(
                    cc * (high[q] if cc > 0 else low[q]) for q, cc in unknown if q != p
                )
                rest_high = -known - sum(
                    cc * (low[q] if cc > 0 else high[q]) for q, cc in unknown if q != p
                )
                new_low, new_high = (
                    (rest_low / c, rest_high / c) if c > 0 else (rest_high / c, rest_low / c)
                )
                if new_low > low[p]:
                    low[p], changed = new_low, True
                if new_high < high[p]:
                    high[p], changed = new_high, True
        if not changed:
            break
    return {p for p in hidden if low[p] == high[p]}


def secondary(primary: set[Position], eqs: list[Equation], value) -> set[Position]:
    """The cells to hide on top of ``primary`` so no hidden cell can be derived."""
    hidden = set(primary)
    while True:
        exposed = next(
            (eq for eq in eqs if sum(1 for p, _c in eq if p in hidden) == 1), None
        )
        if exposed is None:
            still = sorted(determined(hidden, eqs) | bounded(hidden, primary, eqs, value))
            if not still:
                return hidden - set(primary)
            cell = still[0]
            shown = [p for eq in eqs if any(q == cell for q, _c in eq)
                     for p, _c in eq if p not in hidden]
            if not shown:  # pinned through a longer chain: hide the smallest cell still shown
                shown = [p for eq in eqs for p, _c in eq if p not in hidden]
            if not shown:  # the whole table is hidden
                return hidden - set(primary)
            hidden.add(_pick(shown, value))
            continue
        shown = [p for p, _c in exposed if p not in hidden]
        parts = [p for p, c in exposed if p not in hidden and c > 0] or shown
        hidden.add(_pick(parts, value))
