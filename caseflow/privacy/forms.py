"""Free-text fields that warn about identifying data: the form is valid only once the user has
confirmed the warning (a checkbox shown with it, then a second submit). The warning sits next to
the field it is about; the detector is ``caseflow.privacy.checks``."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from caseflow.privacy.checks import text_warnings

CONFIRM_LABEL = _l(
    "Toch opslaan: ik heb het gecontroleerd, dit zijn geen gegevens waarmee iemand te "
    "herkennen is (zoals een BSN, telefoonnummer of adres)."
)


class IdentifierWarningsMixin:
    """Put before ``FlaskForm`` in the bases and name the free-text fields to check."""

    identifier_fields: tuple[str, ...] = ()
    # Filled by ``validate``: field name -> the warnings shown next to it (read by the template).
    identifier_warnings: dict[str, list[str]] = {}  # noqa: RUF012 - replaced, never mutated
    confirm_identifiers = BooleanField(CONFIRM_LABEL)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)  # type: ignore[misc]
        warnings: dict[str, list[str]] = {}
        for name in self.identifier_fields:
            data = self[name].data  # type: ignore[index]
            found = text_warnings(data) if isinstance(data, str) else []
            if found:
                warnings[name] = found
        self.identifier_warnings = warnings
        if warnings and not self.confirm_identifiers.data:
            for name, messages in warnings.items():
                field = self[name]  # type: ignore[index]
                field.errors = [*field.errors, *messages]
            return False
        return valid
