"""The outcome's part of the exchange format ``caseflow-history/2``: goals, evaluations and the
tariff of a placement — checked, written in bulk and exported. ``caseflow-history/1`` files
simply have none of these fields."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from caseflow.cases.models import Gemeente
from caseflow.core.dates import noon
from caseflow.extensions import db
from caseflow.outcome.models import Evaluation, Goal, GoalScore, GoalVersion
from caseflow.timeline.models import EventKind, EventSource, Placement

VOICES = (("child", "child_view", "child_safety", "child_missing"),
          ("parents", "parents_view", "parents_score", "parents_missing"))


def tariff_columns(item: dict[str, Any], gemeenten: dict[str, int]) -> dict[str, Any]:
    """Placement columns from a placement's optional ``tariff``."""
    tariff = item.get("tariff")
    if not tariff:  # every row has the same columns (one executemany)
        return {"tariff_kind": None, "tariff_amount": None, "funding_gemeente_id": None}
    funder = (tariff.get("funding_gemeente") or "").strip().lower()
    return {
        "tariff_kind": tariff["kind"],
        "tariff_amount": Decimal(str(tariff["amount"])).quantize(Decimal("0.01")),
        "funding_gemeente_id": gemeenten.get(funder),
    }


def check_case(check: Any) -> None:
    """Semantic checks of one case (``check`` is the exchange validator's CaseCheck)."""
    case = check.case
    for number, item in enumerate(case.get("placements", [])):
        if item is None:  # refused by the schema (the exchange validator's well_formed view)
            continue
        funder = ((item.get("tariff") or {}).get("funding_gemeente") or "").strip().lower()
        if funder and funder not in check.context.gemeenten:
            check.error(f"placements[{number}].tariff.funding_gemeente",
                        f"onbekende gemeente '{item['tariff']['funding_gemeente']}'")
    goal_ids = {g["id"] for g in case.get("goals", []) if g is not None}
    if check.existing:
        goal_ids |= set(_external_ids(Goal, check.existing.case_id))
    for number, goal in enumerate(case.get("goals", [])):
        if goal is None:
            continue
        check.date(f"goals[{number}].recorded_on", goal["recorded_on"])
        check.date(f"goals[{number}].status_on", goal.get("status_on"))
    for number, evaluation in enumerate(case.get("evaluations", [])):
        if evaluation is None:
            continue
        where = f"evaluations[{number}]"
        check.date(f"{where}.on", evaluation["on"])
        for key, *_columns in VOICES:
            voice = evaluation[key]
            heard = bool((voice.get("view") or "").strip()) or voice.get("score") is not None
            if heard and voice.get("missing"):
                check.error(f"{where}.{key}.missing", "hoort alleen bij een ontbrekende stem")
            if not heard and not voice.get("missing"):
                check.error(
                    f"{where}.{key}", "geef de mening of score, of de reden dat die ontbreekt"
                )
        seen: set[str] = set()
        for index, score in enumerate(evaluation.get("scores", [])):
            if score["goal"] not in goal_ids:
                check.error(f"{where}.scores[{index}].goal", f"onbekend doel '{score['goal']}'")
            if score["goal"] in seen:
                check.error(f"{where}.scores[{index}].goal", "dit doel heeft al een score")
            seen.add(score["goal"])


def _noon(day: date, offset: int = 0) -> datetime:
    return noon(day, offset)


def write(writer: Any, plans: list[Any], items: list[dict[str, Any]]) -> None:
    """Insert the goals and evaluations of the planned cases in bulk (one insert per table)."""
    goal_rows, goal_meta = [], []
    for plan in plans:
        known = _external_ids(Goal, plan.case_id) if plan.existing else {}
        fresh = [(k, g) for k, g in plan.items.get("goals", []) if g["id"] not in known]
        start = _last_number(plan.case_id) if plan.existing else 0
        for number, (key, goal) in enumerate(fresh, start=start + 1):
            recorded = _noon(date.fromisoformat(goal["recorded_on"]))
            changed = goal.get("status_on")
            goal_rows.append({
                "case_id": plan.case_id, "number": number, "analysis_id": None,
                "description": goal["description"].strip(), "for_whom": goal["for"],
                "indicator": goal["indicator"].strip(), "status": goal["status"],
                "status_since": _noon(date.fromisoformat(changed)) if changed else recorded,
                "version_number": 1, "created_at": recorded, "created_by_id": None,
                "external_id": goal["id"],
            })
            goal_meta.append((plan, key, goal["id"]))
    goal_ids = _insert_returning(Goal, goal_rows, ("case_id", "number"))
    _insert(GoalVersion, [
        {"goal_id": goal_id, "version_number": 1, "description": row["description"],
         "for_whom": row["for_whom"], "indicator": row["indicator"], "status": row["status"],
         "note": "Geïmporteerd", "recorded_at": writer.now, "recorded_by_id": writer.actor_id}
        for goal_id, row in zip(goal_ids, goal_rows, strict=True)
    ])
    by_external: dict[tuple[int, str], int] = {}
    for goal_id, (plan, _key, external) in zip(goal_ids, goal_meta, strict=True):
        by_external[(plan.case_id, external)] = goal_id
    for plan in plans:
        if plan.existing:
            for external, goal_id in _external_ids(Goal, plan.case_id).items():
                by_external.setdefault((plan.case_id, external), goal_id)
    _evaluations(writer, plans, items, by_external)


def _evaluations(writer: Any, plans: list[Any], items: list[dict], goals: dict) -> None:
    events, rows, meta = [], [], []
    # An exported file carries the evaluatiemoment events too: link to those, do not add twice.
    present = _imported_evaluation_events([p.case_id for p in plans])
    for plan in plans:
        known = _external_ids(Evaluation, plan.case_id) if plan.existing else {}
        for key, item in plan.items.get("evaluations", []):
            if item.get("id") and item["id"] in known:
                continue
            on = date.fromisoformat(item["on"])
            found = present.get((plan.case_id, on))
            events.append(found.pop(0) if found else writer.timeline_event(
                plan.case_id, EventKind.EVALUATIEMOMENT.value, "Evaluatie (geïmporteerd)", on))
            row = {"case_id": plan.case_id, "held_on": on,
                   "phase": plan.case["phases"][-1]["phase"],
                   "professionals_view": item["professionals"].strip(),
                   "recorded_at": writer.now, "recorded_by_id": writer.actor_id,
                   "external_id": item.get("id")}
            for voice, view, score, missing in VOICES:
                part = item[voice]
                row[view] = (part.get("view") or "").strip()
                row[score] = part.get("score")
                row[missing] = part.get("missing") or None
            rows.append(row)
            meta.append((plan, key, item.get("scores", [])))
    event_ids = iter(_insert_returning_events([e for e in events if isinstance(e, dict)]))
    for row, event in zip(rows, events, strict=True):
        row["timeline_event_id"] = event if isinstance(event, int) else next(event_ids)
    ids = _insert_returning(Evaluation, rows, ("timeline_event_id",))
    scores = []
    for evaluation_id, (plan, _key, given) in zip(ids, meta, strict=True):
        scores += [{"evaluation_id": evaluation_id, "goal_id": goals[(plan.case_id, s["goal"])],
                    "score": s["score"]} for s in given]
    _insert(GoalScore, scores)


def _external_ids(model: Any, case_id: int) -> dict[str, int]:
    """External id -> row id of the goals or evaluations a case already has (for --update)."""
    rows = db.session.execute(
        select(model.external_id, model.id).where(
            model.case_id == case_id, model.external_id.is_not(None)
        )
    ).all()
    return dict(rows)


def _last_number(case_id: int) -> int:
    return db.session.scalar(select(db.func.max(Goal.number)).where(Goal.case_id == case_id)) or 0


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        db.session.execute(insert(model.__table__), rows)


def _insert_returning(model: Any, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[int]:
    """Insert, then read the new ids back in one query, matched on ``keys`` (unique per row)."""
    if not rows:
        return []
    table = model.__table__
    _insert(model, rows)
    column = table.c[keys[0]]
    found = {
        tuple(values): row_id
        for row_id, *values in db.session.execute(
            select(table.c.id, *(table.c[k] for k in keys)).where(
                column.in_({row[keys[0]] for row in rows})
            )
        )
    }
    return [found[tuple(row[k] for k in keys)] for row in rows]


def _imported_evaluation_events(case_ids: list[int]) -> dict[tuple[int, date], list[int]]:
    from caseflow.timeline.models import TimelineEvent

    linked = select(Evaluation.timeline_event_id).where(Evaluation.timeline_event_id.is_not(None))
    found: dict[tuple[int, date], list[int]] = defaultdict(list)
    for event_id, case_id, on in db.session.execute(
        select(TimelineEvent.id, TimelineEvent.case_id, TimelineEvent.occurred_on)
        .where(TimelineEvent.case_id.in_(case_ids),
               TimelineEvent.kind == EventKind.EVALUATIEMOMENT.value,
               TimelineEvent.source == EventSource.IMPORT.value,
               TimelineEvent.id.not_in(linked))
        .order_by(TimelineEvent.id)
    ):
        found[(case_id, on)].append(event_id)
    return found


def _insert_returning_events(events: list[dict[str, Any]]) -> list[int]:
    from caseflow.timeline.models import TimelineEvent

    if not events:
        return []
    before = db.session.scalar(select(db.func.max(TimelineEvent.id))) or 0
    _insert(TimelineEvent, events)
    ids = db.session.scalars(
        select(TimelineEvent.id)
        .where(TimelineEvent.id > before, TimelineEvent.source == EventSource.IMPORT.value,
               TimelineEvent.kind == EventKind.EVALUATIEMOMENT.value,
               TimelineEvent.case_id.in_({e["case_id"] for e in events}))
        .order_by(TimelineEvent.id)
    ).all()
    return list(ids)


def tariff_of(placement: Placement, gemeenten: dict[int, str]) -> dict[str, Any] | None:
    if placement.tariff_kind is None or placement.tariff_amount is None:
        return None
    return {
        "kind": placement.tariff_kind,
        "amount": float(placement.tariff_amount),
        "funding_gemeente": gemeenten.get(placement.funding_gemeente_id),
    }


def gemeente_names() -> dict[int, str]:
    return dict(db.session.execute(select(Gemeente.id, Gemeente.name)).tuples().all())


def export(case_ids: list[int], ids: Any) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Per case: its goals and evaluations in the exchange format (two queries)."""
    result: dict[int, dict[str, list]] = defaultdict(lambda: {"goals": [], "evaluations": []})
    goal_ref: dict[int, str] = {}
    for goal in db.session.scalars(
        select(Goal).where(Goal.case_id.in_(case_ids)).order_by(Goal.case_id, Goal.number)
    ):
        goal_ref[goal.id] = goal.external_id or ids("goal", goal.id)
        result[goal.case_id]["goals"].append({
            "id": goal_ref[goal.id], "description": goal.description, "for": goal.for_whom,
            "indicator": goal.indicator, "status": goal.status,
            "recorded_on": goal.created_at.date().isoformat(),
            "status_on": goal.status_since.date().isoformat(),
        })
    for evaluation in db.session.scalars(
        select(Evaluation).where(Evaluation.case_id.in_(case_ids))
        .order_by(Evaluation.case_id, Evaluation.held_on, Evaluation.id)
    ):
        document: dict[str, Any] = {
            "id": evaluation.external_id or ids("evaluation", evaluation.id),
            "on": evaluation.held_on.isoformat(),
            "professionals": evaluation.professionals_view,
            "scores": [{"goal": goal_ref[s.goal_id], "score": s.score}
                       for s in evaluation.scores if s.goal_id in goal_ref],
        }
        for voice, view, score, missing in VOICES:
            document[voice] = {"view": getattr(evaluation, view),
                               "score": getattr(evaluation, score),
                               "missing": getattr(evaluation, missing)}
        result[evaluation.case_id]["evaluations"].append(document)
    return result
