"""Entry point for gunicorn: ``gunicorn --workers 2 --threads 4 wsgi:app``."""

from caseflow import create_app

app = create_app()
