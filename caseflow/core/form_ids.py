"""Unique ``id``s on pages with several forms (valid HTML, issue 23).

WTForms gives every field the id of its name, so two forms on one page both render
``id="csrf_token"`` and often ``id="submit"``: invalid HTML, and a ``label for`` or an error
link could point at the wrong field. Two rules, for every FlaskForm of the app at once:

- hidden fields (the CSRF token, versions) and submit buttons render **without** an id: no
  label and no error link points at them, and a name is all a POST needs;
- a form that shares a page with another form with the same visible field names declares
  ``class Meta: id_prefix = "deelnemer"``: its fields' ids (and their labels' ``for``) become
  ``deelnemer-naam``. Only the id changes, never the posted name, so views and clients are
  untouched.

An id given explicitly when rendering (``field(id="x")``) is kept.

And one rule for required selects, which HTML wants to start with an empty placeholder
option: a required integer select whose first choice is ``0`` ("Kies een organisatie", the
app's way of saying "nothing chosen yet") renders that option as ``value=""``, and an empty
posted value reads as 0 again, so every view and validator sees exactly what it saw before.
Selects with text values get an explicit ``("", "— kies —")`` choice in their form instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.widgets import HiddenInput

_installed: dict[str, Any] = {}


def _needs_no_id(field: Any) -> bool:
    return isinstance(field, SubmitField) or isinstance(field.widget, HiddenInput)


def _render_field(self: Any, field: Any, render_kw: dict[str, Any]) -> Any:
    if _needs_no_id(field) and "id" not in render_kw and "id" not in (field.render_kw or {}):
        render_kw = {**render_kw, "id": False}  # html_params leaves out attributes set to False
    return _installed["render_field"](self, field, render_kw)


def _int_or_zero(value: Any) -> int:
    """``int`` for a select, with the empty placeholder read as 0 ("nothing chosen")."""
    return 0 if value == "" else int(value)


def _empty_placeholder(field: Any) -> None:
    """The first choice ``0`` of a required integer select renders as ``value=""``."""
    choices_of = field.iter_choices

    def iter_choices() -> Iterator[tuple]:
        for number, (value, *rest) in enumerate(choices_of()):
            if number == 0 and value == 0 and field.flags.required:
                value = ""
            yield (value, *rest)

    field.iter_choices = iter_choices
    field.coerce = _int_or_zero


def _bind_field(self: Any, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
    prefix = getattr(self, "id_prefix", None)
    if prefix and "id" not in unbound_field.kwargs:
        options = {**options, "id": f"{prefix}-{options.get('prefix', '')}{options['name']}"}
    field = _installed["bind_field"](self, form, unbound_field, options)
    if isinstance(field, SelectField) and field.coerce is int:
        _empty_placeholder(field)
    return field


def install_form_ids() -> None:
    """Wrap FlaskForm's Meta methods (called by create_app after the text guard, which sets
    ``bind_field`` again on every app: so wrap whatever is there unless it is already ours)."""
    for name, ours in (("render_field", _render_field), ("bind_field", _bind_field)):
        current = getattr(FlaskForm.Meta, name)
        if current is not ours:
            _installed[name] = current
            setattr(FlaskForm.Meta, name, ours)
