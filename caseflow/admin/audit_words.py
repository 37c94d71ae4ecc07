"""The access log in words: the codes a row holds (event, grounds, reason, outcome, object type,
role) as Dutch/English labels, and each object with a link where a page for it exists.

The log stores codes only (never free text, see ``caseflow.audit.services``); a person reading it
(the beheerder, a privacy officer answering a family) needs words. A code without a label here is
shown as it is, so a new code never hides a row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.routing import BuildError

from caseflow.audit.models import AccessLogEntry, AuditEvent, Grounds, Outcome
from caseflow.auth.models import Role, User
from caseflow.cases.models import Case
from caseflow.extensions import db

GROUNDS_LABELS = {
    Grounds.ROLE: _l("rol van de gebruiker"),
    Grounds.MEMBERSHIP: _l("lid van de casus"),
    Grounds.FORMER_MEMBERSHIP: _l("voormalig lid van de casus"),
    Grounds.BREAK_GLASS: _l("noodtoegang"),
    Grounds.AUTHENTICATION: _l("inloggen of uitloggen"),
    Grounds.NONE: _l("geen grondslag"),
}
OUTCOME_LABELS = {
    Outcome.SUCCESS: _l("gelukt"),
    Outcome.FAILURE: _l("mislukt"),
    Outcome.DENIED: _l("geweigerd"),
}
# Reason codes (``reason`` column); "grant:12" and "merged:3" carry a number, see reason_label.
REASON_LABELS = {
    "password": _l("wachtwoord"),
    "password_totp": _l("wachtwoord + code"),
    "bad_credentials": _l("onjuist wachtwoord"),
    "unknown_account": _l("onbekend account"),
    "bad_totp": _l("onjuiste code"),
    "throttled": _l("te veel pogingen"),
    "deactivated": _l("account uitgeschakeld"),
    "logout": _l("uitgelogd"),
    "role": _l("rol staat het niet toe"),
    "no_rule": _l("pagina zonder toegangsregel"),
    "former_member": _l("voormalig lid"),
    "case_not_found": _l("casus niet gevonden"),
    "cli": _l("opdrachtregel"),
    "costs": _l("kosten"),
    "password_change": _l("wachtwoord gewijzigd"),
    "password_reset": _l("wachtwoord hersteld"),
    "totp_enrolled": _l("tweestapsverificatie ingesteld"),
    "totp_disabled": _l("tweestapsverificatie uitgezet"),
    "totp_reset": _l("tweestapsverificatie opnieuw ingesteld"),
    "family_link": _l("gezinslink"),
    "family_request": _l("verzoek van het gezin"),
    "pseudonymised": _l("gepseudonimiseerd"),
    "retention_expired": _l("bewaartermijn verstreken"),
    "not_own_retrospective": _l("niet het eigen retrospectief"),
    "not_own_learning_session": _l("niet de eigen leersessie"),
    "csv": _l("CSV"),
    "xlsx": _l("Excel"),
    "pdf": _l("PDF"),
}
NUMBERED_REASONS = {
    "grant": _l("noodtoegang #%(n)s"),
    "merged": _l("samengevoegd met #%(n)s"),
    "merged_into": _l("samengevoegd in #%(n)s"),
}
OBJECT_LABELS = {
    "case": _l("Casus"),
    "case_list": _l("Casuslijst"),
    "case_member": _l("Lid van de casus"),
    "case_decision": _l("Besluit"),
    "case_import": _l("Import van casussen"),
    "case_history_pdf": _l("Dossier als PDF"),
    "explanatory_analysis": _l("Verklarende analyse"),
    "phase_proposal": _l("Voorstel voor een fase"),
    "goal": _l("Doel"),
    "placement": _l("Plaatsing"),
    "timeline_event": _l("Gebeurtenis op de tijdlijn"),
    "meeting": _l("RET-bespreking"),
    "meeting_action": _l("Actie uit een RET-bespreking"),
    "meeting_decision": _l("Besluit in een RET-bespreking"),
    "meeting_minutes": _l("Verslag van een RET-bespreking"),
    "agenda_item": _l("Agendapunt"),
    "risk_flag": _l("Risicosignaal"),
    "risk_settings": _l("Risico-instellingen"),
    "risk_report": _l("Risico-overzicht"),
    "retro_consent": _l("Toestemming voor een retrospectief"),
    "retrospective": _l("Retrospectief"),
    "retrospective_report": _l("Verslag van inzichten"),
    "retrospective_spans": _l("Perioden van een retrospectief"),
    "retrospective_changes": _l("Wijzigingen in een retrospectief"),
    "learning_session": _l("Leersessie"),
    "family_link": _l("Link voor het gezin"),
    "monitor": _l("Monitor"),
    "user": _l("Gebruiker"),
    "organisation": _l("Organisatie"),
    "gemeente": _l("Gemeente"),
    "password_reset": _l("Herstellink voor een wachtwoord"),
    "break_glass_grant": _l("Noodtoegang"),
    "destruction_request": _l("Verzoek tot vernietiging"),
    "access_log": _l("Toegangslogboek"),
    "endpoint": _l("Pagina"),
}
# Object type -> (endpoint, name of its id argument); objects without a page get no link.
OBJECT_PAGES = {
    "user": ("admin.user_edit", "user_id"),
    "organisation": ("admin.organisation_edit", "organisation_id"),
    "gemeente": ("region.gemeente", "gemeente_id"),
    "meeting": ("meetings.meeting_detail", "meeting_id"),
    "retrospective": ("retrospectives.detail", "retro_id"),
    "retrospective_report": ("retrospectives.report_page", "retro_id"),
    "retrospective_spans": ("retrospectives.detail", "retro_id"),
    "retrospective_changes": ("retrospectives.detail", "retro_id"),
    "learning_session": ("retrospectives.session_detail", "session_id"),
}
LOGIN_REASONS = frozenset({"password", "password_totp"})


def event_label(code: str) -> str:
    try:
        return AuditEvent(code).label
    except ValueError:
        return code


def outcome_label(code: str) -> str:
    label = OUTCOME_LABELS.get(code)  # type: ignore[call-overload]
    return str(label) if label else code


def role_label(code: str | None) -> str:
    return Role(code).label if code in set(Role) else (code or "—")


def reason_label(code: str | None) -> str:
    if not code:
        return ""
    if code in REASON_LABELS:
        return str(REASON_LABELS[code])
    prefix, _sep, number = code.partition(":")
    if prefix in NUMBERED_REASONS and number:
        return str(NUMBERED_REASONS[prefix]) % {"n": number}
    return code


def grounds_label(grounds: str, reason: str | None = None) -> str:
    """"Inloggen (wachtwoord + code)" for a login, else the grounds with the reason behind them."""
    if grounds == Grounds.AUTHENTICATION and reason in LOGIN_REASONS:
        return _("Inloggen (%(how)s)", how=reason_label(reason))
    if grounds == Grounds.BREAK_GLASS and reason and reason.startswith("grant:"):
        return reason_label(reason)  # "noodtoegang #12"
    label = GROUNDS_LABELS.get(grounds)  # type: ignore[call-overload]
    words = str(label) if label else grounds
    return f"{words} ({reason_label(reason)})" if reason else words


def object_label(object_type: str | None, object_id: str | None) -> str:
    if not object_type:
        return ""
    label = OBJECT_LABELS.get(object_type)
    words = str(label) if label else object_type
    return f"{words} #{object_id}" if object_id else words


def object_url(object_type: str | None, object_id: str | None) -> str | None:
    page = OBJECT_PAGES.get(object_type or "")
    if page is None or not object_id or not object_id.isdigit():
        return None
    endpoint, argument = page
    try:
        return url_for(endpoint, **{argument: int(object_id)})
    except BuildError:  # an app without that domain
        return None


@dataclass(frozen=True)
class LogRow:
    """One access-log row as a reader sees it."""

    id: int
    occurred_at: datetime
    user_id: int | None
    user_name: str
    user_email: str
    role: str
    organisation: str
    event: str
    case_id: int | None
    case_reference: str
    object: str
    object_url: str | None
    fields: str
    grounds: str
    outcome: str
    outcome_code: str
    access_point: str
    ip_address: str
    break_glass: bool


def case_references(case_ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {case_id for case_id in case_ids if case_id is not None}
    if not wanted:
        return {}
    query = select(Case.id, Case.reference).where(Case.id.in_(wanted))
    return dict(db.session.execute(query).tuples().all())


def users_by_id(user_ids: Iterable[int | None]) -> dict[int, User]:
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(wanted)))}


def _user_object(entry: AccessLogEntry) -> int | None:
    if entry.object_type == "user" and entry.object_id and entry.object_id.isdigit():
        return int(entry.object_id)
    return None


def describe(
    entries: list[AccessLogEntry],
    users: Mapping[int, User] | None = None,
    references: Mapping[int, str] | None = None,
    *,
    links: bool = True,
) -> list[LogRow]:
    """The rows in words, with users and case references loaded in two queries at most."""
    if users is None:
        # Who did it, and the accounts that were the object ("user 6" reads as that user's name).
        object_users = (_user_object(e) for e in entries)
        users = users_by_id([*(e.user_id for e in entries), *object_users])
    if references is None:
        references = case_references(e.case_id for e in entries)
    rows = []
    for entry in entries:
        user = users.get(entry.user_id) if entry.user_id is not None else None
        target, target_id = entry.object_type, entry.object_id
        described = object_label(target, target_id)
        object_user = users.get(_user_object(entry))  # type: ignore[arg-type]
        if object_user is not None:
            described = f"{OBJECT_LABELS['user']} {object_user.name}"
        rows.append(
            LogRow(
                id=entry.id,
                occurred_at=entry.occurred_at,
                user_id=entry.user_id,
                user_name=user.name if user else "—",
                user_email=user.email if user else "",
                role=role_label(entry.role),
                organisation=user.organisation.name if user and user.organisation else "",
                event=event_label(entry.event_type),
                case_id=entry.case_id,
                case_reference=(
                    references.get(entry.case_id, f"#{entry.case_id}") if entry.case_id else ""
                ),
                object=described,
                object_url=object_url(target, target_id) if links else None,
                fields=", ".join(entry.field_list),
                grounds=grounds_label(entry.grounds, entry.reason),
                outcome=outcome_label(entry.outcome),
                outcome_code=entry.outcome,
                access_point=entry.access_point,
                ip_address=entry.ip_address or "",
                break_glass=entry.grounds == Grounds.BREAK_GLASS,
            )
        )
    return rows
