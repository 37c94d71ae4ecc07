"""Template labels by name: each domain registers its label dicts from its own ``hooks.py``
(``phase_label`` → the case phases' labels, ``kind_label`` → the event kinds', …), and every
template gets one helper per name that turns a stored code into its label (an unknown code shows
as itself). So core needs to know no domain's words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LabelSet:
    name: str
    labels: Mapping[Any, Any]
    blank_when_empty: bool = False  # "" for None or "" (an optional field), else the code itself

    def __call__(self, code: Any) -> Any:
        if self.blank_when_empty and not code:
            return ""
        return self.labels.get(code, code)


LABEL_SETS: dict[str, LabelSet] = {}
TEMPLATE_VALUES: dict[str, Any] = {}


def register_labels(
    name: str, labels: Mapping[Any, Any], *, blank_when_empty: bool = False
) -> None:
    """Make ``{{ name(code) }}`` available in every template. A name belongs to one domain:
    registering it again from another dict is a programming error (create_app may run twice)."""
    known = LABEL_SETS.get(name)
    if known is not None and known.labels is not labels:
        raise ValueError(f"template label {name!r} is already registered with other labels")
    LABEL_SETS[name] = LabelSet(name, labels, blank_when_empty)


def register_template_value(name: str, value: Any) -> None:
    """A value every template may read (e.g. ``main_phases``, the phase bar's phases, or a
    function such as ``region_needs_setup``)."""
    TEMPLATE_VALUES[name] = value


def label(name: str, code: Any) -> Any:
    """The label of ``code`` in the set registered as ``name``; the code itself when unknown."""
    return LABEL_SETS[name](code)


def template_labels() -> dict[str, Callable[[Any], Any] | Any]:
    return {**LABEL_SETS, **TEMPLATE_VALUES}
