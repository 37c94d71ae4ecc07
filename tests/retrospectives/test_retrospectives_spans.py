"""Issue 18, points 2 and 6: nothing leaves unresolved, and retracted is retracted everywhere.

The engine finds "Willemijn" (the mentor in ``tests/retro_helpers.case_with_history``) but does
not know her: an open span, stored as a placeholder until the facilitator decides.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import freeze, learning, services, spans
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.frozen_models import NameFlag
from caseflow.retrospectives.models import Theme
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.services import retract_event
from tests.case_helpers import chair_user
from tests.helpers import csrf_token
from tests.retro_helpers import learning_session, prepared, resolve_all

UNKNOWN = "Willemijn"


def _descriptions(retro) -> str:
    return " ".join(e.title + " " + e.description for e in freeze.frozen_events(retro))


def _open_words(retro) -> set[str]:
    return {g.word for g in spans.open_groups(spans.Owner(retro=retro))}


def test_an_unknown_name_is_stored_as_a_placeholder_and_listed(app):
    retro = prepared()
    assert UNKNOWN in _open_words(retro)
    stored = _descriptions(retro)
    assert UNKNOWN not in stored and spans.PLACEHOLDER.search(stored)
    assert "Mentor [persoon]" in spans.plain(stored)  # even unresolved text prints no name
    (group,) = [g for g in spans.open_groups(spans.Owner(retro=retro)) if g.word == UNKNOWN]
    assert group.kind == "persoon" and group.label == "[persoon]"
    assert group.contexts[0][2] == UNKNOWN and "Mentor" in group.contexts[0][1]


def test_keep_requires_a_reason_and_puts_the_word_back(app):
    retro = prepared()
    try:
        services.resolve_flag(retro, UNKNOWN, None, reason="  ")
    except RetroError as error:
        assert error.field == "reason"
    else:
        raise AssertionError("kept without a reason")
    assert UNKNOWN in _open_words(retro)
    services.resolve_flag(retro, UNKNOWN, None, reason="Naam van de school, geen persoon",
                          actor=retro.facilitator)
    assert f"Mentor {UNKNOWN} sprak" in _descriptions(retro)
    flag = db.session.scalars(select(NameFlag).where(NameFlag.word == UNKNOWN)).one()
    assert (flag.resolution, flag.reason, flag.resolved_by_id) == (
        "behouden", "Naam van de school, geen persoon", retro.facilitator_id)


def test_keep_without_a_reason_is_shown_next_to_the_field(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    retro = prepared(owner=owner)
    url = f"/retrospectives/{retro.id}/namen"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "word": UNKNOWN,
                                      "reason": "", "keep": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Geef een reden waarom dit woord mag blijven staan." in html
    assert 'aria-invalid="true"' in html
    assert UNKNOWN in _open_words(retro)


def test_replace_with_own_label_via_the_list(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    retro = prepared(owner=owner)
    url = f"/retrospectives/{retro.id}/namen"
    page = client.get(url).get_data(as_text=True)
    assert UNKNOWN in page and "Mentor " in page
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "word": UNKNOWN,
                                      "replacement": "[mentor]", "replace": "1"})
    assert response.status_code == 302
    assert "Mentor [mentor] sprak" in _descriptions(retro)
    assert UNKNOWN not in _open_words(retro)


def test_summary_counts_come_from_the_rows(app):
    retro = prepared()
    before = spans.summary(spans.Owner(retro=retro))
    assert before.open >= 1 and before.replaced_names >= 5  # the pseudonym, Sanne, Okkerman, …
    opened = before.open
    services.resolve_flag(retro, UNKNOWN, None, reason="geen naam")
    resolve_all(retro)
    after = spans.summary(spans.Owner(retro=retro))
    assert after.open == 0 and after.kept == 1
    assert after.replaced_names + after.replaced_other == before.replaced + opened - 1
    text = spans.summary_text(after)
    assert f"{after.replaced_names} namen vervangen" in text
    assert "1 behouden met reden" in text


def test_summary_text_plural_forms_and_nothing_found():
    assert spans.summary_text(spans.Summary(replaced_names=1)) == (
        "Gepseudonimiseerd: 1 naam vervangen.")
    assert spans.summary_text(spans.Summary(replaced_names=12, kept=2)) == (
        "Gepseudonimiseerd: 12 namen vervangen, 2 behouden met reden.")
    assert "geen namen" in spans.summary_text(spans.Summary())
    assert "vervangen" not in spans.summary_text(spans.Summary(kept=1))


def _pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    return text + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)


def test_exports_and_finishing_are_refused_while_a_span_is_open(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    session = learning_session(owner)
    retro = prepared(owner=owner, session=session)
    resolve_all(session, owner)
    db.session.commit()
    base, sbase = f"/retrospectives/{retro.id}", f"/retrospectives/sessions/{session.id}"
    for url in (f"{base}/verslag.pdf", f"{base}/verslag.docx", f"{sbase}/verslag.pdf",
                f"{sbase}/verslag.docx"):
        response = client.get(url)
        assert response.status_code == 409, url
        html = response.get_data(as_text=True)
        assert "Verslag nog niet te downloaden" in html
        assert f'href="{base}/namen"' in html
    response = client.post(f"{base}/afronden", data={"csrf_token": csrf_token(client, base)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{base}/namen")
    assert retro.status == "voorbereiding"
    assert "Afronden kan pas" in client.get(f"{base}/namen").get_data(as_text=True)

    resolve_all(retro, owner)
    db.session.commit()
    assert client.get(f"{base}/verslag.pdf").mimetype == "application/pdf"
    assert "namen vervangen" in _docx_text(client.get(f"{base}/verslag.docx").data)
    assert client.get(f"{sbase}/verslag.pdf").mimetype == "application/pdf"
    assert client.get(f"{sbase}/verslag.docx").status_code == 200
    client.post(f"{base}/afronden", data={"csrf_token": csrf_token(client, base)})
    assert retro.status == "afgerond"


def test_a_session_refuses_while_its_own_text_has_an_open_span(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    session = learning.create_session("Leren met Willemijn", date.today(), "", owner, owner)
    db.session.commit()
    assert UNKNOWN not in session.title
    response = client.get(f"/retrospectives/sessions/{session.id}/verslag.pdf")
    assert response.status_code == 409
    assert f"/retrospectives/sessions/{session.id}/namen" in response.get_data(as_text=True)
    resolve_all(session, owner)
    db.session.commit()
    assert client.get(f"/retrospectives/sessions/{session.id}/verslag.pdf").status_code == 200
    assert session.title == "Leren met [persoon]"


def test_text_added_later_goes_through_the_engine_and_decisions_carry_over(app):
    retro = prepared()
    services.resolve_flag(retro, UNKNOWN, "[mentor]")
    resolve_all(retro)
    events = freeze.frozen_events(retro)
    note = learning.add_annotation(retro, learning.AnnotationInput(
        "patroon", f"{UNKNOWN} en dr. Koolhoven zagen het als eersten.", events[0]),
        retro.facilitator)
    assert note.text.startswith("[mentor] en ")  # the earlier decision, by the same word
    assert "Koolhoven" not in note.text and "Koolhoven" in " ".join(_open_words(retro))
    action = learning.add_action("Jasmijn eerder horen", "Sanne Verbeek", None, retro=retro)
    assert "Jasmijn" not in action.text and action.owner.startswith("[casusregisseur")


def test_edited_questions_keep_open_spans_and_forget_removed_ones(app):
    retro = prepared()
    resolve_all(retro)
    services.update_questions(retro, "Hoe ging het met Karin Oosterbeek?", ["Wie?"],
                              retro.held_on, retro.part_of_day, retro.facilitator)
    assert "Oosterbeek" not in retro.main_question
    opened = _open_words(retro)
    assert opened and all("Karin" in w or "Oosterbeek" in w for w in opened)
    services.update_questions(retro, retro.main_question + " En daarna?", ["Wie?"],
                              retro.held_on, retro.part_of_day, retro.facilitator)
    assert _open_words(retro) == opened  # the placeholder stayed in the edited text
    services.update_questions(retro, "Wat leren we?", ["Wie?"], retro.held_on,
                              retro.part_of_day, retro.facilitator)
    assert _open_words(retro) == set()  # the name is gone from the text, so from the list


def test_family_text_enters_through_the_engine(app):
    retro = prepared()
    resolve_all(retro)
    stored = services.add_family_text(retro, "Oma Truus en Sanne hielpen ons.",
                                      source="reflectie")
    assert "Truus" not in stored and "Sanne" not in retro.family_reflection
    assert "Truus" in _open_words(retro)


def test_retracted_events_are_marked_in_the_exports(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    retro = prepared(owner=owner)
    case = db.session.get(Case, retro.case_id)
    event = db.session.scalars(select(TimelineEvent).where(
        TimelineEvent.case_id == case.id, TimelineEvent.kind == "school")).one()
    retract_event(event, case, chair_user(), reason="Dubbel ingevoerd")
    retro2 = prepared(case, owner=owner)
    resolve_all(retro2, owner)
    db.session.commit()
    frozen = [e for e in freeze.frozen_events(retro2) if e.retracted]
    assert frozen
    document = Document(io.BytesIO(client.get(f"/retrospectives/{retro2.id}/verslag.docx").data))
    rows = [r for t in document.tables for r in t.rows if "Schorsing" in r.cells[2].text]
    assert rows and rows[0].cells[2].text.startswith("Ingetrokken: ")
    assert rows[0].cells[2].paragraphs[0].runs[-1].font.strike
    text = _pdf_text(client.get(f"/retrospectives/{retro2.id}/verslag.pdf").data)
    assert "Ingetrokken: Schorsing" in text
    web = client.get(f"/retrospectives/{retro2.id}/verslag").get_data(as_text=True)
    assert "<del>Schorsing" in web


def test_adding_a_theme_is_confirmed(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    retro = prepared(owner=owner)
    db.session.commit()
    url = f"/retrospectives/{retro.id}/thema"
    response = client.post(url, data={"csrf_token": csrf_token(client, f"/retrospectives/"
                                                               f"{retro.id}/tijdlijn"),
                                      "label": "Wachtlijst als oplossing"},
                           follow_redirects=True)
    assert "Thema „Wachtlijst als oplossing” toegevoegd" in response.get_data(as_text=True)
    assert db.session.scalar(select(Theme).where(Theme.code == "wachtlijst_als_oplossing"))


def test_a_name_the_engine_missed_is_replaced_everywhere_and_later_too(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    retro = prepared(owner=owner)
    resolve_all(retro)
    db.session.commit()
    assert "Schorsing" in _descriptions(retro)
    url = f"/retrospectives/{retro.id}/namen/toevoegen"
    token = csrf_token(client, f"/retrospectives/{retro.id}/namen")
    missing = client.post(url, data={"csrf_token": token, "word": "Zwanenburg", "label": ""})
    assert missing.status_code == 400
    assert "komt niet (meer) voor" in missing.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": token, "word": "Schorsing",
                                      "label": "[gebeurtenis]"})
    assert response.status_code == 302
    assert "Schorsing" not in _descriptions(retro) and "[gebeurtenis]" in _descriptions(retro)
    note = learning.add_annotation(retro, learning.AnnotationInput(
        "patroon", "Na de Schorsing kwam niemand.", freeze.frozen_events(retro)[0]), owner)
    assert note.text == "Na de [gebeurtenis] kwam niemand."
    assert spans.summary(spans.Owner(retro=retro)).open == 0


def test_family_words_kept_elsewhere_are_resolved_where_they_are(app):
    retro = prepared()
    resolve_all(retro)
    holder = type("Holder", (), {"text": ""})()

    def provider(owner):
        return {"family.1": (holder, "text")} if owner.retro is retro else {}

    spans.register_fields(provider)
    try:
        holder.text = services.add_family_text(retro, "Oma Truus hielp ons het meest.",
                                               source="eigen_woorden", field="family.1")
        assert "Truus" not in holder.text and retro.family_reflection.count("Truus") == 0
        services.resolve_flag(retro, "Truus", None, reason="De naam die het gezin zelf koos")
        assert holder.text == "Oma Truus hielp ons het meest."
    finally:
        spans.FIELD_PROVIDERS.remove(provider)


def test_a_replacement_label_that_is_itself_a_known_name_is_refused(app, client, auth):
    """Attack: "replace Willemijn by Sanne Verbeek" (or by the case's pseudonym) would write a
    name caseflow knows into the verslag, past every check, as if it were a label."""
    from tests.retro_helpers import PSEUDONYM, REGISSEUR

    owner = auth.login(Role.FACILITATOR)
    retro = prepared(owner=owner)
    url = f"/retrospectives/{retro.id}/namen"
    for label in (REGISSEUR, f"[moeder van {PSEUDONYM}]", "mevr. VERBEEK"):
        response = client.post(url, data={"csrf_token": csrf_token(client, url), "word": UNKNOWN,
                                          "replacement": label, "replace": "1"})
        assert response.status_code == 400, label
        assert "bevat zelf een naam die caseflow kent" in response.get_data(as_text=True)
    assert UNKNOWN in _open_words(retro)
    resolve_all(retro)
    db.session.commit()
    add = f"/retrospectives/{retro.id}/namen/toevoegen"
    response = client.post(add, data={"csrf_token": csrf_token(client, url), "word": "Schorsing",
                                      "label": PSEUDONYM})
    assert response.status_code == 400
    assert "bevat zelf een naam die caseflow kent" in response.get_data(as_text=True)
    assert "Schorsing" in _descriptions(retro) and PSEUDONYM not in _descriptions(retro)


def test_a_theme_with_a_name_is_refused_next_to_the_field(app, client, auth):
    """Attack: a theme is shared by every retrospective and printed in each verslag and session
    report as typed — "Samenwerking met Sanne Verbeek" went out in the PDF."""
    from tests.retro_helpers import ORGANISATION, REGISSEUR

    owner = auth.login(Role.FACILITATOR)
    retro = prepared(owner=owner)
    db.session.commit()
    url = f"/retrospectives/{retro.id}/thema"
    token = csrf_token(client, f"/retrospectives/{retro.id}/tijdlijn")
    for label, word in ((f"Samenwerking met {REGISSEUR}", REGISSEUR),
                        ("Overdracht naar HORIZONWATER", "HORIZONWATER"),
                        ("Telefoon 06-12345678 kwijt", "06-12345678")):
        response = client.post(url, data={"csrf_token": token, "label": label})
        assert response.status_code == 400, label
        html = response.get_data(as_text=True)
        assert "mag geen naam of ander herkenbaar gegeven bevatten" in html and word in html
    assert ORGANISATION.split()[-1] not in {t.label for t in db.session.scalars(select(Theme))}
    assert not db.session.scalar(select(Theme).where(Theme.label.like("%Verbeek%")))
    response = client.post(url, data={"csrf_token": token, "label": "Te laat opgeschaald"})
    assert response.status_code == 302


def test_a_participants_name_is_replaced_in_any_case_before_and_after_they_are_added(app):
    """Attack: a participant's name is typed for the SKJ attendance list, so caseflow knows it;
    written in lower case or ALL CAPS in a note it went into the verslag untouched."""
    retro = prepared()
    event = freeze.frozen_events(retro)[0]

    def note(text):
        return learning.add_annotation(retro, learning.AnnotationInput("patroon", text, event),
                                       retro.facilitator)

    before = note("gerdientje zei het al.")
    replaced = spans.summary(spans.Owner(retro=retro)).replaced_names
    services.add_participant(retro, "Gerdientje Holtkamp", "gemeente", "consulent", "")
    assert before.text == "[deelnemer] zei het al."
    assert spans.summary(spans.Owner(retro=retro)).replaced_names == replaced + 1
    for text in ("GERDIENTJE HOLTKAMP belde.", "volgens holtkamp niet."):
        stored = note(text).text
        assert "[deelnemer]" in stored and "oltkamp" not in stored.lower(), stored
