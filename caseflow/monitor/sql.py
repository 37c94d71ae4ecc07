"""SQL building blocks that differ between SQLite and PostgreSQL, and percentiles in plain SQL
(nearest-rank, with window functions) so every indicator stays one aggregate query."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, case, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class days_between(FunctionElement):  # noqa: N801 - reads like the SQL function it is
    """Whole days from ``start`` to ``end`` (dates or timestamps)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    end, start = list(element.clauses)
    return (
        f"CAST(julianday(date({compiler.process(end, **kw)})) - "
        f"julianday(date({compiler.process(start, **kw)})) AS INTEGER)"
    )


@compiles(days_between, "postgresql")
def _days_postgres(element: days_between, compiler: Any, **kw: Any) -> str:
    end, start = list(element.clauses)
    return (
        f"(CAST({compiler.process(end, **kw)} AS DATE) - "
        f"CAST({compiler.process(start, **kw)} AS DATE))"
    )


class year_of(FunctionElement):  # noqa: N801
    type = Integer()
    inherit_cache = True


@compiles(year_of, "sqlite")
def _year_sqlite(element: year_of, compiler: Any, **kw: Any) -> str:
    (value,) = list(element.clauses)
    return f"CAST(strftime('%Y', {compiler.process(value, **kw)}) AS INTEGER)"


@compiles(year_of, "postgresql")
def _year_postgres(element: year_of, compiler: Any, **kw: Any) -> str:
    (value,) = list(element.clauses)
    return f"CAST(EXTRACT(YEAR FROM {compiler.process(value, **kw)}) AS INTEGER)"


class greatest(FunctionElement):  # noqa: N801
    inherit_cache = True


class least(FunctionElement):  # noqa: N801
    inherit_cache = True


@compiles(greatest, "sqlite")
def _greatest_sqlite(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "postgresql")
def _greatest_postgres(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
def _least_sqlite(element: least, compiler: Any, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(least, "postgresql")
def _least_postgres(element: least, compiler: Any, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


def distribution(source: Any, group: ColumnElement, value: ColumnElement):
    """``(group, n, median, p90)`` per group over ``source`` rows, nearest-rank percentiles:
    the value at rank ceil(p * n) of the ordered values, computed in the database."""
    ranked = (
        select(
            group.label("grp"),
            value.label("value"),
            func.row_number().over(partition_by=group, order_by=value).label("rank"),
            func.count().over(partition_by=group).label("n"),
        )
        .select_from(source)
        .where(value.is_not(None))
        .subquery()
    )
    n = ranked.c.n

    def at(percent: int) -> ColumnElement:
        # integer division on both databases: rank ceil(percent/100 * n)
        position = (n * percent + 99) // literal_column("100")
        return func.max(case((ranked.c.rank == position, ranked.c.value), else_=None))

    return select(ranked.c.grp, func.max(n), at(50), at(90)).group_by(ranked.c.grp)


class date_of(FunctionElement):  # noqa: N801
    """The calendar day of a timestamp (UTC), comparable with a DATE column on both databases."""

    inherit_cache = True


@compiles(date_of, "sqlite")
def _date_sqlite(element: date_of, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(date_of, "postgresql")
def _date_postgres(element: date_of, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"
