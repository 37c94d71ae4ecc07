"""The verslag van inzichten as PDF (WeasyPrint) and DOCX (python-docx), for one retrospective
and for a learning session. Everything comes from the de-identified frozen copy, and the views
refuse both while a span is open; every text still passes ``spans.plain`` so a placeholder could
only ever print as its kind. WeasyPrint may fetch nothing. Both show the frozen timeline as a table
(Word cannot hold the SVG) with retracted events marked as retracted, as on the screen."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import render_template
from flask_babel import gettext as _

from caseflow.auth.models import ORGANISATION_KIND_LABELS
from caseflow.core.formatting import day
from caseflow.retrospectives import family_text
from caseflow.retrospectives.queries import RetroPage, SessionPage
from caseflow.retrospectives.spans import plain, summary_text
from caseflow.retrospectives.vocab import ACTION_STATUS_LABELS, ANNOTATION_LABELS
from caseflow.timeline.vocab import EVENT_KIND_LABELS

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSS = """
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; } }
body { font-family: sans-serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 14pt; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #bbb; padding: 3pt;
  vertical-align: top; text-align: left; }
svg { width: 100%; height: auto; } .muted { color: #555; } .retro { page-break-before: always; }
"""


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"retrospective PDF: refusing to fetch {url!r}")


def _pdf(html: str) -> bytes:
    from weasyprint import CSS as WeasyCSS  # loads pango: only when printing
    from weasyprint import HTML

    stylesheet = WeasyCSS(string=CSS, url_fetcher=_no_fetching)
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(stylesheets=[stylesheet])


def retro_pdf(page: RetroPage) -> bytes:
    return _pdf(render_template("retrospectives/report_pdf.html", pages=[page], session=None))


def session_pdf(page: SessionPage) -> bytes:
    return _pdf(
        render_template("retrospectives/report_pdf.html", pages=page.pages, session=page)
    )


def _docx_retro(document, page: RetroPage, level: int = 1) -> None:
    retro = page.retro
    document.add_heading(_("Verslag van inzichten — %(name)s", name=retro.session_pseudonym), level)
    document.add_paragraph(
        _("Retrospectief van %(date)s; tijdlijn zoals bekend op %(as_of)s.",
          date=day(retro.held_on), as_of=day(retro.as_of)) + " " + summary_text(page.summary)
    )
    document.add_heading(_("Hoofdvraag"), level + 1)
    document.add_paragraph(plain(retro.main_question))
    if retro.sub_questions:
        document.add_heading(_("Subvragen"), level + 1)
        for question in retro.sub_questions:
            document.add_paragraph(plain(question.text), style="List Number")
    present = [p for p in page.participants if p.attended]
    if present:
        document.add_heading(_("Deelnemers"), level + 1)
        for participant in present:  # role and kind only: names stay on the attendance list
            kind = ORGANISATION_KIND_LABELS.get(participant.organisation_kind,
                                                participant.organisation_kind)
            document.add_paragraph(f"{plain(participant.role)} ({kind})", style="List Bullet")
    if not page.visible:
        document.add_paragraph(_("De tijdlijn is niet meer beschikbaar: het gezin heeft de "
                                 "toestemming ingetrokken."))
        return
    if retro.family_reflection or retro.learning_question:
        document.add_heading(_("Reflectie en leervraag van het gezin"), level + 1)
        for text in (retro.family_reflection, retro.learning_question):
            if text:
                document.add_paragraph(plain(text))
    family_text.docx_own_words(document, page, level + 1)  # issue 18: the family's own words
    document.add_heading(_("Tijdlijn"), level + 1)
    _timeline_table(document, page)
    document.add_heading(_("Inzichten per subvraag"), level + 1)
    for question, notes in page.by_sub_question():
        document.add_paragraph(plain(question.text) if question else _("Overige inzichten"),
                               style=f"Heading {min(level + 2, 9)}")
        for annotation in notes:
            document.add_paragraph(
                f"{ANNOTATION_LABELS.get(annotation.type, annotation.type)}: "
                f"{plain(annotation.text)}",
                style="List Bullet",
            )
    document.add_heading(_("Inzichten per thema"), level + 1)
    for theme, notes in page.by_theme():
        document.add_paragraph(f"{theme.label} ({len(notes)})", style="List Bullet")
    _docx_actions(document, page.actions, level + 1)


def _timeline_table(document, page: RetroPage) -> None:
    """A retracted event is not a fact: its row says so and its text is struck through."""
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    _header(table, (_("Datum"), _("Soort"), _("Gebeurtenis")))
    for event in page.events:
        cells = table.add_row().cells
        cells[0].text = day(event.occurred_on)
        cells[1].text = str(EVENT_KIND_LABELS.get(event.kind, event.kind))
        text = plain(event.title) + (f"\n{plain(event.description)}" if event.description else "")
        paragraph = cells[2].paragraphs[0]
        if event.retracted:
            paragraph.add_run(_("Ingetrokken") + ": ").bold = True
            paragraph.add_run(text).font.strike = True
        else:
            paragraph.add_run(text)


def _header(table, labels: tuple[str, ...]) -> None:
    for cell, text in zip(table.rows[0].cells, labels, strict=True):
        cell.text = text


def _docx_actions(document, actions, level: int) -> None:
    document.add_heading(_("Afgesproken verbeteracties"), level)
    if not actions:
        document.add_paragraph(_("Geen verbeteracties."))
    for action in actions:
        due = " — " + _("uiterlijk %(day)s", day=day(action.due_on)) if action.due_on else ""
        owner = f" ({plain(action.owner)})" if action.owner else ""
        status = ACTION_STATUS_LABELS.get(action.status, action.status)  # a word, not the code
        document.add_paragraph(f"{plain(action.text)}{owner}{due} [{status}]",
                               style="List Bullet")


def _save(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def retro_docx(page: RetroPage) -> bytes:
    from docx import Document

    document = Document()
    _docx_retro(document, page)
    return _save(document)


def session_docx(page: SessionPage) -> bytes:
    from docx import Document

    from caseflow.retrospectives.labels import retro_phase_label

    document = Document()
    session = page.session
    document.add_heading(_("Leerbijeenkomst: %(title)s", title=plain(session.title)), 0)
    document.add_paragraph(day(session.held_on))
    document.add_paragraph(summary_text(page.summary))
    document.add_heading(_("Thema's over de retrospectieven heen"), 1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    _header(table, (_("Thema"), _("Aantal"), _("In casussen"), _("In fasen")))
    for count in page.theme_counts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = count.theme.label, str(count.count)
        cells[2].text = ", ".join(count.retros)
        cells[3].text = ", ".join(
            f"{retro_phase_label(phase)} ({n})" for phase, n in count.phases.most_common()
        )
    _docx_actions(document, page.actions, 1)
    for retro_page in page.pages:
        document.add_page_break()
        _docx_retro(document, retro_page, 1)
    return _save(document)
