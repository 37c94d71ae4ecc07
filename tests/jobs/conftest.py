from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def outbox(app, tmp_path, monkeypatch) -> Path:
    """Mails of these tests go to a tmp folder as .eml files, never to instance/mail."""
    monkeypatch.setitem(app.config, "MAIL_BACKEND", None)
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_FILE_PATH", str(tmp_path / "mail"))
    return tmp_path / "mail"
