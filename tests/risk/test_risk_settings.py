"""The region's risk settings: versioned rows read by ``thresholds()`` over the instance
defaults, the chair's form (errors next to the field, nothing lost, the procesbegeleider only
looks), severities proposed from the backtest's lift and stored only on save, and a rule set to
informatie: still raised and in the report, on the case page, not on the start page or the
overview."""

from __future__ import annotations

import json
from datetime import date, timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.risk import settings
from caseflow.risk.config import thresholds
from caseflow.risk.models import RiskFlag
from caseflow.risk.settings_models import RiskSettingsVersion
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory
from tests.helpers import csrf_token

TODAY = date(2026, 6, 15)
NUMBERS = {
    "placements_12m": 3, "placements_window_months": 12, "placements_total": 4,
    "unplanned_window_months": 12, "short_stay_weeks": 8, "waiting_weeks": 12, "older_age": 12,
    "crises": 2, "crisis_window_days": 90, "regisseur_changes": 2, "regisseur_window_months": 12,
    "default_follow_up_weeks": 6,
}


def crisis_case(pseudonym: str = "Instelkind"):
    actor = chair_user()
    case = new_case(actor, pseudonym=pseudonym)
    for days in (3, 2):
        log_event(case, EventContent(kind="crisis", title="Crisis",
                                     occurred_on=TODAY - timedelta(days=days)), actor)
    db.session.flush()
    return case


def form_data(token: str, **changes) -> dict[str, str]:
    data = {"csrf_token": token, "reason": "Besproken in het RET-overleg.", "save": "Opslaan"}
    data.update({name: str(value) for name, value in NUMBERS.items()})
    data.update({f"ernst_{code}": sev for code, sev in settings.current_severities().items()})
    data.update(changes)
    return data


def test_thresholds_read_the_newest_version_over_the_instance_config(app, monkeypatch):
    monkeypatch.setitem(app.config, "RISK_THRESHOLDS", {"crises": 5, "waiting_weeks": 20})
    assert thresholds().crises == 5
    chair = UserFactory(role=Role.VOORZITTER.value)
    first = settings.save_settings(chair, {**NUMBERS, "crises": 3},
                                   settings.current_severities(), "eerste")
    second = settings.save_settings(chair, {**NUMBERS, "crises": 4},
                                    {**settings.current_severities(),
                                     "crises_recent": "informatie"}, "tweede")
    assert (first.version, second.version) == (1, 2)
    assert thresholds().crises == 4 and thresholds().severity_of("crises_recent", "hoog") == (
        "informatie")
    assert db.session.scalar(select(func.count()).select_from(RiskSettingsVersion)) == 2
    assert second.changed_by_id == chair.id and second.backtest["rules"]["crises_recent"]
    assert ("crises", 3, 4) in settings.changes(second, first)
    assert thresholds({"crises": 9}).crises == 9  # an explicit override still wins


def test_saving_settings_writes_one_caseless_access_log_row(app):
    chair = UserFactory(role=Role.VOORZITTER.value)
    version = settings.save_settings(chair, NUMBERS, settings.current_severities(), "eerste")
    rows = db.session.execute(
        select(AccessLogEntry.event_type, AccessLogEntry.case_id, AccessLogEntry.object_type,
               AccessLogEntry.object_id, AccessLogEntry.user_id)
        .where(AccessLogEntry.object_type == "risk_settings")
    ).all()
    assert rows == [("change", None, "risk_settings", str(version.id), chair.id)]


def test_derive_severities_from_the_lift():
    current = {"a": "hoog", "b": "midden", "c": "laag", "d": "midden", "e": "laag"}
    lifts = {"a": 1.2, "b": 2.4, "c": 1.7, "d": 2.9, "e": None}
    proposal = settings.derive_severities(lifts, current)
    # below 1.5: informatie; the highest lift is hoog; no measurement: unchanged
    assert proposal == {"a": "informatie", "b": "midden", "c": "laag", "d": "hoog", "e": "laag"}


def test_rule_lifts_use_the_lift_or_precision_over_the_base_rate():
    with_lift = {"rules": [{"code": "x", "lift": 2.5, "precision": 0.1}], "base_rate": 0.5}
    assert settings.rule_lifts(with_lift) == {"x": 2.5}
    without = {"rules": [{"code": "x", "precision": 0.75}, {"code": "y", "precision": None}],
               "base_rate": 0.25}
    assert settings.rule_lifts(without) == {"x": 3.0, "y": None}


@freeze_time(TODAY)
def test_the_procesbegeleider_may_look_not_change(app, client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    page = client.get("/risk/instellingen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Alleen de voorzitter kan de instellingen wijzigen" in html
    token = csrf_token(client, "/risk/instellingen")
    assert client.post("/risk/instellingen", data=form_data(token)).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(RiskSettingsVersion)) == 0


@freeze_time(TODAY)
def test_bad_input_keeps_what_was_typed_with_the_error_next_to_it(app, client, auth):
    auth.login(Role.VOORZITTER)
    token = csrf_token(client, "/risk/instellingen")
    response = client.post("/risk/instellingen", data=form_data(
        token, crises="twee", waiting_weeks="99999", reason="  "
    ))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="twee"' in html and 'value="99999"' in html
    assert 'id="crises-fout">Vul een heel getal in.' in html
    assert 'id="waiting_weeks-fout">Kies een getal van 0 tot 3650.' in html
    assert "Schrijf op waarom de instellingen veranderen." in html
    assert db.session.scalar(select(func.count()).select_from(RiskSettingsVersion)) == 0


def _derive(client) -> str:
    token = csrf_token(client, "/risk/instellingen")
    data = form_data(token)
    del data["save"]
    data["derive"] = "Ernst afleiden uit de backtest"
    response = client.post("/risk/instellingen", data=data)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@freeze_time(TODAY)
def test_derive_proposes_and_only_saving_stores(app, client, auth, monkeypatch):
    monkeypatch.setattr(settings, "MIN_BREAKDOWNS", 0)
    crisis_case()
    auth.login(Role.VOORZITTER)
    assert "Voorstel uit de backtest" in _derive(client)
    assert db.session.scalar(select(func.count()).select_from(RiskSettingsVersion)) == 0


@freeze_time(TODAY)
def test_no_severity_is_derived_from_a_handful_of_breakdowns(app, client, auth):
    """The region's own history has no breakdown here: a lift of nothing is no evidence."""
    crisis_case()
    auth.login(Role.VOORZITTER)
    html = _derive(client)
    assert "telt 0 doorplaatsingen" in html and "minstens 20 nodig" in html
    assert "Voorstel uit de backtest" not in html
    kept = 'name="ernst_crises_recent"><option selected value="hoog">'  # its severity stays
    assert kept in html
    assert db.session.scalar(select(func.count()).select_from(RiskSettingsVersion)) == 0


@freeze_time(TODAY)
def test_a_rule_set_to_informatie_leaves_the_start_page_and_the_overview(app, client, auth,
                                                                          runner):
    case = crisis_case()
    auth.login(Role.VOORZITTER)
    on_start = f'data-risk-child="{case.reference}"'
    assert on_start in client.get("/").get_data(as_text=True)
    token = csrf_token(client, "/risk/instellingen")
    response = client.post("/risk/instellingen", data=form_data(
        token, ernst_crises_recent="informatie"
    ))
    assert response.status_code == 302
    flag = db.session.scalar(select(RiskFlag).where(RiskFlag.code == "crises_recent")
                             .execution_options(populate_existing=True))
    assert flag.severity == "informatie" and flag.cleared_at is None
    assert on_start not in client.get("/").get_data(as_text=True)
    assert f"/cases/{case.reference}/risk" not in client.get("/risk").get_data(as_text=True)
    page = client.get(f"/cases/{case.reference}/risk").get_data(as_text=True)
    assert "Ter informatie" in page and "2 crises in de laatste 90 dagen" in page
    result = runner.invoke(args=["risk", "report", "--json", "--ref", case.reference,
                                 "--as-of", TODAY.isoformat()])
    (reported,) = json.loads(result.output)[0]["flags"]
    assert set(reported) == {"code", "severity", "explanation", "evidence"}
    assert (reported["code"], reported["severity"]) == ("crises_recent", "informatie")
