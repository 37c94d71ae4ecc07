"""Error pages in the same style as the rest of the app."""

from __future__ import annotations

from flask import Flask, g, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from caseflow.extensions import db

HANDLED = (400, 403, 404, 405, 429, 500)


def register_error_handlers(app: Flask) -> None:
    def render_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        g.http_error = error  # the request's log line says why (caseflow/observability.py)
        if code >= 500:
            db.session.rollback()  # the page must render even after a failed transaction
        template = f"errors/{code}.html" if code in (403, 404, 500) else "errors/generic.html"
        return render_template(template, error=error, code=code), code

    for code in HANDLED:
        app.register_error_handler(code, render_error)

