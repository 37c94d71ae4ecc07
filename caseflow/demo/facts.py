"""The demo's case facts (issue 24): a legal framework on most cases (voluntary care, or an
ondertoezichtstelling where a GI referred the child), one pair of siblings, and a few counts of
brothers and sisters outside caseflow — so the facts panel, its pages and the monitor's split
have something to show."""

from __future__ import annotations

import contextlib

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.fact_services import (
    FactError,
    FrameworkPeriod,
    add_framework,
    link_siblings,
    set_siblings_outside,
)
from caseflow.cases.models import Case
from caseflow.cases.vocab import LegalFramework
from caseflow.extensions import db


def load_demo_facts(chair: User) -> int:
    cases = db.session.scalars(select(Case).order_by(Case.id)).all()
    added = 0
    for number, case in enumerate(cases):
        if number % 4 == 3:
            continue  # not recorded for every case: what a region has is what it has
        kind = (LegalFramework.ONDERTOEZICHTSTELLING if case.referrer_type == "gi"
                else LegalFramework.VRIJWILLIG)
        try:
            add_framework(case, FrameworkPeriod(kind.value, case.registered_on), chair)
            added += 1
        except FactError:
            continue
    pairs = [(a, b) for a, b in zip(cases, cases[1:], strict=False)
             if a.gemeente_id == b.gemeente_id and abs(a.birth_year - b.birth_year) <= 3]
    for a, b in pairs[:1]:
        with contextlib.suppress(FactError):
            link_siblings(a, b, chair)
    for case in cases[:6:2]:
        with contextlib.suppress(FactError):
            set_siblings_outside(case, 2, chair)
    db.session.flush()
    return added
