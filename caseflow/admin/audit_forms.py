from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from caseflow.audit.models import AuditEvent


def event_choices() -> list[tuple[str, str]]:
    return [("", _l("Alle soorten"))] + [(e.value, e.label) for e in AuditEvent]


class LogFilterForm(FlaskForm):
    """Filters for the access log; a GET form (nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    start = DateField(
        _l("Van (datum)"), validators=[Optional()], format="%Y-%m-%d",
    )
    end = DateField(
        _l("Tot en met (datum)"), validators=[Optional()], format="%Y-%m-%d",
    )
    user = SelectField(_l("Gebruiker"), coerce=str, validate_choice=True, default="")
    case = IntegerField(
        _l("Casus (intern nummer)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=2**31 - 1, message=_l("Vul een positief getal in.")),
        ],
    )
    event_type = SelectField(
        _l("Soort gebeurtenis"), choices=event_choices, validate_choice=True, default=""
    )

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            from wtforms.validators import ValidationError

            raise ValidationError(_l("De einddatum ligt voor de begindatum."))
