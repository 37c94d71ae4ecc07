"""Layer 1 from the database: every name the region knows, with the label that replaces it.

The case's pseudonym becomes the session pseudonym; every account becomes a role label — a
member of the case their role in it, anyone else their account role — with the kind of their
organisation ("[jeugdbeschermer (gi), gecertificeerde instelling (gi)]"); every organisation its
kind ("[zorgaanbieder]"), every gemeente "[gemeente]", every placement's provider (also the
free-text ``provider_name``) "[zorgaanbieder]". One query per table, so ~1,000 accounts are cheap.
Labels are written in Dutch whatever the request's language: they end up in stored texts.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from flask import has_request_context
from flask_babel import force_locale
from sqlalchemy import select

from caseflow.auth.models import ROLE_LABELS, Organisation, OrganisationKind, User
from caseflow.extensions import db
from caseflow.privacy.known_names import KnownNames

# The domains above privacy tell it what they know, from their hooks.py at app start: cases the
# roles of a case's members (and their labels), and cases, timeline and exchange further names
# (gemeenten, providers of placements, imported organisations), added in the order registered.
CASE_HOOKS: dict[str, Callable[..., Any]] = {}
NAME_HOOKS: list[Callable[[KnownNames], None]] = []


def register_case_knowledge(
    *,
    member_roles: Callable[[Any], dict[int, str]],
    member_role_label: Callable[[str], Any],
    find_case: Callable[[str], Any],
) -> None:
    """``member_roles(case)``: {user id: role in the case}, the current role first;
    ``member_role_label(role)``: its Dutch label; ``find_case(reference)``: the case or None."""
    CASE_HOOKS.update(
        member_roles=member_roles, member_role_label=member_role_label, find_case=find_case
    )


def register_names(add: Callable[[KnownNames], None]) -> None:
    if add not in NAME_HOOKS:
        NAME_HOOKS.append(add)


def find_case(reference: str) -> Any:
    return CASE_HOOKS["find_case"](reference)


def member_label(role: str, kind: str | None) -> str:
    """ "[<role in the case>, <kind of organisation>]", as the retrospectives always wrote it."""
    role_text = str(CASE_HOOKS["member_role_label"](role)) if role else "professional"
    kind_text = str(OrganisationKind(kind).label).lower() if kind else ""
    return f"[{role_text.lower()}{', ' + kind_text if kind_text else ''}]"


def account_label(role: str, kind: str | None) -> str:
    """A non-member's label: their account role and the kind of their organisation."""
    role_text = str(ROLE_LABELS.get(role, role)) if role else "professional"  # type: ignore[call-overload]
    kind_text = str(OrganisationKind(kind).label).lower() if kind else ""
    return f"[{role_text.lower()}{', ' + kind_text if kind_text else ''}]"


def organisation_label(kind: str | None) -> str:
    try:
        return f"[{str(OrganisationKind(kind).label).lower()}]" if kind else "[organisatie]"
    except ValueError:
        return "[organisatie]"


def _dutch() -> Any:
    try:
        return force_locale("nl") if has_request_context() else nullcontext()
    except Exception:  # no Babel on this app: the msgids are Dutch already
        return nullcontext()


def region_known_names(case: Any = None, session_pseudonym: str | None = None) -> KnownNames:
    """Everything caseflow knows, for de-identifying texts of ``case`` (or of the region)."""
    with _dutch():
        return _build(case, session_pseudonym)


def _build(case: Any, session_pseudonym: str | None) -> KnownNames:
    known = KnownNames()
    if case is not None and case.pseudonym:
        known.add(case.pseudonym, session_pseudonym or "[jeugdige]", kind="pseudoniem")
    roles: dict[int, str] = CASE_HOOKS["member_roles"](case) if case is not None else {}
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind)
    )
    kinds: dict[int, str] = {}
    org_rows = []
    for org_id, name, kind in organisations:
        kinds[org_id] = kind
        org_rows.append((name, kind))
    users = db.session.execute(select(User.id, User.name, User.role, User.organisation_id))
    # Members first, so a member's case role wins over a namesake's account role.
    ordered = sorted(users, key=lambda row: row[0] not in roles)
    for user_id, name, role, organisation_id in ordered:
        kind = kinds.get(organisation_id)
        if user_id in roles:
            label = member_label(roles[user_id], kind)
        else:
            label = account_label(role, kind)
        known.add(name, label, kind="persoon")
    for name, kind in org_rows:
        known.add_organisation(name, organisation_label(kind), kind=_org_kind(kind))
    for add in NAME_HOOKS:
        add(known)
    return known


def _org_kind(kind: str | None) -> str:
    return {"gemeente": "gemeente", "zorgaanbieder": "zorgaanbieder"}.get(kind or "", "instelling")
