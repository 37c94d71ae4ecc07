"""The case list's filters and search from a hostile URL: no 500, and the search finds what a
person meant (a reference pasted with a zero-width space) and only that (``%`` is no wildcard)."""

from __future__ import annotations

import pytest

from caseflow.auth.models import Role
from tests.case_helpers import new_case


@pytest.mark.parametrize(
    "query",
    [
        "gemeente=%C2%B2",  # "²".isdigit() is True; int("²") is a ValueError
        "regisseur=%C2%B2",
        "gemeente=" + "9" * 5_000,  # beyond int()'s 4300 digits
        "gemeente=" + "9" * 30,  # overflows SQLite's INTEGER and PostgreSQL's integer
        "regisseur=" + "9" * 30,
    ],
)
def test_a_filter_that_is_no_id_is_ignored_not_a_500(client, auth, query):
    case = new_case(pseudonym="Filterkind")
    auth.login(Role.VOORZITTER)
    response = client.get(f"/cases?{query}")
    assert response.status_code == 200
    assert f'/cases/{case.reference}"' in response.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["Zoek\u200bkind", "\u202eZoekkind", "zoekkind\u2060"])
def test_a_search_with_invisible_characters_finds_the_case(client, auth, typed):
    case = new_case(pseudonym="Zoekkind")
    auth.login(Role.VOORZITTER)
    html = client.get("/cases", query_string={"q": typed}).get_data(as_text=True)
    assert f'/cases/{case.reference}"' in html


def test_a_pasted_reference_with_a_zero_width_space_finds_the_case(client, auth):
    case = new_case()
    auth.login(Role.VOORZITTER)
    typed = case.reference.replace("-", "-\u200b", 1)
    html = client.get("/cases", query_string={"q": typed}).get_data(as_text=True)
    assert f'/cases/{case.reference}"' in html


@pytest.mark.parametrize("typed", ["%", "_", "GV%0001", "Zoek_ind"])
def test_like_wildcards_in_the_search_are_matched_as_themselves(client, auth, typed):
    case = new_case(pseudonym="Zoekkind")
    auth.login(Role.VOORZITTER)
    html = client.get("/cases", query_string={"q": typed}).get_data(as_text=True)
    assert f'/cases/{case.reference}"' not in html


@pytest.mark.parametrize("version", ["\u00b2", "9" * 5_000])
def test_a_move_with_a_version_that_is_no_number_is_refused_not_a_500(client, auth, version):
    from tests.helpers import csrf_token

    case = new_case()
    auth.login(Role.VOORZITTER)
    token = csrf_token(client, f"/cases/{case.reference}")
    response = client.post(
        f"/cases/{case.reference}/move",
        data={"csrf_token": token, "trigger": "start_analyse", "version": version,
              "reason": "Analyse starten"},
    )
    assert response.status_code < 500


@pytest.mark.parametrize("organisation", ["%C2%B2", "9" * 30])
def test_a_timeline_organisation_filter_that_is_no_id_is_no_500(client, auth, organisation):
    case = new_case()
    auth.login(Role.VOORZITTER)
    response = client.get(f"/cases/{case.reference}/timeline?organisation={organisation}")
    assert response.status_code < 500
