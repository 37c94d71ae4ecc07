"""The main menu (issue 23 point 5): the chair's grouped into dropdowns, a short menu flat; the
beheerder's start page points at the web forms; a favicon served by the app."""

from __future__ import annotations

import re

from caseflow.auth.models import Role
from caseflow.home.navigation import NAV_ITEMS, NavGroup, navigation_menu


def _menu(html: str) -> str:
    return html[html.index('id="hoofdmenu"'):html.index("user-badge")]


def test_the_chairs_menu_is_grouped(client, auth):
    auth.login(Role.VOORZITTER)
    menu = _menu(client.get("/board").get_data(as_text=True))
    toggles = re.findall(r'data-bs-toggle="dropdown"[^>]*>([^<]+)</button>', menu)
    assert toggles == ["Casussen", "Regio"]
    top_level = re.findall(r'class="nav-link[^"]*"[^>]*href="([^"]+)"', menu)
    assert len(top_level) <= 3  # Start, RET-besprekingen, Mijn account
    assert 'class="dropdown-item active"' in menu and 'href="/board"' in menu
    assert "nav-link dropdown-toggle active" in menu  # the group of the open page


def test_a_short_menu_stays_flat(client, auth):
    auth.login(Role.PROFESSIONAL)
    menu = _menu(client.get("/").get_data(as_text=True))
    assert "dropdown" not in menu and 'href="/cases"' in menu


def test_groups_stand_together_and_single_items_stay_links():
    chair = [i for i in NAV_ITEMS if Role.VOORZITTER in i.roles]
    shown = navigation_menu(chair)
    groups = [e for e in shown if isinstance(e, NavGroup)]
    assert all(len(g.items) > 1 for g in groups)
    assert sum(len(g.items) if isinstance(g, NavGroup) else 1 for g in shown) == len(chair)
    groups_in_order = [i.group for i in NAV_ITEMS]
    for key in {g for g in groups_in_order if g}:
        where = [n for n, g in enumerate(groups_in_order) if g == key]
        assert where == list(range(where[0], where[-1] + 1)), f"{key}: not in one run"


def test_the_beheerders_start_page_points_at_the_web_forms(client, auth):
    auth.login(Role.BEHEERDER)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/admin/users/nieuw"' in html and 'href="/admin/organisaties/nieuw"' in html
    assert "users create" not in html and "flask --app" not in html


def test_a_favicon_is_served(client):
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.data[:4] == b"\x00\x00\x01\x00"
    login = client.get("/login").get_data(as_text=True)
    (href,) = re.findall(r'<link rel="icon" href="([^"]+)"', login)
    svg = client.get(href)
    assert svg.status_code == 200 and svg.data.lstrip().startswith(b"<svg")
