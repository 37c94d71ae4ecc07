"""The form for correcting a case's intake data: the intake's fields and a required reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from caseflow.cases.forms import TEXT_MAX, IntakeForm


class CaseCorrectionForm(IntakeForm):
    # Not corrected here: the registration date numbers the case; the situation and the
    # casusregisseur have their own screens.
    registered_on = None
    current_situation = None
    casusregisseur = None
    identifier_fields = ("question",)
    version = HiddenField()
    reason = TextAreaField(
        _l("Reden van de correctie"),
        validators=[
            DataRequired(message=_l("Geef een reden voor de correctie.")),
            Length(max=TEXT_MAX),
        ],
        description=_l("Bijvoorbeeld: geboortejaar verkeerd overgenomen uit de aanmelding."),
    )
    submit = SubmitField(_l("Correctie opslaan"))
