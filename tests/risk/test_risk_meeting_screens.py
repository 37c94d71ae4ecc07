"""Screens a chair uses in a meeting: one line per child on the start page and in /risk (the
strongest signal, the others folded in), "nieuw" meaning raised since this user last looked,
labels that can be read aloud, explanations in the reader's language (old rows: their text)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.risk.hooks import suspended
from caseflow.risk.models import RiskFlag
from caseflow.risk.summary import rebuild
from caseflow.risk.vocab import CODE_LABELS, code_label
from tests.case_helpers import chair_user, new_case
from tests.helpers import csrf_token

NOW = datetime(2026, 6, 15, 9, tzinfo=UTC)
CRISES = {"msgid": "%(count)s crises in de laatste %(days)s dagen; de grens is %(limit)s.",
          "values": {"count": 3, "days": 90, "limit": 2}}


def child_with_flags(pseudonym: str = "Vergaderkind", raised_at: datetime = NOW):
    """A case with 3 shown flags (hoog, midden, laag) and one informatie flag, written directly."""
    with suspended():
        case = new_case(chair_user(), pseudonym=pseudonym)
        db.session.flush()
    rows = [
        ("crises_recent", "hoog", "3 crises in de laatste 90 dagen; de grens is 2.", CRISES),
        ("buiten_regio", "midden", "De huidige plaatsing is buiten de regio.", None),  # old row
        ("wisseling_regisseur", "laag", "2 wisselingen.", None),
        ("geen_analyse_voor_plaatsing", "informatie", "Geen analyse.", None),
    ]
    db.session.execute(insert(RiskFlag), [
        {"case_id": case.id, "code": code, "severity": severity, "explanation": text,
         "message": message, "evidence": [], "raised_on": raised_at.date(),
         "raised_at": raised_at, "updated_at": raised_at}
        for code, severity, text, message in rows
    ])
    rebuild([case.id])
    return case


def panel(html: str) -> str:
    start = html.index("data-risk-start")
    return html[start: html.index("</ul>", html.index("</details>", start)) + 5]


def test_start_page_one_line_per_child_others_folded_nieuw_once(app, client, auth):
    case = child_with_flags()
    auth.login(Role.VOORZITTER)
    html = client.get("/").get_data(as_text=True)
    assert html.count(f'data-risk-child="{case.reference}"') == 1
    part = panel(html)
    assert "+2 andere signalen" in part and "<details" in part
    assert code_label("geen_analyse_voor_plaatsing") not in part  # informatie: case page only
    assert ">nieuw<" in part
    again = panel(client.get("/").get_data(as_text=True))
    assert ">nieuw<" not in again  # seen now


def test_overview_one_line_per_child_and_nieuw_since_the_last_look(app, client, auth):
    first = child_with_flags("Eerstekind", raised_at=datetime.now(UTC) - timedelta(days=2))
    auth.login(Role.VOORZITTER)
    html = client.get("/risk").get_data(as_text=True)
    assert html.count(f'href="/cases/{first.reference}/risk"') == 1
    assert html.count("data-risk-line") == 1 and "+2 andere signalen" in html
    assert ">nieuw<" in html  # never looked before
    later = child_with_flags("Tweedekind", raised_at=datetime.now(UTC) + timedelta(minutes=5))
    html = client.get("/risk").get_data(as_text=True)
    lines = re.findall(r"<tr><td><a href=\"/cases/([^\"/]+)/risk\".*?</tr>", html, re.S)
    assert sorted(lines) == sorted([first.reference, later.reference])
    rows = dict(re.findall(r"<tr><td><a href=\"/cases/([^\"/]+)/risk\"(.*?)</tr>", html, re.S))
    assert ">nieuw<" in rows[later.reference] and ">nieuw<" not in rows[first.reference]


def test_labels_read_aloud_and_keep_their_codes():
    assert set(CODE_LABELS) >= {"oudere_jeugdige_gedrag", "crises_recent"}


def test_label_uses_the_regions_numbers(app):
    assert code_label("oudere_jeugdige_gedrag") == (
        "12 jaar of ouder en gedrag als zorg bij de start van de plaatsing")
    assert "Oudere jeugdige" not in " ".join(code_label(c) for c in CODE_LABELS)


def test_explanations_in_the_readers_language_old_rows_as_stored(app, client, auth):
    case = child_with_flags()
    auth.login(Role.VOORZITTER)
    token = csrf_token(client, "/")
    client.post("/language", data={"csrf_token": token, "language": "en", "next": "/"})
    html = client.get(f"/cases/{case.reference}/risk").get_data(as_text=True)
    assert "3 crises in the last 90 days; the limit is 2." in html
    assert "3 crises in de laatste 90 dagen" not in html
    assert "De huidige plaatsing is buiten de regio." in html  # no message: its stored text
    assert "12 years or older" not in html and "or more crises in the past 90 days" in html
