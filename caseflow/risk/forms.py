"""Forms of the risk screens: acknowledging a flag, the overview's filters, the backtest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class AcknowledgeForm(FlaskForm):
    note = TextAreaField(
        _l("Notitie"),
        validators=[
            DataRequired(_l("Schrijf kort op wat er met dit signaal gebeurt.")),
            Length(max=2000, message=_l("De notitie is te lang (hooguit 2000 tekens).")),
        ],
        render_kw={"rows": 2},
    )
    submit = SubmitField(_l("Gezien"))


class OverviewFilterForm(FlaskForm):
    class Meta:
        csrf = False

    code = SelectField(_l("Signaal"), validators=[Optional()])
    gemeente = SelectField(_l("Gemeente"), validators=[Optional()])
    phase = SelectField(_l("Fase"), validators=[Optional()])


class BacktestForm(FlaskForm):
    class Meta:
        csrf = False

    horizon_days = IntegerField(
        _l("Horizon (dagen)"),
        default=90,
        validators=[
            Optional(),
            NumberRange(min=1, max=3650, message=_l("Kies een horizon van 1 tot 3650 dagen.")),
        ],
    )
