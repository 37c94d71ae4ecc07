"""Identifying data kept out (issue 20, point 6): a pseudonym that looks like a BSN, a date of
birth, a phone number, an e-mail or a postcode is refused; the same in free text gets a warning
next to the field that must be confirmed; the import reports both with their JSON path. One
detector: ``caseflow.privacy.patterns.detect_identifiers``."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.models import Case, CaseDecision
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.extensions import db
from caseflow.privacy import checks, engine, patterns
from caseflow.privacy.forms import IdentifierWarningsMixin
from caseflow.timeline.models import TimelineEvent
from tests.case_helpers import new_case
from tests.cases.test_case_views import _intake, _post_intake
from tests.cases.test_sane_dates import next_to
from tests.exchange_helpers import case as doc_case
from tests.exchange_helpers import document, gemeenten, raw, stored_counts
from tests.helpers import csrf_token

BSN_WARNING = "Dit lijkt een BSN (111222333); caseflow bewaart geen BSN."


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_one_detector_for_intake_events_import_and_the_pseudonymiser():
    assert checks.detect_identifiers is patterns.detect_identifiers
    assert engine.detect_identifiers is patterns.detect_identifiers
    from caseflow.cases.forms import AnalysisForm, DecisionForm, IntakeForm
    from caseflow.meetings.forms import DecisionForm as MeetingDecisionForm
    from caseflow.retrospectives.forms import AnnotationForm
    from caseflow.timeline.forms import EventForm

    for form in (IntakeForm, EventForm, AnalysisForm, DecisionForm, MeetingDecisionForm,
                 AnnotationForm):
        assert issubclass(form, IdentifierWarningsMixin) and form.identifier_fields


def test_the_privacy_package_imports_no_models():
    """cases/ imports caseflow.privacy; a model import there would be a cycle."""
    code = (
        "import sys, caseflow.privacy, caseflow.privacy.checks, caseflow.privacy.forms;"
        "print(','.join(m for m in sys.modules if m.startswith('caseflow') and"
        " (m.endswith('models') or m.endswith('known'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("pseudonym", "kind"),
    [("111222333", "bsn"), ("Sam 03-04-2012", "geboortedatum"), ("06-12345678", "telefoonnummer"),
     ("sam@example.nl", "emailadres"), ("1234 AB 12", "postcode")],
)
def test_identifying_pseudonyms_are_refused(pseudonym, kind):
    assert [s.kind for s in checks.pseudonym_findings(pseudonym)] == [kind]


@pytest.mark.parametrize("pseudonym", ["Sam", "Jan-Willem", "Noor 2", "Kees de Vries"])
def test_ordinary_pseudonyms_pass(pseudonym):
    assert checks.pseudonym_problem(pseudonym) is None


@pytest.fixture
def chair(auth):
    return auth.login(Role.VOORZITTER)


def test_intake_refuses_a_bsn_as_pseudonym_next_to_the_field(client, chair):
    before = _count(Case)
    data = _intake()
    response = _post_intake(client, {**data, "pseudonym": "111222333"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert next_to(html, "pseudonym", BSN_WARNING)
    assert next_to(html, "pseudonym", "Vul alleen een roepnaam of pseudoniem in.")
    response = _post_intake(client, {**data, "pseudonym": "Noor 12-04-2012"})
    assert next_to(response.get_data(as_text=True), "pseudonym", "lijkt een geboortedatum")
    assert _count(Case) == before


def test_intake_question_with_a_bsn_warns_then_stores_once_confirmed(client, chair):
    before = _count(Case)
    data = _intake(question="Moeder noemde BSN 111222333 aan de telefoon.")
    response = _post_intake(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert next_to(html, "question", BSN_WARNING)
    assert 'name="confirm_identifiers"' in html
    assert _count(Case) == before
    response = _post_intake(client, {**data, "confirm_identifiers": "y"})
    assert response.status_code == 302
    assert _count(Case) == before + 1


def test_event_description_with_a_phone_number_warns_then_stores(client, chair):
    case = new_case(chair)
    before = _count(TimelineEvent)
    url = f"/cases/{case.reference}/events/new"
    data = {"kind": "gesprek", "title": "Belafspraak",
            "occurred_on": case.registered_on.isoformat(), "precision": "day",
            "description": "Vader bereikbaar op 06-12345678."}
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert next_to(html, "description", "Dit lijkt een telefoonnummer (06-12345678)")
    assert _count(TimelineEvent) == before
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url),
                                      "confirm_identifiers": "y"})
    assert response.status_code == 302
    assert _count(TimelineEvent) == before + 1


def test_decision_text_with_an_email_warns_and_an_edit_clears_it(client, chair):
    case = new_case(chair)
    url = f"/cases/{case.reference}/decisions"
    data = {"kind": "besluit_buiten_vergadering", "text": "Mail naar juf@school.nl gestuurd."}
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert next_to(response.get_data(as_text=True), "text", "Dit lijkt een e-mailadres")
    assert _count(CaseDecision) == 0
    data["text"] = "Mail naar de mentor gestuurd."  # the identifier removed: no confirmation
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    assert _count(CaseDecision) == 1


# --- the import ------------------------------------------------------------------------------


@pytest.fixture
def region(app):
    gemeenten()


def test_import_refuses_a_bsn_pseudonym_with_its_path(region):
    before = stored_counts()
    with pytest.raises(ImportRejected) as caught:
        import_history(raw(document(doc_case(pseudonym="111222333"))), None)
    assert [str(e) for e in caught.value.errors] == [
        "cases[0].pseudonym: dit lijkt een BSN (111222333); caseflow bewaart geen BSN; vul "
        "alleen een roepnaam of pseudoniem in"
    ]
    assert stored_counts() == before


def test_import_warns_about_identifiers_in_free_text_with_their_path(region):
    item = doc_case(question="Woont op Dorpsstraat 12.")
    item["events"][0]["text"] = "Moeder mailde vanaf moeder@example.nl."
    report = import_history(raw(document(item)), None, dry_run=True)
    warnings = [str(w) for w in report.warnings]
    assert "cases[0].question: dit lijkt een adres (Dorpsstraat 12); caseflow bewaart geen " \
        "adressen" in warnings
    assert any(w.startswith("cases[0].events[0].text: dit lijkt een e-mailadres") for w in warnings)


@pytest.mark.parametrize(
    ("form_path", "data"),
    [
        ("caseflow.meetings.forms.DecisionForm", {"mandate": "advies"}),
        ("caseflow.retrospectives.forms.AnnotationForm", {"type": "observatie", "event": "0",
                                                          "sub_question": "0"}),
    ],
)
def test_meeting_decisions_and_annotations_warn_until_confirmed(app, form_path, data):
    import importlib

    from werkzeug.datastructures import MultiDict

    module, name = form_path.rsplit(".", 1)
    form_class = getattr(importlib.import_module(module), name)
    text = {"text": "Gebeld met 010-1234567 over de plek."}
    with app.test_request_context(method="POST"):
        form = form_class(MultiDict({**data, **text}), meta={"csrf": False})
        if hasattr(form, "event"):
            form.event.choices, form.sub_question.choices, form.themes.choices = [], [], []
        assert not form.validate()
        assert any("telefoonnummer (010-1234567)" in e for e in form.text.errors)
        confirmed = form_class(
            MultiDict({**data, **text, "confirm_identifiers": "y"}), meta={"csrf": False}
        )
        if hasattr(confirmed, "event"):
            confirmed.event.choices = confirmed.sub_question.choices = []
            confirmed.themes.choices = []
        assert confirmed.validate(), confirmed.errors
