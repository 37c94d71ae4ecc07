"""The one shape of a service's refusal that a form can show field by field."""

from __future__ import annotations

from typing import Any


class FieldProblems(ValueError):
    """Input that cannot be stored; ``problems`` maps a form field's name to its message (Dutch
    msgid; a lazy string is translated when the view shows it). Every service error that speaks
    per field is one of these (``CorrectionError``, ``TimelineError``, ``RiskError``…)."""

    def __init__(self, problems: dict[str, Any]) -> None:
        super().__init__("; ".join(str(p) for p in problems.values()))
        self.problems = problems

    def show_on(self, form: Any, fallback: Any = None) -> None:
        """Put each message next to its field, translated for this request; one without a field
        of that name goes to ``fallback`` (a field) or above the form."""
        for name, message in self.problems.items():
            field = getattr(form, name, None) if name in getattr(form, "_fields", {}) else None
            field = field if field is not None else fallback
            target = field.errors if field is not None else form.form_errors
            if isinstance(target, tuple):  # WTForms starts unvalidated fields with ()
                field.errors = target = list(target)
            target.append(str(message))
