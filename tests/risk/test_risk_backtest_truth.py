"""The backtest's new figures on the hand-made history of test_risk_backtest.py, by hand.

HISTORY (horizon 90 days, checkpoints on the 1st of each month the case is open):
- A open Jan..Jul 2026 (7), breaks down 15 Apr. Followed by that breakdown within 90 days:
  Feb 1 (+90 = 2 May), Mar 1, Apr 1 -> 3 (Jan 1 + 90 = 1 Apr is too early).
- B open Jan..Jul (7), breaks down 10 Jun: Apr 1 (+90 = 30 Jun), May 1, Jun 1 -> 3
  (Mar 1 + 90 = 30 May is too early).
- C open May..Jul (3), its breakdown (Oct 2025) lies before: 0. D open Jan..Mar (3): 0.
So case-months 20, followed months 6, base rate 6/20 = 0.3. Shown signal: 10 flagged months,
2 followed: precision 0.2, lift 0.2 / 0.3 = 2/3, flag rate 10/20 = 0.5.
crises_recent fires A Mar, Apr, May and D Mar: 4 months, 2 followed (A Mar, Apr): precision
0.5, lift 0.5 / 0.3 = 5/3, flag rate 4/20 = 0.2. The baseline (3+ placements in 12 months)
never fires: every case has one placement.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from freezegun import freeze_time

from caseflow.risk.backtest import BASELINE, run_backtest
from caseflow.risk.backtest_stats import add_intervals, tune
from caseflow.risk.config import DEFAULTS, thresholds
from tests.risk.test_risk_backtest import HISTORY, TODAY


def test_base_rate_lift_and_flag_rate_by_hand():
    result = run_backtest(HISTORY, horizon_days=90, today=TODAY, limits=DEFAULTS)
    assert (result.case_months, result.followed_months) == (20, 6)
    assert result.base_rate == pytest.approx(0.3)
    assert result.precision == pytest.approx(0.2)
    assert result.lift == pytest.approx(2 / 3)
    assert result.flag_rate == pytest.approx(0.5)
    figures = {row["code"]: row for row in result.as_dict()["rules"]}
    crises = figures["crises_recent"]
    assert crises["precision"] == pytest.approx(0.5)
    assert crises["lift"] == pytest.approx(5 / 3)
    assert crises["flag_rate"] == pytest.approx(0.2)
    assert crises["recall"] == pytest.approx(0.5)
    assert figures["buiten_regio"]["lift"] is None  # never fired: no precision
    baseline = result.as_dict()["baseline"]
    assert baseline["code"] == BASELINE and baseline["months"] == 0 and baseline["recall"] == 0


def test_bootstrap_interval_contains_the_estimate_and_repeats():
    result = add_intervals(run_backtest(HISTORY, horizon_days=90, today=TODAY, limits=DEFAULTS))
    signal = result.intervals["signal"]
    for name in ("recall", "precision", "base_rate", "lift", "flag_rate"):
        low, high = signal[name]
        assert low <= getattr(result, name) <= high, name
    low, high = result.intervals["crises_recent"]["precision"]
    assert low <= 0.5 <= high
    assert low < high  # four cases: resampling them really moves the figure
    again = add_intervals(run_backtest(HISTORY, horizon_days=90, today=TODAY, limits=DEFAULTS))
    assert again.intervals == result.intervals  # fixed seed


def test_time_split_measures_each_side_on_its_own():
    # From 1 Apr: A Apr..Jul (4), B Apr..Jul (4), C May..Jul (3), D closed: 11 months. A's
    # breakdown keeps only 1 Apr (flagged, crises) in its horizon; B's 1 Apr, 1 May, 1 Jun
    # are unflagged: 2 breakdowns, 1 foreseen.
    after = run_backtest(HISTORY, horizon_days=90, today=TODAY, limits=DEFAULTS,
                         since=date(2026, 4, 1))
    assert (after.case_months, after.breakdowns, after.breakdowns_foreseen) == (11, 2, 1)
    # Before 1 Apr: Jan..Mar of A, B and D (9); no breakdown before 1 Apr, and what happened
    # after the split date does not leak in as "followed".
    before = run_backtest(HISTORY, horizon_days=90, today=TODAY, limits=DEFAULTS,
                          until=date(2026, 4, 1))
    assert (before.case_months, before.breakdowns, before.followed_months) == (9, 0, 0)


def test_tune_stays_within_the_budget_and_changes_nothing(app):
    # Budget 30%: onplanmatig_beeindigd over 2 months instead of 12 drops A Jul and C May..Jul:
    # 6 of 20 months flagged, recall still 1 of 2 (A foreseen by the crises on 1 Mar).
    proposal = tune(HISTORY, horizon_days=90, today=TODAY, start=DEFAULTS, budget=0.3)
    assert proposal.result.flag_rate <= 0.3
    assert proposal.result.recall == pytest.approx(0.5)
    assert proposal.limits != DEFAULTS and thresholds() == DEFAULTS


@freeze_time(TODAY)
def test_backtest_json_and_tune_commands(app, runner):
    out = runner.invoke(args=["risk", "backtest", "--json", "--horizon-days", "90"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    for key in ("recall", "precision", "base_rate", "lift", "flag_rate", "rules", "baseline"):
        assert key in data
    assert {"code", "recall", "precision", "lift", "flag_rate"} <= set(data["rules"][0])
    split = runner.invoke(args=["risk", "backtest", "--json", "--split-date", "2026-01-01"])
    assert split.exit_code == 0 and "after_tuned" in json.loads(split.output)["split"]
    tuned = runner.invoke(args=["risk", "tune", "--flag-rate", "0.25"])
    assert tuned.exit_code == 0, tuned.output
    assert "Budget" in tuned.output and "Voorstel" in tuned.output


@freeze_time(date(2026, 6, 15))
def test_backtest_page_shows_lift_and_server_drawn_charts(app, client, auth):
    from caseflow.auth.models import Role
    from tests.risk.test_risk_views import flagged_case

    flagged_case()
    auth.login(Role.VOORZITTER)
    html = client.get("/risk/backtest?horizon_days=60").get_data(as_text=True)
    assert 'id="lift"' in html and "Basislijn" in html
    assert "/risk/backtest/precisie.svg?horizon_days=60" in html
    for kind in ("precisie", "recall"):
        svg = client.get(f"/risk/backtest/{kind}.svg?horizon_days=60")
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        body = svg.get_data(as_text=True)
        assert "<svg" in body and "<script" not in body
    assert client.get("/risk/backtest/onzin.svg").status_code == 404
