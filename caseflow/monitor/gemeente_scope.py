"""A gemeente's own figures (issue 24, point 5): a consulent — a professional whose organisation
is a gemeente — reads the monitor for their own gemeente and the region's totals, and nothing
per case (the monitor has no case in it; their case pages follow the case rules as before).

Split by gemeente, the consulent's tables are computed in the query on their gemeente's cases
only (``dimensions.Scope.gemeente_id``, set by the views): no other gemeente's case is read.
Split "Totaal" they get the region's totals as a whole. ``keeps`` stays as a second guard on
the rows shown.

Which gemeente: the organisation of kind ``gemeente`` is named after it, as the region set-up
makes them ("Gemeente Hilversum") or just "Hilversum". A gemeente organisation that matches no
gemeente on the managed list gets 403: there is no figure that is theirs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context
from sqlalchemy import func, select

from caseflow.auth.models import OrganisationKind
from caseflow.auth.permissions import CHAIRS, deny
from caseflow.cases.models import Gemeente
from caseflow.extensions import db
from caseflow.monitor.periods import Dimension

# Tables of the region as a whole (they do not follow the split): shown as the region's totals.
REGION_TABLES = frozenset({"duur_fase", "verblijf", "wachten"})
# The splits a consulent may choose: their gemeente (one row) or the region's totals.
GEMEENTE_DIMENSIONS = (Dimension.GEMEENTE, Dimension.TOTAAL)
PREFIX = "gemeente "


@dataclass(frozen=True)
class GemeenteScope:
    gemeente_id: int
    name: str

    def dimension(self, asked: Dimension) -> Dimension:
        return asked if asked in GEMEENTE_DIMENSIONS else Dimension.GEMEENTE

    def keeps(self, table: Any, dimension: Dimension) -> Any:
        """The table with only this gemeente's row when split by gemeente."""
        if dimension is not Dimension.GEMEENTE or table.key in REGION_TABLES:
            return table
        table.rows = [(label, cells) for label, cells in table.rows if label == self.name]
        return table


def gemeente_of(user: Any) -> Gemeente | None:
    organisation = getattr(user, "organisation", None)
    if getattr(organisation, "kind", None) != OrganisationKind.GEMEENTE.value:
        return None
    name = " ".join(organisation.name.split()).lower()
    names = {name, name.removeprefix(PREFIX)}
    return db.session.scalar(
        select(Gemeente).where(func.lower(Gemeente.name).in_(sorted(names))).order_by(Gemeente.id)
    )


def scope_of(user: Any) -> GemeenteScope | None:
    """None for the chairs (the whole monitor); a consulent's own gemeente; otherwise 403.
    Looked up once per request (the views ask for it several times)."""
    if user.role in CHAIRS:
        return None
    if has_request_context() and "monitor_gemeente" in g:
        found = g.monitor_gemeente
    else:
        gemeente = gemeente_of(user)
        found = None if gemeente is None else GemeenteScope(gemeente.id, gemeente.name)
        if has_request_context():
            g.monitor_gemeente = found
    if found is None:
        deny(403, reason="monitor_gemeente")
    return found
