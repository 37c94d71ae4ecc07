"""Whether the page being rendered shows a refused form: base.html then starts the <title> with
"Fout: " (WCAG 3.3.1: a screen reader announces the title first) and the error summary gets the
focus. Found from the template's context, so no view has to pass a flag; a template whose errors
are not in a WTForms form sets ``{% set form_failed = true %}`` at its top level."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import get_flashed_messages, has_request_context
from jinja2 import pass_context
from jinja2.runtime import Context
from wtforms import Form


def _failed(value: Any, depth: int = 0) -> bool:
    if isinstance(value, Form):
        return bool(value.errors)
    if depth >= 2 or isinstance(value, (str, bytes)):
        return False
    # A form inside a list or a small holder (risk: one acknowledgement form per flag).
    if isinstance(value, Mapping):
        return any(_failed(item, depth + 1) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_failed(item, depth + 1) for item in value)
    form = getattr(value, "form", None) if not isinstance(value, Iterable) else None
    return isinstance(form, Form) and bool(form.errors)


@pass_context
def page_has_errors(context: Context, forms_only: bool = False) -> bool:
    """True when a form in the page's context was submitted and refused, or (unless
    ``forms_only``) a refusal was flashed before a redirect back to this page."""
    if context.get("form_failed"):
        return True
    if any(_failed(value) for name, value in context.get_all().items()
           if not name.startswith("_") and name not in ("logout_form", "request", "config")):
        return True
    if forms_only or not has_request_context():
        return False
    return any(category in ("danger", "error")
               for category, _message in get_flashed_messages(with_categories=True))
