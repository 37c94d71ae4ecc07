"""Every route that changes something writes exactly one access-log row with the right event type
(issue 21, point 2). The routes come from the URL map and the access-rule registry, as in the
access matrix: a new POST route fails here until it is walked (``WALKS``) or excused with a reason
(``EXCUSED``), so it cannot forget its audit call."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select, update

from caseflow import create_app
from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.auth.permissions import Rule, access_rules
from caseflow.cases.models import Case, Gemeente
from caseflow.cases.workflow import Phase
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings.changes import fix_minutes
from caseflow.meetings.models import AgendaItem
from caseflow.retrospectives.consent import ConsentInput, record_consent
from caseflow.risk import settings as risk_settings
from caseflow.risk.config import NUMBERS, thresholds
from caseflow.risk.models import RiskFlag
from caseflow.timeline.models import Placement
from tests import access_cases, meeting_helpers, retro_helpers, search_helpers
from tests.case_helpers import chair_user, new_case
from tests.conftest import make_test_config
from tests.exchange_helpers import document, gemeenten, raw
from tests.factories import UserFactory
from tests.helpers import csrf_token

_APP = create_app(make_test_config("sqlite://"))
RULES = access_rules(_APP)
WRITING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CHANGING = sorted(
    rule.endpoint for rule in _APP.url_map.iter_rules() if rule.methods & WRITING_METHODS
)
TODAY = date.today().isoformat()


@dataclass(frozen=True)
class Walk:
    """One change through its route: the form data (given the case and the URL values), the
    event type and object type of the one row it must write, and what must exist first."""

    event: str
    target: str
    data: Callable[[Case, dict], dict] = lambda case, values: {}
    prepare: Callable[[Case], None] = lambda case: None
    values: dict[str, Callable[[], object]] = field(default_factory=dict)
    # A route that is not a case page but takes the case from its form (the exchange downloads).
    case_in_form: bool = False
    # After the set-up is committed (the commit recomputes the case's risk flags).
    ready: Callable[[dict], None] = lambda values: None


def _consent(case: Case) -> None:
    record_consent(case, ConsentInput(given_by="ouders", given_on=date.today(),
                                      scope="retrospectief", reflection="", learning_question=""),
                   chair_user())


def _analysis(case, values):
    names = ("question", "problems", "strengths", "hypotheses", "working_theory", "goals",
             "scenarios")
    return dict.fromkeys(names, "Tekst van de analyse")


def _goal(case, values):
    return {"description": "Een vaste plek", "for_whom": "jeugdige", "indicator": "Woont er",
            "status": "actief", "note": ""}


def _event(case, values):
    return {"kind": "gesprek", "title": "Gesprek", "occurred_on": TODAY, "precision": "day",
            "description": "", "change_note": "Datum klopte niet"}


def _move(case, values):
    return {"trigger": "start_analyse", "version": str(case.version), "reason": "Klaar"}


def _member(case, values):
    return {"user": str(UserFactory(role=Role.PROFESSIONAL.value).id), "role": "onderwijs",
            "since": TODAY}


def _evaluation(case, values):
    return {"held_on": TODAY, "child_view": "Gaat goed", "child_safety": "7",
            "parents_view": "Gaat goed", "parents_score": "7", "professionals_view": "Stabiel"}


def _placement(case, values):
    return {"type": "pleegzorg", "provider_name": "Pleeggezin", "start_date": TODAY}


def _intake(case, values):
    gemeente = Gemeente(name="Wijdemeren")
    db.session.add(gemeente)
    db.session.flush()
    return {"pseudonym": "Intakekind", "birth_year": "2012", "birth_month": "4",
            "gemeente": str(gemeente.id), "referrer_type": "gi", "referrer_organisation": "0",
            "registered_on": TODAY, "question": "Past nergens meer.",
            "problem_areas": ["trauma"], "current_situation": "", "casusregisseur": "0"}


def _correction(case, values):
    return {"pseudonym": case.pseudonym, "birth_year": str(case.birth_year + 1),
            "birth_month": str(case.birth_month), "gemeente": str(case.gemeente_id),
            "referrer_type": case.referrer_type, "referrer_organisation": "0",
            "question": case.question, "problem_areas": case.problem_areas,
            "version": str(case.version), "reason": "Geboortejaar stond verkeerd"}


def _placement_correction(case, values):
    placement = db.session.get(Placement, values["placement_id"])
    return {"type": "gezinshuis", "provider_id": "0", "provider_name": placement.provider_name,
            "in_region": "y", "start_date": placement.start_date.isoformat(), "planned_end": "",
            "actual_end": "", "ending": "", "end_reason": "", "end_note": "",
            "reason": "Soort verkeerd"}


def _new_meeting(case, values):
    chair = UserFactory(role=Role.VOORZITTER.value)
    return {"day": (date.today() + timedelta(days=7)).isoformat(), "starts": "10:00",
            "location": "Hilversum", "chair": str(chair.id),
            "coordinator": str(chair_user().id), "confirm": "y"}


def _meeting_edit(case, values):
    return {"day": (date.today() + timedelta(days=8)).isoformat(), "starts": "11:00",
            "location": "Huizen", "reason": "Zaal verplaatst", "confirm": "y"}


def _agenda_case(case, values):
    other = new_case(chair_user(), pseudonym="Agendakind", phase=Phase.RET_BESPREKING)
    return {"agenda-case": str(other.id)}


def _action(case, values):
    owner = UserFactory(role=Role.PROFESSIONAL.value)
    return {"action-description": "Schoolplek regelen", "action-owner": f"u:{owner.id}",
            "action-due_on": (date.today() + timedelta(days=7)).isoformat()}


def _move_target(case, values):
    item = db.session.get(AgendaItem, values["item_id"])
    target = meeting_helpers.make_meeting(
        starts_at=item.meeting.starts_at + timedelta(days=7)
    )
    return {"move-target": str(target.id), "move-reason": "Meer tijd nodig"}


def _meeting_with_item() -> int:
    return meeting_helpers.make_item().meeting_id


def _fixed_meeting() -> int:
    meeting = meeting_helpers.make_item().meeting
    fix_minutes(meeting, chair_user())
    return meeting.id


def _import(case, values):
    gemeenten()
    return {"file": (io.BytesIO(raw(document())), "historie.json")}


def _prepare(case, values):
    chosen = retro_helpers.case_with_history(pseudonym="Retrokind")
    retro_helpers.give_consent(chosen)
    return {"case": str(chosen.id), "facilitator": str(retro_helpers.facilitator().id),
            "session": "0", "as_of": TODAY, "held_on": TODAY, "part_of_day": "ochtend",
            "main_question": "Wat leren we?"}


def _risk_settings(case, values):
    limits = thresholds()
    return {"reason": "Besproken in het RET-overleg.", "save": "Opslaan",
            **{name: str(getattr(limits, name)) for name in NUMBERS},
            **{f"ernst_{code}": severity
               for code, severity in risk_settings.current_severities(limits).items()}}


def _flag_still_raised(values) -> None:
    """The matrix's made-up flag has no condition behind it: the set-up's commit cleared it."""
    db.session.execute(
        update(RiskFlag).where(RiskFlag.id == values["flag_id"]).values(cleared_at=None)
    )
    db.session.commit()


def _search_phase(case):
    case.phase = Phase.RET_BESPREKING.value
    db.session.flush()


def _needs(case, values):
    return {"care_types": ["gezinshuis"], "region_preference": "in_regio",
            "werving_status": "geen", "opened_on": TODAY, "reason": "Aangevuld na overleg"}


def _ask(case, values):
    return {"provider_id": str(search_helpers.provider().id), "care_type": "pleegzorg",
            "requested_on": TODAY}


def _reply(case, values):
    return {"answer": "nee", "answered_on": TODAY, "refusal_reason": "vol"}


def _correct_ask(case, values):
    return {"provider_id": str(search_helpers.provider().id), "care_type": "gezinshuis",
            "requested_on": TODAY, "reason": "Andere aanbieder"}


def _close_search(case, values):
    return {"kind": "gestopt", "closed_on": TODAY, "placement_id": "0", "note": ""}


# Case pages: the fixture case is the chair's (voorzitter), rows made by tests/access_cases.py.
WALKS: dict[str, Walk] = {
    "exchange.export_case": Walk(
        "export", "case_history", lambda case, values: {"reference": case.reference},
        case_in_form=True,
    ),
    "cases.analysis": Walk("create", "explanatory_analysis", _analysis),
    "cases.new_decision": Walk(
        "create", "case_decision",
        lambda case, values: {"kind": "geen_plaatsing_nodig", "text": "Geen plaatsing nodig"},
    ),
    "cases.members": Walk("create", "case_member", _member),
    "cases.end_member": Walk("change", "case_member"),
    "cases.move": Walk("phase_move", "case", _move),
    "cases.decide_proposal": Walk(
        "phase_move", "case", lambda case, values: {"version": str(case.version)}
    ),
    "outcome.goals": Walk("create", "goal", _goal),
    "search.open_view": Walk("create", "zoektocht", _needs, prepare=_search_phase),
    "search.needs": Walk("change", "zoektocht", _needs),
    "search.add_ask": Walk("create", "zoektocht_aanvraag", _ask),
    "search.reply": Walk("change", "zoektocht_aanvraag", _reply),
    "search.correct_ask": Walk("change", "zoektocht_aanvraag", _correct_ask),
    "search.close": Walk("change", "zoektocht", _close_search),
    "outcome.goal": Walk("change", "goal", _goal),
    "outcome.new_evaluation": Walk("create", "timeline_event", _evaluation),
    "outcome.tariff": Walk(
        "change", "placement",
        lambda case, values: {"kind": "per_dag", "amount": "100,00", "funding_gemeente": "0"},
    ),
    "timeline.new_event": Walk("create", "timeline_event", _event),
    "timeline.edit_event": Walk("change", "timeline_event", _event),
    "timeline.retract": Walk("change", "timeline_event", lambda c, v: {"reason": "Dubbel"}),
    "timeline.placements": Walk("create", "placement", _placement),
    "timeline.end": Walk(
        "change", "placement",
        lambda case, values: {"end_date": TODAY, "ending": "planmatig", "note": ""},
    ),
    "timeline.retract_placement_view": Walk(
        "change", "placement", lambda case, values: {"reason": "Dubbel"}
    ),
    "risk.acknowledge_flag": Walk(
        "change", "risk_flag", lambda case, values: {"note": "Besproken met de regisseur"},
        ready=_flag_still_raised,
    ),
    "retrospectives.consent": Walk(
        "create", "retro_consent",
        lambda case, values: {"given_by": "ouders", "given_on": TODAY, "scope": "retrospectief",
                              "reflection": "", "learning_question": ""},
    ),
    "retrospectives.withdraw": Walk("change", "retro_consent", prepare=_consent),
    "retrospectives.family_link_for_case": Walk(
        "create", "family_link", lambda case, values: {"given_by": "ouders"}, prepare=_consent
    ),
    # meetings: the item's case is on the agenda of a meeting the chair planned
    "meetings.item_preparation": Walk(
        "change", "agenda_item",
        lambda c, v: {"prep-question": "Wat nu?", "prep-advice": "Plaatsing"},
        values={"item_id": lambda: meeting_helpers.make_item().id},
    ),
    "meetings.item_decision": Walk(
        "create", "meeting_decision",
        lambda c, v: {"decision-text": "Plaatsing", "decision-mandate": "advies"},
        values={"item_id": lambda: meeting_helpers.make_item().id},
    ),
    "meetings.action_status": Walk(
        "change", "meeting_action", lambda c, v: {"status": "gedaan"},
        values={"action_id": lambda: meeting_helpers.make_action().id},
    ),
    "meetings.add_guest_view": Walk(
        "change", "meeting", lambda c, v: {"guest-role": "ouder"},
        values={"meeting_id": lambda: meeting_helpers.make_meeting().id},
    ),
    "meetings.add_attendee_view": Walk(
        "change", "meeting",
        lambda c, v: {"attendee-user": str(UserFactory(role=Role.PROFESSIONAL.value).id)},
        values={"meeting_id": lambda: meeting_helpers.make_meeting().id},
    ),
    "meetings.meeting_cancel": Walk(
        "change", "meeting", lambda c, v: {"cancel-reason": "Zaal niet beschikbaar"},
        values={"meeting_id": lambda: meeting_helpers.make_meeting().id},
    ),
    "meetings.item_remove": Walk(
        "change", "meeting", lambda c, v: {"remove-reason": "Casus is al besproken"},
        values={"item_id": lambda: meeting_helpers.make_item().id},
    ),
    "meetings.meeting_new": Walk("create", "meeting", _new_meeting),
    "meetings.meeting_edit": Walk(
        "change", "meeting", _meeting_edit,
        values={"meeting_id": lambda: meeting_helpers.make_meeting(
            starts_at=utcnow() + timedelta(days=3)).id},
    ),
    "meetings.add_case": Walk(
        "create", "agenda_item", _agenda_case,
        values={"meeting_id": lambda: meeting_helpers.make_meeting().id},
    ),
    "meetings.item_action": Walk(
        "create", "meeting_action", _action,
        values={"item_id": lambda: meeting_helpers.make_item().id},
    ),
    "meetings.item_move": Walk(
        "change", "agenda_item", _move_target,
        values={"item_id": lambda: meeting_helpers.make_item().id},
    ),
    "meetings.minutes_fix": Walk(
        "change", "meeting", lambda c, v: {"fix-submit": "y"},
        values={"meeting_id": _meeting_with_item},
    ),
    "meetings.minutes_addendum": Walk(
        "change", "meeting", lambda c, v: {"addendum-text": "Aanvulling op het verslag"},
        values={"meeting_id": _fixed_meeting},
    ),
    # intake and corrections of case data
    "cases.new_case": Walk("create", "case", _intake),
    "cases.add_framework": Walk(
        "create", "legal_framework", lambda case, values: {"framework": "voogdij",
                                                          "from_date": TODAY}
    ),
    "cases.correct_framework": Walk(
        "change", "legal_framework",
        lambda case, values: {"framework": "voogdij", "from_date": TODAY, "reason": "Voogdij"},
    ),
    "cases.retract_framework": Walk(
        "change", "legal_framework", lambda case, values: {"reason": "Dubbel"}
    ),
    "cases.link_sibling": Walk(
        "create", "sibling_link",
        lambda case, values: {"sibling": new_case(chair_user(), pseudonym="Zus").reference},
    ),
    "cases.unlink_sibling": Walk(
        "change", "sibling_link", lambda case, values: {"reason": "Geen familie"}
    ),
    "cases.siblings_outside": Walk(
        "change", "siblings_outside", lambda case, values: {"count": "2"}
    ),
    "cases.correct": Walk("change", "case", _correction),
    "timeline.correct_placement_view": Walk("change", "placement", _placement_correction),
    # exchange: the import (one case in the file) and the history's PDF
    "exchange.import_page": Walk("create", "case_import", _import),
    "exchange.history_pdf": Walk(
        "print", "case_history_pdf", lambda case, values: {"reference": case.reference},
        case_in_form=True,
    ),
    # retrospectives: preparing one, and the family link of a prepared one
    "retrospectives.prepare": Walk("create", "retrospective", _prepare),
    "retrospectives.family_link_for_retro": Walk(
        "create", "family_link", lambda c, v: {"given_by": "ouders"},
        values={"retro_id": lambda: retro_helpers.prepared().id},
    ),
    # the region's risk settings: a row without a case
    "risk.settings_page": Walk("change", "risk_settings", _risk_settings),
}

# Routes that change no case data, each with why: their own tests check what they log.
_ACCOUNT = "accounts and sessions, not case data (auth tests check their login/logout rows)"
_ADMIN = "region set-up by the beheerder, not case data (logged by admin/region services)"
_RETRO = ("the retrospective's own working copy (de-identified, frozen at preparation), "
          "not case data")
EXCUSED: dict[str, str] = {
    "account.password": _ACCOUNT,
    "account.reset_password": _ACCOUNT,
    "account.reset_password_form": _ACCOUNT,
    "account.two_factor": _ACCOUNT,
    "account.two_factor_disable": _ACCOUNT,
    "auth.login": _ACCOUNT,
    "auth.logout": _ACCOUNT,
    "auth.two_factor": _ACCOUNT,
    "auth.two_factor_setup": _ACCOUNT,
    "auth.set_language": "the reader's language, nothing of a case",
    "jobs.reminder_settings": "own digest choice, no case; logged (tests/jobs/test_reminders.py)",
    "jobs.calendar_link": "own calendar link, no case; logged (tests/jobs/test_calendar.py)",
    "admin.organisation_edit": _ADMIN,
    "admin.organisation_new": _ADMIN,
    "admin.user_edit": _ADMIN,
    "admin.user_new": _ADMIN,
    "admin.user_reset_password": _ADMIN,
    "admin.user_reset_two_factor": _ADMIN,
    "region.gemeente": _ADMIN,
    "region.gemeenten": _ADMIN,
    "region.gemeenten_import": _ADMIN,
    "region.organisation_merge": _ADMIN,
    "region.setup": _ADMIN,
    "retention.requests": "a destruction request is about a case that is already removed",
    "retention.execute": "destruction: logged by retention services (tests/test_retention.py)",
    "breakglass.request_access": "a noodtoegang grant: logged as break_glass by auth.breakglass",
    "breakglass.review": "the review of a grant: logged by auth.breakglass_review",
    "family.page": "the family's answer: one family_link row (tests/test_family_link.py)",
    **{f"retrospectives.{name}": _RETRO for name in (
        "action_status", "actions", "add_flag", "add_theme", "annotate", "attendance",
        "finish", "flags", "participants", "questions", "session_action", "session_add_flag",
        "session_flags", "session_new",
    )},
}

def test_every_changing_route_is_walked_or_excused():
    listed = set(WALKS) | set(EXCUSED)
    missing = sorted(set(CHANGING) - listed)
    assert not missing, f"walk these in WALKS (or excuse them in EXCUSED): {missing}"
    assert not sorted(listed - set(CHANGING)), "listed routes that no longer change anything"
    assert not set(WALKS) & set(EXCUSED)
    assert all(RULES[endpoint] is not None for endpoint in CHANGING)


def _problems(response) -> list[str]:
    """The messages a refused form shows (next to its fields, or flashed), for the failure."""
    html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert)[^"]*"[^>]*>(.*?)<', html, re.S)
    return [text.strip() for text in found if text.strip()]


def _rows() -> int:
    return db.session.scalar(select(func.max(AccessLogEntry.id))) or 0


@pytest.mark.parametrize("endpoint", sorted(WALKS))
def test_a_change_writes_one_row_with_its_event_type(app, client, auth, endpoint):
    walk = WALKS[endpoint]
    auth.login(Role.VOORZITTER)
    rule = RULES[endpoint]
    values: dict[str, object] = {name: make() for name, make in walk.values.items()}
    case = None
    if rule.kind is Rule.CASE or walk.case_in_form:
        case = new_case(chair_user(), pseudonym="Auditkind")
        walk.prepare(case)
    if rule.kind is Rule.CASE:
        values[rule.case_arg] = case.reference
        values.update(access_cases.url_values(endpoint, case.reference))
    form = walk.data(case, values)  # may make rows (another meeting, a gemeente): before commit
    db.session.commit()
    walk.ready(values)
    data = {"csrf_token": csrf_token(client, "/"), **form}
    with app.test_request_context():
        url = url_for(endpoint, **values)
    before = _rows()
    response = client.post(url, data=data)
    assert response.status_code in (200, 302), (response.status_code, _problems(response))
    rows = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.id > before)).all()
    assert [(row.event_type, row.object_type) for row in rows] == [(walk.event, walk.target)], (
        [(row.event_type, row.object_type, row.reason) for row in rows], _problems(response)
    )
    if case is not None:
        assert rows[0].case_id == case.id
