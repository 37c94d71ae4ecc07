"""Secrets at rest: values that must not be readable from a database dump (the TOTP secrets) are
sealed with a key that is never in the database (``CASEFLOW_DATA_KEY``).

The key is one or more Fernet keys (AES-128-CBC with HMAC-SHA256, from `cryptography`), separated
by commas. The first seals; every one of them opens. Rotation: put a new key first, keep the old
one behind it, run ``flask --app caseflow users rotate-data-key`` (every value sealed anew with the
new key), then remove the old key. Outside production a key is generated into
``instance/data_key`` on first use, as for the secret and audit keys.

A value written before sealing existed (a plain base32 TOTP secret) is read as it is and sealed by
the migration or the next rotation: a Fernet token always starts with ``gAAAAA`` (version byte
0x80), which base32 never contains.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

from caseflow.config import DATA_KEY_FILE, instance_key

# The start of every Fernet token (its version byte), not a secret:
TOKEN_PREFIX = "gAAAAA"  # nosec B105


class DataKeyError(RuntimeError):
    """The data key is missing, malformed, or does not open a stored value."""


def data_keys(config_value: str | None) -> list[bytes]:
    """The keys of a ``CASEFLOW_DATA_KEY`` value, first the one that seals; refuses a bad key."""
    parts = [part.strip() for part in (config_value or "").split(",")]
    keys = [part.encode("ascii") for part in parts if part]
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError) as error:
            raise DataKeyError(
                "CASEFLOW_DATA_KEY is geen geldige sleutel (maak er een met: python3 -c "
                "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
            ) from error
    return keys


def _cipher() -> MultiFernet:
    configured = current_app.config.get("DATA_KEY")
    if not configured:
        configured = instance_key(current_app.instance_path, DATA_KEY_FILE, make=_new_key)
    return MultiFernet([Fernet(key) for key in data_keys(configured)])


def _new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def seal(value: str | None) -> str | None:
    if value is None:
        return None
    return _cipher().encrypt(value.encode("utf-8")).decode("ascii")


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(TOKEN_PREFIX)


def unseal(stored: str | None) -> str | None:
    if not stored:
        return None
    if not is_sealed(stored):
        return stored  # written before sealing; sealed by the migration or the next rotation
    try:
        return _cipher().decrypt(stored.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise DataKeyError(
            "een versleutelde waarde opent met geen van de sleutels in CASEFLOW_DATA_KEY "
            "(is een oude sleutel te vroeg verwijderd?)"
        ) from error


def reseal(stored: str | None) -> str | None:
    """The stored value sealed with the first key (a plain legacy value is sealed too)."""
    if not stored:
        return stored
    if not is_sealed(stored):
        return seal(stored)
    return _cipher().rotate(stored.encode("ascii")).decode("ascii")
