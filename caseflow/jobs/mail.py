"""Sending mail through Flask-Mailman, configured by ``CASEFLOW_MAIL_*`` (MAIL_SERVER, MAIL_PORT,
MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS, MAIL_USE_SSL, MAIL_DEFAULT_SENDER, MAIL_BACKEND).
Outside production, without a MAIL_SERVER, mails become .eml files in instance/mail/ (or
MAIL_FILE_PATH) so a developer can open them; nothing leaves the machine."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import current_app
from flask_mailman.backends.base import BaseEmailBackend

from caseflow.extensions import mail

EML = "eml"


class EmlBackend(BaseEmailBackend):
    """One .eml file per message (the file backend of Flask-Mailman appends to .log files)."""

    def __init__(self, file_path: str | Path, **kwargs) -> None:
        super().__init__(**kwargs)
        self.folder = Path(file_path)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            target = self.folder / f"{uuid.uuid4().hex}.eml"
            target.write_bytes(message.message().as_bytes())
        return len(email_messages)


def backend_name() -> str:
    config = current_app.config
    chosen = config.get("MAIL_BACKEND")
    if chosen:
        return str(chosen)
    if config.get("ENV") == "production" or config.get("MAIL_SERVER"):
        return "smtp"
    return EML


def mail_configured() -> bool:
    """False in production without a CASEFLOW_MAIL_SERVER: the reminders then wait for one (the
    other daily jobs still run) rather than fail on a local port 25 nobody set up."""
    return backend_name() != "smtp" or bool(current_app.config.get("MAIL_SERVER"))


def connection() -> BaseEmailBackend:
    """A connection made from the configuration as it is now (tests change it per test)."""
    config = current_app.config
    name = backend_name()
    if name == EML:
        folder = config.get("MAIL_FILE_PATH") or Path(current_app.instance_path) / "mail"
        return EmlBackend(folder)
    if name == "smtp":
        return mail.get_connection(
            "smtp", host=config.get("MAIL_SERVER") or "localhost",
            port=int(config.get("MAIL_PORT") or 25), username=config.get("MAIL_USERNAME"),
            password=config.get("MAIL_PASSWORD"), use_tls=bool(config.get("MAIL_USE_TLS")),
            use_ssl=bool(config.get("MAIL_USE_SSL")), timeout=config.get("MAIL_TIMEOUT") or 30)
    return mail.get_connection(name)


def sender() -> str:
    return current_app.config.get("MAIL_DEFAULT_SENDER") or "caseflow@localhost"
