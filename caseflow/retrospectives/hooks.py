"""What the retrospectives domain adds to the start page (the facilitator's coming work and, for
the chairs, retrospectives still in preparation) and to the case page (the consent panel)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseflow.auth.models import Role, User
from caseflow.auth.permissions import RETRO_WORKERS
from caseflow.core.case_page import register_case_panel
from caseflow.core.start import register_panel
from caseflow.extensions import db
from caseflow.retrospectives import labels
from caseflow.retrospectives.models import Retrospective
from caseflow.retrospectives.queries import consent_context
from caseflow.retrospectives.vocab import RetroStatus

LIMIT = 10


def _in_preparation(user: User) -> dict[str, Any] | None:
    query = select(Retrospective).where(
        Retrospective.status == RetroStatus.VOORBEREIDING.value
    )
    if user.role == Role.FACILITATOR.value:
        query = query.where(Retrospective.facilitator_id == user.id)
    retros = list(db.session.scalars(query.order_by(Retrospective.held_on).limit(LIMIT)))
    return {"retros": retros} if retros else None


def _case_consent_reads(case: Any, _access: Any, _user: Any) -> dict[str, Any]:
    from caseflow.retrospectives.consent import consents_query

    return {"retrospectives.consents": consents_query(case)}


def _case_consent(case: Any, _access: Any, _user: Any) -> dict[str, Any]:
    return consent_context(case)


def register() -> None:
    labels.register_template_labels()
    register_panel(
        "retrospectives.in_preparation",
        roles=RETRO_WORKERS,
        template="retrospectives/start/in_preparation.html",
        load=_in_preparation,
        order=60,
    )
    register_case_panel(
        "retrospectives.consent",
        load=_case_consent,
        reads=_case_consent_reads,
        template="retrospectives/_case_consent.html",
        order=10,
        slot="grid",
    )
