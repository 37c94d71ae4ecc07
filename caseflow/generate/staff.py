"""The people and places of a generated region: municipalities, organisations and staff."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select

from caseflow.auth.models import Organisation, OrganisationKind, Role, User
from caseflow.auth.passwords import hash_password
from caseflow.cases.models import Gemeente
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.generate.bulk import Ids, insert_many

_FRONT = ("Beek", "Veen", "Wold", "Dal", "Ooster", "Wester", "Zand", "Hoog", "Laag", "Broek",
          "Linde", "Eiken", "Berken", "Heide", "Meer", "Rijn", "Vecht", "Eem", "Maas", "Lek")
_BACK = ("hoven", "dam", "dorp", "berg", "wijk", "veld", "horst", "loo", "rade", "meer", "sloot",
         "haven", "brug", "kerk", "stein")
_FIRST = ("Anna", "Bram", "Chantal", "Daan", "Esra", "Fleur", "Gijs", "Hanna", "Ilse", "Jesse",
          "Kim", "Lars", "Mila", "Noah", "Olga", "Pieter", "Rosa", "Sem", "Tess", "Umut")
_LAST = ("Aalbers", "Bosman", "Claassen", "Dekker", "Evers", "Franken", "Goossens", "Hermans",
         "IJzerman", "Jacobs", "Kok", "Lammers", "Meijer", "Nijhuis", "Oosterhuis", "Peeters")
PROVIDER_KINDS = ("Jeugdzorg", "Gezinshuis", "Kliniek", "Behandelgroep", "Pleegzorg", "Woongroep")


@dataclass
class Staff:
    gemeenten: list[int]
    organisations: list[int]
    providers: list[tuple[int, str]]
    chairs: list[int]
    coordinators: list[int]
    professionals: list[int]
    org_of: dict[int, int] = field(default_factory=dict)


def _place_names(rng: random.Random, count: int) -> list[str]:
    names = [f"{a}{b}" for a in _FRONT for b in _BACK]
    rng.shuffle(names)
    return [names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}")
            for i in range(count)]


def ensure_staff(rng: random.Random, ids: Ids, cases: int, run: str) -> Staff:
    """Add municipalities, organisations and accounts in proportion to ``cases``.

    Accounts get one random password that is never shown: load tests make their own logins.
    """
    now = utcnow()
    taken = set(db.session.scalars(select(Gemeente.name)))
    wanted = max(7, min(342, cases // 150))
    gemeente_rows = []
    for name in _place_names(rng, wanted * 2):
        if name in taken or len(gemeente_rows) == wanted:
            continue
        taken.add(name)
        gemeente_rows.append({"id": ids.take(Gemeente.__table__), "name": name, "active": True,
                              "created_at": now, "updated_at": now})
    insert_many(Gemeente.__table__, gemeente_rows)

    org_table = Organisation.__table__
    organisations: list[dict] = [
        {"id": ids.take(org_table), "name": f"RET {run} (gegenereerd)",
         "kind": OrganisationKind.RET}
    ]
    kinds = (OrganisationKind.GI, OrganisationKind.GEMEENTE, OrganisationKind.ONDERWIJS,
             OrganisationKind.VEILIG_THUIS)
    places = _place_names(rng, max(4, cases // 500))
    for i, place in enumerate(places):
        kind = kinds[i % len(kinds)]
        organisations.append({"id": ids.take(org_table), "kind": kind,
                              "name": f"{kind.value.upper()} {place} {run}-{i}"})
    providers = []
    for i in range(max(6, cases // 200)):
        name = f"{rng.choice(PROVIDER_KINDS)} {rng.choice(_FRONT)}{rng.choice(_BACK)} {run}-{i}"
        row = {"id": ids.take(org_table), "kind": OrganisationKind.ZORGAANBIEDER, "name": name}
        organisations.append(row)
        providers.append((row["id"], name))
    for row in organisations:
        row.update(kind=str(row["kind"]), created_at=now, updated_at=now)
    insert_many(org_table, organisations)

    password_hash = hash_password(secrets.token_urlsafe(24))
    ret_id = organisations[0]["id"]
    others = [row["id"] for row in organisations[1:]]
    user_rows = []
    staff = Staff(gemeenten=[row["id"] for row in gemeente_rows] or _existing_gemeenten(),
                  organisations=others, providers=providers, chairs=[], coordinators=[],
                  professionals=[])
    plan = ((Role.VOORZITTER, max(1, cases // 5000), staff.chairs),
            (Role.PROCESBEGELEIDER, max(2, cases // 1000), staff.coordinators),
            (Role.PROFESSIONAL, max(10, cases // 40), staff.professionals))
    for role, count, pool in plan:
        for i in range(count):
            user_id = ids.take(User.__table__)
            org = ret_id if role != Role.PROFESSIONAL else rng.choice(others)
            user_rows.append({
                "id": user_id, "email": f"{role.value}-{run}-{i}@gegenereerd.example",
                "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", "role": role.value,
                "organisation_id": org, "password_hash": password_hash, "active": True,
                "session_version": 1, "created_at": now, "updated_at": now,
            })
            pool.append(user_id)
            staff.org_of[user_id] = org
    insert_many(User.__table__, user_rows)
    return staff


def _existing_gemeenten() -> list[int]:
    return list(db.session.scalars(select(Gemeente.id)))
