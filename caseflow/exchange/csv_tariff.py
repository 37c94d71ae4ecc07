"""How a region's spreadsheet spells the tariff kind (column ``tariff_kind``), read as one of
caseflow's two kinds (``per_dag``, ``totaal``).

``dag``, ``per dag``, ``etmaal`` … are ``per_dag``; ``totaalbedrag``, ``maatwerk`` are
``totaal``; both with a warning. A tariff ``per week`` or ``per maand`` becomes a day tariff:
the amount divided by 7, or times 12/365 (a month as the average month), rounded to cents,
with a warning that gives the calculation. The file's own kind and amount stay with the tariff
as the note ``x-tarief-in-bestand``, so nothing of what the region wrote is lost.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from caseflow.outcome.vocab import TariffKind

KINDS = {
    "dag": TariffKind.PER_DAG.value,
    "etmaal": TariffKind.PER_DAG.value,
    "dagtarief": TariffKind.PER_DAG.value,
    "totaalbedrag": TariffKind.TOTAAL.value,
    "totaalbedrag (maatwerk)": TariffKind.TOTAAL.value,
    "maatwerk": TariffKind.TOTAAL.value,
}
PERIODS = {"week": (Decimal(1), Decimal(7)), "maand": (Decimal(12), Decimal(365))}
NOTE = "x-tarief-in-bestand"


def _spelled(text: str) -> str:
    compact = re.sub(r"[\s_\-]+", " ", text.strip().lower())
    return compact.removeprefix("per ").removeprefix("een ").strip()


def read_kind(text: str) -> tuple[str, str | None, str | None]:
    """(value, period, warning): the kind as caseflow has it; ``period`` is ``week`` or
    ``maand`` when the amount still has to become a day amount."""
    if text in {kind.value for kind in TariffKind}:
        return text, None, None
    spelled = _spelled(text)
    if spelled in PERIODS:
        return TariffKind.PER_DAG.value, spelled, None
    value = KINDS.get(spelled) or {"per dag": TariffKind.PER_DAG.value}.get(spelled)
    if value is None:
        return text, None, None  # the schema names the values it knows
    return value, None, f"'{text}' gelezen als tariefsoort {value}"


def per_day(tariff: dict[str, Any], period: str, original: str) -> str | None:
    """Make a week or month tariff a day tariff in place; the warning, or None if there was
    no number to convert (the schema then says what is wrong with the amount)."""
    amount = tariff.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        return None
    times, per = PERIODS[period]
    day = (Decimal(str(amount)) * times / per).quantize(Decimal("0.01"), ROUND_HALF_UP)
    tariff["amount"] = float(day)
    tariff[NOTE] = f"{original}: {amount}"
    how = "gedeeld door 7" if period == "week" else "maal 12/365"
    return (
        f"'{original}' is geen tariefsoort van caseflow: {amount} per {period} omgerekend "
        f"naar {day} per dag ({how}); het bedrag uit het bestand staat bij het tarief als "
        f"{NOTE}"
    )
