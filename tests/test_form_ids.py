"""caseflow/core/form_ids.py: several forms on one page without duplicate ids, and required
integer selects that start with an empty placeholder while views still read 0."""

from __future__ import annotations

import re

from flask import Flask
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, NumberRange


class NoteForm(FlaskForm):
    note = StringField("Notitie")
    version = HiddenField()
    submit = SubmitField("Opslaan")


class OtherNoteForm(FlaskForm):
    class Meta:
        id_prefix = "ander"

    note = StringField("Notitie")
    submit = SubmitField("Opslaan")


class ChoiceForm(FlaskForm):
    class Meta:
        csrf = False

    organisation = SelectField(
        "Organisatie", coerce=int, choices=[(0, "Kies een organisatie"), (7, "Zevenhuis")],
        validators=[InputRequired("Kies een organisatie."),
                    NumberRange(min=1, message="Kies een organisatie.")],
    )
    optional = SelectField("Plaatsing", coerce=int, choices=[(0, "(geen)"), (3, "Drie")])


def test_two_forms_on_one_page_share_no_id(app: Flask):
    with app.test_request_context():
        first, second = NoteForm(), OtherNoteForm()
        page = "".join([first.hidden_tag(), first.note.label(), first.note(), first.submit(),
                        second.hidden_tag(), second.note.label(), second.note(),
                        second.submit()])
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert sorted(ids) == ["ander-note", "note"], page
    assert 'for="ander-note"' in page and 'for="note"' in page
    assert page.count('name="csrf_token"') == 2 and page.count('name="note"') == 2
    assert 'name="version"' in page


def test_an_explicit_id_is_kept(app: Flask):
    with app.test_request_context():
        assert 'id="bewaar"' in NoteForm().submit(id="bewaar")


def test_required_integer_select_starts_with_an_empty_option_and_reads_zero(app: Flask):
    with app.test_request_context(method="POST"):
        html = ChoiceForm(formdata=None).organisation()
        assert html.startswith('<select id="organisation" name="organisation" required>'
                               '<option value="">Kies een organisatie</option>'), html
        assert '<option value="0">(geen)</option>' in ChoiceForm(formdata=None).optional()
        form = ChoiceForm(formdata=MultiDict({"organisation": "", "optional": "0"}))
        assert not form.validate()
        assert form.organisation.data == 0
        assert form.errors == {"organisation": ["Kies een organisatie."]}
        chosen = ChoiceForm(formdata=MultiDict({"organisation": "7", "optional": "3"}))
        assert chosen.validate(), chosen.errors
        assert (chosen.organisation.data, chosen.optional.data) == (7, 3)
        assert '<option selected value="7">' in chosen.organisation()
