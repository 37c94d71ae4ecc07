"""Several collections of one case read in ONE statement: each part is an ordinary
``select(Model).where(...).order_by(...)``; they become the branches of a UNION ALL whose rows are
"typed": every model has its own columns (the other branches fill them with typed NULLs, so
PostgreSQL and SQLite accept the union and the ORM's type conversions apply), plus the part's name
and the row's place in that part's order. The many-to-one relations the models load eagerly
(``lazy="joined"``: who recorded it, their organisation, the meeting) become branches too, so
reading ``decision.decided_by.name`` afterwards finds the user in the session and runs no SQL.

Rows never multiply: a branch returns exactly the rows its own query would. The objects are put
into the session as if a query had loaded them (identity map first: an object already loaded is
reused, as a query would). Only for the case page's read-only, per-request loading."""

from __future__ import annotations

from collections import OrderedDict, namedtuple
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, cast, func, inspect, literal, null, select, union, union_all
from sqlalchemy.orm import Mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.interfaces import MANYTOONE

from caseflow.extensions import db

# How far eager many-to-one relations are followed (flag → acknowledged by → organisation;
# removal → meeting → chair → organisation).
DEPTH = 3


class _Part:
    """One branch: a model's rows (``mapper``) or plain columns (``names``)."""

    def __init__(self, name: str, stmt: Select) -> None:
        self.name = name
        entity = stmt.column_descriptions[0].get("entity")
        self.mapper: Mapper | None = (
            inspect(entity)
            if len(stmt.column_descriptions) == 1
            and entity is not None
            and stmt.column_descriptions[0]["expr"] is entity
            else None
        )
        if stmt._limit_clause is not None or stmt._offset_clause is not None:  # noqa: SLF001
            raise ValueError(f"together: part {name!r} has a limit (not in a union branch)")
        # ORDER BY is not allowed inside a branch; it becomes the row's number in its part.
        self.order_by = tuple(stmt._order_by_clauses)  # noqa: SLF001
        self.stmt = stmt.order_by(None)
        if self.mapper is not None:
            self.columns = list(self.mapper.local_table.columns)
        else:
            self.columns = list(stmt.selected_columns)
        self.names = [c.key for c in stmt.selected_columns] if self.mapper is None else None
        self.slots: list[int] = []  # where each of ``columns`` stands in the union (``_slots``)


def _related(parts: list[_Part]) -> list[_Part]:
    """Branches for the eager many-to-one targets of ``parts``: ``target.id IN (the parts'
    foreign keys, as one UNION)``, one branch per target model."""
    wanted: dict[tuple[Mapper, Any], list[Select]] = {}
    frontier = [p for p in parts if p.mapper is not None]
    for _ in range(DEPTH):
        found: list[tuple[Mapper, Any, Select]] = []
        for part in frontier:
            for rel in part.mapper.relationships:
                if rel.direction is not MANYTOONE or rel.lazy != "joined":
                    continue
                (local, remote), *more = rel.local_remote_pairs
                if more or remote not in rel.mapper.primary_key:
                    continue
                keys = part.stmt.with_only_columns(local, maintain_column_froms=True)
                found.append((rel.mapper, remote, keys))
        frontier = []
        for mapper, remote, keys in found:
            wanted.setdefault((mapper, remote), []).append(keys)
            frontier.append(_Part("_", select(mapper.class_).where(remote.in_(keys))))
    # One IN over a UNION of the keys, not an OR of INs: PostgreSQL answers "id IN a OR id IN b"
    # by reading the whole table (every case, at 50,000 cases 27 ms), a UNION by primary key.
    return [
        _Part(
            f"_{m.class_.__name__}",
            select(m.class_).where(remote.in_(keys[0] if len(keys) == 1 else union(*keys))),
        )
        for (m, remote), keys in wanted.items()
    ]


_NULLS: dict[str, Any] = {}


def _type_key(column: Any) -> str:
    """Columns whose types print the same share a slot of the union (same SQL type, same result
    conversion)."""
    return repr(column.type)


def _typed_null(column: Any) -> Any:
    """``CAST(NULL AS <column's type>)``, one element per type, built once per process."""
    key = _type_key(column)
    if key not in _NULLS:
        _NULLS[key] = cast(null(), column.type)
    return _NULLS[key]


def _slots(parts: list[_Part]) -> list[Any]:
    """Give every part's columns a slot of the union: a part's k-th column of a type takes that
    type's k-th slot, so parts share slots (the union is as wide as the parts need together, not
    the sum of all their columns: at the case page's 25 branches, 6,984 typed NULLs → far
    fewer, and PostgreSQL parses and plans a statement a fraction of the size). Returns, per
    slot, a column of its type (for its NULL)."""
    slots: list[Any] = []
    by_type: dict[str, list[int]] = {}
    for part in parts:
        seen: dict[str, int] = {}
        part.slots = []
        for column in part.columns:
            key = _type_key(column)
            k = seen.get(key, 0)
            seen[key] = k + 1
            owned = by_type.setdefault(key, [])
            if k == len(owned):
                owned.append(len(slots))
                slots.append(column)
            part.slots.append(owned[k])
    return slots


def _hydrate(mapper: Mapper, attrs: list[str], values: list[Any], pk: list[int]) -> Any:
    """The object for one row, as a query would load it (``attrs``: the attribute of each of
    ``values``; ``pk``: where the primary key stands in them)."""
    session = db.session()
    key = mapper.identity_key_from_primary_key([values[at] for at in pk])
    existing = session.identity_map.get(key)
    if existing is not None:
        state = inspect(existing)
        expired = state.expired_attributes
        if expired:  # refresh what a commit expired, like a query would
            for attr, value in zip(attrs, values, strict=True):
                if attr in expired:
                    set_committed_value(existing, attr, value)
        return existing
    obj = mapper.class_manager.new_instance()
    # Straight into the instance's dict, then committed as a whole by make_transient_to_detached
    # (what set_committed_value per attribute did, at a fraction of the calls: ~300 objects).
    inspect(obj).dict.update(zip(attrs, values, strict=True))
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


class _Plan:
    """The parts of one set of queries, their union and its compiled form: built once per
    process for a set of queries of the same shape (the case page's panels, whatever the
    case), then run with the new queries' parameter values (issue 21: building and compiling
    the ~1,100-column union was a fifth of the page's CPU)."""

    def __init__(self, queries: Mapping[str, Select], dialect: Any) -> None:
        self.names = list(queries)
        parts = [_Part(name, stmt) for name, stmt in queries.items()]
        parts += _related(parts)
        slots = _slots(parts)
        branches = []
        for index, part in enumerate(parts):
            columns: list[Any] = [literal(index).label("part")]
            number = func.row_number().over(order_by=part.order_by) if part.order_by else literal(0)
            columns.append(number.label("n"))
            mine = dict(zip(part.slots, part.columns, strict=True))
            columns += [mine.get(at, _typed_null(column)) for at, column in enumerate(slots)]
            branches.append(part.stmt.with_only_columns(*columns, maintain_column_froms=True))
        self.parts = parts
        self.union = union_all(*branches)
        self.compiled = self.union.compile(dialect=dialect)
        # Per part: where its columns stand in a row, and (for a model) which attribute each is.
        self.picks = [[2 + at for at in part.slots] for part in parts]
        self.attrs = [
            [part.mapper.get_property_by_column(c).key for c in part.columns]
            if part.mapper is not None else None
            for part in parts
        ]
        self.pks = [
            [next(i for i, col in enumerate(part.columns) if col is c)
             for c in part.mapper.primary_key]
            if part.mapper is not None else None
            for part in parts
        ]
        self.tuples = [
            namedtuple("Row", part.names) if part.names else None  # noqa: PYI024
            for part in parts
        ]
        # The bound parameters of the queries this plan was built from, in cache-key order:
        # a later set of queries of the same shape has its values at the same places.
        self.binds: list[Any] = []

    def params(self, keys: list[Any]) -> dict[str, Any]:
        """The parameter values of queries whose cache keys are ``keys``, by this plan's names."""
        values: dict[str, Any] = {}
        for old, new in zip(self.binds, (b for key in keys for b in key.bindparams), strict=True):
            values[old.key] = new.effective_value
        return values


_PLANS: OrderedDict[Any, _Plan] = OrderedDict()
_MAX_PLANS = 64  # the case page has a few shapes (per role, per panel set); tests make more


def _plan(queries: Mapping[str, Select], dialect: Any) -> tuple[_Plan, dict[str, Any] | None]:
    """The plan for ``queries`` and the parameters to run it with; ``None`` parameters: the
    plan was just built from these very queries (or they cannot be cached) and holds their
    values itself."""
    keys = [stmt._generate_cache_key() for stmt in queries.values()]  # noqa: SLF001
    if any(key is None for key in keys):
        return _Plan(queries, dialect), None
    shape = (type(dialect), dialect.paramstyle, dialect.server_version_info,
             tuple(queries), tuple(key.key for key in keys))
    plan = _PLANS.get(shape)
    if plan is not None:
        _PLANS.move_to_end(shape)
        return plan, plan.params(keys)
    plan = _Plan(queries, dialect)
    plan.binds = [b for key in keys for b in key.bindparams]
    _PLANS[shape] = plan
    while len(_PLANS) > _MAX_PLANS:
        _PLANS.popitem(last=False)
    return plan, None


def _execute(plan: _Plan, params: dict[str, Any] | None) -> list[Any]:
    session = db.session()
    if session.new or session.dirty or session.deleted or session.info:
        # Something pending (a flush, a risk recompute the session's read hooks run first):
        # the ordinary path, which runs those hooks.
        return session.execute(plan.union, params or {}).all()
    # The compiled statement as it is: no new cache key over the union's ~1,100 elements.
    connection = session.connection()
    return connection._execute_compiled(  # noqa: SLF001
        plan.compiled, [params] if params else []
    ).all()


def load_together(queries: Mapping[str, Select]) -> dict[str, list[Any]]:
    """{name: the rows ``queries[name]`` would return, in its order}, in one statement."""
    if not queries:
        return {}
    plan, params = _plan(queries, db.session.get_bind().dialect)
    rows = _execute(plan, params)
    grouped: list[list[tuple[int, Any]]] = [[] for _ in plan.parts]
    for row in rows:
        grouped[row[0]].append((row[1], row))
    result: dict[str, list[Any]] = {}
    loaded: dict[tuple[Mapper, Any], Any] = {}
    for index, part in enumerate(plan.parts):
        items = []
        picks, attrs, tuple_type = plan.picks[index], plan.attrs[index], plan.tuples[index]
        group = grouped[index]
        group.sort(key=lambda pair: pair[0])
        for _n, row in group:
            values = [row[at] for at in picks]
            if attrs is None:
                items.append(tuple_type(*values))
                continue
            obj = _hydrate(part.mapper, attrs, values, plan.pks[index])
            loaded[(part.mapper, inspect(obj).identity)] = obj
            items.append(obj)
        result[part.name] = items
    _link(loaded)
    return {name: result[name] for name in queries}


def _link(loaded: dict[tuple[Mapper, Any], Any]) -> None:
    """Set the eager many-to-one relations to the objects read with them (the session holds
    its objects weakly: a user no relation points to would be gone before a template asks)."""
    for (mapper, _identity), obj in loaded.items():
        state = inspect(obj)
        for rel in mapper.relationships:
            if rel.direction is not MANYTOONE or rel.lazy != "joined" or rel.key in state.dict:
                continue
            (local, _remote), *more = rel.local_remote_pairs
            if more:
                continue
            value = state.dict.get(mapper.get_property_by_column(local).key)
            if value is None:
                set_committed_value(obj, rel.key, None)
            elif (rel.mapper, (value,)) in loaded:
                set_committed_value(obj, rel.key, loaded[(rel.mapper, (value,))])


def rows(stmt: Select) -> list[Any]:
    """What ``load_together`` returns for ``stmt`` alone, read on its own (outside the case page
    or when no panel read it first): objects for a model's select, rows for plain columns."""
    if _Part("", stmt).mapper is not None:
        return list(db.session.scalars(stmt).unique())
    return list(db.session.execute(stmt).all())
