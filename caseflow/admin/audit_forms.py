import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp

from caseflow.audit.models import AuditEvent

CASE_MESSAGE = _l("Vul een kenmerk (bijv. GV-2024-0012) of een positief getal in.")
CASE_PATTERN = re.compile(r"^(?:[1-9][0-9]{0,9}|[A-Za-z]{1,6}-[0-9A-Za-z-]{1,13})$")


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
    # A case reference ("GV-2024-0012") or the log's internal case number (a destroyed case
    # keeps only that number in the log).
    case = StringField(
        _l("Casus (kenmerk of intern nummer)"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            Optional(),
            Length(max=20, message=CASE_MESSAGE),
            Regexp(CASE_PATTERN, message=CASE_MESSAGE),
        ],
    )
    event_type = SelectField(
        _l("Soort gebeurtenis"), choices=event_choices, validate_choice=True, default=""
    )

    def validate_case(self, field) -> None:
        if field.data and field.data.isdigit() and int(field.data) > 2**31 - 1:
            from wtforms.validators import ValidationError

            raise ValidationError(CASE_MESSAGE)

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            from wtforms.validators import ValidationError

            raise ValidationError(_l("De einddatum ligt voor de begindatum."))
