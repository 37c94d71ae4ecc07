"""Who may use what. Views declare their roles here instead of checking them inline."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required

from caseflow.auth.models import Role

P = ParamSpec("P")
R = TypeVar("R")

CASE_DECIDERS = (Role.VOORZITTER, Role.PROCESBEGELEIDER)


def roles_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Require a logged-in user with one of ``roles``; anyone else gets 403."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        @login_required
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator
