"""In tests a lazy load that reaches the database fails the test: a hidden N+1 in a view or a
service shows up at once instead of in production. It is ``lazy="raise_on_sql"`` for every
relationship mapped with the default ``lazy="select"``, as a policy of the test run; the app's
mappings are left as they are.

A test that really means to load lazily wraps that code in ``allow_lazy_loads()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, RelationshipProperty, Session

_allowed: ContextVar[bool] = ContextVar("lazy_loads_allowed", default=False)


class LazyLoadRefused(AssertionError):
    """A relationship was loaded lazily with SQL: load it eagerly in the query instead."""


def _plain_lazy(state: ORMExecuteState) -> RelationshipProperty | None:
    """The relationship being lazy-loaded, if it is mapped with the default ``lazy="select"``.
    (A ``joined``/``selectin`` relationship refreshed on one expired object is not an N+1.)"""
    path = getattr(state.loader_strategy_path, "path", ())
    props = [part for part in path if isinstance(part, RelationshipProperty)]
    if props and props[-1].lazy in ("select", True):
        return props[-1]
    return None


def _refuse_lazy_loads(state: ORMExecuteState) -> None:
    if not state.is_select or state.lazy_loaded_from is None or _allowed.get():
        return
    prop = _plain_lazy(state)
    if prop is not None:
        raise LazyLoadRefused(f"lazy load of {prop}: load it eagerly (or lazy='raise_on_sql')")


@contextmanager
def allow_lazy_loads() -> Iterator[None]:
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


def install() -> None:
    if not event.contains(Session, "do_orm_execute", _refuse_lazy_loads):
        event.listen(Session, "do_orm_execute", _refuse_lazy_loads)
