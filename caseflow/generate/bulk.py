"""Bulk plumbing: ids handed out up front, chunked inserts, sequences set after.

How rows reach the database depends on the dialect (``insert_rows``):

* PostgreSQL with psycopg 3: ``COPY table (columns) FROM STDIN``, one row at a time with
  ``Copy.write_row`` on the session's own DBAPI connection (same transaction). executemany (which
  psycopg pipelines) still sends one Bind/Execute per row after SQLAlchemy's per-row parameter
  processing. Measured on the shared 2-core machine (load 3-5 from other jobs, so rough),
  ``generate --cases 2000 --reads-per-case 100 --no-risk``, 330,000 rows: 36-38 s wall, 12 s
  of our CPU with executemany; 16 s wall, 6 s CPU with COPY (and the access-log changes in
  ``access_log``). The access log went from about 8,500 rows/s to 30,000-55,000 rows/s.
* Everything else (SQLite, other drivers): SQLAlchemy ``insert()`` with executemany per batch of
  ``BATCH`` rows, which also is the fallback and the reference the COPY path is tested against
  (``tests/test_generate_copy.py``). RETURNING, which turns on insertmanyvalues, was four times
  slower here because of its per-row Python work.

COPY skips SQLAlchemy's bind processing, so ``_copy`` does by hand what matters for our columns:
Python-side column defaults for columns a row leaves out (one value per call), JSON columns as
JSON text, and a check of the first row of each call (the generator builds the rest alike):
``UTCDateTime`` values must be aware datetimes and enum members ``StrEnum`` (psycopg writes those
as their value; other enums would be written by name).
"""

from __future__ import annotations

import enum
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, func, insert, select

from caseflow.extensions import db

BATCH = 5_000
# Tests switch this off to compare the COPY path with the executemany path.
USE_COPY = True


class Ids:
    """Next free primary key per table, read once from ``max(id)``."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, table: Table) -> int:
        return self.take_many(table, 1)

    def take_many(self, table: Table, count: int) -> int:
        """Reserve ``count`` consecutive ids; return the first."""
        name = table.name
        if name not in self._next:
            current = db.session.scalar(select(func.max(table.c.id))) or 0
            self._next[name] = current + 1
        value = self._next[name]
        self._next[name] = value + count
        return value

    def tables(self) -> list[str]:
        return list(self._next)


class Rows:
    """Rows per table for one chunk, written in the order the tables were first used."""

    def __init__(self) -> None:
        self.by_table: dict[Table, list[dict[str, Any]]] = defaultdict(list)

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.by_table[table].append(row)

    def count(self) -> int:
        return sum(len(rows) for rows in self.by_table.values())


def write(rows: Rows, order: list[Table]) -> int:
    """Insert the chunk, parents before children; return the number of rows written."""
    written = 0
    for table in order:
        written += insert_many(table, rows.by_table.get(table, []))
    return written


def insert_many(table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert dict rows that all have the same keys."""
    if not rows:
        return 0
    columns = list(rows[0])
    if len(columns) == 1:
        return insert_rows(table, columns, ((row[columns[0]],) for row in rows))
    return insert_rows(table, columns, map(itemgetter(*columns), rows))


def use_copy() -> bool:
    dialect = db.session.get_bind().dialect
    return USE_COPY and dialect.name == "postgresql" and dialect.driver == "psycopg"


def insert_rows(table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert value tuples in ``columns`` order: COPY on PostgreSQL, executemany elsewhere."""
    if use_copy():
        return _copy(table, columns, rows)
    connection = db.session.connection()
    statement = insert(table)
    written = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        connection.execute(statement, [dict(zip(columns, row, strict=True)) for row in batch])
        written += len(batch)
    return written


def _copy(table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    from psycopg import sql

    defaults = _python_defaults(table, columns)
    names = [*columns, *defaults]
    extra = tuple(defaults.values())
    as_json = [index for index, name in enumerate(names) if isinstance(table.c[name].type, JSON)]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    raw = db.session.connection().connection.dbapi_connection
    written = 0
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        write_row = copy.write_row
        for row in rows:
            if extra:
                row = (*row, *extra)
            if as_json:
                row = _json(row, as_json)
            if not written:
                _check(table, names, row)
            write_row(row)
            written += 1
    return written


def _python_defaults(table: Table, columns: Sequence[str]) -> dict[str, Any]:
    """What SQLAlchemy would fill in for the left-out columns (one value for the whole call)."""
    values = {}
    for column in table.columns:
        default = column.default
        if column.name in columns or default is None or column.primary_key:
            continue
        if default.is_scalar:
            values[column.name] = default.arg
        elif default.is_callable:
            values[column.name] = default.arg(None)
    return values


def _json(row: tuple, indexes: list[int]) -> tuple:
    values = list(row)
    for index in indexes:
        if values[index] is not None:
            values[index] = json.dumps(values[index])
    return tuple(values)


def _check(table: Table, names: Sequence[str], row: tuple) -> None:
    """The first row of each COPY stands for the rest (the generator builds them all alike):
    refuse what bind processing would refuse or psycopg would write differently."""
    for name, value in zip(names, row, strict=True):
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError(f"{table.name}.{name}: naive datetime")
        if isinstance(value, enum.Enum) and not isinstance(value, str):
            raise TypeError(f"{table.name}.{name}: pass the enum's value, not {value!r}")


def fix_sequences(tables: list[str]) -> None:
    """On PostgreSQL move each id sequence past the ids the generator handed out."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for name in tables:
        table = db.metadata.tables[name]  # only the application's own table names
        db.session.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(name, "id"),
                    select(func.coalesce(func.max(table.c.id), 1)).scalar_subquery(),
                )
            )
        )
