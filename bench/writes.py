"""Time the writes in-process (same database): log an event (timeline + risk flags + access
log), and a phase move (blijven volgen → RET-bespreking). Prints JSON {name: ms per operation}."""

from __future__ import annotations

import json
import time
from datetime import date

from sqlalchemy import select

from bench.app import app
from bench.login import EMAIL
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.services import move_case
from caseflow.cases.workflow import Phase, Trigger
from caseflow.extensions import db
from caseflow.risk.services import recompute
from caseflow.timeline.models import EventKind
from caseflow.timeline.services import EventContent, log_event

ROUNDS = 20


def main() -> None:
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.email == EMAIL))
        cases = db.session.scalars(
            select(Case).where(Case.phase == Phase.BLIJVEN_VOLGEN.value).limit(ROUNDS)
        ).all()
        started = time.perf_counter()
        for case in cases:
            content = EventContent(kind=EventKind.EVALUATIEMOMENT.value, title="Evaluatie (bench)",
                                   occurred_on=date.today())
            log_event(case, content, actor)
            recompute([case.id])
            log_access(AuditEvent.CREATE, case_id=case.id, object_type="timeline_event",
                       user=actor)
            db.session.commit()
        log_ms = (time.perf_counter() - started) * 1000 / max(1, len(cases))
        started = time.perf_counter()
        for case in cases:
            move_case(case, Trigger.TERUG_NAAR_RET, actor, reason="Herbespreking (bench)")
            log_access(AuditEvent.PHASE_MOVE, case_id=case.id, object_type="case", user=actor)
            db.session.commit()
        move_ms = (time.perf_counter() - started) * 1000 / max(1, len(cases))
        print(json.dumps({"log_event": round(log_ms, 2), "phase_move": round(move_ms, 2)}))


if __name__ == "__main__":
    main()
