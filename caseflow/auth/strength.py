"""How hard a password is to guess, by zxcvbn (a kept library: Dropbox's estimator, ported to
Python), with our own Dutch explanation.

zxcvbn's score runs from 0 (guessed at once) to 4; we ask for at least 3 ("safely unguessable:
moderate protection from an offline attack"). Its feedback is English prose that changes between
versions, so it is mapped onto a few messages of our own instead of being shown as it is.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_SCORE = 3
# zxcvbn refuses longer input; what it judges of the first 72 characters is a lower bound.
MAX_ESTIMATED_LENGTH = 72


def _personal_words(email: str, name: str) -> list[str]:
    """The user's name and e-mail address, whole and in parts, as zxcvbn's ``user_inputs``."""
    words = {email.strip().lower(), name.strip().lower()}
    words.update(part for part in re.split(r"[\s@._+\-0-9]+", f"{email} {name}".lower()) if part)
    return sorted(word for word in words if len(word) >= 3)


def _reason(result: dict) -> str | None:
    """Our Dutch sentence for zxcvbn's warning (None when it gave none we recognise)."""
    if any(m.get("dictionary_name") == "user_inputs" for m in result.get("sequence", [])):
        return _("Het wachtwoord mag uw naam of e-mailadres niet bevatten.")
    warning = (result.get("feedback", {}).get("warning") or "").lower()
    reasons = (
        (("keys", "keyboard"), _("Een rij toetsen op het toetsenbord (zoals qwerty of qazwsx) is "
                                 "makkelijk te raden.")),
        (("repeats",), _("Herhalingen (zoals aaa of abcabc) zijn makkelijk te raden.")),
        (("sequences",), _("Reeksen (zoals abc of 6543) zijn makkelijk te raden.")),
        (("years", "dates"), _("Jaartallen en datums zijn makkelijk te raden.")),
        (("common",), _("Dit wachtwoord lijkt op een veelgebruikt wachtwoord.")),
        (("word", "names"), _("Een los woord of een naam is makkelijk te raden.")),
    )
    for keys, message in reasons:
        if any(key in warning for key in keys):
            return message
    return None


def strength_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Why the password is too easy to guess, in Dutch; empty when zxcvbn scores it 3 or more."""
    result = zxcvbn(password[:MAX_ESTIMATED_LENGTH], user_inputs=_personal_words(email, name))
    if result["score"] >= MIN_SCORE:
        return []
    problems = [_("Dit wachtwoord is te makkelijk te raden.")]
    reason = _reason(result)
    if reason:
        problems.append(reason)
    problems.append(
        _("Kies bijvoorbeeld drie of vier ongewone woorden achter elkaar, met streepjes of "
          "cijfers ertussen.")
    )
    return problems
