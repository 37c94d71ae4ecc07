"""Password hashing (Argon2id) and the password policy."""

from __future__ import annotations

from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

from caseflow.auth.strength import strength_problems


def _hasher() -> PasswordHasher:
    config = current_app.config
    # argon2-cffi's PasswordHasher uses Argon2id by default.
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return PasswordHasher(time_cost, memory_cost, parallelism=parallelism).hash("caseflow-dummy")


def burn_verification_time(password: str) -> None:
    """Spend as long as a real check, so that response time does not reveal unknown accounts."""
    config = current_app.config
    verify_password(
        _dummy_hash(
            config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"]
        ),
        password,
    )


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("caseflow.auth").joinpath("common_passwords.txt").read_text("utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Every reason the password is too weak, in Dutch; an empty list means it is acceptable.

    Our own rules first (length, the blocklist, name and e-mail address, variety); a password that
    passes them must also be hard to guess by zxcvbn's estimate (caseflow.auth.strength)."""
    problems = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(_("Het wachtwoord moet minstens %(n)d tekens lang zijn.", n=minimum))
    lowered = password.lower()
    if lowered in common_passwords() or lowered.rstrip("0123456789!") in common_passwords():
        problems.append(_("Dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden."))
    # Parts of the name or e-mail address (of four letters or more) make a password guessable.
    personal = [email.split("@")[0], *name.replace(".", " ").split()]
    if any(len(part) >= 4 and part.lower() in lowered for part in personal):
        problems.append(_("Het wachtwoord mag uw naam of e-mailadres niet bevatten."))
    if len(set(password)) < 5:
        problems.append(_("Het wachtwoord bevat te weinig verschillende tekens."))
    if not problems:  # one clear set of reasons, not our rules and zxcvbn's saying the same
        problems.extend(strength_problems(password, email=email, name=name))
    return problems
