"""Numbered revisions of a record (a case, a placement, a timeline event). Revision 1 is what was
first recorded and each correction adds the next; the record itself holds the latest version. A
revision row is the record's content as it was, its number, who recorded it and when, and why."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from caseflow.extensions import db


def revision_row(
    owner: InstrumentedAttribute[int],
    owner_id: int,
    number: int,
    content: dict[str, Any],
    *,
    at: datetime,
    by: int | None,
    **why: Any,
) -> Any:
    """A new revision of the record ``owner_id``: ``owner`` is the revision model's column that
    names the record (``CaseRevision.case_id``); ``why`` its changed fields, reason or note."""
    model = owner.class_
    return model(
        **{owner.key: owner_id}, number=number, **content, recorded_at=at, recorded_by_id=by, **why
    )


def revisions_of(
    owner: InstrumentedAttribute[int], owner_ids: Iterable[int], *, before: datetime | None = None
) -> dict[int, list]:
    """Every revision of each record, oldest first, in one query (a record without: []);
    with ``before``, only those recorded before that moment."""
    model = owner.class_
    grouped: dict[int, list] = defaultdict(list)
    ids = sorted(set(owner_ids))
    if ids:
        query = select(model).where(owner.in_(ids)).order_by(owner, model.number)
        if before is not None:
            query = query.where(model.recorded_at < before)
        for revision in db.session.scalars(query):
            grouped[getattr(revision, owner.key)].append(revision)
    return grouped
