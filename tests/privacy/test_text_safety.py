"""caseflow.textsafety: control characters refused and invisible characters removed — in every
form of the app (one guard installed on FlaskForm) — and spreadsheet cells neutralised."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import Organisation, Role
from caseflow.extensions import db
from caseflow.textsafety import clean_document, spreadsheet_cell, spreadsheet_row
from caseflow.timeline.models import TimelineEvent
from tests.case_helpers import new_case
from tests.helpers import csrf_token

BIDI_AND_ZERO_WIDTH = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f" \
    "\u200b\u200c\u200d\u2060\ufeff"


def _crisis(case) -> TimelineEvent:
    return db.session.scalar(
        select(TimelineEvent).where(
            TimelineEvent.case_id == case.id, TimelineEvent.kind == "crisis"
        )
    )


def _organisations() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9b"]
)
def test_a_control_character_in_a_form_field_is_an_error_next_to_the_field(
    client, auth, character
):
    auth.login(Role.BEHEERDER)
    before = _organisations()
    token = csrf_token(client, "/admin/organisaties/nieuw")
    response = client.post(
        "/admin/organisaties/nieuw",
        data={"csrf_token": token, "name": f"Zorg{character}aanbieder", "kind": "zorgaanbieder"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "onzichtbaar stuurteken" in html
    assert f"U+{ord(character):04X}" in html
    assert "invalid-feedback" in html  # rendered with the field, not as a bare error page
    assert _organisations() == before


def test_tab_and_newlines_are_text_not_control_characters(client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    case = new_case(pseudonym="Tekst")
    token = csrf_token(client, "/")
    response = client.post(
        f"/cases/{case.reference}/events/new",
        data={"csrf_token": token, "kind": "crisis", "title": "Crisis",
              "occurred_on": "2024-01-02", "precision": "day",
              "description": "regel 1\r\nregel 2\tmet tab"},
    )
    assert response.status_code == 302
    event = _crisis(case)
    assert event.description == "regel 1\r\nregel 2\tmet tab"


def test_bidi_and_zero_width_characters_are_removed_from_form_text_with_a_warning(client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    case = new_case(pseudonym="Bidi")
    token = csrf_token(client, "/")
    response = client.post(
        f"/cases/{case.reference}/events/new",
        data={"csrf_token": token, "kind": "crisis", "title": "\u202egnp.exe" + BIDI_AND_ZERO_WIDTH,
              "occurred_on": "2024-01-02", "precision": "day",
              "description": "zero\u200bwidth\ufeff"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    event = _crisis(case)
    assert event.title == "gnp.exe"
    assert event.description == "zerowidth"
    assert "Onzichtbare tekens" in response.get_data(as_text=True)


def test_a_nul_in_a_posted_field_never_reaches_the_database(client, auth):
    """On PostgreSQL a NUL in a query or an INSERT is a 500; the guard stops it in the form."""
    auth.login(Role.PROCESBEGELEIDER)
    case = new_case(pseudonym="Nul")
    token = csrf_token(client, "/")
    response = client.post(
        f"/cases/{case.reference}/events/new",
        data={"csrf_token": token, "kind": "crisis", "title": "a\x00b",
              "occurred_on": "2024-01-02", "precision": "day", "description": "c\x00d"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert html.count("U+0000") == 4  # both fields: in the error summary and next to the field
    assert db.session.scalar(
        select(func.count()).select_from(TimelineEvent).where(
            TimelineEvent.case_id == case.id, TimelineEvent.kind == "crisis"
        )
    ) == 0


def test_a_nul_in_the_login_email_is_a_form_error(client):
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"csrf_token": token, "email": "a\x00@example.org", "password": "x"}
    )
    assert response.status_code < 500
    assert "U+0000" in response.get_data(as_text=True)


def test_a_nul_in_the_query_string_is_still_refused(client):
    assert client.get("/login?next=%00").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/cases/GV-2026%000001",  # PostgreSQL: DataError (500) when the case is looked up
        "/cases/GV-2026%000001/timeline",
        "/cases?q=a&q=%00",  # the second value of a repeated parameter
        "/cases?%00=1",  # a parameter's name
    ],
)
def test_a_nul_in_the_path_or_any_query_parameter_is_refused(client, auth, url):
    auth.login(Role.PROFESSIONAL)
    assert client.get(url).status_code == 400


def test_clean_document_names_the_path_of_every_refused_and_cleaned_string():
    document = {"cases": [{"title": "ok", "text": "a\x00b"}, {"title": "x\u202ey", "n": 3}]}
    cleaned, errors, warnings = clean_document(document)
    assert errors == [("cases[0].text", "U+0000")]
    assert warnings == ["cases[1].title"]
    assert cleaned["cases"][1] == {"title": "xy", "n": 3}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Hilversum", "Hilversum"),
        ("", ""),
        ("-3", "-3"),
        ("-12,5", "-12,5"),
        ("+4.0", "+4.0"),
        (-3, -3),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_spreadsheet_cells_that_start_like_a_formula_are_neutralised(value, expected):
    assert spreadsheet_cell(value) == expected


def test_spreadsheet_row_keeps_numbers_numeric():
    assert spreadsheet_row(["=1+1", 4, -1]) == ["'=1+1", 4, -1]


def _all_form_classes(base):
    for sub in base.__subclasses__():
        yield sub
        yield from _all_form_classes(sub)


def test_every_text_field_of_every_form_has_the_guard(app):
    """Structural: a form added later gets the guard without anyone remembering it."""
    from flask_wtf import FlaskForm
    from wtforms import StringField
    from wtforms.csrf.core import CSRFTokenField

    from caseflow.textsafety import _guard

    classes = {c for c in _all_form_classes(FlaskForm) if c.__module__.startswith("caseflow.")}
    assert len(classes) > 40
    checked = 0
    with app.test_request_context("/"):
        for cls in sorted(classes, key=lambda c: c.__qualname__):
            form = cls(meta={"csrf": False})
            for field in form:
                if isinstance(field, StringField) and not isinstance(field, CSRFTokenField):
                    assert field.validators[0] is _guard, f"{cls.__qualname__}.{field.name}"
                    checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    "character",
    ["\u00ad", "\u034f", "\u115f", "\u1160", "\u17b4", "\u180e", "\u3164", "\uffa0",
     "\U000e0001", "\U000e0041", "\U000e007f"],
)
def test_characters_that_render_as_nothing_are_removed_like_zero_width_ones(character):
    cleaned, errors, warnings = clean_document({"title": f"a{character * 3}b"})
    assert (cleaned, errors, warnings) == ({"title": "ab"}, [], ["title"])


def test_c1_control_characters_are_refused_in_an_imported_document():
    _, errors, _ = clean_document({"title": "S\x85em\x9b"})
    assert errors == [("title", "U+0085")]
