"""``flask --app caseflow demo``: a believable synthetic region to try caseflow with.

Idempotent: a second run changes nothing. It refuses to touch a database that holds data it did
not create itself, so it can never mix demo records into a real region.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from caseflow.auth.models import Organisation, Role, User
from caseflow.auth.services import create_user, get_or_create_organisation
from caseflow.core.models import Setting
from caseflow.demo import region
from caseflow.demo.cases import load_demo_cases
from caseflow.demo.facts import load_demo_facts
from caseflow.demo.meetings import load_demo_meetings
from caseflow.demo.outcome import load_demo_outcome
from caseflow.demo.retrospectives import load_demo_retrospectives
from caseflow.demo.risk import adopt_measured_severities, load_demo_risk
from caseflow.demo.search import load_demo_searches
from caseflow.extensions import db
from caseflow.region.gemeenten import import_csv, shipped_csv
from caseflow.risk import hooks as risk_hooks
from caseflow.risk.services import recompute

DEMO_MARKER = "demo_data"
DEMO_VERSION = "1"
ACCOUNTS_FILE = "demo-accounts.txt"


class DemoRefused(RuntimeError):
    pass


@dataclass
class DemoReport:
    message: str
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (role, e-mail, password)

    def accounts_table(self) -> str:
        lines = ["Demo-accounts (wachtwoorden worden één keer getoond):"]
        lines += [f"  {role:<17} {email:<40} {password}" for role, email, password in self.accounts]
        return "\n".join(lines)


def demo_loaded() -> bool:
    return db.session.get(Setting, DEMO_MARKER) is not None


def database_is_empty() -> bool:
    users = db.session.scalar(select(func.count()).select_from(User))
    organisations = db.session.scalar(select(func.count()).select_from(Organisation))
    return not users and not organisations


def load_demo(*, skip_if_not_empty: bool = False) -> DemoReport:
    """Fill an empty database with the demo region. The caller commits."""
    if demo_loaded():
        return DemoReport("Demo-data is al geladen; er is niets veranderd.")
    if not database_is_empty():
        if skip_if_not_empty:
            return DemoReport("De database bevat al gegevens; demo-data overgeslagen.")
        raise DemoRefused(
            "De database bevat al gegevens die niet van de demo zijn; "
            "demo-data wordt alleen in een lege database geladen."
        )
    organisations = {
        name: get_or_create_organisation(name, kind) for name, kind in region.ORGANISATIONS
    }
    accounts = []
    for local_part, name, role, organisation in region.ACCOUNTS:
        email = f"{local_part}@{region.EMAIL_DOMAIN}"
        password = secrets.token_urlsafe(12)
        create_user(
            email=email,
            name=name,
            role=role,
            organisation=organisations[organisation],
            password=password,
        )
        accounts.append((str(role), email, password))
    staff = [
        create_user(
            email=f"{local_part}@{region.EMAIL_DOMAIN}", name=name, role=Role.PROFESSIONAL,
            organisation=organisations[organisation], password=secrets.token_urlsafe(16),
        )
        for local_part, name, organisation in region.STAFF
    ]
    # The gemeenten as a real region gets them: from the CSV shipped in the package.
    import_csv(None, shipped_csv("gooi-en-vechtstreek"))
    users = {
        email.split("@")[0]: db.session.scalar(select(User).where(User.email == email))
        for _role, email, _password in accounts
    }
    # Risk flags once at the end, not on every flush of thousands of demo writes.
    with risk_hooks.suspended():
        case_count = load_demo_cases(
            current_app.config["REGION_CODE"],
            users["voorzitter"],
            users["procesbegeleider"],
            [users["professional"], users["consulent"], *staff],
        )
        load_demo_meetings(
            users["voorzitter"],
            users["procesbegeleider"],
            [users["professional"], users["consulent"]],
        )
        load_demo_retrospectives(users["voorzitter"], users["facilitator"])
        load_demo_risk(
            users["voorzitter"],
            [users["professional"], users["consulent"]],
            current_app.config["REGION_CODE"],
        )
        load_demo_outcome(users["procesbegeleider"])
        load_demo_facts(users["voorzitter"])
        load_demo_searches(users["procesbegeleider"])
    recompute()
    adopt_measured_severities(users["voorzitter"])  # recomputes with them
    db.session.add(Setting(key=DEMO_MARKER, value=DEMO_VERSION))
    db.session.flush()
    _write_accounts_file(accounts)
    return DemoReport(
        f"Demoregio {current_app.config['REGION_NAME']} geladen: "
        f"{len(organisations)} organisaties, {len(accounts)} accounts, {case_count} casussen.",
        accounts,
    )


def _write_accounts_file(accounts: list[tuple[str, str, str]]) -> None:
    """Keep the demo logins in the (git-ignored) instance folder so ``make run`` can show them."""
    if current_app.testing:
        return
    path = Path(current_app.instance_path) / ACCOUNTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("Demo-accounts voor http://127.0.0.1:5000\n")
        for role, email, password in accounts:
            handle.write(f"  {role:<17} {email:<40} {password}\n")
