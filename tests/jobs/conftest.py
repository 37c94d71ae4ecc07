from __future__ import annotations

import socket
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def outbox(app, tmp_path, monkeypatch) -> Path:
    """Mails of these tests go to a tmp folder as .eml files, never to instance/mail."""
    monkeypatch.setitem(app.config, "MAIL_BACKEND", None)
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_FILE_PATH", str(tmp_path / "mail"))
    return tmp_path / "mail"


class _Inbox:
    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refuse:
            return "451 try again later"
        self.received.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; ``refuse`` makes it answer 451."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port (aiosmtpd checks its own start on the port)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    yield inbox
    controller.stop()
