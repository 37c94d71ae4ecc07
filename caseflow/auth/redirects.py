"""The one check for a ``next`` target (login, second factor, language choice, action forms).

Only a relative path on this site is followed. Browsers are lenient in ways that turn an
innocent-looking path into another host: they drop tabs and newlines anywhere, treat ``\\`` as
``/``, and read ``//host`` (or ``/\\host``) as a host. Some proxies and frameworks decode
``%2F``/``%5C`` once more. So the target is refused when it, or any percent-decoding of it,
is not a plain ``/path`` without control characters or backslashes.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import url_for

MAX_LENGTH = 2000
_DECODE_ROUNDS = 3  # %252F%252F → %2F%2F → //: decode until nothing changes (a few rounds)


def _plain_local_path(candidate: str) -> bool:
    if not candidate.startswith("/") or candidate.startswith("//"):
        return False
    if "\\" in candidate:
        return False
    # Control, format (zero-width, bidi) and separator characters: browsers strip some of them,
    # which can make "/<tab>/evil" into "//evil"; a path of ours never contains them.
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in candidate):
        return False
    parts = urlsplit(candidate)
    return not parts.scheme and not parts.netloc


def is_safe_next(target: object) -> bool:
    """True when ``target`` is a relative path on this site that no browser reads as a host."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return False
    candidate = target
    for _round in range(_DECODE_ROUNDS + 1):
        if not _plain_local_path(candidate):
            return False
        decoded = unquote(candidate)
        if decoded == candidate:
            return True
        candidate = decoded
    return False  # still changing after several decodings: nothing of ours looks like that


def safe_next(target: object, default_endpoint: str = "core.index") -> str:
    """``target`` when it is safe to redirect to, else the start page (or ``default_endpoint``)."""
    if is_safe_next(target):
        return str(target)
    return url_for(default_endpoint)
