from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

FREQUENCIES = [
    ("daily", _l("Elke dag (alleen als er iets is)")),
    ("weekly", _l("Eens per week")),
    ("off", _l("Nooit")),
]


class ReminderForm(FlaskForm):
    frequency = RadioField(_l("Herinneringen per e-mail"), choices=FREQUENCIES,
                           validators=[InputRequired(message=_l("Kies hoe vaak."))])
    submit = SubmitField(_l("Opslaan"))


class FeedForm(FlaskForm):
    """A new secret feed link (the old one stops working), or none at all."""

    new = SubmitField(_l("Nieuwe agendalink maken"))
    revoke = SubmitField(_l("Agendalink intrekken"))
