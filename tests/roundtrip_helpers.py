"""Export → import into an empty database → export, compared field by field (issue 19.4)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from caseflow.cases.models import Gemeente
from caseflow.exchange.exporter import export_cases, select_cases, to_json
from caseflow.exchange.importer import import_history
from caseflow.extensions import db

# What an export says about itself, not about the cases: when, and what it left out.
NOT_HISTORY = ("exported_at", "omitted")


def differences(first: Any, second: Any, path: str = "$") -> list[str]:
    """Every path where the two documents differ (ids and dates included), with both values."""
    if isinstance(first, dict) and isinstance(second, dict):
        found = []
        for key in sorted(set(first) | set(second)):
            if path == "$" and key in NOT_HISTORY:
                continue
            if key not in first or key not in second:
                found.append(f"{path}.{key}: only in {'second' if key in second else 'first'}")
                continue
            found += differences(first[key], second[key], f"{path}.{key}")
        return found
    if isinstance(first, list) and isinstance(second, list):
        found = [f"{path}: {len(first)} vs {len(second)} items"] * (len(first) != len(second))
        for index, (a, b) in enumerate(zip(first, second, strict=False)):
            label = a.get("ref", index) if isinstance(a, dict) else index
            found += differences(a, b, f"{path}[{label}]")
        return found
    return [] if first == second else [f"{path}: {first!r} vs {second!r}"]


def round_trip(build: Callable[[], None]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Build a region in a savepoint, export it, roll it back (an empty database with only the
    region's list of gemeenten), import the export, export again."""
    region = db.session.begin_nested()
    build()
    db.session.flush()
    first = json.loads(to_json(export_cases(select_cases())))
    names = list(db.session.scalars(select(Gemeente.name)))
    region.rollback()
    db.session.expunge_all()
    assert select_cases() == []
    for name in names:
        db.session.add(Gemeente(name=name))
    db.session.flush()
    report = import_history(to_json(first).encode(), None)
    assert len(report.created) == len(first["cases"])
    db.session.expunge_all()
    second = json.loads(to_json(export_cases(select_cases())))
    return first, second
