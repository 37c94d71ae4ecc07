"""The case facts of issue 24 in ``caseflow-history/2`` (optional fields, added later; files
without them, ``/1`` included, read as before): ``legal_frameworks`` (framework, from, until),
``siblings`` (the refs of sibling cases), ``siblings_outside`` (a count) and a placement's
``contracted``. Export writes a field only when the case has it recorded."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from caseflow.cases.fact_models import CaseFramework, SiblingLink, SiblingsOutside
from caseflow.cases.fact_queries import siblings_outside
from caseflow.cases.models import Case
from caseflow.core.dates import noon
from caseflow.exchange.bulk_insert import insert_rows
from caseflow.exchange.validator import Issue
from caseflow.extensions import db


def export_facts(case_ids: list[int]) -> dict[int, dict[str, Any]]:
    """{case id: the fact fields of its document}, three queries for all cases."""
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    periods = db.session.scalars(
        select(CaseFramework).where(CaseFramework.case_id.in_(case_ids),
                                    CaseFramework.retracted_at.is_(None))
        .order_by(CaseFramework.case_id, CaseFramework.from_date, CaseFramework.framework)
    )
    for row in periods:
        found[row.case_id].setdefault("legal_frameworks", []).append({
            "framework": row.framework, "from": row.from_date.isoformat(),
            "until": row.until_date.isoformat() if row.until_date else None,
        })
    links = db.session.execute(
        select(SiblingLink.case_id, SiblingLink.sibling_id).where(
            SiblingLink.removed_at.is_(None),
            or_(SiblingLink.case_id.in_(case_ids), SiblingLink.sibling_id.in_(case_ids)),
        )
    ).tuples().all()
    ids = {i for pair in links for i in pair}
    refs = dict(db.session.execute(select(Case.id, Case.reference).where(Case.id.in_(ids))).all())
    wanted = set(case_ids)
    for low, high in links:
        for mine, other in ((low, high), (high, low)):
            if mine in wanted:
                found[mine].setdefault("siblings", []).append(refs[other])
    for facts in found.values():
        if "siblings" in facts:
            facts["siblings"].sort()
    for case_id, count in db.session.execute(
        siblings_outside().where(SiblingsOutside.case_id.in_(case_ids))
    ):
        found[case_id]["siblings_outside"] = count
    return found


def check_facts(check: Any) -> None:
    """What the schema cannot say: a period ends on or after its start, one framework does not
    run twice at once; a case is not its own sibling."""
    periods = [p for p in check.case.get("legal_frameworks", []) or [] if p is not None]
    spans: list[tuple[str, date, date | None]] = []
    for number, period in enumerate(periods):
        where = f"legal_frameworks[{number}]"
        start = check.date(f"{where}.from", period["from"])
        until = check.date(f"{where}.until", period.get("until"))
        if start and until and until < start:
            check.error(f"{where}.until", "ligt vóór 'from'")
            continue
        if start is None:
            continue
        for kind, other_start, other_until in spans:
            meets = (other_until is None or start <= other_until) and (
                until is None or other_start <= until)
            framework = period["framework"]
            if meets and (kind == framework or "vrijwillig" in (kind, framework)):
                check.error(f"{where}.from", f"overlapt met {kind} vanaf {other_start}")
                break
        spans.append((period["framework"], start, until))
    if check.case.get("ref") and check.case["ref"] in (check.case.get("siblings") or []):
        check.error("siblings", "een casus kan niet zijn eigen broer of zus zijn")


def write_facts(writer: Any, plans: list[Any]) -> list[tuple[int, list[str]]]:
    """Insert the periods and counts of the planned cases in bulk; return the sibling refs to
    link once every case of the file is in (a sibling may come later in the file)."""
    existing = _existing_periods([p.case_id for p in plans if p.existing])
    latest = dict(db.session.execute(
        siblings_outside().where(SiblingsOutside.case_id.in_([p.case_id for p in plans]))
    ).tuples().all())
    periods, counts, pending = [], [], []
    for plan in plans:
        for period in plan.case.get("legal_frameworks", []) or []:
            start = date.fromisoformat(period["from"])
            key = (plan.case_id, period["framework"], start)
            if key in existing:  # --update: a period already there is not added twice
                continue
            until = period.get("until")
            periods.append({
                "case_id": plan.case_id, "framework": period["framework"], "from_date": start,
                "until_date": date.fromisoformat(until) if until else None,
                "recorded_at": noon(start), "recorded_by_id": writer.actor_id,
                "revision_count": 1,
            })
        count = plan.case.get("siblings_outside")
        if count is not None and latest.get(plan.case_id) != count:
            counts.append({"case_id": plan.case_id, "count": count, "reason": "Geïmporteerd",
                           "recorded_at": writer.now, "recorded_by_id": writer.actor_id})
        if plan.case.get("siblings"):
            pending.append((plan.case_id, list(plan.case["siblings"])))
    insert_rows(CaseFramework, periods)
    insert_rows(SiblingsOutside, counts)
    return pending


def _existing_periods(case_ids: list[int]) -> set[tuple[int, str, date]]:
    if not case_ids:
        return set()
    return set(db.session.execute(
        select(CaseFramework.case_id, CaseFramework.framework, CaseFramework.from_date).where(
            CaseFramework.case_id.in_(case_ids), CaseFramework.retracted_at.is_(None))
    ).tuples().all())


def link_siblings(pending: list[tuple[int, list[str]]], actor_id: int | None,
                  now: Any) -> list[Issue]:
    """Link the imported cases to their siblings by ref (both ways, once); a ref caseflow
    does not know is a warning, not an error: that sibling may be imported later."""
    refs = sorted({ref for _case, wanted in pending for ref in wanted})
    if not refs:
        return []
    ids = dict(db.session.execute(select(Case.reference, Case.id).where(
        Case.reference.in_(refs))).tuples().all())
    present = set(db.session.execute(select(SiblingLink.case_id, SiblingLink.sibling_id).where(
        SiblingLink.removed_at.is_(None))).tuples().all())
    rows, warnings = [], []
    for case_id, wanted in pending:
        for ref in wanted:
            other = ids.get(ref)
            if other is None:
                warnings.append(Issue("siblings", f"broer of zus '{ref}' staat (nog) niet in "
                                                  "caseflow; niet gekoppeld"))
                continue
            pair = (min(case_id, other), max(case_id, other))
            if other != case_id and pair not in present:
                present.add(pair)
                rows.append({"case_id": pair[0], "sibling_id": pair[1], "recorded_at": now,
                             "recorded_by_id": actor_id})
    insert_rows(SiblingLink, rows)
    return warnings
