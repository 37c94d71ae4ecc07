"""A placement's tariff and the gemeente that pays it; only who may see costs sets them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.auth.permissions import sees_costs
from caseflow.cases.models import Case, Gemeente
from caseflow.cases.workflow import N_
from caseflow.extensions import db
from caseflow.outcome.services import OutcomeError
from caseflow.outcome.vocab import TariffKind
from caseflow.timeline.models import EventKind, Placement
from caseflow.timeline.services import add_system_event


def parse_amount(raw: object) -> Decimal | None:
    """'1.234,56', '1234.56' or '1234' as a Decimal; None when empty; ValueError otherwise."""
    text = str(raw or "").strip().replace("€", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite() or value < 0 or value >= Decimal("10000000000"):
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


def set_tariff(
    placement: Placement,
    case: Case,
    kind: str | None,
    amount: object,
    funding_gemeente_id: int | None,
    actor: User,
) -> None:
    """Set (or clear, with no kind) the placement's tariff and the gemeente that pays. Only who
    may see costs may set them (the page refuses the others before this is reached)."""
    if not sees_costs(actor):
        raise OutcomeError(
            {"kind": _("Tarieven legt de gemeente, de voorzitter of de procesbegeleider vast.")}
        )
    if placement.case_id != case.id:
        raise OutcomeError({"placement": _("Deze plaatsing hoort niet bij deze casus.")})
    problems: dict[str, str] = {}
    kind = kind or None
    try:
        value = parse_amount(amount)
    except ValueError:
        value = None
        problems["amount"] = _("Geef een bedrag in euro's, bijvoorbeeld 312,50.")
    if kind is not None and kind not in set(TariffKind):
        problems["kind"] = _("Kies per dag of een totaalbedrag.")
    if kind is not None and value is None and "amount" not in problems:
        problems["amount"] = _("Vul het bedrag in.")
    if kind is None and value is not None:
        problems["kind"] = _("Kies per dag of een totaalbedrag.")
    if funding_gemeente_id and db.session.get(Gemeente, funding_gemeente_id) is None:
        problems["funding_gemeente"] = _("Kies een gemeente uit de lijst.")
    if problems:
        raise OutcomeError(problems)
    placement.tariff_kind = kind
    placement.tariff_amount = value
    placement.funding_gemeente_id = funding_gemeente_id or None
    add_system_event(
        case, EventKind.OVERIG, N_("Tarief van een plaatsing vastgelegd"), values={}, actor=actor
    )
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="placement",
           target_id=placement.id, fields=("tariff_kind", "tariff_amount", "funding_gemeente"))
