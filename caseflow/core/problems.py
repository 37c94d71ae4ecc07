"""The one shape of a service's refusal that a form can show field by field."""

from __future__ import annotations


class FieldProblems(ValueError):
    """Input that cannot be stored; ``problems`` maps a form field's name to a Dutch message
    (shown next to that field)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(str(p) for p in problems.values()))
        self.problems = problems
