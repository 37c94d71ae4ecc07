"""Bulk plumbing: ids handed out up front, chunked executemany inserts, sequences set after."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Table, func, insert, select

from caseflow.extensions import db

BATCH = 5_000


class Ids:
    """Next free primary key per table, read once from ``max(id)``."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, table: Table) -> int:
        name = table.name
        if name not in self._next:
            current = db.session.scalar(select(func.max(table.c.id))) or 0
            self._next[name] = current + 1
        value = self._next[name]
        self._next[name] = value + 1
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
    """One executemany per batch (psycopg pipelines it). Measured: RETURNING, which turns on
    insertmanyvalues, was four times slower here because of its per-row Python work."""
    connection = db.session.connection()
    statement = insert(table)
    for start in range(0, len(rows), BATCH):
        connection.execute(statement, rows[start : start + BATCH])
    return len(rows)


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
