"""Secondary indexes set aside during a large generation run on PostgreSQL, rebuilt at its end.

Adding rows into ``access_log``'s six indexes (the unique ``row_hash`` one takes them in random
order) is what the server spends its time on. Measured server-side on the 2-core test machine
(``INSERT ... SELECT`` of the same rows): 1 million rows 27.6 s with the indexes, against 4.7 s
into the table with only its primary key plus 8.3 s to build the five others afterwards;
5 million rows 253 s against 31.7 s + 27.8 s (the random index no longer fits in memory).
So ``deferred`` drops every index of a table except its primary key and the indexes a foreign
key depends on, and recreates them from their own definitions (``pg_get_indexdef`` /
``pg_get_constraintdef``) before the transaction commits, but only for tables that will at least
double (rebuilding reads the existing rows too). Everything happens in the generator's one
transaction: a failure rolls the drop back with the rest, and meanwhile other sessions wait for
these tables (the generator is for a database nobody else writes to).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Table, text

from caseflow.extensions import db

_SECONDARY = text("""
    SELECT index_class.relname, pg_get_indexdef(i.indexrelid), con.conname,
           pg_get_constraintdef(con.oid)
    FROM pg_index i
    JOIN pg_class index_class ON index_class.oid = i.indexrelid
    LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                               AND con.contype IN ('u', 'x')
    WHERE i.indrelid = CAST(:table AS regclass) AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint fk
                      WHERE fk.contype = 'f' AND fk.conindid = i.indexrelid)
    ORDER BY index_class.relname
""")
_ROWS = text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = CAST(:table AS regclass)")


@dataclass
class SetAside:
    table: str
    name: str
    index_sql: str
    constraint: str | None
    constraint_sql: str | None

    # Names and definitions come from the catalogue of the application's own tables.
    def drop(self) -> None:
        if self.constraint:
            statement = f'ALTER TABLE "{self.table}" DROP CONSTRAINT "{self.constraint}"'
        else:
            statement = f'DROP INDEX "{self.name}"'
        db.session.execute(text(statement))

    def restore(self) -> None:
        if self.constraint:
            statement = (f'ALTER TABLE "{self.table}" ADD CONSTRAINT "{self.constraint}" '
                         f"{self.constraint_sql}")
        else:
            statement = self.index_sql
        db.session.execute(text(statement))


def secondary(table: Table) -> list[SetAside]:
    """The indexes ``deferred`` would set aside for ``table``."""
    rows = db.session.execute(_SECONDARY, {"table": table.name}).all()
    return [SetAside(table.name, *row) for row in rows]


@contextmanager
def deferred(expected: dict[Table, int], *, minimum: int = 200_000) -> Iterator[list[str]]:
    """Set aside the secondary indexes of the tables in ``expected`` (table → rows the run will
    add) that get at least ``minimum`` new rows and at least as many as they hold; yield their
    names. Does nothing outside PostgreSQL."""
    if db.session.get_bind().dialect.name != "postgresql":
        yield []
        return
    aside: list[SetAside] = []
    for table, adding in expected.items():
        holding = db.session.scalar(_ROWS, {"table": table.name}) or 0
        if adding >= minimum and adding >= holding:
            aside.extend(secondary(table))
    for index in aside:
        index.drop()
    yield [index.name for index in aside]
    for index in aside:
        index.restore()
