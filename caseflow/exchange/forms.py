"""Forms of the exchange screens; messages are Dutch and shown next to the field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SubmitField
from wtforms.validators import DataRequired

from caseflow.exchange import FORMAT


class ImportForm(FlaskForm):
    file = FileField(
        _l("Bestand"),
        validators=[FileRequired(_l("Kies een bestand om te importeren."))],
        description=_l(
            "JSON in het formaat %(format)s (of een oudere versie), of het CSV-sjabloon als zip "
            "(cases.csv, placements.csv, events.csv). Hooguit 50 MB.",
            format=FORMAT,
        ),
    )
    dry_run = BooleanField(_l("Alleen controleren (proefimport, er wordt niets opgeslagen)"))
    update = BooleanField(_l("Bestaande casussen aanvullen met wat nieuw is"))
    submit = SubmitField(_l("Importeren"))


class CaseExportForm(FlaskForm):
    reference = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Exporteren"))
