"""The CSV template's tariff kind as regions spell it: dag / per dag / week / maand (and the
totaal spellings) become caseflow's kinds with a warning; week and month amounts become day
amounts, the file's own kind and amount kept as a note of the tariff."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from caseflow.exchange.models import ExchangeCase
from caseflow.extensions import db
from caseflow.timeline.models import Placement
from tests.exchange_helpers import gemeenten

EXCEL_NL = Path(__file__).parents[1] / "exchange_files" / "excel-nl"


@pytest.fixture
def folder(app, tmp_path):
    gemeenten()
    target = tmp_path / "excel"
    shutil.copytree(EXCEL_NL, target)
    return target


def _with_kind(folder: Path, kind: str, amount: str = "245,50") -> None:
    path = folder / "placements.csv"
    text = path.read_text(encoding="utf-8-sig")
    assert ";per_dag;245,50" in text
    path.write_text("\ufeff" + text.replace(";per_dag;245,50", f";{kind};{amount}"),
                    encoding="utf-8")


def _linde() -> Placement:
    return db.session.scalar(
        select(Placement).where(Placement.provider_name == "Gezinshuis De Linde")
    )


@pytest.mark.parametrize("kind", ["dag", "per dag", "Per Dag", "per-dag", "etmaal"])
def test_day_spellings_are_the_day_tariff_with_a_warning(folder, runner, kind):
    _with_kind(folder, kind)
    result = runner.invoke(args=["cases", "import", str(folder)])
    assert result.exit_code == 0, result.output
    placement = _linde()
    assert placement.tariff_kind == "per_dag" and placement.tariff_amount == Decimal("245.50")
    assert (
        f"Let op: cases[0].placements[0].tariff.kind: '{kind}' gelezen als tariefsoort per_dag "
        "(placements.csv, regel 2, kolom tariff_kind)" in result.output
    )


@pytest.mark.parametrize(
    ("kind", "amount", "per_day", "how"),
    [("week", "1.718,50", Decimal("245.50"), "gedeeld door 7"),
     ("per maand", "7.300,00", Decimal("240.00"), "maal 12/365")],
)
def test_week_and_month_tariffs_become_day_tariffs_keeping_the_file_amount(
    folder, runner, kind, amount, per_day, how
):
    _with_kind(folder, kind, amount)
    result = runner.invoke(args=["cases", "import", str(folder)])
    assert result.exit_code == 0, result.output
    placement = _linde()
    assert placement.tariff_kind == "per_dag" and placement.tariff_amount == per_day
    assert f"naar {per_day} per dag ({how})" in result.output
    assert "(placements.csv, regel 2, kolom tariff_amount)" in result.output
    notes = db.session.get(ExchangeCase, placement.case_id).notes
    written = float(amount.replace(".", "").replace(",", "."))
    assert notes == {"x-dossiernummer": "D-2019-17",
                     'placements["p1"].tariff.x-tarief-in-bestand': f"{kind}: {written}"}


def test_the_canonical_kind_has_no_warning_and_an_unknown_one_is_still_refused(folder, runner):
    result = runner.invoke(args=["cases", "import", str(folder), "--dry-run"])
    assert result.exit_code == 0 and "tariefsoort" not in result.output
    _with_kind(folder, "per jaar")
    refused = runner.invoke(args=["cases", "import", str(folder)])
    assert refused.exit_code == 1
    assert "placements.csv, regel 2, kolom tariff_kind" in refused.output
    assert db.session.scalar(select(Placement.id)) is None
