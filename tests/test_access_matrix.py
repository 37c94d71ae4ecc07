"""Every route × every role (× own/former/other case for case routes) against the access rules of
issue 4. A route without a declared rule, or without a line in SPEC below, fails here."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import select

from caseflow import create_app
from caseflow.audit.models import AccessLogEntry, AuditEvent
from caseflow.auth.breakglass import grant_break_glass
from caseflow.auth.models import Role
from caseflow.auth.permissions import (
    CaseAction,
    Former,
    Rule,
    access,
    access_rules,
    can_access_case,
    case_access,
    sees_costs,
)
from caseflow.auth.reset import create_reset_token
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests import access_cases, meeting_helpers, retro_helpers
from tests.conftest import make_test_config
from tests.factories import GemeenteFactory, OrganisationFactory, UserFactory
from tests.helpers import csrf_token

_APP = create_app(make_test_config("sqlite://"))
RULES = access_rules(_APP)

ANON = "anoniem"
PUBLIC = "public"
PENDING = "pending_login"
ALL = frozenset(Role)
CHAIRS = frozenset({Role.VOORZITTER, Role.PROCESBEGELEIDER})
ADMIN = frozenset({Role.BEHEERDER})

# Who may use each route that is not about one case. Adding a route means adding a line here.
SPEC: dict[str, object] = {
    "core.index": ALL,
    "core.healthz": PUBLIC,
    "core.metrics": PUBLIC,  # token or this machine only, checked in the view (404 otherwise)
    "core.favicon": PUBLIC,
    "auth.login": PUBLIC,
    "auth.set_language": PUBLIC,
    "auth.logout": ALL,
    "auth.two_factor": PENDING,
    "auth.two_factor_setup": PENDING,
    "account.password": ALL,
    "account.two_factor": ALL,
    "account.two_factor_disable": ALL,
    "account.reset_password": PUBLIC,
    "account.reset_password_form": PUBLIC,
    "breakglass.request_access": CHAIRS | {Role.PROFESSIONAL},
    "breakglass.review": frozenset({Role.VOORZITTER}),
    "admin.users": ADMIN,
    "jobs.runs": ADMIN,
    "jobs.reminder_settings": ALL,
    "jobs.meeting_ics": CHAIRS,
    "jobs.calendar_link": ALL,
    "jobs.calendar_feed": PUBLIC,  # the secret token is the key (404 without a valid one)
    "retention.requests": ADMIN,
    "retention.execute": ADMIN,
    "admin.user_new": ADMIN,
    "admin.user_edit": ADMIN,
    "admin.user_reset_password": ADMIN,
    "admin.user_reset_two_factor": ADMIN,
    "admin.organisations": ADMIN,
    "admin.organisation_new": ADMIN,
    "admin.organisation_edit": ADMIN,
    "audit.log": ADMIN,
    "audit.export_csv": ADMIN,
    "audit.export_xlsx": ADMIN,
    # the family's "wie zag dit dossier" PDF: the beheerder (privacy officer) and the chairs
    "audit.case_access_pdf": ADMIN | CHAIRS,
    "region.setup": ADMIN,
    "region.gemeenten": ADMIN,
    "region.gemeenten_import": ADMIN,
    "region.gemeente": ADMIN,
    "region.organisation_merge": ADMIN,
    "audit.break_glass": ADMIN,
    # cases domain: lists and boards (case pages themselves follow CASE_SPEC)
    "cases.case_list": CHAIRS | {Role.PROFESSIONAL},
    "cases.board": CHAIRS,
    "cases.new_case": CHAIRS,
    "cases.workflow": ALL,
    "cases.workflow_svg": ALL,
    "monitor.index": CHAIRS,
    "monitor.chart": CHAIRS,
    "monitor.trend": CHAIRS,
    "monitor.table_csv": CHAIRS,
    "monitor.report_pdf": CHAIRS,
    "monitor.table_xlsx": CHAIRS,
    "monitor.detail": CHAIRS,
    "monitor.everything": CHAIRS,
    "monitor.side_by_side": CHAIRS,
    # meetings domain: for the chair and the process coordinator; action owners close actions
    "meetings.meeting_list": CHAIRS,
    "meetings.meeting_new": CHAIRS,
    "meetings.meeting_detail": CHAIRS,
    "meetings.add_case": CHAIRS,
    "meetings.add_guest_view": CHAIRS,
    "meetings.add_attendee_view": CHAIRS,
    "meetings.agenda_item": CHAIRS,
    "meetings.item_preparation": CHAIRS,
    "meetings.item_decision": CHAIRS,
    "meetings.item_action": CHAIRS,
    "meetings.minutes_page": CHAIRS,
    "meetings.minutes_pdf": CHAIRS,
    "meetings.action_status": CHAIRS | {Role.PROFESSIONAL},
    "meetings.meeting_edit": CHAIRS,
    "meetings.meeting_cancel": CHAIRS,
    "meetings.item_change": CHAIRS,
    "meetings.item_remove": CHAIRS,
    "meetings.item_move": CHAIRS,
    "meetings.minutes_fix": CHAIRS,
    "meetings.minutes_addendum": CHAIRS,
    # exchange: import, CSV template and case-history downloads are for the chair (voorzitter)
    "exchange.import_page": frozenset({Role.VOORZITTER}),
    "exchange.csv_template_zip": frozenset({Role.VOORZITTER}),
    "exchange.export_case": frozenset({Role.VOORZITTER}),
    "exchange.history_pdf": frozenset({Role.VOORZITTER}),
    # risk domain: the overview and the backtest are for the chair and the process coordinator
    "risk.overview": CHAIRS,
    "risk.backtest": CHAIRS,
    "risk.backtest_chart": CHAIRS,
    "risk.settings_page": CHAIRS,  # the procesbegeleider looks; saving: the chair (views)
    # the search for a place: the region's view is for the chair and the process coordinator
    "search.region": CHAIRS,
    # retrospectives: facilitators (own work only, checked in the loader) and the chairs
    **{f"retrospectives.{name}": CHAIRS | {Role.FACILITATOR} for name in (
        "index", "detail", "questions", "participants", "attendance", "flags", "finish", "actions",
        "timeline", "annotate", "add_theme", "changes", "report_page", "report_pdf",
        "report_docx", "attendance_list", "sessions", "session_detail", "session_action",
        "action_status", "session_pdf", "session_docx", "family_link_for_retro",
        "session_flags", "add_flag", "session_add_flag",
    )},
    # the family's personal link (issue 18): no account, the token is the only key
    "family.page": PUBLIC,
    "retrospectives.prepare": CHAIRS,
    "retrospectives.session_new": CHAIRS,
}

# What each role may do on a case, by how the user stands to it (the rule 1).
EVERYTHING = frozenset(CaseAction)
CASE_SPEC: dict[Role, dict[str, frozenset[CaseAction]]] = {
    Role.VOORZITTER: {"own": EVERYTHING, "former": EVERYTHING, "other": EVERYTHING},
    Role.PROCESBEGELEIDER: {"own": EVERYTHING, "former": EVERYTHING, "other": EVERYTHING},
    Role.PROFESSIONAL: {
        "own": frozenset({CaseAction.READ, CaseAction.LOG_EVENT, CaseAction.PROPOSE_MOVE}),
        "former": frozenset({CaseAction.READ}),
        "other": frozenset(),
    },
    Role.FACILITATOR: {"own": frozenset(), "former": frozenset(), "other": frozenset()},
    Role.BEHEERDER: {"own": frozenset(), "former": frozenset(), "other": frozenset()},
}

CASE_ENDPOINTS = sorted(e for e, r in RULES.items() if r is not None and r.kind is Rule.CASE)
OTHER_ENDPOINTS = sorted(e for e in RULES if e not in CASE_ENDPOINTS)
WHO = [ANON, *(r.value for r in Role)]


def _a_case_id() -> int:
    from tests.case_helpers import new_case

    return new_case().id


def _a_feed_token() -> str:
    from caseflow.jobs.calendar import new_feed_token

    owner = UserFactory()
    return new_feed_token(owner, owner)


def _values_for(app, endpoint: str) -> dict[str, object]:
    (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint][:1]
    makers = {
        "user_id": lambda: UserFactory().id,
        "organisation_id": lambda: OrganisationFactory().id,
        "gemeente_id": lambda: GemeenteFactory().id,
        "token": lambda: create_reset_token(UserFactory(), None),
        "feed_token": lambda: _a_feed_token(),
        "meeting_id": lambda: meeting_helpers.make_item().meeting_id,
        "item_id": lambda: meeting_helpers.make_item().id,
        "action_id": lambda: meeting_helpers.make_action().id,
        "grant_id": lambda: grant_break_glass(
            UserFactory(), None, "Noodtoegang voor de toegangsmatrix.", reference="GV-1"
        ).id,
        "kind": lambda: "precisie",  # risk.backtest_chart: which picture
        "case_id": lambda: _a_case_id(),  # audit.case_access_pdf (a page of the log)
        **retro_helpers.MATRIX_MAKERS,
        **access_cases.url_argument_makers(),
    }
    values = {}
    for name in rule.arguments:
        if name not in makers:
            pytest.fail(f"{endpoint}: give the matrix a value for URL argument <{name}>")
        values[name] = makers[name]()
    return values


def _url(app, endpoint: str, values: dict[str, object]) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def _method(app, endpoint: str) -> str:
    methods = next(r.methods for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    return "GET" if "GET" in methods else "POST"


def _login_redirect(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_every_route_declares_an_access_rule(endpoint):
    assert RULES[endpoint] is not None, f"{endpoint} has no @access/@case_access rule"


@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_declared_rule_matches_the_matrix(endpoint):
    rule = RULES[endpoint]
    assert rule is not None
    arguments = next(r.arguments for r in _APP.url_map.iter_rules() if r.endpoint == endpoint)
    if "reference" in arguments:
        assert rule.kind is Rule.CASE, f"{endpoint} shows a case: use @case_access(action)"
    if rule.kind is Rule.CASE:
        return
    assert endpoint in SPEC, f"{endpoint}: add it to SPEC in tests/test_access_matrix.py"
    expected = SPEC[endpoint]
    if expected in (PUBLIC, PENDING):
        assert rule.kind.value == expected
    else:
        assert {role for role in Role if rule.allows_role(role)} == expected


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("endpoint", OTHER_ENDPOINTS)
def test_route_answers_each_role_as_the_matrix_says(app, client, auth, endpoint, who):
    if who != ANON:
        auth.login(who)
    method = _method(app, endpoint)
    url = _url(app, endpoint, _values_for(app, endpoint))
    data = None
    if method == "POST":
        data = {"csrf_token": csrf_token(client, "/login" if who == ANON else "/")}
    response = client.open(url, method=method, data=data)
    expected = SPEC[endpoint]
    status = response.status_code
    assert status < 500, response.get_data(as_text=True)[:500]
    if expected == PUBLIC:
        assert status not in (401, 403, 404) and not _login_redirect(response)
    elif expected == PENDING:
        assert status == 302
        assert response.headers["Location"] == ("/login" if who == ANON else "/")
    elif who == ANON:
        assert _login_redirect(response), (status, response.headers.get("Location"))
    elif Role(who) in expected:
        assert status not in (401, 403, 404) and not _login_redirect(response), status
    else:
        assert status == 403
        denial = db.session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.event_type == AuditEvent.ACCESS_DENIED)
        ).all()
        assert denial and denial[-1].reason == "role"


def _case_page_allows(rule, role: Role, relation: str, user) -> bool:
    """What the case's own decision says this sub-page must answer ``user``: the action by role
    and relation (CASE_SPEC, which must agree with ``can_access_case``), then what the page
    declared for former members (only pages that filter to one's own entries open to them) and
    for costs (tariffs only for the chairs and a gemeente's professionals)."""
    allowed = rule.case_action in CASE_SPEC[role][relation]
    if role is Role.PROFESSIONAL and relation == "former":
        allowed = allowed and rule.former is Former.OWN_ENTRIES
    if rule.costs:
        allowed = allowed and sees_costs(user)
    return allowed


@pytest.mark.parametrize("relation", ["own", "former", "other"])
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("endpoint", CASE_ENDPOINTS)
def test_case_route_answers_each_role_and_relation(app, client, auth, endpoint, role, relation):
    """Every case URL pattern of the URL map, built with real ids of rows of the fixture case,
    answers each user as the case page's own decision says (a new sub-page lands here)."""
    user = auth.login(role)
    references = access_cases.case_references(user)
    if relation not in references:
        pytest.skip("tests/access_cases.py gives no case for this relation yet")
    rule = RULES[endpoint]
    method = _method(app, endpoint)
    values = {rule.case_arg: references[relation]}
    values.update(access_cases.url_values(endpoint, references[relation]))
    case = db.session.scalar(select(Case).where(Case.reference == references[relation]))
    decision = can_access_case(user, case, rule.case_action)
    assert decision.allowed is (rule.case_action in CASE_SPEC[role][relation]), (
        "CASE_SPEC and can_access_case disagree"
    )
    data = {"csrf_token": csrf_token(client, "/")} if method == "POST" else None
    before = _denials()
    response = client.open(_url(app, endpoint, values), method=method, data=data)
    assert response.status_code < 500
    if _case_page_allows(rule, role, relation, user):
        assert _denials() == before, f"{role} {relation} was refused {rule.case_action}"
        assert response.status_code not in (403, 404), response.status_code
        if method == "GET":
            assert response.status_code in (200, 302), response.status_code
    else:
        expected = 403 if role in (Role.FACILITATOR, Role.BEHEERDER) else 404
        assert response.status_code == expected, "roles without case pages: 403 (decided by role "
        "alone); everyone else: another case's URL answers 404, not 403"
        assert _denials() == before + 1


def _denials() -> int:
    return len(
        db.session.scalars(
            select(AccessLogEntry.id).where(
                AccessLogEntry.event_type == AuditEvent.ACCESS_DENIED,
                AccessLogEntry.object_type == "case",
            )
        ).all()
    )


def test_a_new_route_without_a_rule_is_refused_logged_and_flagged(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'new-route.db'}"))

    @app.route("/vergeten")
    def forgotten():
        return "geheim"

    @app.route("/wel-geregeld")
    @access(Rule.PUBLIC)
    def declared():
        return "ok"

    with app.app_context():
        db.create_all()
    client = app.test_client()
    response = client.get("/vergeten")
    assert response.status_code == 403
    assert "geheim" not in response.get_data(as_text=True)
    assert client.get("/wel-geregeld").status_code == 200
    assert access_rules(app)["forgotten"] is None
    with app.app_context():
        entry = db.session.scalars(select(AccessLogEntry)).one()
        assert (entry.event_type, entry.reason, entry.object_id) == (
            "access_denied", "no_rule", "forgotten",
        )
    with app.app_context():
        db.engine.dispose()


def test_a_case_decorator_above_the_route_decorator_fails_safe():
    app = create_app(make_test_config("sqlite://"))

    @case_access(CaseAction.READ)  # wrong order: the route registered the undecorated view
    @app.route("/verkeerd-om/<reference>")
    def wrong_order(reference):
        return "ok"

    assert access_rules(app)["wrong_order"] is None
